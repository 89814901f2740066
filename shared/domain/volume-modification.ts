import { diskError } from './disk-errors';
import { ApiError } from './errors';
import { checkVolumeModificationCooldown } from './volume-modification-cooldown';

/**
 * The most recent size change of a disk (ResizeDisk, EC2 ModifyVolume), as EC2's
 * DescribeVolumesModifications reports it
 * (https://docs.aws.amazon.com/ebs/latest/userguide/monitoring-volume-modifications.html): `modifying`,
 * then `optimizing`, then `completed`, with a Progress from 0 to 100. The new size is usable at once
 * (the disk record has it); the states are derived from the recorded instants and the clock, so a
 * modification completes exactly once whoever reads it, with no job to run and nothing to miss.
 *
 * Durations (sandbox decision): `modifying` lasts one transition step; `optimizing` half the time a
 * snapshot of the new size would take (the active duration profile: a few seconds with `quick`,
 * 30 s per GiB with `realistic`, where AWS says optimization "can take from a few minutes to a few
 * hours"), at least one transition step.
 */
export interface VolumeModificationRecord {
  startTime: string;
  originalSizeGiB: number;
  targetSizeGiB: number;
  /** The EBS type, IOPS and throughput before and after, when the modification changed them (ModifyVolume). */
  originalVolume?: { type: string; iops?: number; throughput?: number };
  targetVolume?: { type: string; iops?: number; throughput?: number };
  /** When `modifying` ends and `optimizing` starts. */
  optimizingAt: string;
  /** When the modification is `completed`. */
  completeAt: string;
}

export type VolumeModificationState = 'modifying' | 'optimizing' | 'completed';

export function planVolumeModification(
  originalSizeGiB: number,
  targetSizeGiB: number,
  now: Date,
  timing: { transitionSeconds: number; snapshotSecondsPerGiB: number },
): VolumeModificationRecord {
  const optimizingAt = now.getTime() + timing.transitionSeconds * 1000;
  const optimizeMs = Math.max(timing.transitionSeconds, (targetSizeGiB * timing.snapshotSecondsPerGiB) / 2) * 1000;
  return {
    startTime: now.toISOString(),
    originalSizeGiB,
    targetSizeGiB,
    optimizingAt: new Date(optimizingAt).toISOString(),
    completeAt: new Date(optimizingAt + optimizeMs).toISOString(),
  };
}

/** The state and progress of a modification at `now`: 0–10 % while modifying, 10–99 % while optimizing, then 100. */
export function volumeModificationAt(m: VolumeModificationRecord, now: Date): { state: VolumeModificationState; progress: number } {
  const t = now.getTime();
  const start = Date.parse(m.startTime);
  const optimizing = Date.parse(m.optimizingAt);
  const complete = Date.parse(m.completeAt);
  if (t >= complete) return { state: 'completed', progress: 100 };
  if (t < optimizing) return { state: 'modifying', progress: Math.floor((10 * (t - start)) / Math.max(1, optimizing - start)) };
  return { state: 'optimizing', progress: Math.min(99, 10 + Math.floor((89 * (t - optimizing)) / Math.max(1, complete - optimizing))) };
}

export const VolumeModificationErrors = {
  /** EC2: a volume whose last modification has not completed cannot be modified again. */
  inProgress: (volumeId: string) =>
    diskError(
      'modificationInProgress',
      new ApiError('IncorrectModificationState', 400, `Cannot modify volume ${volumeId}: its previous modification is still in progress.`),
    ),
};

/**
 * EC2's rules between two modifications of one volume
 * (https://docs.aws.amazon.com/ebs/latest/userguide/modify-volume-requirements.html): the previous
 * modification must have completed. The one place these rules live (the resize operation calls it
 * for the EC2 dialect, shared/actions/disks/operations.ts); more rules between modifications go here.
 */
export function checkVolumeModifiable(volumeId: string, previous: VolumeModificationRecord | undefined, now: Date): void {
  if (previous && volumeModificationAt(previous, now).state !== 'completed') throw VolumeModificationErrors.inProgress(volumeId);
  // Six hours between modifications (shared/domain/volume-modification-cooldown.ts).
  checkVolumeModificationCooldown(previous, now);
}
