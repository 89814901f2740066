import { beforeEach, describe, expect, it } from 'vitest';
import { listSnapshots } from '../../../shared/store/snapshots';
import { errorOf, IMAGE, MemorySandbox, REGION } from '../../support/memory-sandbox';

interface SnapshotInfo {
  SnapshotId: string;
  VolumeId: string;
  State: string;
  VolumeSize: number;
  Tags: { Key: string; Value: string }[];
}

/** EC2 CreateSnapshots over ECS CreateSnapshotGroup: one unit of work for every volume (issue 15). */
describe('EC2 CreateSnapshots', () => {
  let sandbox: MemorySandbox;
  let instanceId: string;
  let rootVolume: string;
  let dataVolumes: string[];

  beforeEach(async () => {
    sandbox = await MemorySandbox.withAccount();
    const run = await sandbox.ec2<{ Instances: { InstanceId: string }[] }>('RunInstances', {
      ImageId: IMAGE,
      InstanceType: 't3.micro',
      MinCount: '1',
      MaxCount: '1',
      'BlockDeviceMapping.1.DeviceName': '/dev/sdf',
      'BlockDeviceMapping.1.Ebs.VolumeSize': '30',
      'BlockDeviceMapping.2.DeviceName': '/dev/sdg',
      'BlockDeviceMapping.2.Ebs.VolumeSize': '40',
    });
    instanceId = run.Instances[0]!.InstanceId;
    await sandbox.passTime(60);
    const volumes = await sandbox.ec2<{ Volumes: { VolumeId: string; Size: number; Attachments: { Device: string }[] }[] }>('DescribeVolumes', {
      'Filter.1.Name': 'attachment.instance-id',
      'Filter.1.Value.1': instanceId,
    });
    rootVolume = volumes.Volumes.find((v) => v.Attachments[0]?.Device === '/dev/xvda')!.VolumeId;
    dataVolumes = volumes.Volumes.filter((v) => v.VolumeId !== rootVolume)
      .sort((a, b) => a.Size - b.Size)
      .map((v) => v.VolumeId);
    await sandbox.ec2('CreateTags', { 'ResourceId.1': dataVolumes[0]!, 'Tag.1.Key': 'role', 'Tag.1.Value': 'logs', 'Tag.2.Key': 'env', 'Tag.2.Value': 'old' });
  });

  const snapshotCount = async () => (await listSnapshots(sandbox.store, sandbox.caller.accountId, REGION, { now: new Date(), limit: 1000 })).items.length;

  it('snapshots every volume of the instance at once, tagged, and they complete on the sandbox clock', async () => {
    const out = await sandbox.ec2<{ Snapshots: SnapshotInfo[] }>('CreateSnapshots', {
      'InstanceSpecification.InstanceId': instanceId,
      Description: 'nightly set',
      'TagSpecification.1.ResourceType': 'snapshot',
      'TagSpecification.1.Tag.1.Key': 'env',
      'TagSpecification.1.Tag.1.Value': 'prod',
      CopyTagsFromSource: 'volume',
    });
    expect(out.Snapshots.map((s) => s.VolumeId).sort()).toEqual([rootVolume, ...dataVolumes].sort());
    expect(out.Snapshots.every((s) => s.State === 'pending' && s.SnapshotId.startsWith('snap-'))).toBe(true);
    const logs = out.Snapshots.find((s) => s.VolumeId === dataVolumes[0])!;
    // The volume's tags are copied; the request's tag wins over the volume's tag of the same key.
    expect(logs.Tags.sort((a, b) => a.Key.localeCompare(b.Key))).toEqual([
      { Key: 'env', Value: 'prod' },
      { Key: 'role', Value: 'logs' },
    ]);
    expect(out.Snapshots.find((s) => s.VolumeId === rootVolume)!.Tags).toEqual([{ Key: 'env', Value: 'prod' }]);
    await sandbox.passTime(24 * 3600);
    const described = await sandbox.ec2<{ Snapshots: { SnapshotId: string; State: string; Description: string }[] }>('DescribeSnapshots', {
      'Filter.1.Name': 'volume-id',
      'Filter.1.Value.1': dataVolumes[1]!,
    });
    expect(described.Snapshots).toHaveLength(1);
    expect(described.Snapshots[0]).toMatchObject({ State: 'completed', Description: 'nightly set' });
  });

  it('leaves out the boot volume and the excluded data volumes; without CopyTagsFromSource no volume tag is copied', async () => {
    const out = await sandbox.ec2<{ Snapshots: SnapshotInfo[] }>('CreateSnapshots', {
      'InstanceSpecification.InstanceId': instanceId,
      'InstanceSpecification.ExcludeBootVolume': 'true',
      'InstanceSpecification.ExcludeDataVolumeId.1': dataVolumes[1]!,
    });
    expect(out.Snapshots.map((s) => s.VolumeId)).toEqual([dataVolumes[0]]);
    expect(out.Snapshots[0]!.Tags).toEqual([]);
  });

  it('answers each bad request with the EC2 error and writes no snapshot', async () => {
    expect(await errorOf(sandbox.ec2('CreateSnapshots', { 'InstanceSpecification.InstanceId': instanceId, DryRun: 'true' }))).toMatchObject({
      code: 'DryRunOperation',
      status: 412,
    });
    expect(await snapshotCount()).toBe(0);
    // A manual snapshot of one data volume is still running: the whole set is refused, none is written.
    await sandbox.ec2('CreateSnapshot', { VolumeId: dataVolumes[1]! });
    const before = await snapshotCount();
    const cases: [Record<string, string>, string][] = [
      [{ 'InstanceSpecification.InstanceId': instanceId }, 'IncorrectState'],
      [{ 'InstanceSpecification.InstanceId': 'i-0123456789abcdef0' }, 'InvalidInstanceID.NotFound'],
      [{ 'InstanceSpecification.InstanceId': 'web-1' }, 'InvalidInstanceID.Malformed'],
      [{ 'InstanceSpecification.InstanceId': instanceId, 'InstanceSpecification.ExcludeDataVolumeId.1': rootVolume }, 'InvalidParameterValue'],
      [{ 'InstanceSpecification.InstanceId': instanceId, 'InstanceSpecification.ExcludeDataVolumeId.1': 'vol-0000000000000000a' }, 'InvalidVolume.NotFound'],
      [{ 'InstanceSpecification.InstanceId': instanceId, 'InstanceSpecification.ExcludeDataVolumeId.1': 'snap-1' }, 'InvalidVolumeID.Malformed'],
      [
        {
          'InstanceSpecification.InstanceId': instanceId,
          'InstanceSpecification.ExcludeBootVolume': 'true',
          'InstanceSpecification.ExcludeDataVolumeId.1': dataVolumes[0]!,
          'InstanceSpecification.ExcludeDataVolumeId.2': dataVolumes[1]!,
        },
        'InvalidParameterValue',
      ],
      [{ 'InstanceSpecification.InstanceId': instanceId, CopyTagsFromSource: 'instance' }, 'InvalidParameterValue'],
      [{ 'InstanceSpecification.InstanceId': instanceId, Location: 'local' }, 'UnsupportedOperation'],
    ];
    for (const [params, code] of cases) {
      expect(await errorOf(sandbox.ec2('CreateSnapshots', params)), JSON.stringify(params)).toMatchObject({ code, status: 400 });
    }
    expect(await snapshotCount()).toBe(before);
  });

  it('refuses an instance that is neither running nor stopped', async () => {
    await sandbox.ec2('StopInstances', { 'InstanceId.1': instanceId });
    expect(await errorOf(sandbox.ec2('CreateSnapshots', { 'InstanceSpecification.InstanceId': instanceId }))).toMatchObject({
      code: 'IncorrectState',
      status: 400,
    });
    await sandbox.passTime(60);
    const out = await sandbox.ec2<{ Snapshots: SnapshotInfo[] }>('CreateSnapshots', { 'InstanceSpecification.InstanceId': instanceId });
    expect(out.Snapshots).toHaveLength(3);
  });

  it('takes a volume whose attachment is still attaching, as CreateSnapshot does; ECS CreateSnapshotGroup still refuses it', async () => {
    const zone = (
      await sandbox.ec2<{ Reservations: { Instances: { Placement: { AvailabilityZone: string } }[] }[] }>('DescribeInstances', { 'InstanceId.1': instanceId })
    ).Reservations[0]!.Instances[0]!.Placement.AvailabilityZone;
    const { VolumeId } = await sandbox.ec2<{ VolumeId: string }>('CreateVolume', { AvailabilityZone: zone, Size: '20' });
    await sandbox.passTime(60);
    await sandbox.ec2('AttachVolume', { VolumeId, InstanceId: instanceId, Device: '/dev/sdh' });
    const state = await sandbox.ec2<{ Volumes: { Attachments: { State: string }[] }[] }>('DescribeVolumes', { 'VolumeId.1': VolumeId });
    expect(state.Volumes[0]!.Attachments[0]!.State).toBe('attaching');
    expect(await errorOf(sandbox.ecs('CreateSnapshotGroup', { InstanceId: instanceId }))).toMatchObject({ code: 'IncorrectDiskStatus' });
    const out = await sandbox.ec2<{ Snapshots: SnapshotInfo[] }>('CreateSnapshots', { 'InstanceSpecification.InstanceId': instanceId });
    expect(out.Snapshots.map((s) => s.VolumeId)).toContain(VolumeId);
    expect(out.Snapshots).toHaveLength(4);
  });
});

