import { describe, expect, it } from 'vitest';
import { Ecs, sdkError } from '../support/ecs-client';
import { newAccount } from '../support/sandbox';
import {
  advance,
  attachErr,
  createDisk,
  dataDisk,
  detachErr,
  disk,
  disks,
  disksOf,
  launch,
  launchRunning,
  OTHER_ZONE,
  REGION,
  setQuota,
  settle,
  sortByDevice,
  startInstance,
  stop,
  ZONE,
} from '../support/storage';

/**
 * Disks through the official SDK: CreateDisk and DescribeDisks, the quotas, and AttachDisk /
 * DetachDisk with every refused precondition (guide L1514-1648). Roll-back, re-initialisation,
 * resize and ReplaceSystemDisk: disks-restore.test.ts; DeleteDisk, what an instance release does
 * to disks and locked instances: disks-release.test.ts. The sandbox clock is shared: every time is
 * computed from DescribeSandboxClock.
 */
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
    expect(
      (await disks(account, { portable: true, diskType: 'data' })).disks.filter((d) => d.diskChargeType === 'PostPaid' && d.instanceId === ''),
    ).toHaveLength(2);

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
