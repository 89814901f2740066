import { beforeEach, describe, expect, it } from 'vitest';
import { listOwnImages } from '../../../shared/store/images';
import { errorOf, MemorySandbox, REGION } from '../../support/memory-sandbox';

interface Image {
  ImageId: string;
  State: string;
  Name: string;
  Architecture: string;
  BootMode: string;
  RootDeviceName: string;
  BlockDeviceMappings: { DeviceName: string; Ebs: { SnapshotId?: string; VolumeSize: number } }[];
  Tags: { Key: string; Value: string }[];
}

/** EC2 RegisterImage over the ECS image domain (issue 15), on the in-memory store. */
describe('EC2 RegisterImage', () => {
  let sandbox: MemorySandbox;
  let rootSnapshot: string;
  let dataSnapshot: string;

  beforeEach(async () => {
    sandbox = await MemorySandbox.withAccount();
    const launched = await sandbox.launchOne();
    await sandbox.passTime(60);
    const volumes = await sandbox.ec2<{ Volumes: { VolumeId: string; Attachments: { InstanceId: string }[] }[] }>('DescribeVolumes', {});
    const root = volumes.Volumes.find((v) => v.Attachments[0]?.InstanceId === launched.instanceId)!;
    rootSnapshot = (await sandbox.ec2<{ SnapshotId: string }>('CreateSnapshot', { VolumeId: root.VolumeId })).SnapshotId;
    // A volume made by CreateVolume (a data disk underneath), attached once so it can be snapshotted.
    const made = await sandbox.ec2<{ VolumeId: string }>('CreateVolume', { AvailabilityZone: launched.zone, Size: '30' });
    await sandbox.passTime(60);
    await sandbox.ec2('AttachVolume', { VolumeId: made.VolumeId, InstanceId: launched.instanceId, Device: '/dev/sdf' });
    await sandbox.passTime(60);
    dataSnapshot = (await sandbox.ec2<{ SnapshotId: string }>('CreateSnapshot', { VolumeId: made.VolumeId })).SnapshotId;
    await sandbox.passTime(24 * 3600);
  });

  const describeImage = async (id: string) => (await sandbox.ec2<{ Images: Image[] }>('DescribeImages', { 'ImageId.1': id })).Images[0]!;

  it('registers an AMI from a root snapshot and a data snapshot; it becomes available on the sandbox clock', async () => {
    const { ImageId } = await sandbox.ec2<{ ImageId: string }>('RegisterImage', {
      Name: '1st image (v2.0) [build]',
      Architecture: 'arm64',
      BootMode: 'uefi',
      RootDeviceName: '/dev/sda1',
      VirtualizationType: 'hvm',
      EnaSupport: 'true',
      'BlockDeviceMapping.1.DeviceName': '/dev/sda1',
      'BlockDeviceMapping.1.Ebs.SnapshotId': rootSnapshot,
      'BlockDeviceMapping.2.DeviceName': '/dev/sdg',
      'BlockDeviceMapping.2.Ebs.SnapshotId': dataSnapshot,
      'BlockDeviceMapping.2.Ebs.VolumeSize': '40',
      'BlockDeviceMapping.3.DeviceName': '/dev/sdh',
      'BlockDeviceMapping.3.VirtualName': 'ephemeral0',
      'TagSpecification.1.ResourceType': 'image',
      'TagSpecification.1.Tag.1.Key': 'team',
      'TagSpecification.1.Tag.1.Value': 'core',
    });
    expect(ImageId).toMatch(/^ami-/);
    const pending = await describeImage(ImageId);
    expect(pending).toMatchObject({ State: 'pending', Name: '1st image (v2.0) [build]', Architecture: 'arm64', BootMode: 'uefi' });
    expect(pending.Tags).toEqual([{ Key: 'team', Value: 'core' }]);
    // Issue 15: the device names as registered (they were shown as the stored /dev/xvda, /dev/xvdg slots before).
    expect(pending.RootDeviceName).toBe('/dev/sda1');
    expect(pending.BlockDeviceMappings.map((b) => [b.DeviceName, b.Ebs.SnapshotId, b.Ebs.VolumeSize])).toEqual([
      ['/dev/sda1', rootSnapshot, expect.any(Number)],
      ['/dev/sdg', dataSnapshot, 40],
    ]);
    await sandbox.passTime(60);
    expect((await describeImage(ImageId)).State).toBe('available');
    // The snapshots are held by the image.
    expect(await errorOf(sandbox.ec2('DeleteSnapshot', { SnapshotId: rootSnapshot }))).toMatchObject({ status: 400 });
  });

  it('defaults the architecture to i386 (the reference default for EBS-backed AMIs) and takes a CreateVolume snapshot as root', async () => {
    const { ImageId } = await sandbox.ec2<{ ImageId: string }>('RegisterImage', {
      Name: 'from-data',
      'BlockDeviceMapping.1.DeviceName': '/dev/xvda',
      'BlockDeviceMapping.1.Ebs.SnapshotId': dataSnapshot,
    });
    const image = await describeImage(ImageId);
    expect(image.Architecture).toBe('i386');
    expect(image.RootDeviceName).toBe('/dev/xvda');
    expect(image.BlockDeviceMappings.map((b) => b.DeviceName)).toEqual(['/dev/xvda']);
  });

  it('answers each bad request with the EC2 error and registers nothing', async () => {
    const base = { 'BlockDeviceMapping.1.DeviceName': '/dev/xvda', 'BlockDeviceMapping.1.Ebs.SnapshotId': rootSnapshot };
    await sandbox.ec2('RegisterImage', { Name: 'taken', ...base });
    const cases: [Record<string, string>, string][] = [
      [{ Name: 'ab', ...base }, 'InvalidAMIName.Malformed'],
      [{ Name: 'bad*name', ...base }, 'InvalidAMIName.Malformed'],
      [{ Name: 'taken', ...base }, 'InvalidAMIName.Duplicate'],
      [
        { Name: 'nosnap', 'BlockDeviceMapping.1.DeviceName': '/dev/xvda', 'BlockDeviceMapping.1.Ebs.SnapshotId': 'snap-0000000000000000a' },
        'InvalidSnapshot.NotFound',
      ],
      [{ Name: 'badsnap', 'BlockDeviceMapping.1.DeviceName': '/dev/xvda', 'BlockDeviceMapping.1.Ebs.SnapshotId': 'vol-1' }, 'InvalidSnapshotID.Malformed'],
      [{ Name: 'noroot', 'BlockDeviceMapping.1.DeviceName': '/dev/sdb', 'BlockDeviceMapping.1.Ebs.SnapshotId': rootSnapshot }, 'InvalidBlockDeviceMapping'],
      [{ Name: 'nomapping' }, 'InvalidBlockDeviceMapping'],
      [{ Name: 'rootempty', 'BlockDeviceMapping.1.DeviceName': '/dev/xvda', 'BlockDeviceMapping.1.Ebs.VolumeSize': '8' }, 'InvalidBlockDeviceMapping'],
      [{ Name: 'badname', ...base, 'BlockDeviceMapping.2.DeviceName': 'sdb', 'BlockDeviceMapping.2.Ebs.VolumeSize': '8' }, 'InvalidBlockDeviceMapping'],
      [
        {
          Name: 'sameslot',
          ...base,
          'BlockDeviceMapping.2.DeviceName': '/dev/sdb',
          'BlockDeviceMapping.2.Ebs.VolumeSize': '8',
          'BlockDeviceMapping.3.DeviceName': '/dev/xvdb',
          'BlockDeviceMapping.3.Ebs.VolumeSize': '8',
        },
        'InvalidBlockDeviceMapping',
      ],
      [
        {
          Name: 'small',
          'BlockDeviceMapping.1.DeviceName': '/dev/xvda',
          'BlockDeviceMapping.1.Ebs.SnapshotId': dataSnapshot,
          'BlockDeviceMapping.1.Ebs.VolumeSize': '10',
        },
        'InvalidBlockDeviceMapping',
      ],
      [{ Name: 'arch', Architecture: 'sparc', ...base }, 'InvalidParameterValue'],
      [{ Name: 'boot', BootMode: 'bios', ...base }, 'InvalidParameterValue'],
      [{ Name: 'pv', VirtualizationType: 'paravirtual', ...base }, 'UnsupportedOperation'],
      [{ Name: 's3', ImageLocation: 'bucket/image.manifest.xml' }, 'UnsupportedOperation'],
      [{ Name: 'dry', DryRun: 'true', ...base }, 'DryRunOperation'],
    ];
    for (const [params, code] of cases) {
      expect(await errorOf(sandbox.ec2('RegisterImage', params)), params.Name).toMatchObject({ code, status: code === 'DryRunOperation' ? 412 : 400 });
    }
    const images = await listOwnImages(sandbox.store, sandbox.caller.accountId, REGION);
    expect(images.map((i) => i.imageName)).toEqual(['taken']);
  });

  it('refuses a snapshot that is not completed yet', async () => {
    const volumes = await sandbox.ec2<{ Volumes: { VolumeId: string; Attachments: unknown[] }[] }>('DescribeVolumes', {});
    const fresh = (await sandbox.ec2<{ SnapshotId: string }>('CreateSnapshot', { VolumeId: volumes.Volumes.find((v) => v.Attachments.length)!.VolumeId }))
      .SnapshotId;
    expect(
      await errorOf(
        sandbox.ec2('RegisterImage', { Name: 'early', 'BlockDeviceMapping.1.DeviceName': '/dev/xvda', 'BlockDeviceMapping.1.Ebs.SnapshotId': fresh }),
      ),
    ).toMatchObject({ code: 'IncorrectState', status: 400 });
  });
});
