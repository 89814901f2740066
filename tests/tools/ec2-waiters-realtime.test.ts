import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTicker, type Ticker } from '../../scripts/lib/ticker';
import { control } from '../support/control-plane';
import { AWS_CLI_V2, awsOk, ec2Endpoint, REGION } from '../support/ec2';
import { newAccount, sandbox, type TestAccount } from '../support/sandbox';

/**
 * Issue 15's acceptance: every boto3 and aws CLI waiter of the resources the EC2 dialect implements
 * succeeds in real time, with the default waiter settings and the `quick` durations, the sandbox
 * clock never moved (the ticker runs, as under npm start). boto3 walks the whole set on one account
 * (instance running / status ok / system status ok / exists / stopped / terminated, image exists /
 * available, snapshot completed, volume available / in use / deleted, key pair, security group,
 * VPC, subnet, internet gateway, network interface); the aws CLI (Debian's awscli 2) walks its
 * `ec2 wait` commands for volumes, snapshots, stop and terminate, key pairs and security groups on
 * another, at the same time. Each waiter's seconds are printed.
 */
const run = promisify(execFile);

const BOTO3 = String.raw`
import json, sys, time, boto3
endpoint, key, secret, region = sys.argv[1:5]
ec2 = boto3.client('ec2', endpoint_url=endpoint, region_name=region, aws_access_key_id=key, aws_secret_access_key=secret)
times = {}
def wait(name, **kw):
    t0 = time.time(); ec2.get_waiter(name).wait(**kw); times[name] = round(time.time() - t0, 1)
ami = ec2.describe_images(Owners=['amazon'])['Images'][0]['ImageId']
kp = ec2.create_key_pair(KeyName='waiter-key')['KeyName']
wait('key_pair_exists', KeyNames=[kp])
sg = ec2.create_security_group(GroupName='waiter-sg', Description='waiters')['GroupId']
wait('security_group_exists', GroupIds=[sg])
vpc = ec2.create_vpc(CidrBlock='10.20.0.0/16')['Vpc']['VpcId']
wait('vpc_exists', VpcIds=[vpc]); wait('vpc_available', VpcIds=[vpc])
subnet = ec2.create_subnet(VpcId=vpc, CidrBlock='10.20.1.0/24')['Subnet']['SubnetId']
wait('subnet_available', SubnetIds=[subnet])
igw = ec2.create_internet_gateway()['InternetGateway']['InternetGatewayId']
wait('internet_gateway_exists', InternetGatewayIds=[igw])
eni = ec2.create_network_interface(SubnetId=subnet)['NetworkInterface']['NetworkInterfaceId']
wait('network_interface_available', NetworkInterfaceIds=[eni])
iid = ec2.run_instances(ImageId=ami, InstanceType='t3.micro', MinCount=1, MaxCount=1)['Instances'][0]['InstanceId']
wait('instance_exists', InstanceIds=[iid])
wait('instance_running', InstanceIds=[iid])
wait('instance_status_ok', InstanceIds=[iid])
wait('system_status_ok', InstanceIds=[iid])
zone = ec2.describe_instances(InstanceIds=[iid])['Reservations'][0]['Instances'][0]['Placement']['AvailabilityZone']
vol = ec2.create_volume(AvailabilityZone=zone, Size=10)['VolumeId']
wait('volume_available', VolumeIds=[vol])
ec2.attach_volume(VolumeId=vol, InstanceId=iid, Device='/dev/sdf')
wait('volume_in_use', VolumeIds=[vol])
# volume_in_use passes while the attachment is still 'attaching' (as on AWS); the sandbox refuses a
# snapshot until it is 'attached' (noted in the issue's report), so poll for that, in real time.
deadline = time.time() + 120
while ec2.describe_volumes(VolumeIds=[vol])['Volumes'][0]['Attachments'][0]['State'] != 'attached' and time.time() < deadline: time.sleep(1)
snap = ec2.create_snapshot(VolumeId=vol)['SnapshotId']
wait('snapshot_completed', SnapshotIds=[snap])
image = ec2.create_image(InstanceId=iid, Name='waiter-image')['ImageId']
wait('image_exists', ImageIds=[image])
wait('image_available', ImageIds=[image])
ec2.stop_instances(InstanceIds=[iid])
wait('instance_stopped', InstanceIds=[iid])
ec2.detach_volume(VolumeId=vol)
wait('volume_available', VolumeIds=[vol])
ec2.delete_volume(VolumeId=vol)
wait('volume_deleted', VolumeIds=[vol])
ec2.terminate_instances(InstanceIds=[iid])
wait('instance_terminated', InstanceIds=[iid])
print(json.dumps(times))
`;

