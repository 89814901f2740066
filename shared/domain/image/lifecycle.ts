import type { ImageOwnerAlias, ImageRecord, ImageStatus } from './record';

/** The image at a point of the sandbox clock: its build settled, its status, who sees it. */

/**
 * The image as it is at `now`: a build whose window has passed is finished (Available or
 * CreateFailed, Progress 100%), one under way shows Waiting (queued) or Creating with the share
 * of its window that has passed (at most 99% until it is done). Never mutates.
 */
export function settleImage(image: ImageRecord, now: Date): ImageRecord {
  return settleDeprecation(settleBuild(image, now), now);
}

/**
 * The one deprecation rule: an Available image whose `deprecationTime` has passed is `Deprecated`
 * (a disabled one too, underneath its disabled flag). Never the other way: only the writers
 * (setImageStatus, scheduleImageDeprecation) make a deprecated image Available again.
 */
function settleDeprecation(image: ImageRecord, now: Date): ImageRecord {
  if (image.status !== 'Available' || image.deprecationTime === undefined) return image;
  return Date.parse(image.deprecationTime) <= now.getTime() ? { ...image, status: 'Deprecated' } : image;
}

function settleBuild(image: ImageRecord, now: Date): ImageRecord {
  const b = image.build;
  if (!b || (image.status !== 'Creating' && image.status !== 'Waiting')) return image;
  const t = now.getTime();
  const start = Date.parse(b.startAt);
  const ready = Date.parse(b.readyAt);
  if (t >= ready) {
    const progress = b.outcome === 'Available' ? 100 : image.progress;
    return {
      ...image,
      status: b.outcome,
      progress,
      diskDeviceMappings: image.diskDeviceMappings.map(({ remainTimeSeconds: _r, ...m }) => ({ ...m, progress })),
    };
  }
  const remainTimeSeconds = Math.ceil((ready - t) / 1000);
  const progress = t <= start ? 0 : Math.min(99, Math.floor(((t - start) / (ready - start)) * 100));
  return {
    ...image,
    status: t < start ? 'Waiting' : 'Creating',
    progress,
    diskDeviceMappings: image.diskDeviceMappings.map((m) => ({
      ...m,
      progress,
      ...(b.kind === 'copy' ? { remainTimeSeconds } : {}),
    })),
  };
}

/** Waiting or Creating at `now` (call on a settled image). */
export const isBuilding = (image: ImageRecord): boolean => image.status === 'Waiting' || image.status === 'Creating';

/** Launchable: Available or Deprecated (a deprecated image still launches, https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-overview) and not disabled. */
export const isLaunchable = (image: ImageRecord): boolean => (image.status === 'Available' || image.status === 'Deprecated') && !image.disabled;

/** The status the ECS API shows: a disabled image cannot be used, which ECS calls `UnAvailable`. */
export function ecsStatusOf(image: ImageRecord): ImageStatus {
  return image.disabled ? 'UnAvailable' : image.status;
}

export function ownerAliasFor(image: ImageRecord, viewerAccountId: string): ImageOwnerAlias {
  if (image.source === 'system') return 'system';
  if (image.source === 'marketplace') return 'marketplace';
  return image.ownerAccountId === viewerAccountId ? 'self' : 'others';
}

/**
 * Whether the viewer may see the image at all: system and marketplace images are for everyone;
 * a custom image for its owner, the accounts it is shared with (docs/rules/ecs-user-guide.md#image-share) and, once
 * published, everyone. A disabled image only for its owner.
 */
export function isVisibleTo(image: ImageRecord, viewerAccountId: string): boolean {
  const isOwner = image.ownerAccountId === viewerAccountId;
  if (image.disabled && !isOwner) return false;
  if (image.source !== 'custom') return true;
  return isOwner || image.sharedWith.includes(viewerAccountId) || image.isPublic;
}
