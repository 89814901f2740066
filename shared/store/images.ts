import { findMarketplaceImage } from '../domain/catalogue/marketplace-images';
import { findSystemImage } from '../domain/catalogue/system-images';
import { ImageErrors, isBuilding, isShared, settleImage, type ImageRecord } from '../domain/image';
import { sandboxNow } from './sandbox-clock';
import { stripKeys } from './instances';
import { Keys } from './keys';
import { releaseQuotaSlots, takeQuotaSlots } from './quota-counters';
import type { Key, StateStore, Stored, UnitOfWork } from './state-store';

/**
 * Persistence of images. System and marketplace images are catalogue data (code); custom images
 * are items in the owner's account-region partition. Beside them:
 *
 * - a share index item per (recipient account, region, image), written in the same transaction
 *   as the share change, so a recipient finds what is shared with it with one Query (DescribeImages
 *   `others`) or one GetItem (a launch) and never a Scan;
 * - a public index item per (region, image) for published (community) images;
 * - a timer (byDue index) while a build is under way, which the imageLifecycle job persists;
 * - the SharedImages and CustomImages usage counters (shared/store/quota-counters.ts).
 */
export const IMAGE = 'image';

/** byDue kinds of the imageLifecycle job. */
export const IMAGE_TIMER = { build: 'imageBuild', task: 'imageTask' } as const;
export type ImageTimerKind = (typeof IMAGE_TIMER)[keyof typeof IMAGE_TIMER];

export interface ImageTimerItem {
  dueKind: ImageTimerKind;
  /** `<ISO due time>#<id>`. */
  dueAt: string;
  target: { accountId: string; regionId: string; id: string };
}

export interface ShareIndexItem {
  ownerAccountId: string;
  regionId: string;
  imageId: string;
  sharedAt: string;
}

export const imageKey = (accountId: string, regionId: string, imageId: string): Key => Keys.resource(accountId, regionId, IMAGE, imageId);
export const imageKeyOf = (i: Pick<ImageRecord, 'ownerAccountId' | 'regionId' | 'imageId'>): Key => imageKey(i.ownerAccountId ?? '', i.regionId, i.imageId);
export const sharePartition = (recipient: string, regionId: string) => `IMAGESHARE#${recipient}#${regionId}`;
export const shareIndexKey = (recipient: string, regionId: string, imageId: string): Key => ({ pk: sharePartition(recipient, regionId), sk: imageId });
export const publicIndexKey = (regionId: string, imageId: string): Key => ({ pk: `IMAGEPUBLIC#${regionId}`, sk: imageId });

export function loadOwnImage(store: StateStore, accountId: string, regionId: string, imageId: string) {
  if (imageId === '') return Promise.resolve(undefined);
  return store.get<ImageRecord>(imageKey(accountId, regionId, imageId));
}

/** Every custom image of the account in the region (bounded by the CustomImages quota). */
export function listOwnImages(store: StateStore, accountId: string, regionId: string): Promise<Stored<ImageRecord>[]> {
  return store.queryAll<ImageRecord>({ pk: Keys.resourcePartition(accountId, regionId, IMAGE) });
}

async function imagesOfIndex(store: StateStore, pk: string, regionId: string, keep: (i: ImageRecord) => boolean): Promise<Stored<ImageRecord>[]> {
  const entries = await store.queryAll<ShareIndexItem & { ownerAccountId: string }>({ pk });
  if (entries.length === 0) return [];
  const images = await store.getMany<ImageRecord>(entries.map((e) => imageKey(e.ownerAccountId, regionId, e.sk)));
  return images.filter(keep);
}

/** Images other accounts share with the account in the region (one Query of the share index, one BatchGet). */
export function imagesSharedWith(store: StateStore, accountId: string, regionId: string): Promise<Stored<ImageRecord>[]> {
  return imagesOfIndex(store, sharePartition(accountId, regionId), regionId, (i) => i.sharedWith.includes(accountId) && !i.disabled);
}

/** Published (community) images of the region. */
export function publicImages(store: StateStore, regionId: string): Promise<Stored<ImageRecord>[]> {
  return imagesOfIndex(store, `IMAGEPUBLIC#${regionId}`, regionId, (i) => i.isPublic && !i.disabled);
}

