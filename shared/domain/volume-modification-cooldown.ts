import { diskError } from './disk-errors';
import { ApiError } from './errors';
import type { VolumeModificationRecord } from './volume-modification';

/**
 * EBS's cooldown between modifications of one volume: "After modifying a volume, you must wait at
 * least six hours and ensure that the volume is in the in-use or available state before you can
 * modify the same volume" (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyVolume.html).
 * Counted from the start of the previous modification. A modification still under way keeps its
 * own refusal (IncorrectModificationState); this rule refuses one that completed less than six
 * hours after it started. One of EC2's rules between modifications (`checkVolumeModifiable`,
 * shared/domain/volume-modification.ts), checked by the resize operation in its unit of work. EC2
 * only: ECS ResizeDisk documents no such wait.
 */
export const VOLUME_MODIFICATION_COOLDOWN_MS = 6 * 3600 * 1000;

export function checkVolumeModificationCooldown(previous: VolumeModificationRecord | undefined, now: Date): void {
  // Still under way (not completed yet): the in-progress rule answers.
  if (!previous || now.getTime() < Date.parse(previous.completeAt)) return;
  if (now.getTime() - Date.parse(previous.startTime) < VOLUME_MODIFICATION_COOLDOWN_MS) {
    // AWS's code and message for the cooldown.
    throw diskError(
      'modificationRateExceeded',
      new ApiError(
        'VolumeModificationRateExceeded',
        400,
        "You've reached the maximum modification rate per volume limit. Wait at least 6 hours between modifications per EBS volume.",
      ),
    );
  }
}
