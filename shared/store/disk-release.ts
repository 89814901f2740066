import type { DiskRecord } from '../domain/disk';
import { automaticallyDeletable, type SnapshotRecord } from '../domain/snapshot';
import { Keys } from './keys';
import type { Stored, UnitOfWork } from './state-store';

/**
 * What goes with a disk when the disk goes (DeleteDisk, ReplaceSystemDisk,
 * and the release of its instance in shared/store/instances.ts
 * `releaseInstance`): its automatic snapshots when DeleteAutoSnapshot is on
 * (docs/rules/ecs-user-guide.md#disk-attach; manual snapshots always stay; one an image uses
 * stays too), and its share of the disk quotas. Kept free of the instances
 * module so that module can call it.
 */

/** Usage counters of the disk quotas (taken in the transaction that creates, given back in the one that deletes). */
export const DiskUsage = {
  cloudDisks: (accountId: string) => Keys.accountUsage(accountId, 'CloudDisks'),
  postPaidDisks: (accountId: string, regionId: string) => Keys.accountUsage(accountId, `PostPaidDisks#${regionId}`),
};

/** The automatic snapshots of disks about to be released, read before the release is written. */
export interface DiskReleaseCascade {
  autoSnapshots: Stored<SnapshotRecord>[];
}

/**
 * In the caller's unit of work (the caller removes the disk item itself):
 * delete the disk's automatic snapshots found in `cascade` when its
 * DeleteAutoSnapshot is on, and give back its quota. Returns the ids of the
 * snapshots deleted.
 */
export function onDiskReleased(tx: UnitOfWork, disk: DiskRecord, cascade: DiskReleaseCascade | undefined): string[] {
  const deleted: string[] = [];
  if (disk.deleteAutoSnapshot && cascade) {
    for (const s of cascade.autoSnapshots) {
      if (s.sourceDiskId !== disk.diskId || s.type !== 'auto' || !automaticallyDeletable(s)) continue;
      tx.remove(s);
      deleted.push(s.snapshotId);
    }
  }
  tx.addToCounter(DiskUsage.cloudDisks(disk.accountId), 'count', -1, undefined);
  if (disk.portable) tx.addToCounter(DiskUsage.postPaidDisks(disk.accountId, disk.regionId), 'count', -1, undefined);
  return deleted;
}