export type ImageRelation = 'system' | 'marketplace' | 'own' | 'shared' | 'public';

export interface AccessibleImage {
  /** As stored (custom images) or from the catalogue; not settled. */
  image: ImageRecord;
  stored?: Stored<ImageRecord>;
  relation: ImageRelation;
}

/**
 * An image the account may see in the region, by id: a public system image, a marketplace
 * image published there, one of its own custom images, a custom image shared with it (share
 * index, docs/rules/ecs-user-guide.md#image-share: same region only), or a published community image. Undefined otherwise:
 * an image of another region, or one whose share was removed or that was deleted (docs/rules/ecs-user-guide.md#image-share).
 */
export async function findAccessibleImage(store: StateStore, accountId: string, regionId: string, imageId: string): Promise<AccessibleImage | undefined> {
  if (imageId === '') return undefined;
  const system = findSystemImage(regionId, imageId);
  if (system) return { image: system, relation: 'system' };
  const marketplace = findMarketplaceImage(regionId, imageId);
  if (marketplace) return { image: marketplace, relation: 'marketplace' };
  const items = await store.getMany<Record<string, unknown>>([
    imageKey(accountId, regionId, imageId),
    shareIndexKey(accountId, regionId, imageId),
    publicIndexKey(regionId, imageId),
  ]);
  const own = items.find((i) => i.pk.startsWith('RES#')) as unknown as Stored<ImageRecord> | undefined;
  const share = items.find((i) => i.pk.startsWith('IMAGESHARE#')) as unknown as Stored<ShareIndexItem> | undefined;
  const pub = items.find((i) => i.pk.startsWith('IMAGEPUBLIC#')) as unknown as Stored<ShareIndexItem> | undefined;
  if (own) return { image: stripKeys(own), stored: own, relation: 'own' };
  for (const [entry, relation] of [
    [share, 'shared'],
    [pub, 'public'],
  ] as const) {
    if (!entry) continue;
    const stored = await store.get<ImageRecord>(imageKey(entry.ownerAccountId, regionId, imageId));
    if (!stored || stored.disabled) continue;
    if (relation === 'shared' && !stored.sharedWith.includes(accountId)) continue;
    if (relation === 'public' && !stored.isPublic) continue;
    return { image: stripKeys(stored), stored, relation };
  }
  return undefined;
}

/**
 * The image an account may launch from (RunInstances, CreateInstance) or put on a system disk
 * (ReplaceSystemDisk, ReInitDisk) in a region: any image it may see (findAccessibleImage) that
 * is Available or Deprecated (a deprecated image still launches, https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-overview). An image it
 * owns that is disabled refuses with InvalidImageId.Disabled (the EC2 guide on disabling AMIs (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/disable-an-ami.html)); one still being built
 * with IncorrectImageStatus; anything else it cannot use is not found (undefined).
 */
export async function findImageForLaunch(
  store: StateStore,
  accountId: string,
  regionId: string,
  imageId: string,
  now?: Date,
): Promise<ImageRecord | undefined> {
  const found = await findAccessibleImage(store, accountId, regionId, imageId);
  if (!found) return undefined;
  let image = found.image;
  if (isBuilding(image)) image = settleImage(image, now ?? (await sandboxNow(store)));
  if (image.disabled) throw ImageErrors.disabled();
  if (isBuilding(image)) throw ImageErrors.notReady();
  if (image.status === 'Available' || image.status === 'Deprecated') return image;
  return undefined;
}

// ---------------------------------------------------------------- writes

function buildTimer(image: ImageRecord): ImageTimerItem | undefined {
  if (!image.build || !isBuilding(image)) return undefined;
  return {
    dueKind: IMAGE_TIMER.build,
    dueAt: `${image.build.readyAt}#${image.imageId}`,
    target: { accountId: image.ownerAccountId ?? '', regionId: image.regionId, id: image.imageId },
  };
}

