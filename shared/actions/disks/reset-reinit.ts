import { z } from 'zod';
import { DiskErrors, reinitialize, requireStoppedInstance, rollBack } from '../../domain/disk';
import { start } from '../../domain/instance';
import { validatePassword } from '../../domain/names';
import { isAccomplished, SnapshotErrors } from '../../domain/snapshot';
import { lifecycle } from '../../platform/config';
import { findImageForLaunch } from '../../store/images';
import { findVisibleSnapshot } from '../../store/snapshots';
import { accountOf, defineAction } from '../action';
import { commonFields, p } from '../params';
import { save } from '../instances/common';
import { attachedInstance, diskIdParam, loadDisk, saveLoadedDisk, transitionSeconds } from './common';

/**
 * ResetDisk (roll a disk back to one of its own snapshots, docs/rules/ecs-user-guide.md#disk-rollback)
 * and ReInitDisk (back to the state at creation, docs/rules/ecs-user-guide.md#disk-reinit). Both
 * need the instance Stopped; both keep the disk's automatic snapshots.
 */
export const resetDisk = defineAction({
  name: 'ResetDisk',
  input: z.object({ ...commonFields, DiskId: diskIdParam(), SnapshotId: p.string({ min: 1, max: 64 }) }),
  handler: async (input, ctx) => {
    const disk = await loadDisk(ctx, undefined, input.DiskId);
    const snapshot = await findVisibleSnapshot(ctx.store, accountOf(ctx), disk.current.regionId, input.SnapshotId, ctx.now);
    if (!snapshot) throw SnapshotErrors.notFound();
    // Only a snapshot of this very disk: after ReplaceSystemDisk the old disk's snapshots no longer fit (docs/rules/ecs-user-guide.md#replace-system-disk).
    if (snapshot.sourceDiskId !== disk.current.diskId) throw SnapshotErrors.notFromDisk();
    if (!isAccomplished(snapshot, ctx.now)) throw SnapshotErrors.notReady();
    const inst = await attachedInstance(ctx, disk.current);
    if (inst) requireStoppedInstance(inst.current);
    saveLoadedDisk(ctx, disk, rollBack(disk.current, snapshot.snapshotId, ctx.now));
    return {};
  },
});

export const reInitDisk = defineAction({
  name: 'ReInitDisk',
  input: z.object({
    ...commonFields,
    DiskId: diskIdParam(),
    AutoStartInstance: p.bool().optional(),
    Password: p.string().optional(),
    KeyPairName: p.string().optional(),
    SecurityEnhancementStrategy: p.enum(['Active', 'Deactive']).optional(),
  }),
  handler: async (input, ctx) => {
    const disk = await loadDisk(ctx, undefined, input.DiskId);
    const inst = await attachedInstance(ctx, disk.current);
    if (!inst || disk.current.status !== 'In_use') throw DiskErrors.incorrectStatus('Only an attached (In_use) disk can be re-initialized.');
    const next = reinitialize(disk.current, inst.current, ctx.now, transitionSeconds());
    if (input.Password !== undefined) validatePassword(input.Password, inst.current.osType);
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
    // A system disk re-initialised with KeyPairName is bound to that key pair; AutoStartInstance starts the instance.
    let instNext = inst.current;
    if (input.KeyPairName !== undefined && disk.current.type === 'system') instNext = { ...instNext, keyPairName: input.KeyPairName };
    if (input.AutoStartInstance) instNext = start(instNext, ctx.now, lifecycle);
    if (instNext !== inst.current) save(ctx, inst, instNext);
    return {};
  },
});
