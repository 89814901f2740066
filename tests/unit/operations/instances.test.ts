import { beforeEach, describe, expect, it } from 'vitest';
import { errorOf, IMAGE, MemorySandbox } from '../../support/memory-sandbox';

interface InstanceView {
  InstanceId: string;
  Status: string;
  InstanceType: string;
}
const instancesOf = (out: { Instances: { Instance: InstanceView[] } }) => out.Instances.Instance;

/** Instance lifecycle through the real actions on the in-memory store (no Java, no HTTP). */
describe('instances on the in-memory store', () => {
  let sandbox: MemorySandbox;
  beforeEach(async () => {
    sandbox = await MemorySandbox.withAccount();
  });

  const launch = async (amount = 1) =>
    (await sandbox.ecs<{ InstanceIdSets: { InstanceIdSet: string[] } }>('RunInstances', { ImageId: IMAGE, InstanceType: 'ecs.g7.large', Amount: amount }))
      .InstanceIdSets.InstanceIdSet;
  const describeOne = async (id: string) => instancesOf(await sandbox.ecs('DescribeInstances', { InstanceIds: JSON.stringify([id]) }))[0];

  it('launches Pending, runs after the transition time, stops and starts', async () => {
    const [id] = await launch();
    expect(id).toMatch(/^i-/);
    expect(await describeOne(id!)).toMatchObject({ InstanceId: id, Status: 'Pending', InstanceType: 'ecs.g7.large' });
    await sandbox.passTime(60);
    expect((await describeOne(id!))?.Status).toBe('Running');
    await sandbox.ecs('StopInstance', { InstanceId: id! });
    expect((await describeOne(id!))?.Status).toBe('Stopping');
    await sandbox.passTime(60);
    expect((await describeOne(id!))?.Status).toBe('Stopped');
    await sandbox.ecs('StartInstance', { InstanceId: id! });
    await sandbox.passTime(60);
    expect((await describeOne(id!))?.Status).toBe('Running');
  });

  it('refuses to delete a running instance without Force and changes nothing', async () => {
    const [id] = await launch();
    await sandbox.passTime(60);
    const before = sandbox.store.dump();
    expect(await errorOf(sandbox.ecs('DeleteInstance', { InstanceId: id! }))).toMatchObject({ code: 'IncorrectInstanceStatus', status: 403 });
    expect(sandbox.store.dump()).toEqual(before);
  });

  it('deletes a stopped instance with its system disk in one unit of work', async () => {
    const [id] = await launch();
    await sandbox.passTime(60);
    const disks = await sandbox.ecs<{ Disks: { Disk: { DiskId: string }[] } }>('DescribeDisks', { InstanceId: id! });
    expect(disks.Disks.Disk).toHaveLength(1);
    await sandbox.ecs('StopInstance', { InstanceId: id! });
    await sandbox.passTime(60);
    await sandbox.ecs('DeleteInstance', { InstanceId: id! });
    expect(instancesOf(await sandbox.ecs('DescribeInstances', { InstanceIds: JSON.stringify([id]) }))).toEqual([]);
    expect((await sandbox.ecs<{ Disks: { Disk: unknown[] } }>('DescribeDisks', { DiskIds: JSON.stringify([disks.Disks.Disk[0]!.DiskId]) })).Disks.Disk).toEqual(
      [],
    );
  });

  it('counts launches against the pay-as-you-go quota: the eleventh is refused', async () => {
    await launch(10);
    expect(await errorOf(launch(1))).toMatchObject({ code: 'QuotaExceed.AfterpayInstance' });
    const all = await sandbox.ecs<{ TotalCount: number }>('DescribeInstances', { PageSize: 100 });
    expect(all.TotalCount).toBe(10);
  });

  it('answers the same ClientToken with the first answer and creates nothing more', async () => {
    const params = { ImageId: IMAGE, InstanceType: 'ecs.g7.large', ClientToken: 'token-1' };
    const first = await sandbox.ecs('RunInstances', params);
    const again = await sandbox.ecs('RunInstances', params);
    expect(again).toEqual(first);
    expect((await sandbox.ecs<{ TotalCount: number }>('DescribeInstances')).TotalCount).toBe(1);
  });
});
