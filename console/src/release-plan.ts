import { call } from './api';
import { planFor, type ReleasePlan } from './release-rules';
import type { Disk, Instance, Snapshot } from './types';

export type { ReleasePlan };

/** Reads what the release dialog lists for each instance: its disks and each disk's snapshots (rules in release-rules.ts). */
export async function releasePlans(regionId: string, ids: string[]): Promise<ReleasePlan[]> {
  if (!ids.length) return [];
  const instances = await call<{ Instances: { Instance: Instance[] } }>('DescribeInstances', { RegionId: regionId, InstanceIds: ids, PageSize: 100 });
  return Promise.all(
    instances.Instances.Instance.map(async (instance) => {
      const disks = (await call<{ Disks: { Disk: Disk[] } }>('DescribeDisks', { RegionId: regionId, InstanceId: instance.InstanceId, PageSize: 100 })).Disks
        .Disk;
      const snapshots = await Promise.all(
        disks.map(
          async (d) =>
            (await call<{ Snapshots: { Snapshot: Snapshot[] } }>('DescribeSnapshots', { RegionId: regionId, DiskId: d.DiskId, PageSize: 100 })).Snapshots
              .Snapshot,
        ),
      );
      return planFor(instance, disks, snapshots.flat());
    }),
  );
}