/** The aws CLI's `ec2 wait` commands, each timed. */
async function cliWaiters(account: TestAccount): Promise<Record<string, number>> {
  const cli = AWS_CLI_V2;
  const times: Record<string, number> = {};
  const wait = async (name: string, args: string[]) => {
    const t0 = Date.now();
    await awsOk(account, ['ec2', 'wait', name, ...args], { cli });
    times[name] = (Date.now() - t0) / 1000;
  };
  const ami = (await awsOk<{ Images: { ImageId: string }[] }>(account, ['ec2', 'describe-images', '--owners', 'amazon'], { cli })).Images[0]!.ImageId;
  await awsOk(account, ['ec2', 'create-key-pair', '--key-name', 'cli-waiter-key'], { cli });
  await wait('key-pair-exists', ['--key-names', 'cli-waiter-key']);
  const { GroupId } = await awsOk<{ GroupId: string }>(account, ['ec2', 'create-security-group', '--group-name', 'cli-waiter-sg', '--description', 'waiters'], {
    cli,
  });
  await wait('security-group-exists', ['--group-ids', GroupId]);
  const [instance] = (
    await awsOk<{ Instances: { InstanceId: string; Placement: { AvailabilityZone: string } }[] }>(
      account,
      ['ec2', 'run-instances', '--image-id', ami, '--instance-type', 't3.micro', '--count', '1'],
      { cli },
    )
  ).Instances;
  const id = instance!.InstanceId;
  await wait('instance-running', ['--instance-ids', id]);
  await wait('instance-status-ok', ['--instance-ids', id]);
  const { VolumeId } = await awsOk<{ VolumeId: string }>(
    account,
    ['ec2', 'create-volume', '--availability-zone', instance!.Placement.AvailabilityZone, '--size', '10'],
    { cli },
  );
  await wait('volume-available', ['--volume-ids', VolumeId]);
  await awsOk(account, ['ec2', 'attach-volume', '--volume-id', VolumeId, '--instance-id', id, '--device', '/dev/sdf'], { cli });
  await wait('volume-in-use', ['--volume-ids', VolumeId]);
  // As in the boto3 script: the snapshot waits for the attachment to be 'attached' (real time, a deadline).
  for (const deadline = Date.now() + 120_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 1000))) {
    const { Volumes } = await awsOk<{ Volumes: { Attachments: { State: string }[] }[] }>(account, ['ec2', 'describe-volumes', '--volume-ids', VolumeId], {
      cli,
    });
    if (Volumes[0]!.Attachments[0]?.State === 'attached') break;
  }
  const { SnapshotId } = await awsOk<{ SnapshotId: string }>(account, ['ec2', 'create-snapshot', '--volume-id', VolumeId], { cli });
  await wait('snapshot-completed', ['--snapshot-ids', SnapshotId]);
  await awsOk(account, ['ec2', 'stop-instances', '--instance-ids', id], { cli });
  await wait('instance-stopped', ['--instance-ids', id]);
  await awsOk(account, ['ec2', 'terminate-instances', '--instance-ids', id], { cli });
  await wait('instance-terminated', ['--instance-ids', id]);
  return times;
}

describe('every EC2 waiter in real time with the quick profile', () => {
  let ticker: Ticker;
  beforeAll(async () => {
    ticker = startTicker({ lambdaEndpoint: sandbox().lambdaEndpoint });
    await control('PUT', 'durations', { Profile: 'quick' });
  });
  afterAll(async () => {
    await control('PUT', 'durations', { Profile: 'realistic' });
    await ticker.stop();
  });

  it('boto3 and aws CLI waiters succeed with their default settings, the clock never moved', { timeout: 1_200_000 }, async () => {
    const offset = (await control('GET', 'clock')).body.OffsetSeconds;
    const [boto, cliAccount] = await Promise.all([newAccount(), newAccount()]);
    const [botoOut, cliTimes] = await Promise.all([
      run('python3', ['-c', BOTO3, ec2Endpoint(), boto.accessKeyId, boto.accessKeySecret, REGION], { timeout: 1_200_000 }),
      cliWaiters(cliAccount),
    ]);
    const botoTimes = JSON.parse(botoOut.stdout.trim().split('\n').at(-1)!) as Record<string, number>;
    console.log(`real-time waiters (seconds): ${JSON.stringify({ boto3: botoTimes, 'aws-cli-v2': cliTimes })}`);
    expect(Object.keys(botoTimes).sort()).toEqual(
      [
        'image_available',
        'image_exists',
        'instance_exists',
        'instance_running',
        'instance_status_ok',
        'instance_stopped',
        'instance_terminated',
        'internet_gateway_exists',
        'key_pair_exists',
        'network_interface_available',
        'security_group_exists',
        'snapshot_completed',
        'subnet_available',
        'system_status_ok',
        'volume_available',
        'volume_deleted',
        'volume_in_use',
        'vpc_available',
        'vpc_exists',
      ].sort(),
    );
    expect(Object.keys(cliTimes)).toHaveLength(9);
    // Every waiter gives up after 40 polls (15 s apart for instances, volumes, snapshots and images;
    // 5 s for key pairs and groups): the quick profile finishes each within a few polls.
    for (const seconds of [...Object.values(botoTimes), ...Object.values(cliTimes)]) expect(seconds).toBeLessThan(120);
    expect((await control('GET', 'clock')).body.OffsetSeconds).toBe(offset);
  });
});
