import { describe, expect, it } from 'vitest';
import { systemImagesForRegion } from '../../shared/domain/catalogue/system-images';
import { Keys } from '../../shared/store/keys';
import { Ecs, sdkError } from '../support/ecs-client';
import { newAccount, type TestAccount } from '../support/sandbox';
import {
  advance,
  applyPolicy,
  chinaHour,
  createDisk,
  createPolicy,
  createSnapshot,
  DAY,
  deleteItem,
  deletePolicy,
  disk,
  disks,
  disksOf,
  instance,
  launch,
  launchRunning,
  OTHER_IMAGE,
  OTHER_ZONE,
  putItem,
  REGION,
  runJobs,
  sandboxNow,
  secondsPast,
  setQuota,
  settle,
  snapshot,
  snapshots,
  startInstance,
  stop,
  stored,
  waitAccomplished,
  ZONE,
} from '../support/storage';

/**
 * Disks through the official SDK: CreateDisk and DescribeDisks, the quotas,
 * AttachDisk / DetachDisk with every refused precondition (guide L1514-1648),
 * roll-back and re-initialisation (guide L1838-1883), resize, replacing the
 * system disk (guide L1650-1836), DeleteDisk, and what an instance release
 * does to disks and their snapshots for every DeleteWithInstance ×
 * DeleteAutoSnapshot combination. The sandbox clock is shared: every time is
 * computed from DescribeSandboxClock.
 */
const dataDisk = (extra: Record<string, unknown> = {}) => new Ecs.RunInstancesRequestDataDisk({ size: 20, category: 'cloud_essd', ...extra });

function attachErr(account: TestAccount, diskId: string, instanceId: string, extra: Record<string, unknown> = {}) {
  return sdkError(account.client.attachDisk(new Ecs.AttachDiskRequest({ diskId, instanceId, ...extra })));
}
function detachErr(account: TestAccount, diskId: string, instanceId: string) {
  return sdkError(account.client.detachDisk(new Ecs.DetachDiskRequest({ diskId, instanceId })));
}
const sortByDevice = <T extends { device?: string }>(list: T[]) => [...list].sort((a, b) => (a.device ?? '').localeCompare(b.device ?? ''));

