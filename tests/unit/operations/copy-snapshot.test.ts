import { describe, expect, it, vi } from 'vitest';
import { copySnapshot } from '../../../shared/actions/snapshots/copy-snapshot';
import { errorOf, MemorySandbox } from '../../support/memory-sandbox';

type Snapshots = { Snapshots: { Snapshot: { SnapshotId: string; Status: string; SourceSnapshotId?: string }[] } };

/** ECS CopySnapshot is a codec over the copySnapshot operation (issue 12); the EC2 adapter reaches it too. */
describe('CopySnapshot over its operation', () => {
  it('copies an accomplished snapshot to another region; refuses an unknown or unfinished source', async () => {
    const sandbox = await MemorySandbox.withAccount();
    const { instanceId } = await sandbox.launchOne();
    await sandbox.passTime(60);
    const disks = await sandbox.ecs<{ Disks: { Disk: { DiskId: string }[] } }>('DescribeDisks', { InstanceId: instanceId });
    const { SnapshotId } = await sandbox.ecs<{ SnapshotId: string }>('CreateSnapshot', { DiskId: disks.Disks.Disk[0]!.DiskId });
    const run = vi.spyOn(copySnapshot, 'run');
    // Still being taken: not ready to copy.
    expect(await errorOf(sandbox.ecs('CopySnapshot', { SnapshotId, DestinationRegionId: 'cn-shanghai' }))).toMatchObject({
      code: 'InvalidSnapshotId.NotReady',
    });
    await sandbox.passTime(3600);
    const copy = await sandbox.ecs<{ SnapshotId: string }>('CopySnapshot', {
      SnapshotId,
      DestinationRegionId: 'cn-shanghai',
      DestinationSnapshotName: 'copied',
    });
    expect(copy.SnapshotId).toMatch(/^s-/);
    await sandbox.passTime(3600);
    const there = await sandbox.ecs<Snapshots>('DescribeSnapshots', { RegionId: 'cn-shanghai' });
    expect(there.Snapshots.Snapshot.map((s) => s.SnapshotId)).toEqual([copy.SnapshotId]);
    expect(await errorOf(sandbox.ecs('CopySnapshot', { SnapshotId: 's-missing0000000001', DestinationRegionId: 'cn-shanghai' }))).toMatchObject({
      code: 'InvalidSnapshotId.NotFound',
    });
    // EC2 CopySnapshot, sent to the destination region, runs the same operation.
    const ec2 = await sandbox.ec2<{ SnapshotId: string }>('CopySnapshot', { SourceRegion: 'cn-hangzhou', SourceSnapshotId: SnapshotId });
    expect(ec2.SnapshotId).toBeTruthy();
    expect(run).toHaveBeenCalledTimes(4);
  });
});
