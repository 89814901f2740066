import { z } from 'zod';
import { isMarketplaceImagePublishedIn } from '../../domain/catalogue/marketplace-images';
import { isKnownRegion } from '../../domain/catalogue/regions';
import { ApiError } from '../../domain/errors';
import {
  checkCopySource,
  copiesUnderWay,
  copySeconds,
  IMAGE_LIMITS,
  ImageErrors,
  isBuilding,
  queueSlot,
  replanQueue,
  settleImage,
  totalSizeGiB,
  validateImageDescription,
  validateImageName,
  type BuildWindow,
  type ImageDiskDeviceMapping,
  type ImageRecord,
} from '../../domain/image';
import { validateTags } from '../../domain/tags';
import { lifecycle } from '../../platform/config';
import { newResourceId } from '../../platform/ids';
import {
  createImageItem,
  findAccessibleImage,
  listOwnImages,
  loadOwnImage,
  releaseCustomImageSlot,
  removeImageItem,
  saveImage,
  takeCustomImageSlot,
} from '../../store/images';
import { stripKeys } from '../../store/instances';
import { loadSnapshots, saveSnapshot } from '../../store/snapshots';
import type { Stored } from '../../store/state-store';
import { accountOf, defineAction, type ActionContext } from '../action';
import { tagsInput } from '../instances/common';
import { commonFields, p } from '../params';
import { createImageSnapshot, imageIdParam, imageSnapshotRecord, loadOwnImageNow, requireUnusedName } from './common';

/**
 * CopyImage (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-copyimage; docs/rules/ecs-user-guide.md#image-copy; the ECS image lifecycle FAQ (https://www.alibabacloud.com/help/en/ecs/user-guide/faq-about-image-lifecycle)). Custom images are regional: a copy
 * makes a custom image of the caller's in the destination region (DestinationRegionId, the
 * source region when omitted), with new snapshots there. It returns the new ImageId at once; the
 * copy is `Waiting` while the destination's copy queue is full (5 at once per account and
 * region, https://www.alibabacloud.com/help/en/ecs/user-guide/limits) and `Creating` with a Progress while it moves the image's disks (60 s
 * per GiB), then `Available`. Public and marketplace images are not custom images of the caller
 * and are refused with InvalidImageId.NotFound, as are community images; a deprecated or disabled
 * image cannot be copied; an image of 100 GB or more needs a ticket (docs/rules/ecs-user-guide.md#image-copy: SizeExceed.Image);
 * an image that descends from a marketplace image goes only where that image is published.
 *
 * Images shared with the caller: the ECS image lifecycle FAQ (https://www.alibabacloud.com/help/en/ecs/user-guide/faq-about-image-lifecycle) says in one answer that they cannot be copied, and in
 * two others that the recipient copies a shared image to make a custom image of its own (which it
 * may then share; also into another region). The sandbox follows the two: a recipient may copy a
 * shared image, into the same or another region.
 */
export const copyImage = defineAction({
  name: 'CopyImage',
  idempotent: true,
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    ImageId: imageIdParam(),
    DestinationRegionId: p.string().optional(),
    DestinationImageName: p.string().optional(),
    DestinationDescription: p.string().optional(),
    Encrypted: p.bool().optional(),
    KMSKeyId: p.string().optional(),
    EncryptAlgorithm: p.string().optional(),
    ResourceGroupId: p.string().optional(),
    Tag: tagsInput(),
    ClientToken: p.clientToken().optional(),
  }),
  handler: async (input, ctx) => {
    const accountId = accountOf(ctx);
    if (!isKnownRegion(input.RegionId)) throw new ApiError('SourceRegion.NotFound', 400, 'The source region not found');
    const destination = input.DestinationRegionId ?? input.RegionId;
    if (!isKnownRegion(destination)) throw ImageErrors.destinationRegion();
    if (input.DestinationImageName !== undefined) validateImageName(input.DestinationImageName);
    if (input.DestinationDescription !== undefined) validateImageDescription(input.DestinationDescription);
    if (input.KMSKeyId !== undefined && input.Encrypted !== true) throw ImageErrors.encryptedIllegal();
    const tags = validateTags(input.Tag?.map((t) => ({ key: t.Key, value: t.Value })));

    const found = await findAccessibleImage(ctx.store, accountId, input.RegionId, input.ImageId);
    if (!found || (found.relation !== 'own' && found.relation !== 'shared') || !found.stored) throw ImageErrors.notFound();
    const source = settleImage(found.image, ctx.now);
    checkCopySource(source, { destinationRegionId: destination, publishedIn: isMarketplaceImagePublishedIn });
    if (input.DestinationImageName !== undefined) await requireUnusedName(ctx, accountId, destination, input.DestinationImageName);

    // The destination's queue: the caller's copies under way there.
    const planned = (await listOwnImages(ctx.store, accountId, destination))
      .map((i) => settleImage(stripKeys(i), ctx.now))
      .filter((i) => i.build?.kind === 'copy' && isBuilding(i))
      .map((i) => ({ startAt: i.build!.startAt, readyAt: i.build!.readyAt }));
    const durationMs = copySeconds(totalSizeGiB(source), lifecycle.transitionSeconds) * 1000;
    const window = queueSlot(planned, ctx.now, durationMs, IMAGE_LIMITS.copyConcurrency);

    const imageId = newResourceId('m', destination);
    const encrypted = input.Encrypted ?? source.diskDeviceMappings.some((m) => m.encrypted);
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
      imageName: input.DestinationImageName ?? source.imageName,
      description: input.DestinationDescription ?? source.description,
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
      resourceGroupId: input.ResourceGroupId,
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
    return { ImageId: imageId };
  },
});

