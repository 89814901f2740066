import type { Disk, Instance, Snapshot } from './types';

/**
 * What releasing an instance takes with it and what it leaves charging, as the
 * release guide's "confirm the resources that will be released and kept" step
 * lists them: the system disk, data disks set to DeleteWithInstance, the
 * automatic snapshots of those disks when they are set to go with their disk,
 * and the instance's public IP go; other data disks, its EIP and every other
 * snapshot stay (and keep charging).
 */
export interface PlanItem {
  kind: string;
  id: string;
  note: string;
}
export interface ReleasePlan {
  instance: Instance;
  goes: PlanItem[];
  stays: PlanItem[];
}

export function planFor(instance: Instance, disks: Disk[], snapshots: Snapshot[]): ReleasePlan {
  const goes: PlanItem[] = [];
  const stays: PlanItem[] = [];
  for (const d of disks) {
    const going = d.Type === 'system' || d.DeleteWithInstance;
    const label = `${d.Type} disk, ${d.Size} GiB ${d.Category}`;
    if (going) goes.push({ kind: 'Disk', id: d.DiskId, note: label });
    else stays.push({ kind: 'Disk', id: d.DiskId, note: `${label}: detached, keeps charging` });
    for (const s of snapshots.filter((x) => x.SourceDiskId === d.DiskId)) {
      const auto = s.SnapshotType === 'auto';
      if (going && auto && d.DeleteAutoSnapshot) goes.push({ kind: 'Snapshot', id: s.SnapshotId, note: `automatic snapshot of ${d.DiskId}` });
      else stays.push({ kind: 'Snapshot', id: s.SnapshotId, note: `${auto ? 'automatic' : 'manual'} snapshot of ${d.DiskId}: kept, keeps charging` });
    }
  }
  for (const ip of instance.PublicIpAddress.IpAddress) goes.push({ kind: 'Public IP', id: ip, note: 'returned with the instance' });
  if (instance.EipAddress.AllocationId) {
    stays.push({ kind: 'EIP', id: instance.EipAddress.AllocationId, note: `${instance.EipAddress.IpAddress}: unassociated, keeps charging` });
  }
  return { instance, goes, stays };
}
