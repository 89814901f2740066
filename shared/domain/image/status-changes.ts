import { ApiError } from '../errors';
import { addPeriod, MINUTE_MS, parseRequestTime } from '../lifecycle-time';
import { ImageErrors } from './errors';
import type { ImageRecord } from './record';
import { isShared } from './sharing';

/** Deprecating, disabling and enabling an image. */

/**
 * Deprecation, one rule for both dialects: an image is deprecated from its `deprecationTime` on
 * (settleImage turns Available into Deprecated once that time has passed on the sandbox clock).
 *
 * - ECS ModifyImageAttribute `Status=Deprecated` (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-modifyimageattribute) deprecates now: the
 *   deprecation time becomes the current minute (so the EC2 view shows it as `deprecationTime`).
 *   A shared image must be unshared first; an image being built, failed or disabled cannot be.
 * - ECS `Status=Available` and EC2 DisableImageDeprecation cancel the deprecation, passed or
 *   scheduled: the time goes and a Deprecated image is Available again. An image with no
 *   deprecation is unchanged (idempotent, as EC2's answer `true`).
 * - EC2 EnableImageDeprecation (ECS ModifyImageAttribute `DeprecationTime`, a sandbox extension)
 *   schedules it: `scheduleImageDeprecation`. A shared image may be scheduled: when the time
 *   passes it stays shared, and its sharees no longer see it by default (EC2 DescribeImages without
 *   IncludeDeprecated or ImageId.N; ECS DescribeImages without Status=Deprecated or ALL).
 *
 * A deprecated image still launches but cannot be shared or copied (checkShareable, checkCopySource).
 */
export function setImageStatus(image: ImageRecord, status: 'Deprecated' | 'Available', now: Date): ImageRecord {
  if (status === 'Available') return cancelImageDeprecation(image);
  if (image.disabled) throw ImageErrors.notAvailable('A disabled image must be enabled first.');
  if (image.status !== 'Available' && image.status !== 'Deprecated') throw ImageErrors.notAvailable();
  if (isShared(image)) {
    throw new ApiError('ImageUseShared', 403, 'The specified image has been shared to others. Cancel sharing before deprecating it.');
  }
  if (image.status === 'Deprecated') return image;
  return { ...image, status: 'Deprecated', deprecationTime: new Date(Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS).toISOString() };
}

/** No deprecation, passed or scheduled (EC2 DisableImageDeprecation, ECS Status=Available). Idempotent. */
export function cancelImageDeprecation(image: ImageRecord): ImageRecord {
  if (image.deprecationTime === undefined && image.status !== 'Deprecated') return image;
  const { deprecationTime: _gone, ...rest } = image;
  return { ...rest, status: image.status === 'Deprecated' ? 'Available' : image.status };
}

/** EC2 EnableImageDeprecation limits (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EnableImageDeprecation.html). */
export const DEPRECATION_LIMITS = {
  /** At most this many years after now. */
  maxYearsAhead: 10,
  /** A public image: at most this many years after its creation. */
  publicMaxYearsAfterCreation: 2,
} as const;

/**
 * A requested deprecation time as the image will carry it (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/Welcome.html): ISO 8601 UTC
 * (`yyyy-MM-ddTHH:mm[:ss[.sss]]Z`), seconds rounded to the nearest minute (30 s and more up);
 * the rounded time must be after `now` (a time in the past, or one rounding to now or earlier, is
 * refused) and at most 10 years after now, or for a public image at most 2 years after its
 * creation. Returns the ISO form with milliseconds (`2030-01-02T03:04:00.000Z`).
 */
export function deprecationTimeFor(image: Pick<ImageRecord, 'isPublic' | 'creationTime'>, requested: string, now: Date): string {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?)(?:\.(\d{1,3}))?Z$/.exec(requested.trim());
  const base = m ? parseRequestTime(`${m[1]}Z`) : undefined;
  if (!m || !base) throw ImageErrors.deprecationTimeMalformed(requested);
  const ms = base.getTime() + (m[2] ? Number(m[2].padEnd(3, '0')) : 0);
  const at = Math.round(ms / MINUTE_MS) * MINUTE_MS;
  if (at <= now.getTime()) throw ImageErrors.deprecationTimePast();
  const latest = image.isPublic
    ? addPeriod(new Date(image.creationTime), DEPRECATION_LIMITS.publicMaxYearsAfterCreation, 'Year')
    : addPeriod(now, DEPRECATION_LIMITS.maxYearsAhead, 'Year');
  if (at > latest.getTime()) throw ImageErrors.deprecationTimeTooLate(image.isPublic, latest);
  return new Date(at).toISOString();
}

/**
 * EC2 EnableImageDeprecation: deprecate at a future time (`deprecationTimeFor`), replacing any
 * earlier time; a deprecated image is Available again until then. Any state of the owner's own
 * custom image (being built, disabled, shared) may be scheduled.
 */
export function scheduleImageDeprecation(image: ImageRecord, requested: string, now: Date): ImageRecord {
  const deprecationTime = deprecationTimeFor(image, requested, now);
  return { ...image, deprecationTime, status: image.status === 'Deprecated' ? 'Available' : image.status };
}

/**
 * DisableImage (the EC2 guide on disabling AMIs (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/disable-an-ami.html), https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DisableImage.html): every share and the public flag go (they are not
 * restored by EnableImage); the image stays, with its snapshots. Only an Available or
 * Deprecated image can be disabled; disabling a disabled image changes nothing.
 */
export function disableImage(image: ImageRecord): ImageRecord {
  if (image.disabled) return image;
  if (image.status !== 'Available' && image.status !== 'Deprecated') throw ImageErrors.notAvailable();
  return { ...image, disabled: true, sharedWith: [], sharedTimes: undefined, isPublic: false };
}

/** EnableImage: back to the status it had; shares are not restored (the EC2 guide on disabling AMIs (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/disable-an-ami.html)). Idempotent. */
export function enableImage(image: ImageRecord): ImageRecord {
  return image.disabled ? { ...image, disabled: false } : image;
}
