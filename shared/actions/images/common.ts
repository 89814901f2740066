import { isKnownRegion } from '../../domain/catalogue/regions';
import { Errors } from '../../domain/errors';
import { ImageErrors, settleImage, type ImageDiskDeviceMapping, type ImageRecord } from '../../domain/image';
import { GIB, type SnapshotRecord } from '../../domain/snapshot';
import { quotaLimit } from '../../store/quota-counters';
import { listOwnImages, loadOwnImage } from '../../store/images';
import { stripKeys } from '../../store/instances';
import { snapshotKey, snapshotItem } from '../../store/snapshots';
import type { Stored, UnitOfWork } from '../../store/state-store';
import { accountOf, type ActionContext } from '../action';
import { p } from '../params';

/** Helpers every image action uses: the caller's own image as it is now, names, snapshots of copies and imports. */

export const imageIdParam = () => p.string({ min: 1, max: 256 });

export function requireRegion(regionId: string): string {
  if (!isKnownRegion(regionId)) throw Errors.invalidRegion();
  return regionId;
}

export interface LoadedImage {
  stored: Stored<ImageRecord>;
  /** The image as it is at ctx.now (a finished build applied). */
  current: ImageRecord;
}

export const loadedOf = (stored: Stored<ImageRecord>, now: Date): LoadedImage => ({ stored, current: settleImage(stripKeys(stored), now) });

/** One of the caller's own custom images in the region, or undefined. */
export async function findOwnImage(ctx: ActionContext, regionId: string, imageId: string): Promise<LoadedImage | undefined> {
  const stored = await loadOwnImage(ctx.store, accountOf(ctx), requireRegion(regionId), imageId);
  return stored && loadedOf(stored, ctx.now);
}

/** One of the caller's own custom images; anybody else's image (system, marketplace, shared) is not found in this account. */
export async function loadOwnImageNow(ctx: ActionContext, regionId: string, imageId: string): Promise<LoadedImage> {
  const loaded = await findOwnImage(ctx, regionId, imageId);
  if (!loaded) throw ImageErrors.notFound();
  return loaded;
}

/** ImageName must be unused among the account's images of the region (InvalidImageName.Duplicated). */
export async function requireUnusedName(ctx: ActionContext, accountId: string, regionId: string, name: string, exceptImageId?: string): Promise<void> {
  const images = await listOwnImages(ctx.store, accountId, regionId);
  const taken = images.find((i) => i.imageName === name && i.imageId !== exceptImageId);
  if (taken) throw ImageErrors.nameDuplicated(taken.imageId);
}

/** The operator's override of an image quota, or its default. */
export const imageQuota = (ctx: ActionContext, accountId: string, name: 'ImageShareAccounts' | 'SharedImages' | 'CustomImages') =>
  quotaLimit(ctx.store, accountId, name);

/**
 * The snapshot behind one disk of an image that is copied or imported: the copy makes the
 * image's snapshots anew in the destination, in the same window as the image, and they belong to
 * it (DeleteSnapshot refuses them while the image exists).
 */
export function imageSnapshotRecord(opts: {
  snapshotId: string;
  accountId: string;
  regionId: string;
  imageId: string;
  mapping: ImageDiskDeviceMapping;
  creationTime: string;
  startAt: string;
  completeAt: string;
  description: string;
}): SnapshotRecord {
  return {
    snapshotId: opts.snapshotId,
    accountId: opts.accountId,
    regionId: opts.regionId,
    snapshotName: '',
    description: opts.description,
    type: 'user',
    sourceDiskId: '',
    sourceDiskType: opts.mapping.type,
    sourceDiskSizeGiB: opts.mapping.sizeGiB,
    sourceDiskCategory: 'cloud_essd',
    encrypted: opts.mapping.encrypted ?? false,
    category: 'Standard',
    creationTime: opts.creationTime,
    startAt: opts.startAt,
    completeAt: opts.completeAt,
    full: true,
    sizeGiB: opts.mapping.sizeGiB,
    sizeBytes: opts.mapping.sizeGiB * GIB,
    usedByImageIds: [opts.imageId],
    usedByDisks: false,
    tags: [],
  };
}

export function createImageSnapshot(tx: UnitOfWork, snapshot: SnapshotRecord): void {
  tx.create(snapshotKey(snapshot), snapshotItem({ ...snapshot, status: 'progressing' }));
}
