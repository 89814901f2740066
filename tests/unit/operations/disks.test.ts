import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { findAction } from '../../../shared/actions/registry';
import { attachDisk } from '../../../shared/actions/disks/operations';
import { errorOf, IMAGE, MemorySandbox } from '../../support/memory-sandbox';

interface Ec2Volume {
  VolumeId: string;
  Size: number;
  State: string;
  AvailabilityZone: string;
  VolumeType: string;
  Attachments: { InstanceId: string; Device: string; State: string }[];
  Tags: { Key: string; Value: string }[];
}

interface EcsDisk {
  DiskId: string;
  Size: number;
  Status: string;
  InstanceId: string;
  Category: string;
  DiskName: string;
}

const DISK_ACTIONS = ['CreateDisk', 'AttachDisk', 'DetachDisk', 'DeleteDisk', 'ResizeDisk', 'DescribeDisks', 'ModifyDiskAutoEnableIO', 'ModifyDiskAttribute'];

/**
 * The disk family as typed operations (issue 12): the EC2 volume adapters run the disk operations
 * (shared/actions/disks/operations.ts, queries.ts) with no ECS action on the way and map their
 * typed reasons to EC2 codes; the ECS disk actions are codecs over the same operations.
 */
describe('disk operations under both dialects', () => {
  let sandbox: MemorySandbox;
  let instanceId: string;
  let zone: string;
  beforeEach(async () => {
    sandbox = await MemorySandbox.withAccount();
    const launched = await sandbox.launchOne();
    ({ instanceId, zone } = launched);
    await sandbox.passTime(60);
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  const ecsHandlers = () => DISK_ACTIONS.map((name) => vi.spyOn(findAction(name)!, 'handler'));
  const volume = async (id: string) => (await sandbox.ec2<{ Volumes: Ec2Volume[] }>('DescribeVolumes', { 'VolumeId.1': id })).Volumes[0]!;
  const disk = async (id: string) => (await sandbox.ecs<{ Disks: { Disk: EcsDisk[] } }>('DescribeDisks', { DiskIds: JSON.stringify([id]) })).Disks.Disk[0];

  it('creates, attaches, grows, detaches and deletes a volume through EC2 without running an ECS action', async () => {
    const handlers = ecsHandlers();
    const created = await sandbox.ec2<Ec2Volume>('CreateVolume', {
      AvailabilityZone: zone,
      Size: '20',
      VolumeType: 'gp3',
      'TagSpecification.1.ResourceType': 'volume',
      'TagSpecification.1.Tag.1.Key': 'team',
      'TagSpecification.1.Tag.1.Value': 'data',
    });
    expect(created).toMatchObject({ Size: 20, State: 'creating', VolumeType: 'gp3', Tags: [{ Key: 'team', Value: 'data' }] });
    await sandbox.passTime(60);
    expect((await volume(created.VolumeId)).State).toBe('available');

    const attached = await sandbox.ec2<{ State: string; Device: string }>('AttachVolume', {
      VolumeId: created.VolumeId,
      InstanceId: instanceId,
      Device: '/dev/sdf',
    });
    expect(attached).toMatchObject({ State: 'attaching', Device: '/dev/sdf' });
    await sandbox.passTime(60);
    expect((await volume(created.VolumeId)).Attachments).toEqual([expect.objectContaining({ InstanceId: instanceId, Device: '/dev/sdf', State: 'attached' })]);

    const modified = await sandbox.ec2<{ VolumeModification: { OriginalSize: number; TargetSize: number } }>('ModifyVolume', {
      VolumeId: created.VolumeId,
      Size: '40',
    });
    expect(modified.VolumeModification).toMatchObject({ OriginalSize: 20, TargetSize: 40 });
    expect((await volume(created.VolumeId)).Size).toBe(40);

    expect(await sandbox.ec2('DetachVolume', { VolumeId: created.VolumeId })).toMatchObject({ State: 'detaching', InstanceId: instanceId });
    await sandbox.passTime(60);
    expect(await sandbox.ec2('DeleteVolume', { VolumeId: created.VolumeId })).toEqual({ Return: true });
    expect(await errorOf(sandbox.ec2('DescribeVolumes', { 'VolumeId.1': created.VolumeId }))).toEqual({ code: 'InvalidVolume.NotFound', status: 400 });
    for (const handler of handlers) expect(handler).not.toHaveBeenCalled();
  });

  it('shares one state: a disk made through ECS is an EC2 volume, a volume grown through EC2 is the bigger ECS disk', async () => {
    const { DiskId } = await sandbox.ecs<{ DiskId: string }>('CreateDisk', { ZoneId: zone, Size: 30, DiskCategory: 'cloud_essd', DiskName: 'shared' });
    await sandbox.passTime(60);
    expect(await volume(DiskId)).toMatchObject({ VolumeId: DiskId, Size: 30, State: 'available', VolumeType: 'gp3' });
    await sandbox.ec2('ModifyVolume', { VolumeId: DiskId, Size: '50' });
    expect(await disk(DiskId)).toMatchObject({ Size: 50, Status: 'Available', DiskName: 'shared' });
    // The ECS door keeps ECS's own codes for what EC2 calls by other names.
    expect(await errorOf(sandbox.ecs('ResizeDisk', { DiskId, NewSize: 40 }))).toEqual({ code: 'InvalidDiskSize', status: 403 });
    expect(await errorOf(sandbox.ecs('AttachDisk', { DiskId, InstanceId: 'i-unknown' }))).toEqual({ code: 'InvalidInstanceId.NotFound', status: 404 });
  });

  it('maps the typed reasons to EC2 codes and writes nothing', async () => {
    const { VolumeId } = await sandbox.ec2<Ec2Volume>('CreateVolume', { AvailabilityZone: zone, Size: '20', VolumeType: 'gp3' });
    await sandbox.passTime(60);
    const before = sandbox.store.dump();
    expect(await errorOf(sandbox.ec2('AttachVolume', { VolumeId, InstanceId: 'i-0123456789abcdef0', Device: '/dev/sdf' }))).toEqual({
      code: 'InvalidInstanceID.NotFound',
      status: 400,
    });
    expect(await errorOf(sandbox.ec2('AttachVolume', { VolumeId, InstanceId: instanceId, Device: '/dev/hdq' }))).toEqual({
      code: 'InvalidParameterValue',
      status: 400,
    });
    expect(await errorOf(sandbox.ec2('CreateVolume', { AvailabilityZone: 'nowhere-1z', Size: '20' }))).toEqual({ code: 'InvalidParameterValue', status: 400 });
    expect(await errorOf(sandbox.ec2('ModifyVolumeAttribute', { VolumeId: 'vol-0000000000000dead', 'AutoEnableIO.Value': 'true' }))).toEqual({
      code: 'InvalidVolume.NotFound',
      status: 400,
    });
    await sandbox.ec2('ModifyVolume', { VolumeId, Size: '30' });
    const resized = sandbox.store.dump();
    // A second modification while the first runs: EC2's rule, kept in the operation (checkVolumeModifiable).
    expect(await errorOf(sandbox.ec2('ModifyVolume', { VolumeId, Size: '40' }))).toEqual({ code: 'IncorrectModificationState', status: 400 });
    expect(sandbox.store.dump()).toEqual(resized);
    expect(before).not.toEqual(resized);
  });

  it('sets and shows autoEnableIO; EnableVolumeIO answers for a volume it knows', async () => {
    const { VolumeId } = await sandbox.ec2<Ec2Volume>('CreateVolume', { AvailabilityZone: zone, Size: '20' });
    const attribute = async () =>
      (await sandbox.ec2<{ AutoEnableIO: { Value: boolean } }>('DescribeVolumeAttribute', { VolumeId, Attribute: 'autoEnableIO' })).AutoEnableIO.Value;
    expect(await attribute()).toBe(false);
    await sandbox.ec2('ModifyVolumeAttribute', { VolumeId, 'AutoEnableIO.Value': 'true' });
    expect(await attribute()).toBe(true);
    expect(await sandbox.ec2('EnableVolumeIO', { VolumeId })).toBeUndefined();
    expect(await errorOf(sandbox.ec2('EnableVolumeIO', { VolumeId: 'vol-0000000000000dead' }))).toEqual({ code: 'InvalidVolume.NotFound', status: 400 });
  });

  it('answers a CreateVolume retried with its ClientToken with the same volume, once', async () => {
    const params = { AvailabilityZone: zone, Size: '25', VolumeType: 'gp3', ClientToken: 'retry-1' };
    const first = await sandbox.ec2<Ec2Volume>('CreateVolume', params);
    const again = await sandbox.ec2<Ec2Volume>('CreateVolume', params);
    expect(again.VolumeId).toBe(first.VolumeId);
    expect(await errorOf(sandbox.ec2('CreateVolume', { ...params, Size: '26' }))).toEqual({ code: 'IdempotentParameterMismatch', status: 400 });
    const all = (await sandbox.ec2<{ Volumes: Ec2Volume[] }>('DescribeVolumes', { 'Filter.1.Name': 'size', 'Filter.1.Value.1': '25' })).Volumes;
    expect(all.map((v) => v.VolumeId)).toEqual([first.VolumeId]);
  });

  it('filters and pages DescribeDisks through its typed query', async () => {
    const ids: string[] = [];
    for (const size of [20, 30, 40])
      ids.push((await sandbox.ecs<{ DiskId: string }>('CreateDisk', { ZoneId: zone, Size: size, DiskCategory: 'cloud_essd' })).DiskId);
    await sandbox.passTime(60);
    const data = await sandbox.ecs<{ TotalCount: number; Disks: { Disk: EcsDisk[] } }>('DescribeDisks', { DiskType: 'data', Status: 'Available' });
    expect(data.Disks.Disk.map((d) => d.DiskId).sort()).toEqual([...ids].sort());
    const attachedToInstance = await sandbox.ecs<{ Disks: { Disk: EcsDisk[] } }>('DescribeDisks', { InstanceId: instanceId });
    expect(attachedToInstance.Disks.Disk.map((d) => d.Category)).toEqual(['cloud_essd']);
    const first = await sandbox.ecs<{ NextToken: string; Disks: { Disk: EcsDisk[] } }>('DescribeDisks', { MaxResults: 10, DiskType: 'data' });
    expect(first.Disks.Disk).toHaveLength(3);
    expect(first.NextToken).toBe('');
    expect(await errorOf(sandbox.ecs('DescribeDisks', { Status: 'Sleeping' }))).toEqual({ code: 'InvalidStatus.ValueNotSupported', status: 400 });
  });

  it('attaches all or nothing: a failure after the operation wrote the disk and the instance leaves both unchanged', async () => {
    const { VolumeId } = await sandbox.ec2<Ec2Volume>('CreateVolume', { AvailabilityZone: zone, Size: '20', VolumeType: 'gp3' });
    await sandbox.passTime(60);
    const before = sandbox.store.dump();
    const original = attachDisk.run.bind(attachDisk);
    vi.spyOn(attachDisk, 'run').mockImplementation(async (input, ctx) => {
      await original(input, ctx);
      throw new Error('the store went away after the writes');
    });
    expect((await errorOf(sandbox.ec2('AttachVolume', { VolumeId, InstanceId: instanceId, Device: '/dev/sdf' }))).status).toBe(500);
    expect(sandbox.store.dump()).toEqual(before);
  });

  it('modifies the attributes of several disks all or nothing: a system disk that must stay refuses the whole call', async () => {
    const { DiskId } = await sandbox.ecs<{ DiskId: string }>('CreateDisk', { ZoneId: zone, Size: 20, DiskCategory: 'cloud_essd', DiskName: 'before' });
    const [systemDisk] = (await sandbox.ecs<{ Disks: { Disk: EcsDisk[] } }>('DescribeDisks', { InstanceId: instanceId, DiskType: 'system' })).Disks.Disk;
    const before = sandbox.store.dump();
    const refused = await errorOf(
      sandbox.ecs('ModifyDiskAttribute', { 'DiskIds.1': DiskId, 'DiskIds.2': systemDisk!.DiskId, DiskName: 'after', DeleteWithInstance: false }),
    );
    expect(refused).toEqual({ code: 'DiskNotPortable', status: 403 });
    expect(sandbox.store.dump()).toEqual(before);
    expect((await disk(DiskId))?.DiskName).toBe('before');
  });

  it('rolls a disk back to its own snapshot only with its instance stopped, and re-initialises it', async () => {
    const [systemDisk] = (await sandbox.ecs<{ Disks: { Disk: EcsDisk[] } }>('DescribeDisks', { InstanceId: instanceId, DiskType: 'system' })).Disks.Disk;
    const diskId = systemDisk!.DiskId;
    const { SnapshotId } = await sandbox.ecs<{ SnapshotId: string }>('CreateSnapshot', { DiskId: diskId });
    await sandbox.passTime(3600);
    const running = sandbox.store.dump();
    expect(await errorOf(sandbox.ecs('ResetDisk', { DiskId: diskId, SnapshotId }))).toEqual({ code: 'IncorrectInstanceStatus', status: 403 });
    expect(await errorOf(sandbox.ecs('ReInitDisk', { DiskId: diskId }))).toEqual({ code: 'IncorrectInstanceStatus', status: 403 });
    expect(sandbox.store.dump()).toEqual(running);
    await sandbox.ecs('StopInstance', { InstanceId: instanceId });
    await sandbox.passTime(60);
    expect(await errorOf(sandbox.ecs('ResetDisk', { DiskId: diskId, SnapshotId: 's-unknown' }))).toEqual({ code: 'InvalidSnapshotId.NotFound', status: 404 });
    const stopped = sandbox.store.dump();
    await sandbox.ecs('ResetDisk', { DiskId: diskId, SnapshotId });
    expect(sandbox.store.dump()).not.toEqual(stopped);
    await sandbox.ecs('ReInitDisk', { DiskId: diskId });
    expect((await disk(diskId))?.Status).toBe('ReIniting');
    await sandbox.passTime(60);
    expect((await disk(diskId))?.Status).toBe('In_use');
  });

  it('replaces the system disk of a stopped instance with a new disk; a running instance refuses and nothing changes', async () => {
    const systemDiskOf = async () =>
      (await sandbox.ecs<{ Disks: { Disk: EcsDisk[] } }>('DescribeDisks', { InstanceId: instanceId, DiskType: 'system' })).Disks.Disk.map((d) => d.DiskId);
    const [old] = await systemDiskOf();
    const running = sandbox.store.dump();
    expect(await errorOf(sandbox.ecs('ReplaceSystemDisk', { InstanceId: instanceId, ImageId: IMAGE }))).toEqual({
      code: 'IncorrectInstanceStatus',
      status: 403,
    });
    expect(sandbox.store.dump()).toEqual(running);
    await sandbox.ecs('StopInstance', { InstanceId: instanceId });
    await sandbox.passTime(60);
    const { DiskId } = await sandbox.ecs<{ DiskId: string }>('ReplaceSystemDisk', { InstanceId: instanceId, ImageId: IMAGE });
    expect(DiskId).not.toBe(old);
    expect(await systemDiskOf()).toEqual([DiskId]);
    expect(await disk(old!)).toBeUndefined();
  });
});