describe('CreateDisk and DescribeDisks', () => {
  it('creates a pay-as-you-go data disk that goes Creating → Available, and finds it by every filter', async () => {
    const account = await newAccount();
    const id = await createDisk(account, {
      size: 30,
      diskName: 'data-one',
      description: 'first disk',
      tag: [new Ecs.CreateDiskRequestTag({ key: 'env', value: 'test' })],
    });
    expect(await disk(account, id)).toMatchObject({
      diskId: id,
      status: 'Creating',
      type: 'data',
      category: 'cloud_essd',
      size: 30,
      zoneId: ZONE,
      regionId: REGION,
      diskChargeType: 'PostPaid',
      portable: true,
      deleteWithInstance: false,
      deleteAutoSnapshot: true,
      instanceId: '',
      diskName: 'data-one',
      description: 'first disk',
      performanceLevel: 'PL1',
    });
    await settle();
    expect((await disk(account, id))?.status).toBe('Available');

    const basic = await createDisk(account, { diskCategory: undefined, size: 5 }); // the default category is `cloud`
    expect((await disk(account, basic))?.category).toBe('cloud');
    await settle();
    expect((await disks(account, { status: 'Available' })).total).toBe(2);
    expect((await disks(account, { status: 'In_use' })).total).toBe(0);
    expect((await disks(account, { category: 'cloud' })).disks.map((d) => d.diskId)).toEqual([basic]);
    expect((await disks(account, { tag: [new Ecs.DescribeDisksRequestTag({ key: 'env', value: 'test' })] })).disks.map((d) => d.diskId)).toEqual([id]);
    expect((await disks(account, { tag: [new Ecs.DescribeDisksRequestTag({ key: 'env', value: 'prod' })] })).total).toBe(0);
    expect((await disks(account, { diskIds: '[]' })).total).toBe(0);
    expect((await disks(account, { diskType: 'system' })).total).toBe(0);
    expect(await sdkError(account.client.describeDisks(new Ecs.DescribeDisksRequest({ regionId: REGION, status: 'Broken' })))).toMatchObject({
      code: 'InvalidStatus.ValueNotSupported',
      statusCode: 400,
    });

    // Token paging: MaxResults under 10 counts as 10.
    for (let i = 0; i < 10; i++) await createDisk(account);
    const first = await account.client.describeDisks(new Ecs.DescribeDisksRequest({ regionId: REGION, maxResults: 1 }));
    expect(first.body!.disks!.disk).toHaveLength(10);
    expect(first.body!.nextToken).not.toBe('');
    const second = await account.client.describeDisks(new Ecs.DescribeDisksRequest({ regionId: REGION, maxResults: 10, nextToken: first.body!.nextToken }));
    expect(second.body!.disks!.disk).toHaveLength(2);
    expect(second.body!.nextToken).toBe('');
    const all = [...first.body!.disks!.disk!, ...second.body!.disks!.disk!].map((d) => d.diskId);
    expect(new Set(all).size).toBe(12);
  });

  it('refuses bad parameters with the documented codes and creates nothing', async () => {
    const account = await newAccount();
    const cases: [Record<string, unknown>, string, number][] = [
      [{ diskCategory: 'cloud', size: 2001 }, 'InvalidDiskSize.NotSupported', 400],
      [{ diskCategory: 'cloud_ssd', size: 10 }, 'InvalidDiskSize.NotSupported', 400],
      [{ diskCategory: 'cloud_ssd', size: 2049 }, 'InvalidDiskSize.NotSupported', 400], // guide L147: 20–2,048 GB
      [{ diskCategory: 'local_ssd', size: 20 }, 'InvalidDiskCategory.ValueNotSupported', 400],
      [{ size: undefined }, 'MissingParameter', 400],
      [{ zoneId: 'cn-hangzhou-z' }, 'InvalidZoneId.NotFound', 404],
      [{ snapshotId: 's-bp1doesnotexist000' }, 'InvalidSnapshotId.NotFound', 404],
      [{ diskName: '1-starts-with-a-digit' }, 'InvalidDiskName.Malformed', 400],
      [{ instanceId: 'i-bp1doesnotexist000' }, 'InvalidParameter.Conflict', 400],
      [{ performanceLevel: 'PL9' }, 'InvalidPerformanceLevel.Malformed', 400],
    ];
    for (const [params, code, statusCode] of cases) {
      const err = await sdkError(
        account.client.createDisk(new Ecs.CreateDiskRequest({ regionId: REGION, zoneId: ZONE, diskCategory: 'cloud_essd', size: 20, ...params })),
      );
      expect({ params, code: err.code, statusCode: err.statusCode }).toEqual({ params, code, statusCode });
    }
    // InstanceId creates a subscription disk: a pay-as-you-go instance has none.
    const payg = await launch(account);
    expect(await sdkError(account.client.createDisk(new Ecs.CreateDiskRequest({ regionId: REGION, instanceId: payg, size: 20 })))).toMatchObject({
      code: 'InvalidPayMethod',
      statusCode: 403,
    });
    expect((await disks(account, { diskType: 'data' })).total).toBe(0);
  });

  it('takes the cloud disk quota (guide: 250, disks made with instances included) and the pay-as-you-go disk quota in the creating transaction', async () => {
    const account = await newAccount();
    await launch(account, { dataDisk: [dataDisk()] }); // a system disk and a data disk
    await setQuota(account, 'CloudDisks', 3);
    const third = await createDisk(account);
    expect(await sdkError(createDisk(account))).toMatchObject({ code: 'QuotaExceed.PortableCloudDisk', statusCode: 403 });
    // RunInstances counts its disks against the same quota and, refused, launches nothing.
    expect(await sdkError(launch(account))).toMatchObject({ code: 'QuotaExceed.PortableCloudDisk', statusCode: 403 });
    expect((await disks(account)).total).toBe(3);
    const listed = await account.client.describeInstances(new Ecs.DescribeInstancesRequest({ regionId: REGION }));
    expect(listed.body!.totalCount).toBe(1);
    // Releasing a disk gives its slot back.
    await settle();
    await account.client.deleteDisk(new Ecs.DeleteDiskRequest({ diskId: third }));
    const again = await createDisk(account);
    expect(again).toMatch(/^d-/);

    // Pay-as-you-go disks bought with CreateDisk: 5 × the pay-as-you-go instance quota per region (guide L136).
    await setQuota(account, 'CloudDisks', 250);
    await setQuota(account, 'PostPaidDisks', 2);
    await createDisk(account);
    expect(await sdkError(createDisk(account))).toMatchObject({ code: 'QuotaExceed.PostPaidDisk', statusCode: 403 });
    expect((await disks(account, { portable: true, diskType: 'data' })).disks.filter((d) => d.diskChargeType === 'PostPaid' && d.instanceId === '')).toHaveLength(2);

    const other = await newAccount();
    await setQuota(other, 'PostPaidInstances', 0);
    expect(await sdkError(createDisk(other))).toMatchObject({ code: 'QuotaExceed.PostPaidDisk', statusCode: 403 });
    expect((await disks(other)).total).toBe(0);
  });
});

