import { beforeEach, describe, expect, it } from 'vitest';
import { errorOf, IMAGE, MemorySandbox } from '../../support/memory-sandbox';

interface Disk {
  DiskId: string;
  Status: string;
  Size: number;
  InstanceId: string;
}
interface Snapshot {
  SnapshotId: string;
  Status: string;
  SourceDiskId: string;
}
interface Image {
  ImageId: string;
  Status: string;
  ImageName: string;
}

/** Disks, snapshots and custom images through the real actions on the in-memory store. */
describe('disks, snapshots and images on the in-memory store', () => {
  let sandbox: MemorySandbox;
  beforeEach(async () => {
    sandbox = await MemorySandbox.withAccount();
  });

  const zone = 'cn-hangzhou-i';
  const diskOf = async (id: string) => (await sandbox.ecs<{ Disks: { Disk: Disk[] } }>('DescribeDisks', { DiskIds: JSON.stringify([id]) })).Disks.Disk[0];
  const snapshotOf = async (id: string) =>
    (await sandbox.ecs<{ Snapshots: { Snapshot: Snapshot[] } }>('DescribeSnapshots', { SnapshotIds: JSON.stringify([id]) })).Snapshots.Snapshot[0];
  const runningInstance = async () => {
    const out = await sandbox.ecs<{ InstanceIdSets: { InstanceIdSet: string[] } }>('RunInstances', {
      ImageId: IMAGE,
      InstanceType: 'ecs.g7.large',
      ZoneId: zone,
    });
    await sandbox.passTime(60);
    return out.InstanceIdSets.InstanceIdSet[0]!;
  };

  it('creates a data disk, attaches it to an instance and detaches it again', async () => {
    const { DiskId } = await sandbox.ecs<{ DiskId: string }>('CreateDisk', { ZoneId: zone, Size: 40, DiskCategory: 'cloud_essd' });
    expect(await diskOf(DiskId)).toMatchObject({ Status: 'Creating', Size: 40 });
    await sandbox.passTime(60);
    expect((await diskOf(DiskId))?.Status).toBe('Available');
    const instanceId = await runningInstance();
    // The sandbox's default asks for a Stopped instance (shared/domain/disk.ts `attach`).
    await sandbox.ecs('StopInstance', { InstanceId: instanceId });
    await sandbox.passTime(60);
    await sandbox.ecs('AttachDisk', { DiskId, InstanceId: instanceId });
    await sandbox.passTime(60);
    expect(await diskOf(DiskId)).toMatchObject({ Status: 'In_use', InstanceId: instanceId });
    await sandbox.ecs('DetachDisk', { DiskId, InstanceId: instanceId });
    await sandbox.passTime(60);
    expect(await diskOf(DiskId)).toMatchObject({ Status: 'Available', InstanceId: '' });
  });

  it('refuses a disk size outside the category range and creates nothing', async () => {
    const before = sandbox.store.dump();
    expect(await errorOf(sandbox.ecs('CreateDisk', { ZoneId: zone, Size: 70_000, DiskCategory: 'cloud_essd' }))).toMatchObject({
      code: 'InvalidDiskSize.NotSupported',
      status: 400,
    });
    expect(sandbox.store.dump()).toEqual(before);
  });

  it('takes a snapshot of a system disk that completes as the clock moves; a never-attached disk is refused', async () => {
    const instanceId = await runningInstance();
    const systemDisk = (await sandbox.ecs<{ Disks: { Disk: Disk[] } }>('DescribeDisks', { InstanceId: instanceId })).Disks.Disk[0]!;
    const { SnapshotId } = await sandbox.ecs<{ SnapshotId: string }>('CreateSnapshot', { DiskId: systemDisk.DiskId });
    expect(await snapshotOf(SnapshotId)).toMatchObject({ SourceDiskId: systemDisk.DiskId, Status: 'progressing' });
    await sandbox.passTime(3600);
    expect((await snapshotOf(SnapshotId))?.Status).toBe('accomplished');
    const { DiskId } = await sandbox.ecs<{ DiskId: string }>('CreateDisk', { ZoneId: zone, Size: 20, DiskCategory: 'cloud_essd' });
    await sandbox.passTime(60);
    expect(await errorOf(sandbox.ecs('CreateSnapshot', { DiskId }))).toMatchObject({ code: 'IncorrectDiskStatus.NeverAttached', status: 403 });
  });

  it('makes a custom image from an instance; the image is refused for deletion while an instance uses it', async () => {
    const instanceId = await runningInstance();
    const { ImageId } = await sandbox.ecs<{ ImageId: string }>('CreateImage', { InstanceId: instanceId, ImageName: 'web-base' });
    await sandbox.passTime(3600);
    const images = await sandbox.ecs<{ Images: { Image: Image[] } }>('DescribeImages', { ImageId, ImageOwnerAlias: 'self' });
    expect(images.Images.Image).toHaveLength(1);
    expect(images.Images.Image[0]).toMatchObject({ ImageId, ImageName: 'web-base', Status: 'Available' });
    const launched = await sandbox.ecs<{ InstanceIdSets: { InstanceIdSet: string[] } }>('RunInstances', {
      ImageId,
      InstanceType: 'ecs.g7.large',
      ZoneId: zone,
    });
    expect(launched.InstanceIdSets.InstanceIdSet).toHaveLength(1);
    expect((await errorOf(sandbox.ecs('DeleteImage', { ImageId }))).code).toBe('ImageUsingByInstance');
    await sandbox.ecs('DeleteImage', { ImageId, Force: true });
    expect((await sandbox.ecs<{ Images: { Image: Image[] } }>('DescribeImages', { ImageId, ImageOwnerAlias: 'self' })).Images.Image).toEqual([]);
  });
});
