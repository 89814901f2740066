import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { findAction } from '../../../shared/actions/registry';
import { errorOf, IMAGE, MemorySandbox } from '../../support/memory-sandbox';

interface Ec2Snapshot {
  SnapshotId: string;
  VolumeId: string;
  State: string;
  Progress: string;
  Tags: { Key: string; Value: string }[];
}

/**
 * The snapshot family as typed operations (issue 12, item 2): EC2 CreateSnapshot, DescribeSnapshots
 * and DeleteSnapshot call the operations directly and map their typed errors; ECS CreateSnapshot
 * and DeleteSnapshot are codecs over the same operations.
 */
describe('snapshot operations under both dialects', () => {
  let sandbox: MemorySandbox;
  let volumeId: string;
  let instanceId: string;
  beforeEach(async () => {
    sandbox = await MemorySandbox.withAccount();
    const run = await sandbox.ec2<{ Instances: { InstanceId: string; BlockDeviceMappings: { Ebs: { VolumeId: string } }[] }[] }>('RunInstances', {
      ImageId: IMAGE,
      InstanceType: 't3.micro',
      MinCount: '1',
      MaxCount: '1',
    });
    instanceId = run.Instances[0]!.InstanceId;
    await sandbox.passTime(60);
    const described = await sandbox.ec2<{ Reservations: { Instances: { BlockDeviceMappings: { Ebs: { VolumeId: string } }[] }[] }[] }>('DescribeInstances', {
      'InstanceId.1': instanceId,
    });
    volumeId = described.Reservations[0]!.Instances[0]!.BlockDeviceMappings[0]!.Ebs.VolumeId;
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  const ecsHandlers = () => ['CreateSnapshot', 'DescribeSnapshots', 'DeleteSnapshot'].map((name) => vi.spyOn(findAction(name)!, 'handler'));

  it('creates, completes, lists and deletes a snapshot through EC2 without running an ECS action', async () => {
    const handlers = ecsHandlers();
    const created = await sandbox.ec2<Ec2Snapshot>('CreateSnapshot', {
      VolumeId: volumeId,
      'TagSpecification.1.ResourceType': 'snapshot',
      'TagSpecification.1.Tag.1.Key': 'purpose',
      'TagSpecification.1.Tag.1.Value': 'backup',
    });
    expect(created).toMatchObject({ VolumeId: volumeId, State: 'pending', Tags: [{ Key: 'purpose', Value: 'backup' }] });
    await sandbox.passTime(3600);
    const listed = await sandbox.ec2<{ Snapshots: Ec2Snapshot[] }>('DescribeSnapshots', { 'SnapshotId.1': created.SnapshotId });
    expect(listed.Snapshots).toEqual([expect.objectContaining({ SnapshotId: created.SnapshotId, State: 'completed', Progress: '100%' })]);
    expect(await sandbox.ec2('DeleteSnapshot', { SnapshotId: created.SnapshotId })).toEqual({ Return: true });
    expect(await errorOf(sandbox.ec2('DescribeSnapshots', { 'SnapshotId.1': created.SnapshotId }))).toEqual({ code: 'InvalidSnapshot.NotFound', status: 400 });
    for (const handler of handlers) expect(handler).not.toHaveBeenCalled();
  });

  it('maps the typed errors: a snapshot of an image is in use, a second manual snapshot while one runs is IncorrectState', async () => {
    const { SnapshotId } = await sandbox.ec2<Ec2Snapshot>('CreateSnapshot', { VolumeId: volumeId });
    expect(await errorOf(sandbox.ec2('CreateSnapshot', { VolumeId: volumeId }))).toEqual({ code: 'IncorrectState', status: 400 });
    await sandbox.passTime(3600);
    const { ImageId } = await sandbox.ec2<{ ImageId: string }>('CreateImage', { InstanceId: instanceId, Name: 'with-snapshots' });
    await sandbox.passTime(3600);
    const image = await sandbox.ec2<{ Images: { BlockDeviceMappings: { Ebs: { SnapshotId: string } }[] }[] }>('DescribeImages', { 'ImageId.1': ImageId });
    const imageSnapshot = image.Images[0]!.BlockDeviceMappings[0]!.Ebs.SnapshotId;
    const before = sandbox.store.dump();
    expect(await errorOf(sandbox.ec2('DeleteSnapshot', { SnapshotId: imageSnapshot }))).toEqual({ code: 'InvalidSnapshot.InUse', status: 400 });
    expect(sandbox.store.dump()).toEqual(before);
    // The ECS door keeps its own code for the same refusal.
    expect(await errorOf(sandbox.ecs('DeleteSnapshot', { SnapshotId: imageSnapshot }))).toEqual({ code: 'SnapshotCreatedImage', status: 403 });
    expect(SnapshotId).not.toBe(imageSnapshot);
  });
});

/**
 * EC2 takes a snapshot of an in-use volume whatever its attachment's state (issue 15): right
 * after AttachVolume the volume is `in-use` (boto3's volume_in_use waiter passes) with its
 * attachment still `attaching`. ECS keeps its rule: an Attaching disk is refused.
 */
describe('CreateSnapshot of a volume whose attachment is still attaching', () => {
  type Volume = { State: string; Attachments: { State: string }[] };
  let sandbox: MemorySandbox;
  let volumeId: string;
  beforeEach(async () => {
    sandbox = await MemorySandbox.withAccount();
    const { instanceId, zone } = await sandbox.launchOne();
    await sandbox.passTime(60);
    volumeId = (await sandbox.ec2<{ VolumeId: string }>('CreateVolume', { AvailabilityZone: zone, Size: '20', VolumeType: 'gp3' })).VolumeId;
    await sandbox.passTime(60);
    await sandbox.ec2('AttachVolume', { VolumeId: volumeId, InstanceId: instanceId, Device: '/dev/sdf' });
  });
  const volume = async () => (await sandbox.ec2<{ Volumes: Volume[] }>('DescribeVolumes', { 'VolumeId.1': volumeId })).Volumes[0]!;

  it('is accepted through EC2 before any time passes', async () => {
    expect(await volume()).toMatchObject({ State: 'in-use', Attachments: [{ State: 'attaching' }] });
    const created = await sandbox.ec2<Ec2Snapshot>('CreateSnapshot', { VolumeId: volumeId });
    expect(created).toMatchObject({ VolumeId: volumeId, State: 'pending' });
    await sandbox.passTime(3600);
    const listed = await sandbox.ec2<{ Snapshots: Ec2Snapshot[] }>('DescribeSnapshots', { 'SnapshotId.1': created.SnapshotId });
    expect(listed.Snapshots).toEqual([expect.objectContaining({ SnapshotId: created.SnapshotId, VolumeId: volumeId, State: 'completed' })]);
    // The snapshot did not disturb the attachment, which completed in the meantime.
    expect(await volume()).toMatchObject({ State: 'in-use', Attachments: [{ State: 'attached' }] });
  });

  it('is still refused through ECS, and the refusal changes nothing', async () => {
    const before = sandbox.store.dump();
    expect(await errorOf(sandbox.ecs('CreateSnapshot', { DiskId: volumeId }))).toEqual({ code: 'IncorrectDiskStatus', status: 403 });
    expect(sandbox.store.dump()).toEqual(before);
  });
});
