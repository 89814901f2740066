import { z } from 'zod';
import { DiskErrors, everAttached, type DiskRecord } from '../../domain/disk';
import { validateDescription } from '../../domain/names';
import {
  checkManualSnapshot,
  planCopy,
  retentionUntil,
  SnapshotErrors,
  snapshotTiming,
  validateSnapshotName,
  type SnapshotRecord,
} from '../../domain/snapshot';
import { validateTags } from '../../domain/tags';
import { storage } from '../../platform/config';
import { newResourceId } from '../../platform/ids';
import { addSnapshot, snapshotsPerDisk } from '../../store/snapshots';
import { defineAction } from '../action';
import { commonFields, p } from '../params';
import { attachedInstance, diskIdParam, loadDisk } from '../disks/common';

/**
 * CreateSnapshot (docs/rules/ecs-user-guide.md#snapshot-manual, https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-createsnapshot): a manual snapshot of
 * one disk. The disk is In_use (its instance Running or Stopped) or
 * Available after having been attached once. While an automatic snapshot of
 * the disk is being copied the manual one waits for it (0% until then,
 * docs/rules/ecs-user-guide.md#auto-snapshot-policy); a second manual one is refused while the first runs. At the
 * per-disk limit the oldest automatic snapshot makes room (docs/rules/ecs-user-guide.md#snapshot-quota);
 * when every snapshot is manual, QuotaExceed.Snapshot.
 */
export const createSnapshot = defineAction({
  name: 'CreateSnapshot',
  idempotent: true,
  input: z.object({
    ...commonFields,
    DiskId: diskIdParam(),
    SnapshotName: p.string().optional(),
    Description: p.string().optional(),
    RetentionDays: p.int().optional(),
    Category: p.enum(['Standard', 'Flash']).optional(),
    InstantAccess: p.bool().optional(),
    InstantAccessRetentionDays: p.int().optional(),
    ResourceGroupId: p.string().optional(),
    StorageLocationArn: p.string().optional(),
    Tag: p.list(z.object({ Key: p.string().optional(), Value: p.string().optional() }), { max: 64 }).optional(),
    ClientToken: p.clientToken().optional(),
  }),
  handler: async (input, ctx) => {
    if (input.SnapshotName !== undefined) validateSnapshotName(input.SnapshotName);
    if (input.Description !== undefined) validateDescription(input.Description);
    if (input.RetentionDays !== undefined && (input.RetentionDays < 1 || input.RetentionDays > storage.maxSnapshotRetentionDays)) {
      throw SnapshotErrors.retentionDays();
    }
    const tags = validateTags(input.Tag?.map((t) => ({ key: t.Key, value: t.Value })));
    const disk = await loadDisk(ctx, undefined, input.DiskId);
    const current: DiskRecord = disk.current;
    if (current.status === 'Available' && !everAttached(current)) throw SnapshotErrors.neverAttached();
    if (current.status !== 'In_use' && current.status !== 'Available') throw DiskErrors.incorrectStatus();
    const inst = current.status === 'In_use' ? await attachedInstance(ctx, current) : undefined;
    if (inst) {
      if (inst.current.locks.some((l) => l.reason === 'security')) throw SnapshotErrors.instanceLocked();
      if (inst.current.status !== 'Running' && inst.current.status !== 'Stopped') throw SnapshotErrors.instanceStatus();
    }
    checkManualSnapshot(current, ctx.now);

    const copy = planCopy(current, ctx.now, 'user', snapshotTiming());
    const creationTime = ctx.now.toISOString();
    const snapshot: SnapshotRecord = {
      snapshotId: newResourceId('s', current.regionId),
      accountId: current.accountId,
      regionId: current.regionId,
      snapshotName: input.SnapshotName ?? '',
      description: input.Description ?? '',
      type: 'user',
      sourceDiskId: current.diskId,
      sourceDiskType: current.type,
      sourceDiskSizeGiB: current.sizeGiB,
      sourceDiskCategory: current.category,
      sourceInstanceId: inst?.current.instanceId,
      encrypted: current.encrypted,
      category: input.Category ?? 'Standard',
      creationTime,
      ...copy,
      retentionDays: input.RetentionDays,
      retentionUntil: retentionUntil(creationTime, input.RetentionDays),
      usedByImageIds: [],
      usedByDisks: false,
      tags,
    };
    const limit = await snapshotsPerDisk(ctx.store, current.accountId);
    const added = await addSnapshot(ctx.store, ctx.tx, disk.stored, current, snapshot, limit, ctx.now);
    if ('noRoom' in added) throw SnapshotErrors.quota(limit);
    return { SnapshotId: snapshot.snapshotId };
  },
});
