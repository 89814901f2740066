import { describe, expect, it } from 'vitest';
import { planFor } from '../../console/src/release-rules';
import type { Disk, Instance, Snapshot } from '../../console/src/types';

/**
 * The console's release dialog lists what goes with an instance and what stays
 * charging, by the same rules the sandbox applies on release (README, "What
 * release does"; shared/store/disk-release.ts): system disk and DeleteWithInstance
 * data disks go, with their automatic snapshots when DeleteAutoSnapshot is on;
 * the public IP goes; other disks, the EIP and other snapshots stay.
 */
const instance = (over: Partial<Instance> = {}): Instance => ({
  InstanceId: 'i-1',
  InstanceName: 'web',
  Status: 'Running',
  InstanceType: 'ecs.g7.large',
  ZoneId: 'cn-hangzhou-h',
  RegionId: 'cn-hangzhou',
  ImageId: 'img',
  InstanceChargeType: 'PostPaid',
  DeletionProtection: false,
  AutoReleaseTime: '',
  ExpiredTime: '',
  CreationTime: '',
  KeyPairName: '',
  PublicIpAddress: { IpAddress: ['47.0.0.1'] },
  EipAddress: { AllocationId: '', IpAddress: '' },
  VpcAttributes: { VpcId: 'vpc-1', VSwitchId: 'vsw-1', PrivateIpAddress: { IpAddress: ['172.16.0.1'] } },
  SecurityGroupIds: { SecurityGroupId: [] },
  Tags: { Tag: [] },
  OperationLocks: { LockReason: [] },
  ...over,
});
const disk = (id: string, over: Partial<Disk>): Disk => ({
  DiskId: id,
  DiskName: '',
  Type: 'data',
  Category: 'cloud_essd',
  Size: 20,
  Status: 'In_use',
  InstanceId: 'i-1',
  Device: '',
  DeleteWithInstance: false,
  DeleteAutoSnapshot: true,
  AutoSnapshotPolicyId: '',
  DiskChargeType: 'PostPaid',
  ZoneId: '',
  ...over,
});
const snap = (id: string, diskId: string, type: 'auto' | 'user'): Snapshot => ({
  SnapshotId: id,
  SnapshotName: '',
  SourceDiskId: diskId,
  SnapshotType: type,
  Status: 'accomplished',
  Progress: '100%',
  CreationTime: '',
});
const ids = (items: { id: string }[]) => items.map((i) => i.id).sort();

describe('release dialog rules', () => {
  it('lists the system disk, DeleteWithInstance data disks and the public IP as going, other data disks as staying', () => {
    const plan = planFor(instance(), [disk('d-sys', { Type: 'system' }), disk('d-goes', { DeleteWithInstance: true }), disk('d-kept', {})], []);
    expect(ids(plan.goes)).toEqual(['47.0.0.1', 'd-goes', 'd-sys']);
    expect(ids(plan.stays)).toEqual(['d-kept']);
  });

  it('takes automatic snapshots of a going disk only when DeleteAutoSnapshot is on; manual snapshots always stay', () => {
    const disks = [
      disk('d-sys', { Type: 'system', DeleteAutoSnapshot: true }),
      disk('d-goes', { DeleteWithInstance: true, DeleteAutoSnapshot: false }),
      disk('d-kept', {}),
    ];
    const snaps = [
      snap('s-auto-sys', 'd-sys', 'auto'),
      snap('s-user-sys', 'd-sys', 'user'),
      snap('s-auto-goes', 'd-goes', 'auto'),
      snap('s-auto-kept', 'd-kept', 'auto'),
    ];
    const plan = planFor(instance(), disks, snaps);
    expect(ids(plan.goes)).toEqual(['47.0.0.1', 'd-goes', 'd-sys', 's-auto-sys']);
    expect(ids(plan.stays)).toEqual(['d-kept', 's-auto-goes', 's-auto-kept', 's-user-sys']);
  });

  it('keeps the EIP (unassociated, still charging) and has no public IP to return when there is none', () => {
    const plan = planFor(instance({ PublicIpAddress: { IpAddress: [] }, EipAddress: { AllocationId: 'eip-1', IpAddress: '47.0.0.9' } }), [], []);
    expect(plan.goes).toEqual([]);
    expect(plan.stays).toEqual([{ kind: 'EIP', id: 'eip-1', note: '47.0.0.9: unassociated, keeps charging' }]);
  });
});