/** The ECS action EC2 CreateSnapshots is made of, called through the ECS door. */
describe('ECS CreateSnapshotGroup', () => {
  it('snapshots the chosen disks of an instance in one unit of work, with ECS errors for bad input', async () => {
    const sandbox = await MemorySandbox.withAccount();
    const run = await sandbox.ecs<{ InstanceIdSets: { InstanceIdSet: string[] } }>('RunInstances', {
      ImageId: IMAGE,
      InstanceType: 'ecs.g7.large',
      'DataDisk.1.Size': 60,
      'DataDisk.2.Size': 70,
    });
    const instanceId = run.InstanceIdSets.InstanceIdSet[0]!;
    await sandbox.passTime(60);
    const disks = (await sandbox.ecs<{ Disks: { Disk: { DiskId: string; Type: string; Size: number }[] } }>('DescribeDisks', { InstanceId: instanceId })).Disks
      .Disk;
    const data60 = disks.find((d) => d.Type === 'data' && d.Size === 60)!.DiskId;
    const system = disks.find((d) => d.Type === 'system')!.DiskId;
    const count = async () => (await listSnapshots(sandbox.store, sandbox.caller.accountId, REGION, { now: new Date(), limit: 1000 })).items.length;

    const cases: [Record<string, string | number>, string][] = [
      [{ InstanceId: instanceId, 'DiskId.1': data60, 'ExcludeDiskId.1': system }, 'InvalidParameter.Conflict'],
      [{ InstanceId: instanceId, 'DiskId.1': 'd-nosuchdisk0000' }, 'InvalidDiskId.NotFound'],
      [{ InstanceId: instanceId, Name: 'auto-named' }, 'InvalidSnapshotName.Malformed'],
      [{ InstanceId: instanceId, InstantAccess: 'true' }, 'UnsupportedParameter'],
      [{ InstanceId: 'i-nosuchinstance00' }, 'InvalidInstanceId.NotFound'],
      [
        {
          InstanceId: instanceId,
          'ExcludeDiskId.1': system,
          'ExcludeDiskId.2': data60,
          'ExcludeDiskId.3': disks.find((d) => d.Type === 'data' && d.Size === 70)!.DiskId,
        },
        'InvalidParameter',
      ],
    ];
    for (const [params, code] of cases) {
      expect(await errorOf(sandbox.ecs('CreateSnapshotGroup', params)), JSON.stringify(params)).toMatchObject({ code });
    }
    expect(await count()).toBe(0);

    const out = await sandbox.ecs<{ SnapshotGroupId: string }>('CreateSnapshotGroup', {
      InstanceId: instanceId,
      'DiskId.1': system,
      'DiskId.2': data60,
      Name: 'pair',
    });
    expect(out.SnapshotGroupId).toMatch(/^ssg-/);
    expect(Object.keys(out).sort()).toEqual(['SnapshotGroupId']);
    const snapshots = (
      await sandbox.ecs<{ Snapshots: { Snapshot: { SourceDiskId: string; SnapshotName: string }[] } }>('DescribeSnapshots', { InstanceId: instanceId })
    ).Snapshots.Snapshot;
    expect(snapshots.map((s) => s.SourceDiskId).sort()).toEqual([system, data60].sort());
    expect(snapshots.every((s) => s.SnapshotName === 'pair')).toBe(true);
  });
});