function syncBuildTimer(tx: UnitOfWork, before: ImageRecord | undefined, after: ImageRecord): void {
  const was = before ? buildTimer(before) : undefined;
  const will = buildTimer(after);
  if (was?.dueAt === will?.dueAt) return;
  const key = Keys.timer(IMAGE_TIMER.build, after.imageId);
  if (will) tx.upsert(key, will);
  else tx.removeIfPresent(key);
}

/** Index items (share, public) that follow the image's sharedWith and isPublic. */
function syncIndexes(tx: UnitOfWork, before: ImageRecord | undefined, after: ImageRecord | undefined): void {
  const image = (after ?? before)!;
  const was = new Set(before?.sharedWith ?? []);
  const will = new Set(after?.sharedWith ?? []);
  for (const a of was) if (!will.has(a)) tx.removeIfPresent(shareIndexKey(a, image.regionId, image.imageId));
  for (const a of will) {
    if (was.has(a)) continue;
    const item: ShareIndexItem = {
      ownerAccountId: image.ownerAccountId ?? '',
      regionId: image.regionId,
      imageId: image.imageId,
      sharedAt: after?.sharedTimes?.[a] ?? '',
    };
    tx.upsert(shareIndexKey(a, image.regionId, image.imageId), item);
  }
  const wasPublic = Boolean(before?.isPublic);
  const willPublic = Boolean(after?.isPublic);
  if (wasPublic && !willPublic) tx.removeIfPresent(publicIndexKey(image.regionId, image.imageId));
  if (!wasPublic && willPublic) {
    tx.upsert(publicIndexKey(image.regionId, image.imageId), {
      ownerAccountId: image.ownerAccountId ?? '',
      regionId: image.regionId,
      imageId: image.imageId,
      sharedAt: '',
    });
  }
}

/** A new custom image (CreateImage, CopyImage, ImportImage) with its timer. */
export function createImageItem(tx: UnitOfWork, image: ImageRecord): void {
  tx.create(imageKeyOf(image), image);
  syncBuildTimer(tx, undefined, image);
  syncIndexes(tx, undefined, image);
}

/** Replace an image read at `stored` with `next`; timer and index items follow. */
export function saveImage(tx: UnitOfWork, stored: Stored<ImageRecord>, next: ImageRecord): void {
  const before = stripKeys(stored);
  tx.replace(stored, stripKeys(next));
  syncBuildTimer(tx, before, next);
  syncIndexes(tx, before, next);
}

/** Delete an image with its timer and index items (the caller handles its snapshots and quotas). */
export function removeImageItem(tx: UnitOfWork, stored: Stored<ImageRecord>): void {
  tx.remove(stored);
  tx.removeIfPresent(Keys.timer(IMAGE_TIMER.build, stored.imageId));
  syncIndexes(tx, stripKeys(stored), undefined);
}

// ---------------------------------------------------------------- quotas

/** Take one CustomImages slot of the account in the region (QuotaExceed.Image beyond it). */
export function takeCustomImageSlot(store: StateStore, tx: UnitOfWork, accountId: string, regionId: string): Promise<void> {
  return takeQuotaSlots(store, tx, { accountId, quotaName: 'CustomImages', scope: regionId, amount: 1, onFail: (limit) => ImageErrors.quota(limit) });
}

export function releaseCustomImageSlot(tx: UnitOfWork, accountId: string, regionId: string): void {
  releaseQuotaSlots(tx, { accountId, quotaName: 'CustomImages', scope: regionId, amount: 1 });
}

/**
 * The SharedImages quota (the ECS image lifecycle FAQ (https://www.alibabacloud.com/help/en/ecs/user-guide/faq-about-image-lifecycle): up to 100 shared images) follows an image going from
 * unshared to shared (to accounts or the public) and back.
 */
export async function syncSharedImageCount(store: StateStore, tx: UnitOfWork, before: ImageRecord, after: ImageRecord | undefined): Promise<void> {
  const was = isShared(before);
  const will = after ? isShared(after) : false;
  const q = { accountId: before.ownerAccountId ?? '', quotaName: 'SharedImages', scope: before.regionId, amount: 1 };
  if (!was && will) await takeQuotaSlots(store, tx, { ...q, onFail: (limit) => ImageErrors.shareImageQuota(limit) });
  if (was && !will) releaseQuotaSlots(tx, q);
}
