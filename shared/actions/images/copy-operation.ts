import { isMarketplaceImagePublishedIn } from '../../domain/catalogue/marketplace-images';
import { isKnownRegion } from '../../domain/catalogue/regions';
import {
  checkCopySource,
  copiesUnderWay,
  copySeconds,
  IMAGE_LIMITS,
  ImageErrors,
  isBuilding,
  queueSlot,
  settleImage,
  totalSizeGiB,
  validateImageDescription,
  validateImageName,
  type ImageDiskDeviceMapping,
  type ImageRecord,
} from '../../domain/image';
import { validateTags, type TagInput } from '../../domain/tags';
import { lifecycle } from '../../platform/config';
import { newResourceId } from '../../platform/ids';
import { createImageItem, findAccessibleImage, listOwnImages, saveImage, takeCustomImageSlot } from '../../store/images';
import { stripKeys } from '../../store/instances';
import { accountOf } from '../action';
import { defineOperation } from '../operation';
import { createImageSnapshot, imageSnapshotRecord, requireUnusedName } from './common';

/**
 * The copyImage operation (docs/operations.md): ECS CopyImage
 * (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-copyimage;
 * docs/rules/ecs-user-guide.md#image-copy) and EC2 CopyImage
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CopyImage.html). Custom images are
 * regional: a copy makes a custom image of the caller's in the destination region (the source
 * region when none is given), with new snapshots there. It answers the new image at once; the
 * copy is `Waiting` while the destination's copy queue is full (5 at once per account and
 * region, https://www.alibabacloud.com/help/en/ecs/user-guide/limits) and `Creating` with a
 * Progress while it moves the image's disks (60 s per GiB), then `Available`. Public and
 * marketplace images are not custom images of the caller and are not found, as are community
 * images; a deprecated or disabled image cannot be copied; an image of 100 GB or more needs a
 * ticket (SizeExceed.Image); an image that descends from a marketplace image goes only where
 * that image is published.
 *
 * Images shared with the caller: the ECS image lifecycle FAQ
 * (https://www.alibabacloud.com/help/en/ecs/user-guide/faq-about-image-lifecycle) says in one
 * answer that they cannot be copied, and in two others that the recipient copies a shared image
 * to make a custom image of its own (which it may then share; also into another region). The
 * sandbox follows the two: a recipient may copy a shared image, into the same or another region.
 */
export interface ImageCopy {
  sourceRegionId: string;
  imageId: string;
  /** The source region when undefined. */
  destinationRegionId?: string;
  /** The source's name and description when undefined. */
  name?: string;
  description?: string;
  encrypted?: boolean;
  kmsKeyId?: string;
  resourceGroupId?: string;
  tags: readonly TagInput[];
  /** EC2 CopyImageTags: the copy also gets the source image's tags. */
  copySourceTags?: boolean;
}

export const copyImage = defineOperation<ImageCopy, ImageRecord>({
  name: 'CopyImage',
  run: async (input, ctx) => {
    const accountId = accountOf(ctx);
    if (!isKnownRegion(input.sourceRegionId)) throw ImageErrors.sourceRegion();
    const destination = input.destinationRegionId ?? input.sourceRegionId;
    if (!isKnownRegion(destination)) throw ImageErrors.destinationRegion();
    if (input.name !== undefined) validateImageName(input.name);
    if (input.description !== undefined) validateImageDescription(input.description);
    if (input.kmsKeyId !== undefined && input.encrypted !== true) throw ImageErrors.encryptedIllegal();
    const requestedTags = validateTags(input.tags);

    const found = await findAccessibleImage(ctx.store, accountId, input.sourceRegionId, input.imageId);
    if (!found || (found.relation !== 'own' && found.relation !== 'shared') || !found.stored) throw ImageErrors.notFound();
    const source = settleImage(found.image, ctx.now);
    checkCopySource(source, { destinationRegionId: destination, publishedIn: isMarketplaceImagePublishedIn });
    // EC2 CopyImageTags: the source's tags first, then the request's.
    const tags = input.copySourceTags ? validateTags([...source.tags, ...requestedTags]) : requestedTags;
    if (input.name !== undefined) await requireUnusedName(ctx, accountId, destination, input.name);

    // The destination's queue: the caller's copies under way there.
    const planned = (await listOwnImages(ctx.store, accountId, destination))
      .map((i) => settleImage(stripKeys(i), ctx.now))
      .filter((i) => i.build?.kind === 'copy' && isBuilding(i))
      .map((i) => ({ startAt: i.build!.startAt, readyAt: i.build!.readyAt }));
    const durationMs = copySeconds(totalSizeGiB(source), lifecycle.transitionSeconds) * 1000;
    const window = queueSlot(planned, ctx.now, durationMs, IMAGE_LIMITS.copyConcurrency);

    const imageId = newResourceId('m', destination);
    const encrypted = input.encrypted ?? source.diskDeviceMappings.some((m) => m.encrypted);
    const creationTime = ctx.now.toISOString();
    const mappings: ImageDiskDeviceMapping[] = [];
    for (const m of source.diskDeviceMappings) {
      const mapping: ImageDiskDeviceMapping = { device: m.device, type: m.type, sizeGiB: m.sizeGiB, snapshotId: null, encrypted };
      if (m.snapshotId) {
        mapping.snapshotId = newResourceId('s', destination);
        createImageSnapshot(
          ctx.tx,
          imageSnapshotRecord({
            snapshotId: mapping.snapshotId,
            accountId,
            regionId: destination,
            imageId,
            mapping,
            creationTime,
            startAt: window.startAt,
            completeAt: window.readyAt,
            description: `Copied for image ${imageId} from ${source.imageId} (${source.regionId})`,
          }),
        );
      }
      mappings.push(mapping);
    }
    const image: ImageRecord = {
      imageId,
      regionId: destination,
      ownerAccountId: accountId,
      source: 'custom',
      imageName: input.name ?? source.imageName,
      description: input.description ?? source.description,
      imageFamily: '',
      imageVersion: source.imageVersion,
      osType: source.osType,
      platform: source.platform,
      osName: source.osName,
      osNameEn: source.osNameEn,
      architecture: source.architecture,
      sizeGiB: source.sizeGiB,
      status: Date.parse(window.startAt) > ctx.now.getTime() ? 'Waiting' : 'Creating',
      progress: 0,
      creationTime,
      isSupportCloudinit: source.isSupportCloudinit,
      isSupportIoOptimized: source.isSupportIoOptimized,
      isCopied: true,
      bootMode: source.bootMode,
      diskDeviceMappings: mappings,
      tags,
      sharedWith: [],
      isPublic: false,
      loginAsNonRootSupported: source.loginAsNonRootSupported,
      licenseType: source.licenseType,
      marketplaceOrigin: source.marketplaceOrigin,
      resourceGroupId: input.resourceGroupId,
      sourceImageId: source.imageId,
      sourceRegionId: source.regionId,
      sourceAccountId: source.ownerAccountId ?? undefined,
      build: { kind: 'copy', queuedAt: creationTime, ...window, outcome: 'Available' },
    };
    await takeCustomImageSlot(ctx.store, ctx.tx, accountId, destination);
    createImageItem(ctx.tx, image);
    // The source refuses DeleteImage while it is copied (OperationDenied.ImageCopying).
    saveImage(ctx.tx, found.stored, {
      ...source,
      copiesInFlight: [...copiesUnderWay(source, ctx.now), { imageId, regionId: destination, accountId, until: window.readyAt }],
    });
    return image;
  },
});
