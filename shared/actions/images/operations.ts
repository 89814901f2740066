import { INSTANCE_TYPES, type InstanceTypeDefinition } from '../../domain/catalogue/instance-types';
import {
  applyShareChange,
  canImageRunOnInstanceType,
  checkDeleteImage,
  disableImage,
  enableImage,
  ImageErrors,
  scheduleImageDeprecation,
  setImageStatus,
  settleImage,
  validateImageDescription,
  validateImageFamily,
  validateImageName,
  type ImageBootMode,
  type ImageRecord,
} from '../../domain/image';
import { Errors } from '../../domain/errors';
import { findAccount } from '../../store/accounts';
import { imagesInUseBy, instancesUsingImage } from '../../store/image-usage';
import { findAccessibleImage, releaseCustomImageSlot, removeImageItem, saveImage, syncSharedImageCount } from '../../store/images';
import { stripKeys } from '../../store/instances';
import { loadSnapshots, saveSnapshot } from '../../store/snapshots';
import { accountOf } from '../action';
import { defineOperation } from '../operation';
import { findOwnImage, imageQuota, loadOwnImageNow, requireRegion, requireUnusedName } from './common';
import { matchingImages, type ImageMatch, type ImageQuery } from './matching-images';

export { copyImage, type ImageCopy } from './copy-operation';
export { createImage, type NewImage, type NewImageSource } from './create-operation';

/**
 * The image operations (docs/operations.md), shared by the ECS declarations of this folder
 * (their codecs) and the EC2 AMI adapters (shared/protocol/ec2/actions/images.ts,
 * register-image.ts, image-attributes.ts, image-view.ts), which call them with `call.perform`.
 * Typed errors: shared/domain/image/errors.ts (`ImageError` and its `reason`).
 */

/**
 * The images the caller sees in a region that match a query (ECS DescribeImages' filters, as
 * typed values), unpaged, each as it is at the sandbox clock's now.
 */
export const describeImages = defineOperation<ImageQuery, ImageMatch>({
  name: 'DescribeImages',
  run: (input, ctx) => matchingImages(ctx.store, accountOf(ctx), ctx.now, input),
});

/**
 * Which of these image ids instances of the caller still reference (by launch): EC2 leaves out a
 * deregistered AMI that instances still reference instead of answering InvalidAMIID.NotFound
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeImages.html).
 */
export const imagesStillReferenced = defineOperation<{ regionId: string; imageIds: readonly string[] }, Set<string>>({
  name: 'DescribeImages',
  run: (input, ctx) => imagesInUseBy(ctx.store, accountOf(ctx), requireRegion(input.regionId), [...input.imageIds]),
});

/**
 * Deletes one of the caller's custom images (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-deleteimage;
 * docs/rules/ecs-user-guide.md#image-share; the ECS image lifecycle FAQ,
 * https://www.alibabacloud.com/help/en/ecs/user-guide/faq-about-image-lifecycle). An id that
 * names no image at all is ignored (`deleted` undefined); one the caller can see but does not
 * own (public, marketplace, shared with it) is not found in its account. Refused while the image
 * is being created, copied, imported or exported, or copied from. Without `force`, refused while
 * it is shared (ImageUseShared) or while instances created from it exist, in any account
 * (ImageUsingByInstance); with `force` it goes anyway and is taken from every recipient: their
 * instances keep running but cannot re-initialise their system disk. The snapshots it used
 * become deletable.
 */
