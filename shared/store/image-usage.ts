import { MARKETPLACE_IMAGE_IDS } from '../domain/catalogue/marketplace-images';
import { isSystemImageId } from '../domain/catalogue/system-images';
import { Keys } from './keys';
import type { Key, StateStore, UnitOfWork } from './state-store';

/**
 * How many instances each image backs, kept without a Scan: counters moved in the same
 * transaction as the instances are created (shared/actions/instances/launch-records.ts `takeQuota`),
 * released (shared/store/instances.ts `releaseInstance`) or given another system disk
 * (ReplaceSystemDisk). Kept apart from shared/store/images.ts so the instances module can use it.
 *
 * - Per image, all accounts together (custom images only): DeleteImage refuses an image that
 *   instances were created from, whoever owns them (ImageUsingByInstance).
 * - Per account and image: DescribeImages `Usage` (instance | none) for the viewer.
 */
export const imageUseKey = (regionId: string, imageId: string): Key => ({ pk: `IMAGEUSE#${regionId}#${imageId}`, sk: 'IMAGEUSE' });
export const accountImageUseKey = (accountId: string, regionId: string, imageId: string): Key =>
  Keys.accountUsage(accountId, `ImageInstances#${regionId}#${imageId}`);

const isCatalogueImage = (imageId: string) => isSystemImageId(imageId) || MARKETPLACE_IMAGE_IDS.includes(imageId);

/** `delta` more (or fewer) instances of `accountId` run from `imageId`. */
export function countImageUse(tx: UnitOfWork, accountId: string, regionId: string, imageId: string | undefined, delta: number): void {
  if (!imageId || delta === 0) return;
  tx.addToCounter(accountImageUseKey(accountId, regionId, imageId), 'count', delta, undefined);
  if (!isCatalogueImage(imageId)) tx.addToCounter(imageUseKey(regionId, imageId), 'count', delta, undefined);
}

/** An instance now runs from another image (ReplaceSystemDisk). */
export function moveImageUse(tx: UnitOfWork, accountId: string, regionId: string, from: string | undefined, to: string): void {
  if (from === to) return;
  countImageUse(tx, accountId, regionId, from, -1);
  countImageUse(tx, accountId, regionId, to, 1);
}

/** Instances of every account created from a custom image that still exist. */
export async function instancesUsingImage(store: StateStore, regionId: string, imageId: string): Promise<number> {
  const item = await store.get<{ count?: number }>(imageUseKey(regionId, imageId));
  return Math.max(0, item?.count ?? 0);
}

/** Which of `imageIds` back at least one of the account's instances in the region. */
export async function imagesInUseBy(store: StateStore, accountId: string, regionId: string, imageIds: readonly string[]): Promise<Set<string>> {
  if (imageIds.length === 0) return new Set();
  const prefix = `USAGE#ImageInstances#${regionId}#`;
  const items = await store.getMany<{ count?: number }>(imageIds.map((id) => accountImageUseKey(accountId, regionId, id)));
  return new Set(items.filter((i) => (i.count ?? 0) > 0).map((i) => i.sk.slice(prefix.length)));
}
