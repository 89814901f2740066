import { z } from 'zod';
import { ApiError } from '../../domain/errors';
import { copiesUnderWay, IMAGE_LIMITS, ImageErrors, isBuilding, replanQueue, settleImage, type BuildWindow, type ImageRecord } from '../../domain/image';
import { listOwnImages, loadOwnImage, releaseCustomImageSlot, removeImageItem, saveImage } from '../../store/images';
import { stripKeys } from '../../store/instances';
import { loadSnapshots, saveSnapshot } from '../../store/snapshots';
import type { Stored } from '../../store/state-store';
import { accountOf, defineAction, type ActionContext } from '../action';
import { tagsInput } from '../instances/common';
import { defineOperation } from '../operation';
import { commonFields, p } from '../params';
import { imageIdParam, loadOwnImageNow } from './common';
import { copyImage as copyImageOperation } from './copy-operation';

/**
 * The ECS codec of the copyImage operation (./copy-operation.ts, where the rules are): CopyImage
 * (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-copyimage).
 * `RegionId` is the source region.
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
    const image = await copyImageOperation.run(
      {
        sourceRegionId: input.RegionId,
        imageId: input.ImageId,
        destinationRegionId: input.DestinationRegionId,
        name: input.DestinationImageName,
        description: input.DestinationDescription,
        encrypted: input.Encrypted,
        kmsKeyId: input.KMSKeyId,
        resourceGroupId: input.ResourceGroupId,
        tags: input.Tag?.map((t) => ({ key: t.Key, value: t.Value })) ?? [],
      },
      ctx,
    );
    return { ImageId: image.imageId };
  },
});

/**
 * CancelCopyImage (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-cancelcopyimage, docs/rules/ecs-user-guide.md#image-copy),
 * as an operation with its ECS codec below: `regionId` is the destination. Only while the
 * copy is under 100% (Waiting or Creating); the half copy disappears with its snapshots, and the
 * copies waiting behind it in the region's queue move up.
 */
export const cancelImageCopy = defineOperation<{ regionId: string; imageId: string }, { cancelled: ImageRecord }>({
  name: 'CancelCopyImage',
  run: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const loaded = await loadOwnImageNow(ctx, input.regionId, input.imageId);
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
      others.map((x) => ({
        imageId: x.current.imageId,
        queuedAt: x.current.build!.queuedAt,
        startAt: x.current.build!.startAt,
        readyAt: x.current.build!.readyAt,
      })),
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
    return { cancelled: image };
  },
});

/** The ECS codec of CancelCopyImage: the operation above, an empty answer. */
export const cancelCopyImageAction = defineAction({
  name: 'CancelCopyImage',
  input: z.object({ ...commonFields, RegionId: p.regionId(), ImageId: imageIdParam() }),
  handler: async (input, ctx) => {
    await cancelImageCopy.run({ regionId: input.RegionId, imageId: input.ImageId }, ctx);
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
