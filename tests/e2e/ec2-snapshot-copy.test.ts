import { CopySnapshotCommand, CreateSnapshotCommand, DescribeSnapshotsCommand, DescribeVolumesCommand, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { advanceClock, ec2Client, ec2Error, newEc2Account, REGION } from '../support/ec2';

const AMI = 'aliyun_3_x64_20G_alibase_20240528.vhd';

/** EC2 CopySnapshot through @aws-sdk/client-ec2: the same copy as ECS CopySnapshot, sent to the destination region. */
describe('EC2 CopySnapshot', () => {
  it('copies a completed snapshot into the region the request is sent to; pending until the copy completes', async () => {
    const a = await newEc2Account();
    const [inst] = (
      await a.ec2.send(
        new RunInstancesCommand({
          ImageId: AMI,
          InstanceType: 't3.micro',
          MinCount: 1,
          MaxCount: 1,
          BlockDeviceMappings: [{ DeviceName: '/dev/xvdb', Ebs: { VolumeSize: 20, VolumeType: 'gp3' } }],
        }),
      )
    ).Instances!;
    await advanceClock(11);
    const volumes = (await a.ec2.send(new DescribeVolumesCommand({ Filters: [{ Name: 'attachment.instance-id', Values: [inst!.InstanceId!] }] }))).Volumes!;
    const data = volumes.find((v) => v.Size === 20)!;
    const snap = await a.ec2.send(new CreateSnapshotCommand({ VolumeId: data.VolumeId }));
    const shanghai = ec2Client(a, 'cn-shanghai');
    const copy = (SourceSnapshotId: string, SourceRegion = REGION) =>
      shanghai.send(
        new CopySnapshotCommand({
          SourceRegion,
          SourceSnapshotId,
          Description: 'offsite',
          TagSpecifications: [{ ResourceType: 'snapshot', Tags: [{ Key: 'purpose', Value: 'dr' }] }],
        }),
      );
    expect(await ec2Error(copy(snap.SnapshotId!))).toMatchObject({ name: 'IncorrectState', status: 400 });
    await advanceClock(20 * 60 + 5);

    const out = await copy(snap.SnapshotId!);
    expect(out.SnapshotId).toBeTruthy();
    expect(out.Tags).toEqual([{ Key: 'purpose', Value: 'dr' }]);
    const [copied] = (await shanghai.send(new DescribeSnapshotsCommand({ SnapshotIds: [out.SnapshotId!] }))).Snapshots!;
    expect(copied).toMatchObject({ State: 'pending', Description: 'offsite', VolumeSize: 20, Tags: [{ Key: 'purpose', Value: 'dr' }] });
    // Not in the source region.
    expect(await ec2Error(a.ec2.send(new DescribeSnapshotsCommand({ SnapshotIds: [out.SnapshotId!] })))).toMatchObject({ name: 'InvalidSnapshot.NotFound' });
    await advanceClock(20 * 60 + 5);
    expect((await shanghai.send(new DescribeSnapshotsCommand({ SnapshotIds: [out.SnapshotId!] }))).Snapshots![0]).toMatchObject({ State: 'completed' });

    expect(await ec2Error(copy('snap-0123456789abcdef0'))).toMatchObject({ name: 'InvalidSnapshot.NotFound', status: 400 });
    expect(await ec2Error(copy(snap.SnapshotId!, 'mars-north-1'))).toMatchObject({ name: 'InvalidRegion', status: 400 });
  });
});
