import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTicker, type Ticker } from '../../scripts/lib/ticker';
import { control } from '../support/control-plane';
import { AWS_CLI_V2, awsOk, ec2Endpoint, REGION, type AwsCli } from '../support/ec2';
import { newAccount, sandbox, type TestAccount } from '../support/sandbox';

/**
 * The waiters users script with succeed in real time with the default `quick` durations, the
 * sandbox clock never moved: the aws CLI's `ec2 wait instance-running` / `image-available` (pip
 * awscli 1.x and Debian's awscli 2) and boto3's `instance_running` / `image_available` waiters
 * (15 s between polls, 40 polls). The ticker runs, as under npm start. Timings are printed.
 */
const run = promisify(execFile);
const BOTO3 = String.raw`
import json, sys, time, boto3
endpoint, key, secret, region = sys.argv[1:5]
ec2 = boto3.client('ec2', endpoint_url=endpoint, region_name=region, aws_access_key_id=key, aws_secret_access_key=secret)
ami = ec2.describe_images(Owners=['amazon'])['Images'][0]['ImageId']
iid = ec2.run_instances(ImageId=ami, InstanceType='t3.micro', MinCount=1, MaxCount=1)['Instances'][0]['InstanceId']
t0 = time.time(); ec2.get_waiter('instance_running').wait(InstanceIds=[iid]); running = time.time() - t0
image = ec2.create_image(InstanceId=iid, Name='waiter-boto3')['ImageId']
t1 = time.time(); ec2.get_waiter('image_available').wait(ImageIds=[image]); available = time.time() - t1
print(json.dumps({'instanceRunning': running, 'imageAvailable': available}))
`;

async function cliWaiters(account: TestAccount, cli: AwsCli): Promise<{ instanceRunning: number; imageAvailable: number }> {
  const images = await awsOk<{ Images: { ImageId: string }[] }>(account, ['ec2', 'describe-images', '--owners', 'amazon'], { cli });
  const runOut = await awsOk<{ Instances: { InstanceId: string }[] }>(
    account,
    ['ec2', 'run-instances', '--image-id', images.Images[0]!.ImageId, '--instance-type', 't3.micro', '--count', '1'],
    { cli },
  );
  const id = runOut.Instances[0]!.InstanceId;
  const t0 = Date.now();
  await awsOk(account, ['ec2', 'wait', 'instance-running', '--instance-ids', id], { cli });
  const instanceRunning = (Date.now() - t0) / 1000;
  const { ImageId } = await awsOk<{ ImageId: string }>(
    account,
    ['ec2', 'create-image', '--instance-id', id, '--name', `waiter-${String(cli).replace(/\W/g, '')}`],
    { cli },
  );
  const t1 = Date.now();
  await awsOk(account, ['ec2', 'wait', 'image-available', '--image-ids', ImageId], { cli });
  return { instanceRunning, imageAvailable: (Date.now() - t1) / 1000 };
}

describe('waiters in real time with the quick profile', () => {
  let ticker: Ticker;
  beforeAll(async () => {
    ticker = startTicker({ lambdaEndpoint: sandbox().lambdaEndpoint });
    await control('PUT', 'durations', { Profile: 'quick' });
  });
  afterAll(async () => {
    await control('PUT', 'durations', { Profile: 'realistic' });
    await ticker.stop();
  });

  it('aws ec2 wait (awscli 1 and 2) and boto3 waiters succeed without moving the clock', { timeout: 600_000 }, async () => {
    const offset = (await control('GET', 'clock')).body.OffsetSeconds;
    const clis: AwsCli[] = ['v1', ...(existsSync(AWS_CLI_V2) ? (['v2'] as AwsCli[]) : [])];
    const accounts = await Promise.all([...clis, 'boto3'].map(() => newAccount()));
    const boto = accounts.at(-1)!;
    const [cliTimes, botoOut] = await Promise.all([
      Promise.all(clis.map((cli, i) => cliWaiters(accounts[i]!, cli))),
      run('python3', ['-c', BOTO3, ec2Endpoint(), boto.accessKeyId, boto.accessKeySecret, REGION], { timeout: 600_000 }),
    ]);
    const botoTimes = JSON.parse(botoOut.stdout.trim().split('\n').at(-1)!) as { instanceRunning: number; imageAvailable: number };
    const all = { ...Object.fromEntries(clis.map((c, i) => [`aws-cli-${c}`, cliTimes[i]])), boto3: botoTimes };
    console.log(`real-time waiters (seconds): ${JSON.stringify(all)}`);
    for (const t of Object.values(all)) {
      // A waiter gives up after 40 polls of 15 s; the quick profile finishes within two polls.
      expect(t.instanceRunning).toBeLessThan(60);
      expect(t.imageAvailable).toBeLessThan(90);
    }
    expect((await control('GET', 'clock')).body.OffsetSeconds).toBe(offset);
  });
});
