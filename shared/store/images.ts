import { findSystemImage } from '../domain/catalogue/system-images';
import type { ImageRecord } from '../domain/image';
import { Keys } from './keys';
import type { StateStore } from './state-store';

/** Image records of an account (custom images); system images are static catalogue data. */
export const IMAGE = 'image';

export function loadOwnImage(store: StateStore, accountId: string, regionId: string, imageId: string) {
  return store.get<ImageRecord>(Keys.resource(accountId, regionId, IMAGE, imageId));
}

/**
 * The image an account may launch from in a region: a public system image, or
 * one of its own custom images that is Available or Deprecated (a deprecated
 * image still launches, ecs-api.md §2.5). Images shared by other accounts
 * join this lookup with the images issue.
 */
export async function findImageForLaunch(
  store: StateStore,
  accountId: string,
  regionId: string,
  imageId: string,
): Promise<ImageRecord | undefined> {
  const system = findSystemImage(regionId, imageId);
  if (system) return system;
  const own = await loadOwnImage(store, accountId, regionId, imageId);
  if (own && (own.status === 'Available' || own.status === 'Deprecated') && !own.disabled) return own;
  return undefined;
}
