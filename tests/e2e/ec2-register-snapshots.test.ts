import {
  CreateSnapshotCommand,
  CreateSnapshotsCommand,
  CreateTagsCommand,
  DescribeImagesCommand,
  DescribeSnapshotsCommand,
  DescribeVolumesCommand,
  ModifyVolumeCommand,
  paginateDescribeVolumesModifications,
  DescribeVolumesModificationsCommand,
  RegisterImageCommand,
  RunInstancesCommand,
  type Instance,
  type InstanceSpecification,
} from '@aws-sdk/client-ec2';
import { beforeAll, describe, expect, it } from 'vitest';
import { advanceClock, ec2Error, newEc2Account, type Ec2Account } from '../support/ec2';

/**
 * RegisterImage, CreateSnapshots and DescribeVolumesModifications (issue 15) through
 * @aws-sdk/client-ec2: the happy paths and every error path, with the sandbox clock advanced.
 */
const AMI = 'ami-0a2f7c3e9d14b5601';
let a: Ec2Account;
let instance: Instance;

const volumesOf = async (instanceId: string) =>
  (await a.ec2.send(new DescribeVolumesCommand({ Filters: [{ Name: 'attachment.instance-id', Values: [instanceId] }] }))).Volumes!;

describe('RegisterImage, CreateSnapshots and DescribeVolumesModifications with @aws-sdk/client-ec2', () => {
  beforeAll(async () => {
    a = await newEc2Account();
    const run = await a.ec2.send(
      new RunInstancesCommand({
        ImageId: AMI,
        InstanceType: 't3.micro',
        MinCount: 1,
        MaxCount: 1,
        BlockDeviceMappings: [{ DeviceName: '/dev/sdf', Ebs: { VolumeSize: 30 } }],
      }),
    );
    instance = run.Instances![0]!;
    await advanceClock(120);
  });

  it('registers an AMI from a snapshot; it becomes available and lists with its mappings', async () => {
    const root = (await volumesOf(instance.InstanceId!)).find((v) => v.Attachments![0]!.Device === '/dev/xvda')!;
    const { SnapshotId } = await a.ec2.send(new CreateSnapshotCommand({ VolumeId: root.VolumeId! }));
    // A snapshot still being copied cannot back an AMI.
    const early = await ec2Error(
      a.ec2.send(
        new RegisterImageCommand({ Name: 'too early', RootDeviceName: '/dev/xvda', BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { SnapshotId } }] }),
      ),
    );
    expect(early).toMatchObject({ name: 'IncorrectState', status: 400 });
    await advanceClock(24 * 3600);

    const { ImageId } = await a.ec2.send(
      new RegisterImageCommand({
        Name: 'golden (2026) build/7',
        Description: 'registered from a snapshot',
        Architecture: 'x86_64',
        BootMode: 'uefi-preferred',
        VirtualizationType: 'hvm',
        EnaSupport: true,
        RootDeviceName: '/dev/xvda',
        BlockDeviceMappings: [
          { DeviceName: '/dev/xvda', Ebs: { SnapshotId, VolumeSize: root.Size! + 10, VolumeType: 'gp3', DeleteOnTermination: true } },
          { DeviceName: '/dev/sdk', Ebs: { VolumeSize: 50 } },
        ],
        TagSpecifications: [{ ResourceType: 'image', Tags: [{ Key: 'stage', Value: 'golden' }] }],
      }),
    );
    expect(ImageId).toMatch(/^ami-/);
    await advanceClock(60);
    const [image] = (await a.ec2.send(new DescribeImagesCommand({ ImageIds: [ImageId!] }))).Images!;
    expect(image).toMatchObject({
      State: 'available',
      Name: 'golden (2026) build/7',
      Architecture: 'x86_64',
      BootMode: 'uefi-preferred',
      Tags: [{ Key: 'stage', Value: 'golden' }],
    });
    // Issue 15: the device names as registered (/dev/sdk was shown as its stored /dev/xvdk slot before).
    expect(image!.RootDeviceName).toBe('/dev/xvda');
    expect(image!.BlockDeviceMappings!.map((b) => [b.DeviceName, b.Ebs!.SnapshotId, b.Ebs!.VolumeSize])).toEqual([
      ['/dev/xvda', SnapshotId, root.Size! + 10],
      ['/dev/sdk', undefined, 50],
    ]);
    const mine = (await a.ec2.send(new DescribeImagesCommand({ Owners: ['self'] }))).Images!.map((i) => i.ImageId);
    expect(mine).toContain(ImageId);

    const errors = [
      [{ Name: 'golden (2026) build/7' }, 'InvalidAMIName.Duplicate'],
      [{ Name: 'x' }, 'InvalidAMIName.Malformed'],
      [{ Name: 'missing', BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { SnapshotId: 'snap-00000000000000001' } }] }, 'InvalidSnapshot.NotFound'],
      [{ Name: 'no root', RootDeviceName: '/dev/sda1' }, 'InvalidBlockDeviceMapping'],
      [{ Name: 'bad arch', Architecture: 'sparc' }, 'InvalidParameterValue'],
      [{ Name: 'manifest', ImageLocation: 'my-bucket/image.manifest.xml', BlockDeviceMappings: undefined }, 'UnsupportedOperation'],
    ] as const;
    for (const [params, code] of errors) {
      const input = { BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { SnapshotId } }], ...params } as ConstructorParameters<
        typeof RegisterImageCommand
      >[0];
      expect(await ec2Error(a.ec2.send(new RegisterImageCommand(input))), params.Name).toMatchObject({ name: code, status: 400 });
    }
    const dry = await ec2Error(
      a.ec2.send(new RegisterImageCommand({ Name: 'dry', DryRun: true, BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { SnapshotId } }] })),
    );
    expect(dry).toMatchObject({ name: 'DryRunOperation', status: 412 });
    const owned = (await a.ec2.send(new DescribeImagesCommand({ Owners: ['self'] }))).Images!.map((i) => i.Name);
    expect(owned).toEqual(['golden (2026) build/7']);
  });

  it('snapshots every volume of an instance in one call, with tags copied from the volumes', async () => {
    const volumes = await volumesOf(instance.InstanceId!);
    const data = volumes.find((v) => v.Attachments![0]!.Device !== '/dev/xvda')!;
    await a.ec2.send(new CreateTagsCommand({ Resources: [data.VolumeId!], Tags: [{ Key: 'role', Value: 'db' }] }));
    const out = await a.ec2.send(
      new CreateSnapshotsCommand({
        InstanceSpecification: { InstanceId: instance.InstanceId! },
        Description: 'consistent set',
        TagSpecifications: [{ ResourceType: 'snapshot', Tags: [{ Key: 'set', Value: 'nightly' }] }],
        CopyTagsFromSource: 'volume',
      }),
    );
    expect(out.Snapshots!.map((s) => s.VolumeId).sort()).toEqual(volumes.map((v) => v.VolumeId).sort());
    const dataSnapshot = out.Snapshots!.find((s) => s.VolumeId === data.VolumeId)!;
    expect(dataSnapshot.Tags!.map((t) => `${t.Key}=${t.Value}`).sort()).toEqual(['role=db', 'set=nightly']);
    expect(dataSnapshot).toMatchObject({ State: 'pending', Description: 'consistent set', VolumeSize: 30 });
    await advanceClock(24 * 3600);
    const described = await a.ec2.send(new DescribeSnapshotsCommand({ SnapshotIds: out.Snapshots!.map((s) => s.SnapshotId!) }));
    expect(described.Snapshots!.map((s) => s.State)).toEqual(['completed', 'completed']);

    const onlyData = await a.ec2.send(new CreateSnapshotsCommand({ InstanceSpecification: { InstanceId: instance.InstanceId!, ExcludeBootVolume: true } }));
    expect(onlyData.Snapshots!.map((s) => s.VolumeId)).toEqual([data.VolumeId]);
    await advanceClock(24 * 3600);

    const root = volumes.find((v) => v.Attachments![0]!.Device === '/dev/xvda')!;
    const errors: [InstanceSpecification, string][] = [
      [{ InstanceId: instance.InstanceId!, ExcludeDataVolumeIds: [root.VolumeId!] }, 'InvalidParameterValue'],
      [{ InstanceId: instance.InstanceId!, ExcludeBootVolume: true, ExcludeDataVolumeIds: [data.VolumeId!] }, 'InvalidParameterValue'],
      [{ InstanceId: instance.InstanceId!, ExcludeDataVolumeIds: ['vol-00000000000000001'] }, 'InvalidVolume.NotFound'],
      [{ InstanceId: 'i-00000000000000001' }, 'InvalidInstanceID.NotFound'],
    ];
    const before = (await a.ec2.send(new DescribeSnapshotsCommand({ OwnerIds: ['self'] }))).Snapshots!.length;
    for (const [spec, code] of errors) {
      expect(await ec2Error(a.ec2.send(new CreateSnapshotsCommand({ InstanceSpecification: spec }))), code).toMatchObject({
        name: code,
        status: 400,
      });
    }
    expect((await a.ec2.send(new DescribeSnapshotsCommand({ OwnerIds: ['self'] }))).Snapshots!.length).toBe(before);
  });

  it('follows a ModifyVolume through DescribeVolumesModifications, with its paginator', async () => {
    const data = (await volumesOf(instance.InstanceId!)).find((v) => v.Attachments![0]!.Device !== '/dev/xvda')!;
    const never = await ec2Error(a.ec2.send(new DescribeVolumesModificationsCommand({ VolumeIds: [data.VolumeId!] })));
    expect(never).toMatchObject({ name: 'InvalidVolumeModification.NotFound', status: 400 });
    const { VolumeModification } = await a.ec2.send(new ModifyVolumeCommand({ VolumeId: data.VolumeId!, Size: 60 }));
    expect(VolumeModification).toMatchObject({ ModificationState: 'modifying', OriginalSize: 30, TargetSize: 60 });
    const again = await ec2Error(a.ec2.send(new ModifyVolumeCommand({ VolumeId: data.VolumeId!, Size: 70 })));
    expect(again).toMatchObject({ name: 'IncorrectModificationState', status: 400 });
    const [now] = (await a.ec2.send(new DescribeVolumesModificationsCommand({ VolumeIds: [data.VolumeId!] }))).VolumesModifications!;
    expect(now).toMatchObject({ ModificationState: 'modifying', OriginalSize: 30, TargetSize: 60 });
    await advanceClock(3600);
    const all = [];
    for await (const page of paginateDescribeVolumesModifications({ client: a.ec2, pageSize: 5 }, {})) all.push(...page.VolumesModifications!);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ VolumeId: data.VolumeId, ModificationState: 'completed', Progress: 100 });
    expect(all[0]!.EndTime!.getTime()).toBeGreaterThan(all[0]!.StartTime!.getTime());
    const filtered = await a.ec2.send(
      new DescribeVolumesModificationsCommand({ Filters: [{ Name: 'modification-state', Values: ['modifying', 'optimizing'] }] }),
    );
    expect(filtered.VolumesModifications).toEqual([]);
  });
});
