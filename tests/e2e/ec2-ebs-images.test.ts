import {
  CreateImageCommand,
  CreateSnapshotCommand,
  CreateVolumeCommand,
  DeregisterImageCommand,
  DescribeImageAttributeCommand,
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeSnapshotAttributeCommand,
  DescribeVolumeAttributeCommand,
  DescribeVolumesCommand,
  DisableEbsEncryptionByDefaultCommand,
  EnableEbsEncryptionByDefaultCommand,
  GetEbsDefaultKmsKeyIdCommand,
  GetEbsEncryptionByDefaultCommand,
  ModifyImageAttributeCommand,
  ModifySnapshotAttributeCommand,
  ModifyVolumeAttributeCommand,
  ResetImageAttributeCommand,
  ResetSnapshotAttributeCommand,
  RunInstancesCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import { beforeAll, describe, expect, it } from 'vitest';
import { advanceClock, ec2Client, ec2Error, newEc2Account, type Ec2Account } from '../support/ec2';

/**
 * EBS encryption by default, the volume attribute autoEnableIO, image and snapshot attributes, and DescribeImages naming a
 * deregistered AMI (issue 15 part B), through @aws-sdk/client-ec2.
 */
const AMI = 'ami-0a2f7c3e9d14b5601';
let a: Ec2Account;

const zoneOf = async (account: Ec2Account) => {
  const [i] = (await account.ec2.send(new RunInstancesCommand({ ImageId: AMI, InstanceType: 't2.micro', MinCount: 1, MaxCount: 1 }))).Instances!;
  return i!;
};

describe('EBS and image attributes with @aws-sdk/client-ec2', () => {
  beforeAll(async () => {
    a = await newEc2Account();
  });

  it('encrypts every new volume while encryption by default is on, per region', async () => {
    const b = await newEc2Account();
    expect(await b.ec2.send(new GetEbsEncryptionByDefaultCommand({}))).toMatchObject({ EbsEncryptionByDefault: false, SseType: 'sse-ebs' });
    expect((await b.ec2.send(new GetEbsDefaultKmsKeyIdCommand({}))).KmsKeyId).toBe('alias/aws/ebs');
    const dry = await ec2Error(b.ec2.send(new EnableEbsEncryptionByDefaultCommand({ DryRun: true })));
    expect(dry).toMatchObject({ name: 'DryRunOperation', status: 412 });
    expect((await b.ec2.send(new GetEbsEncryptionByDefaultCommand({}))).EbsEncryptionByDefault).toBe(false);

    expect((await b.ec2.send(new EnableEbsEncryptionByDefaultCommand({}))).EbsEncryptionByDefault).toBe(true);
    expect((await b.ec2.send(new GetEbsEncryptionByDefaultCommand({}))).EbsEncryptionByDefault).toBe(true);
    // Another region keeps its own setting.
    expect((await ec2Client(b, 'us-east-1').send(new GetEbsEncryptionByDefaultCommand({}))).EbsEncryptionByDefault).toBe(false);

    const inst = await zoneOf(b);
    const zone = inst.Placement!.AvailabilityZone!;
    const forced = await b.ec2.send(new CreateVolumeCommand({ AvailabilityZone: zone, Size: 20, VolumeType: 'gp3', Encrypted: false }));
    expect(forced.Encrypted).toBe(true);
    const ioOf = async () =>
      (await b.ec2.send(new DescribeVolumeAttributeCommand({ VolumeId: forced.VolumeId!, Attribute: 'autoEnableIO' }))).AutoEnableIO!.Value;
    expect(await ioOf()).toBe(false);
    await b.ec2.send(new ModifyVolumeAttributeCommand({ VolumeId: forced.VolumeId!, AutoEnableIO: { Value: true } }));
    expect(await ioOf()).toBe(true);
    expect(await ec2Error(b.ec2.send(new ModifyVolumeAttributeCommand({ VolumeId: forced.VolumeId! })))).toMatchObject({ name: 'MissingParameter' });
    expect(await ioOf()).toBe(true);
    const launched = await b.ec2.send(
      new RunInstancesCommand({
        ImageId: AMI,
        InstanceType: 't2.micro',
        MinCount: 1,
        MaxCount: 1,
        BlockDeviceMappings: [{ DeviceName: '/dev/sdf', Ebs: { VolumeSize: 30, VolumeType: 'gp3' } }],
      }),
    );
    const launchedId = launched.Instances![0]!.InstanceId!;
    const volumes = (await b.ec2.send(new DescribeVolumesCommand({ Filters: [{ Name: 'attachment.instance-id', Values: [launchedId] }] }))).Volumes!;
    expect(volumes.find((v) => v.Size === 30)!.Encrypted).toBe(true);

    expect((await b.ec2.send(new DisableEbsEncryptionByDefaultCommand({}))).EbsEncryptionByDefault).toBe(false);
    const plain = await b.ec2.send(new CreateVolumeCommand({ AvailabilityZone: zone, Size: 20, VolumeType: 'gp3' }));
    expect(plain.Encrypted).toBe(false);
    const asked = await b.ec2.send(new CreateVolumeCommand({ AvailabilityZone: zone, Size: 20, VolumeType: 'gp3', Encrypted: true }));
    expect(asked.Encrypted).toBe(true);
    await b.ec2.send(new TerminateInstancesCommand({ InstanceIds: [inst.InstanceId!, launchedId] }));
  });

  it('describes, resets and refuses to add snapshot createVolumePermission (snapshots are never shared here)', async () => {
    const inst = await zoneOf(a);
    await advanceClock(30);
    // ECS snapshots only a disk that has been attached: the instance's root volume.
    const [root] = (await a.ec2.send(new DescribeVolumesCommand({ Filters: [{ Name: 'attachment.instance-id', Values: [inst.InstanceId!] }] }))).Volumes!;
    const snap = await a.ec2.send(new CreateSnapshotCommand({ VolumeId: root!.VolumeId! }));
    const id = snap.SnapshotId!;
    expect(await a.ec2.send(new DescribeSnapshotAttributeCommand({ SnapshotId: id, Attribute: 'createVolumePermission' }))).toMatchObject({
      SnapshotId: id,
      CreateVolumePermissions: [],
    });
    expect(
      await ec2Error(a.ec2.send(new ModifySnapshotAttributeCommand({ SnapshotId: id, CreateVolumePermission: { Add: [{ Group: 'all' }] } }))),
    ).toMatchObject({ name: 'UnsupportedOperation', status: 400 });
    expect(
      await ec2Error(a.ec2.send(new ModifySnapshotAttributeCommand({ SnapshotId: id, CreateVolumePermission: { Add: [{ UserId: 'someone' }] } }))),
    ).toMatchObject({ name: 'InvalidParameterValue' });
    await a.ec2.send(new ModifySnapshotAttributeCommand({ SnapshotId: id, CreateVolumePermission: { Remove: [{ Group: 'all' }] } }));
    await a.ec2.send(new ResetSnapshotAttributeCommand({ SnapshotId: id, Attribute: 'createVolumePermission' }));
    expect(await ec2Error(a.ec2.send(new ResetSnapshotAttributeCommand({ SnapshotId: id, Attribute: 'productCodes' })))).toMatchObject({
      name: 'InvalidParameterValue',
    });
    expect(
      await ec2Error(a.ec2.send(new DescribeSnapshotAttributeCommand({ SnapshotId: 'snap-0000000000000dead', Attribute: 'createVolumePermission' }))),
    ).toMatchObject({ name: 'InvalidSnapshot.NotFound' });
    await a.ec2.send(new TerminateInstancesCommand({ InstanceIds: [inst.InstanceId!] }));
  });

  it('resets launchPermission (every share ends, the image is private), and DescribeImages treats a deregistered AMI as AWS does', async () => {
    const friend = await newEc2Account();
    const inst = await zoneOf(a);
    await advanceClock(60);
    const { ImageId } = await a.ec2.send(new CreateImageCommand({ InstanceId: inst.InstanceId!, Name: 'shared-then-reset' }));
    // Image creation takes its snapshots' time (the tests' duration profile): well past it.
    await advanceClock(3 * 3600);
    await a.ec2.send(new ModifyImageAttributeCommand({ ImageId, LaunchPermission: { Add: [{ UserId: friend.accountId }, { Group: 'all' }] } }));
    const before = await a.ec2.send(new DescribeImageAttributeCommand({ ImageId, Attribute: 'launchPermission' }));
    expect(before.LaunchPermissions).toEqual(expect.arrayContaining([{ UserId: friend.accountId }, { Group: 'all' }]));
    expect(await ec2Error(a.ec2.send(new ResetImageAttributeCommand({ ImageId, Attribute: 'description' as 'launchPermission' })))).toMatchObject({
      name: 'InvalidParameterValue',
    });
    await a.ec2.send(new ResetImageAttributeCommand({ ImageId, Attribute: 'launchPermission' }));
    expect((await a.ec2.send(new DescribeImageAttributeCommand({ ImageId, Attribute: 'launchPermission' }))).LaunchPermissions).toEqual([]);
    expect((await a.ec2.send(new DescribeImagesCommand({ ImageIds: [ImageId!] }))).Images![0]!.Public).toBe(false);
    expect(await ec2Error(friend.ec2.send(new DescribeImagesCommand({ ImageIds: [ImageId!] })))).toMatchObject({ name: 'InvalidAMIID.NotFound' });

    // Launched from the AMI, then the AMI deregistered: named, it is left out while the instance exists.
    const [fromImage] = (await a.ec2.send(new RunInstancesCommand({ ImageId, InstanceType: 't2.micro', MinCount: 1, MaxCount: 1 }))).Instances!;
    await a.ec2.send(new DeregisterImageCommand({ ImageId }));
    expect((await a.ec2.send(new DescribeImagesCommand({ ImageIds: [ImageId!] }))).Images).toEqual([]);
    await a.ec2.send(new TerminateInstancesCommand({ InstanceIds: [fromImage!.InstanceId!, inst.InstanceId!] }));
    await advanceClock(3700);
    expect(await ec2Error(a.ec2.send(new DescribeInstancesCommand({ InstanceIds: [fromImage!.InstanceId!] })))).toMatchObject({
      name: 'InvalidInstanceID.NotFound',
    });
    expect(await ec2Error(a.ec2.send(new DescribeImagesCommand({ ImageIds: [ImageId!] })))).toMatchObject({ name: 'InvalidAMIID.NotFound', status: 400 });
  });
});
