import { describe, expect, it } from 'vitest';
import { Ecs, sdkError } from '../support/ecs-client';
import { newAccount } from '../support/sandbox';
import {
  advance,
  applyPolicy,
  attachErr,
  chinaHour,
  createDisk,
  createPolicy,
  createSnapshot,
  dataDisk,
  DAY,
  deletePolicy,
  detachErr,
  disk,
  disks,
  disksOf,
  instance,
  launch,
  launchRunning,
  OTHER_IMAGE,
  runJobs,
  sandboxNow,
  secondsPast,
  settle,
  snapshots,
  sortByDevice,
  stop,
  stored,
  waitAccomplished,
} from '../support/storage';

/**
 * Disks through the official SDK: DeleteDisk, what an instance release does to disks and their
 * snapshots for every DeleteWithInstance × DeleteAutoSnapshot combination, and the disk operations
 * a locked or overdue instance refuses. The sandbox clock is shared: every time is computed from
 * DescribeSandboxClock.
 */
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

    expect(await sdkError(account.client.deleteDisk(new Ecs.DeleteDiskRequest({ diskId: withAuto })))).toMatchObject({
      code: 'DiskStillAttached',
      statusCode: 403,
    });
    expect(await sdkError(account.client.deleteDisk(new Ecs.DeleteDiskRequest({ diskId: system.diskId })))).toMatchObject({
      code: 'DiskTypeViolation',
      statusCode: 403,
    });
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