describe('AttachDisk and DetachDisk', () => {
  it('attaches an Available disk to a Stopped instance (Attaching → In_use) and detaches it (Detaching → Available)', async () => {
    const account = await newAccount();
    const id = await launchRunning(account, { dataDisk: [dataDisk()] });
    const diskId = await createDisk(account);
    await settle();
    // Guide L1523: only to a Stopped instance.
    expect(await attachErr(account, diskId, id)).toMatchObject({ code: 'IncorrectInstanceStatus', statusCode: 400 });
    expect(await disk(account, diskId)).toMatchObject({ status: 'Available', instanceId: '' });
    await stop(account, id);

    await account.client.attachDisk(new Ecs.AttachDiskRequest({ diskId, instanceId: id, deleteWithInstance: true }));
    expect(await disk(account, diskId)).toMatchObject({ status: 'Attaching', instanceId: id, device: '/dev/xvdc', deleteWithInstance: true });
    await settle();
    const attached = (await disk(account, diskId))!;
    expect(attached).toMatchObject({ status: 'In_use', instanceId: id, device: '/dev/xvdc' });
    expect(attached.attachedTime).not.toBe('');
    expect(attached.attachments!.attachment).toEqual([expect.objectContaining({ instanceId: id, device: '/dev/xvdc' })]);
    expect(sortByDevice((await disksOf(account, id)).data).map((d) => d.diskId)).toContain(diskId);

    // Data disks detach from a Running instance too (ecs-api.md DetachDisk).
    await startInstance(account, id);
    await settle();
    await account.client.detachDisk(new Ecs.DetachDiskRequest({ diskId, instanceId: id, deleteWithInstance: false }));
    expect(await disk(account, diskId)).toMatchObject({ status: 'Detaching', instanceId: id });
    await settle();
    const detached = (await disk(account, diskId))!;
    expect(detached).toMatchObject({ status: 'Available', instanceId: '', device: '', deleteWithInstance: false });
    expect(detached.detachedTime).not.toBe('');
    expect((await disksOf(account, id)).data.map((d) => d.diskId)).not.toContain(diskId);
  });

  it('refuses every precondition with its documented code and changes nothing', async () => {
    const account = await newAccount();
    const a = await launch(account, { dataDisk: [dataDisk()] });
    const b = await launch(account, { zoneId: OTHER_ZONE });
    const free = await createDisk(account);
    const far = await createDisk(account, { zoneId: OTHER_ZONE });
    await advance(11);
    await account.client.stopInstance(new Ecs.StopInstanceRequest({ instanceId: a }));
    await account.client.stopInstance(new Ecs.StopInstanceRequest({ instanceId: b }));
    await settle();
    const aDisks = await disksOf(account, a);
    const bDisks = await disksOf(account, b);
    const aData = aDisks.data[0]!.diskId!;

    expect(await attachErr(account, far, a)).toMatchObject({ code: 'ResourcesNotInSameZone', statusCode: 403 }); // guide L1529
    expect(await attachErr(account, bDisks.system.diskId!, a)).toMatchObject({ code: 'DiskId.ValueNotSupported', statusCode: 403 }); // guide L1532
    expect(await attachErr(account, aData, b)).toMatchObject({ code: 'IncorrectDiskStatus', statusCode: 403 }); // one instance at a time (L1530)
    expect(await attachErr(account, free, a, { device: '/dev/xvda' })).toMatchObject({ code: 'InvalidDevice.Malformed', statusCode: 400 });
    expect(await attachErr(account, free, a, { device: '/dev/xvdb' })).toMatchObject({ code: 'InvalidDevice.InUse', statusCode: 403 });
    expect(await attachErr(account, free, a, { bootable: true })).toMatchObject({ code: 'DiskId.ValueNotSupported', statusCode: 403 });
    expect(await attachErr(account, 'd-bp1doesnotexist000', a)).toMatchObject({ code: 'InvalidDiskId.NotFound', statusCode: 404 });
    expect(await attachErr(account, free, 'i-bp1doesnotexist000')).toMatchObject({ code: 'InvalidInstanceId.NotFound', statusCode: 404 });
    const creating = await createDisk(account);
    expect(await attachErr(account, creating, a)).toMatchObject({ code: 'IncorrectDiskStatus', statusCode: 403 }); // not yet Available (L1527)

    expect(await detachErr(account, aDisks.system.diskId!, a)).toMatchObject({ code: 'DiskTypeViolation', statusCode: 403 }); // L1609
    expect(await detachErr(account, free, a)).toMatchObject({ code: 'IncorrectDiskStatus', statusCode: 403 }); // only In_use (L1615)
    expect(await detachErr(account, aData, b)).toMatchObject({ code: 'DependencyViolation', statusCode: 403 });

    // An instance in a transitional state refuses both.
    await startInstance(account, a);
    expect(await detachErr(account, aData, a)).toMatchObject({ code: 'IncorrectInstanceStatus', statusCode: 403 });
    expect(await attachErr(account, free, a)).toMatchObject({ code: 'IncorrectInstanceStatus', statusCode: 400 });

    // Nothing moved.
    expect(await disk(account, free)).toMatchObject({ status: 'Available', instanceId: '' });
    expect(await disk(account, far)).toMatchObject({ status: 'Available', instanceId: '' });
    expect((await disksOf(account, a)).data.map((d) => d.diskId)).toEqual([aData]);
    expect((await disksOf(account, b)).data).toEqual([]);
  });

  it('an instance holds at most 16 data disks, /dev/xvdb … /dev/xvdq; a detached device is free again', async () => {
    const account = await newAccount();
    const id = await launch(account, { dataDisk: Array.from({ length: 16 }, () => dataDisk()) });
    await advance(11);
    await stop(account, id);
    const extra = await createDisk(account);
    await settle();
    expect(await attachErr(account, extra, id)).toMatchObject({ code: 'InstanceDiskLimitExceeded', statusCode: 403 });
    const data = sortByDevice((await disksOf(account, id)).data);
    expect(data.map((d) => d.device)).toEqual(Array.from({ length: 16 }, (_, i) => `/dev/xvd${String.fromCharCode(98 + i)}`));
    const freed = data[2]!;
    await account.client.detachDisk(new Ecs.DetachDiskRequest({ diskId: freed.diskId, instanceId: id }));
    await settle();
    await account.client.attachDisk(new Ecs.AttachDiskRequest({ diskId: extra, instanceId: id }));
    expect((await disk(account, extra))?.device).toBe(freed.device);
  });
});