/**
 * CancelCopyImage (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-cancelcopyimage, docs/rules/ecs-user-guide.md#image-copy): `RegionId` is the destination. Only while the
 * copy is under 100% (Waiting or Creating); the half copy disappears with its snapshots, and the
 * copies waiting behind it in the region's queue move up.
 */
export const cancelCopyImage = defineAction({
  name: 'CancelCopyImage',
  input: z.object({ ...commonFields, RegionId: p.regionId(), ImageId: imageIdParam() }),
  handler: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const loaded = await loadOwnImageNow(ctx, input.RegionId, input.ImageId);
    const image = loaded.current;
    if (image.build?.kind !== 'copy') throw ImageErrors.notFromCopy();
    if (!isBuilding(image)) {
      if (image.status === 'CreateFailed') throw new ApiError('IncorrectImageStatus', 400, 'The Image copy has been failed.');
      throw ImageErrors.copyFinished();
    }
    removeImageItem(ctx.tx, loaded.stored);
    releaseCustomImageSlot(ctx.tx, accountId, image.regionId);
    const snapshotIds = image.diskDeviceMappings.map((m) => m.snapshotId).filter((id): id is string => Boolean(id));
    for (const s of await loadSnapshots(ctx.store, accountId, image.regionId, snapshotIds)) ctx.tx.remove(s);

    // The rest of the queue moves up; each source learns when its copies now end.
    const sourceUpdates = new Map<string, { remove: string[]; until: Map<string, string> }>();
    const noteSource = (copy: ImageRecord) => {
      const key = `${copy.sourceAccountId}#${copy.sourceRegionId}#${copy.sourceImageId}`;
      let entry = sourceUpdates.get(key);
      if (!entry) sourceUpdates.set(key, (entry = { remove: [], until: new Map() }));
      return entry;
    };
    noteSource(image).remove.push(image.imageId);
    const others = (await listOwnImages(ctx.store, accountId, image.regionId))
      .map((stored) => ({ stored, current: settleImage(stripKeys(stored), ctx.now) }))
      .filter((x) => x.current.imageId !== image.imageId && x.current.build?.kind === 'copy' && isBuilding(x.current));
    const changed = replanQueue(
      others.map((x) => ({ imageId: x.current.imageId, queuedAt: x.current.build!.queuedAt, startAt: x.current.build!.startAt, readyAt: x.current.build!.readyAt })),
      ctx.now,
      IMAGE_LIMITS.copyConcurrency,
    );
    for (const x of others) {
      const window = changed.get(x.current.imageId);
      if (!window) continue;
      await moveCopyWindow(ctx, x.stored, x.current, window);
      noteSource(x.current).until.set(x.current.imageId, window.readyAt);
    }
    for (const [key, update] of sourceUpdates) {
      const [ownerId, regionId, imageId] = key.split('#') as [string, string, string];
      const stored = await loadOwnImage(ctx.store, ownerId, regionId, imageId);
      if (!stored) continue;
      const current = settleImage(stripKeys(stored), ctx.now);
      const copies = copiesUnderWay(current, ctx.now)
        .filter((c) => !update.remove.includes(c.imageId))
        .map((c) => (update.until.has(c.imageId) ? { ...c, until: update.until.get(c.imageId)! } : c));
      saveImage(ctx.tx, stored, { ...current, copiesInFlight: copies });
    }
    return {};
  },
});

/** A waiting copy moves up the queue: its window and its snapshots' windows. */
async function moveCopyWindow(ctx: ActionContext, stored: Stored<ImageRecord>, current: ImageRecord, window: BuildWindow): Promise<void> {
  const status = Date.parse(window.startAt) > ctx.now.getTime() ? 'Waiting' : 'Creating';
  saveImage(ctx.tx, stored, { ...current, status, build: { ...current.build!, ...window } });
  const ids = current.diskDeviceMappings.map((m) => m.snapshotId).filter((id): id is string => Boolean(id));
  for (const s of await loadSnapshots(ctx.store, current.ownerAccountId ?? '', current.regionId, ids)) {
    saveSnapshot(ctx.tx, s, { ...stripKeys(s), startAt: window.startAt, completeAt: window.readyAt });
  }
}

