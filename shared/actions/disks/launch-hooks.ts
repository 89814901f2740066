import { currentDialect } from '../../platform/dialect';
import { Errors } from '../../domain/errors';
import { isAccomplished, type SnapshotRecord } from '../../domain/snapshot';
import { DiskErrors } from '../../domain/disk';
import { takeCloudDiskQuota } from '../../store/disks';
import { findVisibleSnapshot } from '../../store/snapshots';
import type { Stored } from '../../store/state-store';
import type { ActionContext } from '../action';
import { markUsedByDisks } from './common';

/**
 * What RunInstances and CreateInstance need from the disks work, called from
 * shared/actions/instances/launch.ts (the plan) and launch-records.ts (the quota):
 *  - `resolveLaunchSnapshots`: every `DataDisk.N.SnapshotId` names an
 *    accomplished snapshot of the account in the launch region, and the
 *    disk is at least as large as it (the snapshot's size when `Size` is
 *    omitted). The snapshots are marked as used by disks in the launch's
 *    transaction, which fails if one is deleted meanwhile.
 *  - `takeLaunchDiskQuota`: the disks created with the instances count
 *    against the account's cloud disk quota (250, docs/rules/ecs-user-guide.md#disk-create).
 */
export async function resolveLaunchSnapshots(
  ctx: ActionContext,
  accountId: string,
  regionId: string,
  dataDisks: readonly { SnapshotId?: string; Size?: number }[],
): Promise<(number | undefined)[]> {
  const sizes: (number | undefined)[] = [];
  const seen = new Map<string, Stored<SnapshotRecord>>();
  for (const d of dataDisks) {
    if (d.SnapshotId === undefined) {
      sizes.push(undefined);
      continue;
    }
    const snapshot = seen.get(d.SnapshotId) ?? (await findVisibleSnapshot(ctx.store, accountId, regionId, d.SnapshotId, ctx.now));
    if (!snapshot) throw Errors.invalid('InvalidSnapshotId.NotFound', 'The specified parameter SnapshotId is not exist.');
    if (!isAccomplished(snapshot, ctx.now)) throw Errors.forbidden('InvalidSnapshotId.NotReady', 'The specified snapshot has not completed yet.');
    if (d.Size !== undefined && d.Size < snapshot.sourceDiskSizeGiB) throw DiskErrors.smallerThanSnapshot();
    seen.set(d.SnapshotId, snapshot);
    sizes.push(snapshot.sourceDiskSizeGiB);
  }
  for (const snapshot of seen.values()) markUsedByDisks(ctx, snapshot);
  return sizes;
}

/**
 * Counted in both dialects; only ECS holds a launch to the cloud disk count. EC2 volumes made with
 * an instance have no count limit (EBS limits storage per volume type,
 * https://docs.aws.amazon.com/ebs/latest/userguide/ebs-resource-quotas.html), so an EC2 launch is
 * never refused by ECS's 250-disk quota.
 */
export function takeLaunchDiskQuota(ctx: ActionContext, accountId: string, disks: number): Promise<void> {
  return takeCloudDiskQuota(ctx.store, ctx.tx, accountId, disks, currentDialect() !== 'ec2');
}