describe('ResetDisk, ReInitDisk, ResizeDisk', () => {
  it('rolls a disk back to one of its own accomplished snapshots, only while the instance is Stopped', async () => {
    const account = await newAccount();
    const id = await launchRunning(account, { dataDisk: [dataDisk()] });
    const { system, data } = await disksOf(account, id);
    const dataId = data[0]!.diskId!;
    const own = await createSnapshot(account, dataId);
    const foreign = await createSnapshot(account, system.diskId!);
    await waitAccomplished(account, own);
    await waitAccomplished(account, foreign);
    const reset = (diskId: string, snapshotId: string, dryRun?: boolean) =>
      account.client.resetDisk(new Ecs.ResetDiskRequest({ diskId, snapshotId, dryRun }));

    expect(await sdkError(reset(dataId, own))).toMatchObject({ code: 'IncorrectInstanceStatus', statusCode: 403 }); // guide L1872
    await stop(account, id);
    expect(await sdkError(reset(dataId, foreign))).toMatchObject({ code: 'InvalidParameter.Mismatch', statusCode: 403 }); // L1671
    expect(await sdkError(reset(dataId, 's-bp1doesnotexist000'))).toMatchObject({ code: 'InvalidSnapshotId.NotFound', statusCode: 404 });
    const running = await createSnapshot(account, dataId);
    expect(await sdkError(reset(dataId, running))).toMatchObject({ code: 'InvalidSnapshotId.NotReady', statusCode: 403 });
    await waitAccomplished(account, running);
    expect(await sdkError(reset(dataId, own, true))).toMatchObject({ code: 'DryRunOperation', statusCode: 400 });
    expect((await stored(account, 'disk', dataId))?.lastRollback).toBeUndefined();

    await reset(dataId, own);
    expect((await stored(account, 'disk', dataId))?.lastRollback).toMatchObject({ snapshotId: own });
    expect(await disk(account, dataId)).toMatchObject({ status: 'In_use', instanceId: id });
  });

  it('re-initialises a system disk to its image: ReIniting → In_use, snapshots kept, the next snapshot full again', async () => {
    const account = await newAccount();
    const id = await launchRunning(account, { dataDisk: [dataDisk()] });
    const { system, data } = await disksOf(account, id);
    const before = await createSnapshot(account, system.diskId!);
    const first = await waitAccomplished(account, before);
    expect(first.fullSnapshotSizeInBytes).toBe(40 * 1024 ** 3); // a disk's first snapshot is full
    const incremental = await waitAccomplished(account, await createSnapshot(account, system.diskId!));
    expect(incremental.fullSnapshotSizeInBytes).toBe(4 * 1024 ** 3); // later ones incremental

    const reinit = (diskId: string, extra: Record<string, unknown> = {}) => account.client.reInitDisk(new Ecs.ReInitDiskRequest({ diskId, ...extra }));
    expect(await sdkError(reinit(system.diskId!))).toMatchObject({ code: 'IncorrectInstanceStatus', statusCode: 403 }); // guide L1857
    await stop(account, id);
    expect(await sdkError(reinit(system.diskId!, { password: 'short' }))).toMatchObject({ code: 'InvalidPassword.Malformed', statusCode: 400 });
    await reinit(system.diskId!, { password: 'Sandbox#2024' });
    expect((await disk(account, system.diskId!))?.status).toBe('ReIniting');
    await settle();
    expect(await disk(account, system.diskId!)).toMatchObject({ status: 'In_use', imageId: system.imageId, instanceId: id });
    // Snapshots stay (guide L1845); the data was wiped, so the next snapshot copies everything again.
    expect((await snapshots(account, { diskId: system.diskId })).map((s) => s.snapshotId).sort()).toEqual([before, incremental.snapshotId].sort());
    const after = await waitAccomplished(account, await createSnapshot(account, system.diskId!));
    expect(after.fullSnapshotSizeInBytes).toBe(40 * 1024 ** 3);

    // A detached disk cannot be re-initialised; AutoStartInstance starts the instance afterwards.
    const dataId = data[0]!.diskId!;
    await account.client.detachDisk(new Ecs.DetachDiskRequest({ diskId: dataId, instanceId: id }));
    await settle();
    expect(await sdkError(reinit(dataId))).toMatchObject({ code: 'IncorrectDiskStatus', statusCode: 403 });
    await reinit(system.diskId!, { autoStartInstance: true });
    expect((await instance(account, id))?.status).toBe('Starting');
  });

  it('cannot re-initialise a system disk whose image was deleted (InvalidDiskId.OperationNotSupported)', async () => {
    const account = await newAccount();
    // A custom image of the account (the images work will create these with CreateImage).
    const base = systemImagesForRegion(REGION).find((i) => i.imageId === OTHER_IMAGE)!;
    const imageId = `m-bp1${account.accountId}`;
    const key = Keys.resource(account.accountId, REGION, 'image', imageId);
    await putItem(key, { ...base, imageId, ownerAccountId: account.accountId, source: 'custom', imageName: 'golden', isPublic: false, sharedWith: [] });
    const id = await launchRunning(account, { imageId });
    await stop(account, id);
    const { system } = await disksOf(account, id);
    expect(system.imageId).toBe(imageId);
    await deleteItem(key);
    expect(await sdkError(account.client.reInitDisk(new Ecs.ReInitDiskRequest({ diskId: system.diskId })))).toMatchObject({
      code: 'InvalidDiskId.OperationNotSupported',
      statusCode: 404,
    });
    expect((await disk(account, system.diskId!))?.status).toBe('In_use');
  });

  it('cannot re-initialise a data disk whose source snapshot was force-deleted (InvalidSourceSnapshot)', async () => {
    const account = await newAccount();
    const id = await launchRunning(account, { dataDisk: [dataDisk()] });
    const { data } = await disksOf(account, id);
    const source = await createSnapshot(account, data[0]!.diskId!);
    await waitAccomplished(account, source);
    const fromSnapshot = await createDisk(account, { snapshotId: source, size: undefined });
    expect(await disk(account, fromSnapshot)).toMatchObject({ sourceSnapshotId: source, size: 20 });
    await settle();
    await stop(account, id);
    await account.client.attachDisk(new Ecs.AttachDiskRequest({ diskId: fromSnapshot, instanceId: id }));
    await settle();
    expect(await sdkError(account.client.deleteSnapshot(new Ecs.DeleteSnapshotRequest({ snapshotId: source })))).toMatchObject({
      code: 'SnapshotCreatedDisk',
      statusCode: 403,
    });
    await account.client.deleteSnapshot(new Ecs.DeleteSnapshotRequest({ snapshotId: source, force: true }));
    expect(await sdkError(account.client.reInitDisk(new Ecs.ReInitDiskRequest({ diskId: fromSnapshot })))).toMatchObject({
      code: 'InvalidSourceSnapshot',
      statusCode: 403,
    });
  });

  it('grows a disk, never shrinks it, and not while a snapshot is copied', async () => {
    const account = await newAccount();
    const id = await launchRunning(account, { dataDisk: [dataDisk()] });
    const dataId = (await disksOf(account, id)).data[0]!.diskId!;
    const resize = (newSize: number, type?: string) => account.client.resizeDisk(new Ecs.ResizeDiskRequest({ diskId: dataId, newSize, type }));
    expect(await sdkError(resize(20))).toMatchObject({ code: 'InvalidDiskSize', statusCode: 403 });
    expect(await sdkError(resize(40_000))).toMatchObject({ code: 'InvalidDiskSize.TooLarge', statusCode: 403 });
    expect(await sdkError(resize(30, 'sideways'))).toMatchObject({ code: 'InvalidParam.Type', statusCode: 400 });
    await resize(30, 'online');
    expect((await disk(account, dataId))?.size).toBe(30);
    const copying = await createSnapshot(account, dataId);
    expect(await sdkError(resize(40))).toMatchObject({ code: 'DiskCreatingSnapshot', statusCode: 403 });
    await waitAccomplished(account, copying);
    await stop(account, id);
    expect(await sdkError(resize(40, 'online'))).toMatchObject({ code: 'InvalidInstanceStatus.NotRunning', statusCode: 403 });
    await resize(40);
    expect((await disk(account, dataId))?.size).toBe(40);
  });
});

