import { DiskErrors, everAttached, settleDisk, type DiskRecord } from '../../domain/disk';
import { validateDescription } from '../../domain/names';
import {
  checkDeleteSnapshot,
  checkManualSnapshot,
  isExpired,
  planCopy,
  retentionUntil,
  SnapshotErrors,
  snapshotTiming,
  validateSnapshotName,
  type SnapshotRecord,
} from '../../domain/snapshot';
import { validateTags, type TagInput } from '../../domain/tags';
import { storage } from '../../platform/config';
import { newResourceId } from '../../platform/ids';
import { findDisk } from '../../store/disks';
import { stripKeys } from '../../store/instances';
import { addSnapshot, findVisibleSnapshot, listSnapshots, loadSnapshots, removeSnapshots, snapshotsPerDisk } from '../../store/snapshots';
import { accountOf } from '../action';
import { attachedInstance, loadDisk } from '../disks/common';
import { requireRegion } from '../instances/common';
import { defineOperation } from '../operation';

/**
 * The snapshot operations (docs/operations.md), shared by the ECS declarations
 * (./create-snapshot.ts, ./delete-snapshot.ts) and the EC2 adapters
 * (shared/protocol/ec2/actions/volumes-snapshots.ts, DeregisterImage). Typed errors:
 * shared/domain/snapshot-errors.ts.
 */

export interface NewSnapshot {
  diskId: string;
  name?: string;
  description?: string;
  retentionDays?: number;
  category?: 'Standard' | 'Flash';
  tags: readonly TagInput[];
  /**
   * EC2's rule: a volume whose attachment is still `attaching` (or already `detaching`) is
   * `in-use` and can be snapshotted ("You can take a snapshot of an attached volume that is in
   * use", https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSnapshot.html).
   * ECS takes In_use or Available disks only.
   */
  whileAttachmentChanges?: boolean;
}

/** Disk states a snapshot is taken in, by rule (an Available disk must also have been attached once). */
const SNAPSHOT_STATES = { ecs: ['In_use', 'Available'], ec2: ['In_use', 'Available', 'Attaching', 'Detaching'] } as const;

/**
 * A manual snapshot of one disk (docs/rules/ecs-user-guide.md#snapshot-manual,
 * https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-createsnapshot).
 * The disk is In_use (its instance Running or Stopped) or Available after having been attached
 * once. While an automatic snapshot of the disk is being copied the manual one waits for it (0%
 * until then, docs/rules/ecs-user-guide.md#auto-snapshot-policy); a second manual one is refused
 * while the first runs. At the per-disk limit the oldest automatic snapshot makes room
 * (docs/rules/ecs-user-guide.md#snapshot-quota); when every snapshot is manual, QuotaExceed.Snapshot.
 */
export const createSnapshot = defineOperation<NewSnapshot, SnapshotRecord>({
  name: 'CreateSnapshot',
  run: async (input, ctx) => {
    if (input.name !== undefined) validateSnapshotName(input.name);
    if (input.description !== undefined) validateDescription(input.description);
    if (input.retentionDays !== undefined && (input.retentionDays < 1 || input.retentionDays > storage.maxSnapshotRetentionDays)) {
      throw SnapshotErrors.retentionDays();
    }
    const tags = validateTags(input.tags);
    const disk = await loadDisk(ctx, undefined, input.diskId);
    const current: DiskRecord = disk.current;
    if (current.status === 'Available' && !everAttached(current)) throw SnapshotErrors.neverAttached();
    const states: readonly string[] = SNAPSHOT_STATES[input.whileAttachmentChanges ? 'ec2' : 'ecs'];
    if (!states.includes(current.status)) throw DiskErrors.incorrectStatus();
    const inst = current.status !== 'Available' ? await attachedInstance(ctx, current) : undefined;
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
      snapshotName: input.name ?? '',
      description: input.description ?? '',
      type: 'user',
      sourceDiskId: current.diskId,
      sourceDiskType: current.type,
      sourceDiskSizeGiB: current.sizeGiB,
      sourceDiskCategory: current.category,
      sourceInstanceId: inst?.current.instanceId,
      encrypted: current.encrypted,
      category: input.category ?? 'Standard',
      creationTime,
      ...copy,
      retentionDays: input.retentionDays,
      retentionUntil: retentionUntil(creationTime, input.retentionDays),
      usedByImageIds: [],
      usedByDisks: false,
      tags,
    };
    const limit = await snapshotsPerDisk(ctx.store, current.accountId);
    const added = await addSnapshot(ctx.store, ctx.tx, disk.stored, current, snapshot, limit, ctx.now);
    if ('noRoom' in added) throw SnapshotErrors.quota(limit);
    return snapshot;
  },
});

/**
 * Deletes one snapshot (docs/rules/ecs-user-guide.md#snapshot-delete,
 * https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-deletesnapshot):
 * refused while a custom image uses it (`usedByImage`) and, without `force`, when disks were
 * created from it (`usedByDisk`). Deleting a snapshot still being copied cancels it. An unknown
 * id deletes nothing (`deleted: false`): ECS ignores it, EC2 reports it.
 */
export const deleteSnapshot = defineOperation<{ snapshotId: string; force: boolean }, { deleted: boolean }>({
  name: 'DeleteSnapshot',
  run: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const snapshot = await findVisibleSnapshot(ctx.store, accountId, undefined, input.snapshotId, ctx.now);
    if (!snapshot) return { deleted: false };
    checkDeleteSnapshot(snapshot, input.force);
    const disk = await findDisk(ctx.store, accountId, snapshot.regionId, snapshot.sourceDiskId);
    removeSnapshots(ctx.tx, [snapshot], disk && { stored: disk, current: settleDisk(stripKeys(disk), ctx.now) });
    return { deleted: true };
  },
});

/**
 * The caller's snapshots of a region as they are at `now` (expired ones left out), in id order:
 * the named ones (unknown ids skipped), or every one. With the instant, for the views that show
 * progress.
 */
export const snapshotsOfRegion = defineOperation<{ regionId: string; ids?: readonly string[] }, { snapshots: SnapshotRecord[]; now: Date }>({
  name: 'DescribeSnapshots',
  run: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.regionId);
    const now = ctx.now;
    const snapshots = input.ids
      ? (await loadSnapshots(ctx.store, accountId, regionId, [...new Set(input.ids)]))
          .filter((s) => !isExpired(s, now))
          .map((s) => stripKeys(s) as SnapshotRecord)
      : await everySnapshot(ctx.store, accountId, regionId, now);
    return { snapshots: snapshots.sort((a, b) => (a.snapshotId < b.snapshotId ? -1 : 1)), now };
  },
});

async function everySnapshot(store: Parameters<typeof listSnapshots>[0], accountId: string, regionId: string, now: Date): Promise<SnapshotRecord[]> {
  const all: SnapshotRecord[] = [];
  let afterId: string | undefined;
  do {
    const page = await listSnapshots(store, accountId, regionId, { now, limit: 1000, afterId });
    all.push(...page.items);
    afterId = page.nextAfterId;
  } while (afterId);
  return all;
}
