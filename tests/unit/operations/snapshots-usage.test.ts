import { describe, expect, it } from 'vitest';
import { errorOf, MemorySandbox } from '../../support/memory-sandbox';

type Usage = { SnapshotCount: number; SnapshotSize: number };

/** ECS DescribeSnapshotsUsage (issue 12's recipe, measured): the count and bytes of the caller's snapshots in a region. */
describe('DescribeSnapshotsUsage', () => {
  it('counts the caller’s snapshots of the region and sums the bytes each stores; an unknown region is InvalidParam.RegionId (403)', async () => {
    const sandbox = await MemorySandbox.withAccount();
    const { instanceId } = await sandbox.launchOne();
    await sandbox.passTime(60);
    expect(await sandbox.ecs<Usage>('DescribeSnapshotsUsage')).toMatchObject({ SnapshotCount: 0, SnapshotSize: 0 });
    const disks = await sandbox.ecs<{ Disks: { Disk: { DiskId: string }[] } }>('DescribeDisks', { InstanceId: instanceId });
    const diskId = disks.Disks.Disk[0]!.DiskId;
    await sandbox.ecs('CreateSnapshot', { DiskId: diskId, SnapshotName: 'first' });
    await sandbox.passTime(3600);
    await sandbox.ecs('CreateSnapshot', { DiskId: diskId, SnapshotName: 'second' });
    await sandbox.passTime(3600);
    const listed = await sandbox.ecs<{ Snapshots: { Snapshot: { SnapshotId: string }[] } }>('DescribeSnapshots');
    expect(listed.Snapshots.Snapshot).toHaveLength(2);
    const usage = await sandbox.ecs<Usage>('DescribeSnapshotsUsage');
    expect(usage.SnapshotCount).toBe(2);
    expect(usage.SnapshotSize).toBeGreaterThan(0);
    expect(Number.isInteger(usage.SnapshotSize)).toBe(true);
    // Another account's snapshots are not the caller's.
    const other = await MemorySandbox.withAccount('1000000000000002');
    expect(await other.ecs<Usage>('DescribeSnapshotsUsage')).toMatchObject({ SnapshotCount: 0, SnapshotSize: 0 });
    expect(await errorOf(sandbox.ecs('DescribeSnapshotsUsage', { RegionId: 'xx-nowhere-1' }))).toMatchObject({ code: 'InvalidParam.RegionId', status: 403 });
  });
});
