import { DiskErrors, reinitialize, requireStoppedInstance, rollBack, type DiskRecord } from '../../domain/disk';
import { start } from '../../domain/instance';
import { validatePassword } from '../../domain/names';
import { isAccomplished, SnapshotErrors } from '../../domain/snapshot';
import { lifecycle } from '../../platform/config';
import { findImageForLaunch } from '../../store/images';
import { findVisibleSnapshot } from '../../store/snapshots';
import { accountOf } from '../action';
import { save } from '../instances/common';
import { defineOperation } from '../operation';
import { attachedInstance, loadDisk, saveLoadedDisk, transitionSeconds } from './common';

/**
 * Bringing a disk back (docs/operations.md): roll it back to one of its own snapshots
 * (ResetDisk, docs/rules/ecs-user-guide.md#disk-rollback,
 * https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-resetdisk) or
 * re-initialise it to its state at creation (ReInitDisk, docs/rules/ecs-user-guide.md#disk-reinit,
 * https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-reinitdisk). Both
 * need the instance Stopped; both keep the disk's automatic snapshots. ECS codecs: ./reset-reinit.ts.
 */

export const resetDisk = defineOperation<{ diskId: string; snapshotId: string }, DiskRecord>({
  name: 'ResetDisk',
  run: async (input, ctx) => {
    const disk = await loadDisk(ctx, undefined, input.diskId);
    const snapshot = await findVisibleSnapshot(ctx.store, accountOf(ctx), disk.current.regionId, input.snapshotId, ctx.now);
    if (!snapshot) throw SnapshotErrors.notFound();
    // Only a snapshot of this very disk: after ReplaceSystemDisk the old disk's snapshots no longer fit (docs/rules/ecs-user-guide.md#replace-system-disk).
    if (snapshot.sourceDiskId !== disk.current.diskId) throw SnapshotErrors.notFromDisk();
    if (!isAccomplished(snapshot, ctx.now)) throw SnapshotErrors.notReady();
    const inst = await attachedInstance(ctx, disk.current);
    if (inst) requireStoppedInstance(inst.current);
    const next = rollBack(disk.current, snapshot.snapshotId, ctx.now);
    saveLoadedDisk(ctx, disk, next);
    return next;
  },
});

export interface DiskReinit {
  diskId: string;
  /** Start the instance once the disk is re-initialised. */
  autoStartInstance?: boolean;
  password?: string;
  /** A system disk re-initialised with a key pair is bound to it. */
  keyPairName?: string;
}

export const reInitDisk = defineOperation<DiskReinit, DiskRecord>({
  name: 'ReInitDisk',
  run: async (input, ctx) => {
    const disk = await loadDisk(ctx, undefined, input.diskId);
    const inst = await attachedInstance(ctx, disk.current);
    if (!inst || disk.current.status !== 'In_use') throw DiskErrors.incorrectStatus('Only an attached (In_use) disk can be re-initialized.');
    const next = reinitialize(disk.current, inst.current, ctx.now, transitionSeconds());
    if (input.password !== undefined) validatePassword(input.password, inst.current.osType);
    // Back to the source: the image of a system disk must still be usable by the account (docs/rules/ecs-user-guide.md#image-share).
    if (disk.current.type === 'system' && disk.current.imageId) {
      const image = await findImageForLaunch(ctx.store, accountOf(ctx), disk.current.regionId, disk.current.imageId);
      if (!image) throw DiskErrors.imageGone();
    }
    if (disk.current.sourceSnapshotId) {
      const source = await findVisibleSnapshot(ctx.store, accountOf(ctx), disk.current.regionId, disk.current.sourceSnapshotId, ctx.now);
      if (!source) throw DiskErrors.sourceSnapshotGone();
    }
    saveLoadedDisk(ctx, disk, next);
    let instNext = inst.current;
    if (input.keyPairName !== undefined && disk.current.type === 'system') instNext = { ...instNext, keyPairName: input.keyPairName };
    if (input.autoStartInstance) instNext = start(instNext, ctx.now, lifecycle);
    if (instNext !== inst.current) save(ctx, inst, instNext);
    return next;
  },
});