export const deleteImage = defineOperation<{ regionId: string; imageId: string; force: boolean }, { deleted?: ImageRecord }>({
  name: 'DeleteImage',
  run: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.regionId);
    const loaded = await findOwnImage(ctx, regionId, input.imageId);
    if (!loaded) {
      if (await findAccessibleImage(ctx.store, accountId, regionId, input.imageId)) throw ImageErrors.notFound();
      return {};
    }
    const image = loaded.current;
    const instancesUsing = await instancesUsingImage(ctx.store, regionId, image.imageId);
    checkDeleteImage(image, { now: ctx.now, force: input.force, instancesUsing });

    removeImageItem(ctx.tx, loaded.stored);
    await syncSharedImageCount(ctx.store, ctx.tx, image, undefined);
    releaseCustomImageSlot(ctx.tx, accountId, regionId);
    const ids = image.diskDeviceMappings.map((m) => m.snapshotId).filter((id): id is string => Boolean(id));
    for (const s of await loadSnapshots(ctx.store, accountId, regionId, [...new Set(ids)])) {
      saveSnapshot(ctx.tx, s, { ...stripKeys(s), usedByImageIds: s.usedByImageIds.filter((id) => id !== image.imageId) });
    }
    return { deleted: image };
  },
});

export interface ImageAttributeChange {
  regionId: string;
  imageId: string;
  name?: string;
  description?: string;
  family?: string;
  bootMode?: string;
  licenseType?: string;
  /** `Deprecated` now, or `Available` (cancels any deprecation, passed or scheduled). */
  status?: string;
  /** ISO 8601 UTC: deprecated from then on (EC2 EnableImageDeprecation). Not with `status`. */
  deprecationTime?: string;
}

/**
 * The attributes of one of the caller's custom images
 * (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-modifyimageattribute;
 * docs/rules/ecs-user-guide.md#image-modify-delete): name and description at any time; family,
 * boot mode, licence type; `status` Deprecated or Available; `deprecationTime` (the rule,
 * rounding and limits: shared/domain/image/status-changes.ts).
 */
export const modifyImageAttributes = defineOperation<ImageAttributeChange, ImageRecord>({
  name: 'ModifyImageAttribute',
  run: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const loaded = await loadOwnImageNow(ctx, input.regionId, input.imageId);
    let next: ImageRecord = loaded.current;
    if (input.name !== undefined) {
      validateImageName(input.name);
      if (input.name !== next.imageName) await requireUnusedName(ctx, accountId, next.regionId, input.name, next.imageId);
      next = { ...next, imageName: input.name };
    }
    if (input.description !== undefined) {
      validateImageDescription(input.description);
      next = { ...next, description: input.description };
    }
    if (input.family !== undefined) {
      validateImageFamily(input.family);
      next = { ...next, imageFamily: input.family };
    }
    if (input.bootMode !== undefined) {
      if (!['BIOS', 'UEFI', 'UEFI-Preferred'].includes(input.bootMode)) throw Errors.invalidParameter('BootMode');
      next = { ...next, bootMode: input.bootMode as ImageBootMode };
    }
    if (input.licenseType !== undefined) {
      if (!['Auto', 'Aliyun', 'BYOL'].includes(input.licenseType)) throw Errors.invalidParameter('LicenseType');
      next = { ...next, licenseType: input.licenseType };
    }
    if (input.status !== undefined && input.deprecationTime !== undefined) {
      throw Errors.invalidParameter('DeprecationTime', 'It cannot be given together with Status.');
    }
    if (input.status !== undefined) {
      if (input.status !== 'Deprecated' && input.status !== 'Available') throw Errors.invalidParameter('Status', 'Valid values: Deprecated, Available.');
      next = setImageStatus(next, input.status, ctx.now);
    }
    if (input.deprecationTime !== undefined) next = scheduleImageDeprecation(next, input.deprecationTime, ctx.now);
    if (next !== loaded.current) saveImage(ctx.tx, loaded.stored, next);
    return next;
  },
});

/**
 * Disables or enables one of the caller's custom images (the AWS feature,
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/disable-an-ami.html, offered in both
 * dialects): disabling removes every share and the public flag, and enabling does not restore
 * them; a disabled image cannot launch instances.
 */
export const setImageDisabled = defineOperation<{ regionId: string; imageId: string; disabled: boolean }, ImageRecord>({
  name: 'DisableImage',
  run: async (input, ctx) => {
    const loaded = await loadOwnImageNow(ctx, input.regionId, input.imageId);
    const next = input.disabled ? disableImage(loaded.current) : enableImage(loaded.current);
    if (next === loaded.current) return next;
    if (input.disabled) await syncSharedImageCount(ctx.store, ctx.tx, loaded.current, next);
    saveImage(ctx.tx, loaded.stored, next);
    return next;
  },
});

