import { z } from 'zod';
import { DiskErrors, resize } from '../../domain/disk';
import { planVolumeModification, volumeModificationAt, VolumeModificationErrors } from '../../domain/volume-modification';
import { lifecycle, storage } from '../../platform/config';
import { currentDialect } from '../../platform/dialect';
import { defineAction } from '../action';
import { commonFields, p } from '../params';
import { attachedInstance, diskIdParam, loadDisk, saveLoadedDisk } from './common';

/**
 * ResizeDisk: grow a disk (never shrink) within its category's range; not
 * while a snapshot of it is being copied; `online` needs a Running instance.
 * The change is recorded as the disk's latest modification (EC2
 * DescribeVolumesModifications, shared/domain/volume-modification.ts), in the
 * same write. Through EC2 (ModifyVolume) a volume whose previous modification
 * has not completed is refused with IncorrectModificationState
 * (https://docs.aws.amazon.com/ebs/latest/userguide/modify-volume-requirements.html).
 */
export const resizeDisk = defineAction({
  name: 'ResizeDisk',
  idempotent: true,
  input: z.object({
    ...commonFields,
    DiskId: diskIdParam(),
    NewSize: p.int({ min: 1, max: 1_000_000 }),
    Type: p.string().optional(),
    ClientToken: p.clientToken().optional(),
  }),
  handler: async (input, ctx) => {
    const type = input.Type ?? 'offline';
    if (type !== 'offline' && type !== 'online') throw DiskErrors.resizeType();
    const disk = await loadDisk(ctx, undefined, input.DiskId);
    const inst = await attachedInstance(ctx, disk.current);
    const previous = disk.current.modification;
    if (currentDialect() === 'ec2' && previous && volumeModificationAt(previous, ctx.now).state !== 'completed') {
      throw VolumeModificationErrors.inProgress(disk.current.diskId);
    }
    const resized = resize(disk.current, input.NewSize, type, inst?.current, ctx.now);
    const modification = planVolumeModification(disk.current.sizeGiB, resized.sizeGiB, ctx.now, {
      transitionSeconds: lifecycle.transitionSeconds,
      snapshotSecondsPerGiB: storage.snapshotSecondsPerGiB,
    });
    saveLoadedDisk(ctx, disk, { ...resized, modification });
    return { OrderId: '' };
  },
});