describe('ReplaceSystemDisk (guide L1650-1836)', () => {
  it('gives a new disk id, keeps the IP, drops the old disk\'s automatic snapshots, keeps its manual ones (no roll-back), and needs the policy re-applied', async () => {
    const account = await newAccount();
    const id = await launchRunning(account);
    const before = (await instance(account, id))!;
    const { system } = await disksOf(account, id);
    const oldDisk = system.diskId!;
    const now = await sandboxNow();
    const policy = await createPolicy(account, [chinaHour(now, 2)], { retentionDays: 7 });
    await applyPolicy(account, policy, [oldDisk]);
    await advance(secondsPast(now, 2));
    await runJobs();
    const [auto] = await snapshots(account, { diskId: oldDisk, snapshotType: 'auto' });
    expect(auto).toBeDefined();
    await waitAccomplished(account, auto!.snapshotId!);
    const manual = await createSnapshot(account, oldDisk);
    await waitAccomplished(account, manual);

    const replace = (extra: Record<string, unknown> = {}) =>
      account.client.replaceSystemDisk(new Ecs.ReplaceSystemDiskRequest({ instanceId: id, imageId: OTHER_IMAGE, ...extra }));
    expect(await sdkError(replace())).toMatchObject({ code: 'IncorrectInstanceStatus', statusCode: 403 }); // L1668
    await stop(account, id);
    expect(await sdkError(replace({ imageId: 'm-bp1doesnotexist000' }))).toMatchObject({ code: 'InvalidImageId.NotFound', statusCode: 404 });
    expect(await sdkError(replace({ systemDisk: new Ecs.ReplaceSystemDiskRequestSystemDisk({ size: 30 }) }))).toMatchObject({
      code: 'InvalidSystemDiskSize.ValueNotSupported',
      statusCode: 400,
    });
    expect(await sdkError(replace({ password: 'Sandbox#2024', passwordInherit: true }))).toMatchObject({ code: 'InvalidPasswordParam.Mismatch' });
    expect((await disksOf(account, id)).system.diskId).toBe(oldDisk);

    const res = await replace({ password: 'Sandbox#2024' });
    const newDisk = res.body!.diskId!;
    expect(newDisk).toMatch(/^d-/);
    expect(newDisk).not.toBe(oldDisk);
    const after = (await instance(account, id))!;
    expect(after.imageId).toBe(OTHER_IMAGE);
    expect(after.publicIpAddress).toEqual(before.publicIpAddress); // guide L1662
    expect(after.vpcAttributes!.privateIpAddress).toEqual(before.vpcAttributes!.privateIpAddress);
    const { system: replaced } = await disksOf(account, id);
    expect(replaced).toMatchObject({ diskId: newDisk, imageId: OTHER_IMAGE, device: '/dev/xvda', status: 'In_use', autoSnapshotPolicyId: '', size: 40 });
    expect(await disk(account, oldDisk)).toBeUndefined();

    // Automatic snapshots of the old disk are gone (DeleteAutoSnapshot defaults to true, L1775); manual ones stay (L1671)…
    expect(await snapshot(account, auto!.snapshotId!)).toBeUndefined();
    expect(await snapshot(account, manual)).toMatchObject({ sourceDiskId: oldDisk, snapshotType: 'user' });
    // …but cannot roll back the new disk.
    expect(await sdkError(account.client.resetDisk(new Ecs.ResetDiskRequest({ diskId: newDisk, snapshotId: manual })))).toMatchObject({
      code: 'InvalidParameter.Mismatch',
      statusCode: 403,
    });
    // The policy does not carry over (L1748): applied again, it shows.
    await applyPolicy(account, policy, [newDisk]);
    expect((await disk(account, newDisk))?.autoSnapshotPolicyId).toBe(policy);
    await deletePolicy(account, policy);
  });

  it('outside mainland China an instance cannot switch between Linux and Windows (guide L962, L1664)', async () => {
    const account = await newAccount();
    const res = await account.client.runInstances(
      new Ecs.RunInstancesRequest({ regionId: 'ap-northeast-1', imageId: 'aliyun_3_x64_20G_alibase_20240528.vhd', instanceType: 'ecs.g7.large' }),
    );
    const id = res.body!.instanceIdSets!.instanceIdSet![0]!;
    await advance(11);
    await account.client.stopInstance(new Ecs.StopInstanceRequest({ instanceId: id }));
    await settle();
    expect(
      await sdkError(account.client.replaceSystemDisk(new Ecs.ReplaceSystemDiskRequest({ instanceId: id, imageId: 'win2022_21H2_x64_dtc_en-us_40G_alibase_20240710.vhd' }))),
    ).toMatchObject({ code: 'OperationDenied.ImageNotValid', statusCode: 403 });
    const ok = await account.client.replaceSystemDisk(new Ecs.ReplaceSystemDiskRequest({ instanceId: id, imageId: 'debian_12_6_x64_20G_alibase_20240711.vhd' }));
    expect(ok.body!.diskId).toMatch(/^d-/);
  });
});

