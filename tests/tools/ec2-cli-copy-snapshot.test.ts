import { describe, expect, it } from 'vitest';
import { advanceClock, aws, awsOk, type AwsCli } from '../support/ec2';
import { newAccount } from '../support/sandbox';

/**
 * `aws ec2 copy-snapshot` with both CLIs (1.x on PATH, Debian's awscli2): botocore adds a presigned
 * URL and DestinationRegion for a cross-region copy; the sandbox answers the copy in the region the
 * command is sent to (shared/domain/snapshot-copy.ts).
 */
const SOURCE = 'cn-hangzhou';
const DESTINATION = 'cn-shanghai';

describe('aws ec2 copy-snapshot', () => {
  for (const cli of ['v1', 'v2'] as AwsCli[]) {
    it(`copies a completed snapshot to another region (${cli})`, async () => {
      const account = await newAccount();
      const ec2 = (args: string[], region = SOURCE) => awsOk(account, ['ec2', ...args, '--region', region], { cli });
      const ami = (await ec2(['describe-images', '--owners', 'amazon'])).Images[0].ImageId;
      const run = await ec2([
        'run-instances',
        '--image-id',
        ami,
        '--instance-type',
        't3.micro',
        '--block-device-mappings',
        'DeviceName=/dev/xvdb,Ebs={VolumeSize=20,VolumeType=gp3}',
      ]);
      await advanceClock(11);
      const volumes = (await ec2(['describe-volumes', '--filters', `Name=attachment.instance-id,Values=${run.Instances[0].InstanceId}`])).Volumes;
      const data = volumes.find((v: { Size: number }) => v.Size === 20);
      const snap = await ec2(['create-snapshot', '--volume-id', data.VolumeId]);
      await advanceClock(20 * 60 + 5);

      const copy = await ec2(['copy-snapshot', '--source-region', SOURCE, '--source-snapshot-id', snap.SnapshotId, '--description', 'offsite'], DESTINATION);
      expect(copy.SnapshotId).toBeTruthy();
      const [copied] = (await ec2(['describe-snapshots', '--snapshot-ids', copy.SnapshotId], DESTINATION)).Snapshots;
      expect(copied).toMatchObject({ SnapshotId: copy.SnapshotId, State: 'pending', Description: 'offsite', VolumeSize: 20 });
      const missing = await aws(
        account,
        ['ec2', 'copy-snapshot', '--source-region', SOURCE, '--source-snapshot-id', 'snap-0123456789abcdef0', '--region', DESTINATION],
        { cli },
      );
      expect(missing.code).not.toBe(0);
      expect(missing.stderr).toContain('InvalidSnapshot.NotFound');
    });
  }
});
