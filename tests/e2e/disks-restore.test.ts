import { describe, expect, it } from 'vitest';
import { systemImagesForRegion } from '../../shared/domain/catalogue/system-images';
import { Keys } from '../../shared/store/keys';
import { Ecs, sdkError } from '../support/ecs-client';
import { newAccount } from '../support/sandbox';
import {
  advance,
  applyPolicy,
  chinaHour,
  createDisk,
  createPolicy,
  createSnapshot,
  dataDisk,
  deleteItem,
  deletePolicy,
  disk,
  disksOf,
  instance,
  launchRunning,
  OTHER_IMAGE,
  putItem,
  REGION,
  runJobs,
  sandboxNow,
  secondsPast,
  settle,
  snapshot,
  snapshots,
  stop,
  stored,
  waitAccomplished,
} from '../support/storage';

/**
 * Disks through the official SDK: roll-back and re-initialisation (guide L1838-1883), resize, and
 * replacing the system disk (guide L1650-1836). The sandbox clock is shared: every time is computed
 * from DescribeSandboxClock.
 */
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
    const reset = (diskId: string, snapshotId: string, dryRun?: boolean) => account.client.resetDisk(new Ecs.ResetDiskRequest({ diskId, snapshotId, dryRun }));

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
  it("gives a new disk id, keeps the IP, drops the old disk's automatic snapshots, keeps its manual ones (no roll-back), and needs the policy re-applied", async () => {
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
      await sdkError(
        account.client.replaceSystemDisk(new Ecs.ReplaceSystemDiskRequest({ instanceId: id, imageId: 'win2022_21H2_x64_dtc_en-us_40G_alibase_20240710.vhd' })),
      ),
    ).toMatchObject({ code: 'OperationDenied.ImageNotValid', statusCode: 403 });
    const ok = await account.client.replaceSystemDisk(
      new Ecs.ReplaceSystemDiskRequest({ instanceId: id, imageId: 'debian_12_6_x64_20G_alibase_20240711.vhd' }),
    );
    expect(ok.body!.diskId).toMatch(/^d-/);
  });
});
