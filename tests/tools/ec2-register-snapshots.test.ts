import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTicker, type Ticker } from '../../scripts/lib/ticker';
import { control } from '../support/control-plane';
import { aws, AWS_CLI_V2, awsOk, ec2Endpoint, REGION, type AwsCli } from '../support/ec2';
import { newAccount, sandbox } from '../support/sandbox';

/**
 * RegisterImage, CreateSnapshots, DescribeVolumesModifications and the Amazon Linux 2 / arm64 SSM
 * names (issue 15) from boto3 (tests/tools/ec2_register_snapshots.py) and the aws CLI, in real time:
 * the quick durations, the ticker running as under npm start, the sandbox clock never moved, the
 * default waiters (`aws ec2 wait snapshot-completed` / `image-available`, boto3's
 * snapshot_completed / image_available) doing the waiting. Timings are printed.
 */
const run = promisify(execFile);

describe('RegisterImage, CreateSnapshots and volume modifications from boto3 and the aws CLI, in real time', () => {
  let ticker: Ticker;
  beforeAll(async () => {
    ticker = startTicker({ lambdaEndpoint: sandbox().lambdaEndpoint });
    await control('PUT', 'durations', { Profile: 'quick' });
  });
  afterAll(async () => {
    await control('PUT', 'durations', { Profile: 'realistic' });
    await ticker.stop();
  });

  it('boto3: the calls, their errors and the default waiters', { timeout: 600_000 }, async () => {
    const offset = (await control('GET', 'clock')).body.OffsetSeconds;
    const account = await newAccount();
    const { stdout } = await run(
      'python3',
      [join(__dirname, 'ec2_register_snapshots.py'), ec2Endpoint(), account.accessKeyId, account.accessKeySecret, REGION],
      {
        timeout: 600_000,
      },
    );
    const out = JSON.parse(stdout.trim().split('\n').at(-1)!);
    console.log(`boto3 real-time waiters (seconds): snapshots ${out.snapshotsCompletedSeconds}, image ${out.imageAvailableSeconds}`);
    expect(out.ssm).toEqual({
      '/aws/service/ami-amazon-linux-latest/amzn2-ami-hvm-x86_64-gp2': 'ami-0e3c1a7b5d9f24603',
      '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64': 'ami-0e7d4b2c8a1f35604',
    });
    expect(out.ssmArch).toEqual({ 'ami-0e3c1a7b5d9f24603': 'x86_64', 'ami-0e7d4b2c8a1f35604': 'arm64' });
    expect(out.setVolumes).toBe(true);
    expect(out.setTags).toEqual(['role=data', 'set=b3']);
    expect(out.excludeRootError).toBe('InvalidParameterValue');
    expect(out.image).toBe('available');
    expect(out.registerErrors).toEqual(['InvalidAMIName.Duplicate', 'InvalidAMIName.Malformed', 'InvalidSnapshot.NotFound', 'InvalidBlockDeviceMapping']);
    expect(out.modificationStates.at(-1)).toBe('completed');
    expect(out.modificationStates[0]).not.toBe('completed');
    expect(out.finalProgress).toBe(100);
    expect(out.neverModified).toBe('InvalidVolumeModification.NotFound');
    expect(out.paginated).toBe(true);
    // The waiters poll every 15 s (40 attempts); the quick durations finish within a few polls.
    expect(out.snapshotsCompletedSeconds).toBeLessThan(120);
    expect(out.imageAvailableSeconds).toBeLessThan(60);
    expect((await control('GET', 'clock')).body.OffsetSeconds).toBe(offset);
  });

  it('aws CLI: create-snapshots, register-image, wait image-available, describe-volumes-modifications', { timeout: 600_000 }, async () => {
    const cli: AwsCli = existsSync(AWS_CLI_V2) ? 'v2' : 'v1';
    const account = await newAccount();
    const ok = <T = any>(args: string[]) => awsOk<T>(account, args, { cli });
    const params = await ok<{ Parameters: { Value: string }[] }>([
      'ssm',
      'get-parameters',
      '--names',
      '/aws/service/ami-amazon-linux-latest/amzn2-ami-kernel-5.10-hvm-x86_64-gp2',
    ]);
    const ami = params.Parameters[0]!.Value;
    const runOut = await ok<{ Instances: { InstanceId: string }[] }>([
      'ec2',
      'run-instances',
      '--image-id',
      ami,
      '--instance-type',
      't3.micro',
      '--count',
      '1',
    ]);
    const id = runOut.Instances[0]!.InstanceId;
    await ok(['ec2', 'wait', 'instance-running', '--instance-ids', id]);

    const set = await ok<{ Snapshots: { SnapshotId: string; VolumeId: string }[] }>([
      'ec2',
      'create-snapshots',
      '--instance-specification',
      `InstanceId=${id}`,
      '--description',
      'cli set',
      '--tag-specifications',
      'ResourceType=snapshot,Tags=[{Key=set,Value=cli}]',
    ]);
    expect(set.Snapshots).toHaveLength(1);
    const snap = set.Snapshots[0]!;
    await ok(['ec2', 'wait', 'snapshot-completed', '--snapshot-ids', snap.SnapshotId]);

    const { ImageId } = await ok<{ ImageId: string }>([
      'ec2',
      'register-image',
      '--name',
      'cli-registered',
      '--root-device-name',
      '/dev/xvda',
      '--architecture',
      'x86_64',
      '--block-device-mappings',
      JSON.stringify([{ DeviceName: '/dev/xvda', Ebs: { SnapshotId: snap.SnapshotId } }]),
    ]);
    const t0 = Date.now();
    await ok(['ec2', 'wait', 'image-available', '--image-ids', ImageId]);
    console.log(`aws CLI ${cli}: image-available after ${(Date.now() - t0) / 1000} s`);
    const dup = await aws(
      account,
      [
        'ec2',
        'register-image',
        '--name',
        'cli-registered',
        '--block-device-mappings',
        JSON.stringify([{ DeviceName: '/dev/xvda', Ebs: { SnapshotId: snap.SnapshotId } }]),
      ],
      { cli },
    );
    expect(dup.code).not.toBe(0);
    expect(dup.stderr).toContain('InvalidAMIName.Duplicate');

    await ok(['ec2', 'modify-volume', '--volume-id', snap.VolumeId, '--size', '80']);
    const mods = await ok<{ VolumesModifications: { VolumeId: string; ModificationState: string; TargetSize: number }[] }>([
      'ec2',
      'describe-volumes-modifications',
      '--volume-ids',
      snap.VolumeId,
    ]);
    expect(mods.VolumesModifications).toEqual([expect.objectContaining({ VolumeId: snap.VolumeId, TargetSize: 80 })]);
    expect(['modifying', 'optimizing']).toContain(mods.VolumesModifications[0]!.ModificationState);
    const filtered = await ok<{ VolumesModifications: { VolumeId: string }[] }>([
      'ec2',
      'describe-volumes-modifications',
      '--filters',
      `Name=volume-id,Values=${snap.VolumeId}`,
    ]);
    expect(filtered.VolumesModifications.map((m) => m.VolumeId)).toEqual([snap.VolumeId]);
  });
});