describe('DeleteDisk and instance release: DeleteWithInstance × DeleteAutoSnapshot (seed 000, guide L1557-1558, L1775)', () => {
  it('release of an instance honours both flags for every combination; manual snapshots always stay', async () => {
    const account = await newAccount();
    const id = await launchRunning(account, { dataDisk: Array.from({ length: 4 }, () => dataDisk()) });
    const { system, data } = await disksOf(account, id);
    const sorted = sortByDevice(data);
    const combos: { deleteWithInstance: boolean; deleteAutoSnapshot: boolean }[] = [
      { deleteWithInstance: true, deleteAutoSnapshot: true },
      { deleteWithInstance: true, deleteAutoSnapshot: false },
      { deleteWithInstance: false, deleteAutoSnapshot: true },
      { deleteWithInstance: false, deleteAutoSnapshot: false },
    ];
    for (const [i, c] of combos.entries()) {
      await account.client.modifyDiskAttribute(new Ecs.ModifyDiskAttributeRequest({ diskId: sorted[i]!.diskId, ...c }));
    }
    expect(sortByDevice((await disksOf(account, id)).data).map((d) => [d.deleteWithInstance, d.deleteAutoSnapshot])).toEqual(
      combos.map((c) => [c.deleteWithInstance, c.deleteAutoSnapshot]),
    );
    const all = [system.diskId!, ...sorted.map((d) => d.diskId!)];
    const now = await sandboxNow();
    const policy = await createPolicy(account, [chinaHour(now, 2)], { retentionDays: 30 });
    await applyPolicy(account, policy, all);
    await advance(secondsPast(now, 2));
    await runJobs();
    const autos = await snapshots(account, { snapshotType: 'auto' });
    expect(autos.map((s) => s.sourceDiskId).sort()).toEqual([...all].sort());
    await advance(41 * 60); // the 40 GiB system disk's full copy takes 40 minutes
    const manual = new Map<string, string>();
    for (const diskId of all) manual.set(diskId, await createSnapshot(account, diskId));
    await advance(5 * 60);
    expect((await snapshots(account, { status: 'progressing' })).length).toBe(0);

    await stop(account, id);
    await account.client.deleteInstance(new Ecs.DeleteInstanceRequest({ instanceId: id }));

    // Disks: the system disk and DeleteWithInstance=true go; the others stay, Available.
    const left = (await disks(account)).disks;
    expect(left.map((d) => d.diskId).sort()).toEqual([sorted[2]!.diskId, sorted[3]!.diskId].sort());
    expect(left.every((d) => d.status === 'Available' && d.instanceId === '')).toBe(true);
    // Snapshots: manual ones all stay; automatic ones go with a released disk whose DeleteAutoSnapshot is on.
    const remaining = new Set((await snapshots(account)).map((s) => s.snapshotId));
    for (const diskId of all) expect(remaining.has(manual.get(diskId))).toBe(true);
    const autoOf = (diskId: string) => autos.find((s) => s.sourceDiskId === diskId)!.snapshotId!;
    expect(remaining.has(autoOf(system.diskId!))).toBe(false); // released, DeleteAutoSnapshot defaults to true
    expect(remaining.has(autoOf(sorted[0]!.diskId!))).toBe(false); // released + DeleteAutoSnapshot
    expect(remaining.has(autoOf(sorted[1]!.diskId!))).toBe(true); // released, automatic snapshots kept
    expect(remaining.has(autoOf(sorted[2]!.diskId!))).toBe(true); // disk kept
    expect(remaining.has(autoOf(sorted[3]!.diskId!))).toBe(true); // disk kept
    expect(await stored(account, 'snapshot', autoOf(sorted[0]!.diskId!))).toBeUndefined();
    await deletePolicy(account, policy);
  });

  it('DeleteDisk releases an Available data disk with its automatic snapshots when DeleteAutoSnapshot is on', async () => {
    const account = await newAccount();
    const id = await launchRunning(account, { dataDisk: [dataDisk({ deleteWithInstance: false }), dataDisk({ deleteWithInstance: false })] });
    const { system, data } = await disksOf(account, id);
    const [withAuto, keepAuto] = sortByDevice(data).map((d) => d.diskId!);
    await account.client.modifyDiskAttribute(new Ecs.ModifyDiskAttributeRequest({ diskId: keepAuto, deleteAutoSnapshot: false }));
    const now = await sandboxNow();
    const policy = await createPolicy(account, [chinaHour(now, 2)]);
    await applyPolicy(account, policy, [withAuto!, keepAuto!]);
    await advance(secondsPast(now, 2));
    await runJobs();
    await advance(21 * 60);
    const autos = await snapshots(account, { snapshotType: 'auto' });
    expect(autos).toHaveLength(2);
    const manualA = await createSnapshot(account, withAuto!);
    const manualB = await createSnapshot(account, keepAuto!);
    await advance(3 * 60);

    expect(await sdkError(account.client.deleteDisk(new Ecs.DeleteDiskRequest({ diskId: withAuto })))).toMatchObject({ code: 'DiskStillAttached', statusCode: 403 });
    expect(await sdkError(account.client.deleteDisk(new Ecs.DeleteDiskRequest({ diskId: system.diskId })))).toMatchObject({ code: 'DiskTypeViolation', statusCode: 403 });
    await stop(account, id);
    for (const diskId of [withAuto!, keepAuto!]) await account.client.detachDisk(new Ecs.DetachDiskRequest({ diskId, instanceId: id }));
    await settle();
    for (const diskId of [withAuto!, keepAuto!]) await account.client.deleteDisk(new Ecs.DeleteDiskRequest({ diskId }));
    expect(await disk(account, withAuto!)).toBeUndefined();
    expect(await disk(account, keepAuto!)).toBeUndefined();
    const remaining = (await snapshots(account)).map((s) => s.snapshotId);
    expect(remaining).toContain(manualA);
    expect(remaining).toContain(manualB);
    expect(remaining).not.toContain(autos.find((s) => s.sourceDiskId === withAuto)!.snapshotId);
    expect(remaining).toContain(autos.find((s) => s.sourceDiskId === keepAuto)!.snapshotId);
    // An unknown DiskId is ignored (ecs-api.md DeleteDisk).
    await account.client.deleteDisk(new Ecs.DeleteDiskRequest({ diskId: 'd-bp1doesnotexist000' }));
    await deletePolicy(account, policy);
  });
});

