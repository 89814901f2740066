import { ImageErrors } from './errors';
import { IMAGE_LIMITS } from './limits';
import type { ImageRecord } from './record';

/** Sharing an image with accounts or the public, and what blocks it. */

const activeUntil = (until: string | undefined, now: Date) => until !== undefined && Date.parse(until) > now.getTime();

/** Copies of the image still under way at `now`. */
export const copiesUnderWay = (image: ImageRecord, now: Date) => (image.copiesInFlight ?? []).filter((c) => activeUntil(c.until, now));
export const isExporting = (image: ImageRecord, now: Date): boolean => activeUntil(image.exporting?.until, now);
export const isEncrypted = (image: ImageRecord): boolean => image.diskDeviceMappings.some((m) => m.encrypted);

/**
 * AddAccount / IsPublic=true need an Available image: not being built, not deprecated (a
 * deprecated image cannot be shared, https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-overview), not disabled (the EC2 guide on disabling AMIs (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/disable-an-ami.html)), not encrypted.
 */
export function checkShareable(image: ImageRecord): void {
  if (image.disabled) throw ImageErrors.notAvailable('A disabled image cannot be shared; enable it first.');
  if (image.status === 'Deprecated') throw ImageErrors.notAvailable('A deprecated image cannot be shared.');
  if (image.status !== 'Available') throw ImageErrors.notAvailable();
  if (isEncrypted(image)) throw ImageErrors.encryptedShare();
}

/**
 * ModifyImageSharePermission on the owner's image: add and remove accounts (the first 10 of each,
 * https://www.alibabacloud.com/help/en/ecs/user-guide/limits), never the owner itself, at most `maxAccounts` in all (docs/rules/ecs-user-guide.md#quotas).
 * Adding an account it is already shared with changes nothing (its SharedTime stays).
 */
export function applyShareChange(
  image: ImageRecord,
  change: { add: readonly string[]; remove: readonly string[]; isPublic?: boolean; maxAccounts: number; now: Date },
): ImageRecord {
  const add = [...new Set(change.add.slice(0, IMAGE_LIMITS.shareAccountsPerCall))];
  const remove = new Set(change.remove.slice(0, IMAGE_LIMITS.shareAccountsPerCall));
  if (add.includes(image.ownerAccountId ?? '')) throw ImageErrors.shareSelf();
  if (add.length > 0 || change.isPublic === true) checkShareable(image);
  const times: Record<string, string> = { ...(image.sharedTimes ?? {}) };
  const kept = image.sharedWith.filter((a) => !remove.has(a));
  for (const a of image.sharedWith) if (remove.has(a)) delete times[a];
  const sharedWith = [...kept];
  for (const a of add) {
    if (sharedWith.includes(a)) continue;
    sharedWith.push(a);
    times[a] = change.now.toISOString();
  }
  if (sharedWith.length > change.maxAccounts) throw ImageErrors.shareUserQuota(change.maxAccounts);
  // No empty map is stored: the local stream delivers an empty map as a value the stream handler cannot read.
  return { ...image, sharedWith, sharedTimes: sharedWith.length > 0 ? times : undefined, isPublic: change.isPublic ?? image.isPublic };
}

/** Shared with anyone (accounts or the public)? */
export const isShared = (image: Pick<ImageRecord, 'sharedWith' | 'isPublic'>): boolean => image.sharedWith.length > 0 || image.isPublic;