export interface ImageSharingChange {
  regionId: string;
  imageId: string;
  addAccounts: readonly string[];
  removeAccounts: readonly string[];
  /** true publishes the image (community image), false makes it private again. */
  isPublic?: boolean;
}

/**
 * Who may launch one of the caller's custom images
 * (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-modifyimagesharepermission,
 * docs/rules/ecs-user-guide.md#image-share): accounts of the same region, the first 10 added and
 * the first 10 removed per call (https://www.alibabacloud.com/help/en/ecs/user-guide/limits),
 * at most 50 accounts per image and 100 shared images per region (the quotas ImageShareAccounts
 * and SharedImages); a deprecated, disabled, unfinished or encrypted image cannot be shared. The
 * share index items move in the same unit of work as the image.
 */
export const modifyImageSharing = defineOperation<ImageSharingChange, ImageRecord>({
  name: 'ModifyImageSharePermission',
  run: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const loaded = await loadOwnImageNow(ctx, input.regionId, input.imageId);
    const maxAccounts = await imageQuota(ctx, accountId, 'ImageShareAccounts');
    const next = applyShareChange(loaded.current, {
      add: input.addAccounts,
      remove: input.removeAccounts,
      isPublic: input.isPublic,
      maxAccounts,
      now: ctx.now,
    });
    const added = next.sharedWith.filter((a) => !loaded.current.sharedWith.includes(a));
    const known = await Promise.all(added.map((a) => findAccount(ctx.store, a)));
    if (known.some((k) => !k)) throw ImageErrors.accountNotFound();
    await syncSharedImageCount(ctx.store, ctx.tx, loaded.current, next);
    saveImage(ctx.tx, loaded.stored, next);
    return next;
  },
});

/**
 * Ends every share of one of the caller's custom images and makes it private (EC2
 * ResetImageAttribute launchPermission,
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ResetImageAttribute.html): in one
 * unit of work, whatever the number of accounts.
 */
export const resetImageSharing = defineOperation<{ regionId: string; imageId: string }, ImageRecord>({
  name: 'ModifyImageSharePermission',
  run: async (input, ctx) => {
    const loaded = await loadOwnImageNow(ctx, input.regionId, input.imageId);
    const next: ImageRecord = { ...loaded.current, sharedWith: [], sharedTimes: undefined, isPublic: false };
    await syncSharedImageCount(ctx.store, ctx.tx, loaded.current, next);
    saveImage(ctx.tx, loaded.stored, next);
    return next;
  },
});

/** One of the caller's custom images as it is now, for its sharing (accounts, share times, public). */
export const describeImageSharing = defineOperation<{ regionId: string; imageId: string }, ImageRecord>({
  name: 'DescribeImageSharePermission',
  run: async (input, ctx) => (await loadOwnImageNow(ctx, input.regionId, input.imageId)).current,
});

/**
 * The instance types an image can boot
 * (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describeimagesupportinstancetypes):
 * every type of the catalogue the image's rules allow (architecture, 32-bit memory and cores,
 * I/O optimisation: shared/domain/image/compatibility.ts), for any image the caller may see
 * (public, marketplace, its own, shared with it); any other id is not found.
 */
export const imageSupportedInstanceTypes = defineOperation<{ regionId: string; imageId: string }, InstanceTypeDefinition[]>({
  name: 'DescribeImageSupportInstanceTypes',
  run: async (input, ctx) => {
    const found = await findAccessibleImage(ctx.store, accountOf(ctx), requireRegion(input.regionId), input.imageId);
    if (!found) throw ImageErrors.notFound();
    const image = settleImage(found.image, ctx.now);
    return INSTANCE_TYPES.filter((type) => canImageRunOnInstanceType(image, type));
  },
});