describe('locked or overdue instances refuse disk operations (guide L1525-1526)', () => {
  it('a subscription past its grace period (force-stopped, lock `financial`) refuses attach, detach, roll-back, re-initialisation and system disk replacement', async () => {
    const account = await newAccount();
    const id = await launch(account, { instanceChargeType: 'PrePaid', period: 1, periodUnit: 'Week', dataDisk: [dataDisk()] });
    await advance(11);
    const { system, data } = await disksOf(account, id);
    const snap = await createSnapshot(account, data[0]!.diskId!);
    await waitAccomplished(account, snap);
    const free = await createDisk(account);
    await settle();
    const expiry = Date.parse((await instance(account, id))!.expiredTime!);
    const now = await sandboxNow();
    // Running for 15 days after expiry (guide L1305-1313), then force-stopped with a financial lock.
    await advance((expiry - now.getTime()) / 1000 + 15 * DAY + 3600);
    const overdue = (await instance(account, id))!;
    expect(overdue.status).toBe('Stopped');
    expect(overdue.operationLocks!.lockReason!.map((l) => l.lockReason)).toContain('financial');

    const code = { code: 'InstanceExpiredOrInArrears', statusCode: 403 };
    expect(await attachErr(account, free, id)).toMatchObject(code);
    expect(await detachErr(account, data[0]!.diskId!, id)).toMatchObject(code);
    expect(await sdkError(account.client.resetDisk(new Ecs.ResetDiskRequest({ diskId: data[0]!.diskId, snapshotId: snap })))).toMatchObject(code);
    expect(await sdkError(account.client.reInitDisk(new Ecs.ReInitDiskRequest({ diskId: system.diskId })))).toMatchObject(code);
    expect(await sdkError(account.client.replaceSystemDisk(new Ecs.ReplaceSystemDiskRequest({ instanceId: id, imageId: OTHER_IMAGE })))).toMatchObject(code);
    expect(await disk(account, free)).toMatchObject({ status: 'Available', instanceId: '' });
  });
});
