import { describe, expect, it } from 'vitest';
import { Ecs, sdkError } from '../support/ecs-client';
import { newAccount, type TestAccount } from '../support/sandbox';
import {
  advance,
  applyPolicy,
  chinaHour,
  createDisk,
  createPolicy,
  DAY,
  deletePolicy,
  disk,
  disks,
  disksOf,
  HOUR,
  launchRunning,
  REGION,
  runJobs,
  sandboxNow,
  secondsPast,
  setQuota,
  settle,
  snapshot,
  snapshots,
  stored,
} from '../support/storage';

/**
 * Automatic snapshot policies through the official SDK (lower-camel
 * parameters): validation and the quota (guide L1952-1967), apply and
 * cancel, a policy whose time point the sandbox clock moves past producing
 * snapshots, the overrun rule (guide L1974), and retention deleting them
 * when their time is up.
 */
async function describePolicies(account: TestAccount, extra: Record<string, unknown> = {}) {
  const res = await account.client.describeAutoSnapshotPolicyEx(new Ecs.DescribeAutoSnapshotPolicyExRequest({ regionId: REGION, ...extra }));
  return res.body!;
}

function createErr(account: TestAccount, params: Record<string, unknown>) {
  return sdkError(
    account.client.createAutoSnapshotPolicy(
      new Ecs.CreateAutoSnapshotPolicyRequest({ regionId: REGION, timePoints: '["1"]', repeatWeekdays: '["1"]', retentionDays: 7, ...params }),
    ),
  );
}

describe('CreateAutoSnapshotPolicy, ModifyAutoSnapshotPolicyEx, DeleteAutoSnapshotPolicy, DescribeAutoSnapshotPolicyEx', () => {
  it("creates, lists, modifies and deletes a policy; retention defaults to the guide's 30 days", async () => {
    const account = await newAccount();
    const id = await createPolicy(account, [13, 1], { weekdays: [5, 1], name: 'nightly-backup' });
    expect(id).toMatch(/^sp-/);
    const listed = await describePolicies(account);
    expect(listed.totalCount).toBe(1);
    expect(listed.autoSnapshotPolicies!.autoSnapshotPolicy![0]).toMatchObject({
      autoSnapshotPolicyId: id,
      autoSnapshotPolicyName: 'nightly-backup',
      regionId: REGION,
      timePoints: '["1","13"]',
      repeatWeekdays: '["1","5"]',
      retentionDays: 30,
      diskNums: 0,
      status: 'Normal',
    });

    await account.client.modifyAutoSnapshotPolicyEx(
      new Ecs.ModifyAutoSnapshotPolicyExRequest({
        regionId: REGION,
        autoSnapshotPolicyId: id,
        timePoints: '["23"]',
        retentionDays: -1,
        autoSnapshotPolicyName: 'forever',
      }),
    );
    expect((await describePolicies(account, { autoSnapshotPolicyId: id })).autoSnapshotPolicies!.autoSnapshotPolicy![0]).toMatchObject({
      autoSnapshotPolicyName: 'forever',
      timePoints: '["23"]',
      repeatWeekdays: '["1","5"]',
      retentionDays: -1,
    });
    expect((await describePolicies(account, { autoSnapshotPolicyName: 'other' })).totalCount).toBe(0);

    await deletePolicy(account, id);
    expect((await describePolicies(account)).totalCount).toBe(0);
    expect(await sdkError(deletePolicy(account, id))).toMatchObject({ code: 'ParameterInvalid', statusCode: 404 });
    expect(
      await sdkError(
        account.client.modifyAutoSnapshotPolicyEx(
          new Ecs.ModifyAutoSnapshotPolicyExRequest({ regionId: REGION, autoSnapshotPolicyId: id, timePoints: '["1"]' }),
        ),
      ),
    ).toMatchObject({ code: 'ParameterInvalid', statusCode: 404 });
  });

  it('refuses invalid time points, weekdays, retention and names (403 ParameterInvalid), and the 101st policy of a region', async () => {
    const account = await newAccount();
    const cases: Record<string, unknown>[] = [
      { timePoints: '["24"]' },
      { timePoints: '[]' },
      { timePoints: 'every hour' },
      { repeatWeekdays: '["0"]' },
      { repeatWeekdays: '["8"]' },
      { retentionDays: 0 },
      { retentionDays: 65_537 }, // the guide allows 1–65,536 (L1967)
      { autoSnapshotPolicyName: '9lives' },
      { regionId: 'mars-north-1' },
    ];
    for (const params of cases) {
      const err = await createErr(account, params);
      expect({ params, code: err.code, statusCode: err.statusCode }).toEqual({ params, code: 'ParameterInvalid', statusCode: 403 });
    }
    expect(await createErr(account, { timePoints: undefined })).toMatchObject({ code: 'MissingParameter', statusCode: 400 });
    expect((await describePolicies(account)).totalCount).toBe(0);
    await createPolicy(account, [1], { retentionDays: 65_536 });

    // 100 per region by default (guide L1952); the operator lowers it here to show the refusal.
    await setQuota(account, 'AutoSnapshotPolicies', 2);
    await createPolicy(account, [2]);
    expect(await createErr(account, {})).toMatchObject({ code: 'AutoSnapshotPolicy.QuotaExceed', statusCode: 403 });
    expect((await describePolicies(account)).totalCount).toBe(2);
    // Another region has its own count.
    const elsewhere = await account.client.createAutoSnapshotPolicy(
      new Ecs.CreateAutoSnapshotPolicyRequest({ regionId: 'cn-shanghai', timePoints: '["1"]', repeatWeekdays: '["1"]', retentionDays: 1 }),
    );
    expect(elsewhere.body!.autoSnapshotPolicyId).toMatch(/^sp-/);
  });
});

describe('ApplyAutoSnapshotPolicy and CancelAutoSnapshotPolicy', () => {
  it('applies a policy to disks (one policy per disk) and cancels it', async () => {
    const account = await newAccount();
    const id = await launchRunning(account);
    const { system } = await disksOf(account, id);
    const data = await createDisk(account);
    await settle();
    const p1 = await createPolicy(account, [3]);
    const p2 = await createPolicy(account, [4]);
    const apply = (policyId: string, diskIds: string) =>
      account.client.applyAutoSnapshotPolicy(new Ecs.ApplyAutoSnapshotPolicyRequest({ regionId: REGION, autoSnapshotPolicyId: policyId, diskIds }));

    await apply(p1, JSON.stringify([system.diskId, data]));
    expect(await disk(account, data)).toMatchObject({ autoSnapshotPolicyId: p1, enableAutomatedSnapshotPolicy: true, enableAutoSnapshot: true });
    expect((await disks(account, { autoSnapshotPolicyId: p1 })).total).toBe(2);
    const counts = async () =>
      Object.fromEntries((await describePolicies(account)).autoSnapshotPolicies!.autoSnapshotPolicy!.map((p) => [p.autoSnapshotPolicyId, p.diskNums]));
    expect(await counts()).toEqual({ [p1]: 2, [p2]: 0 });
    // Applying another policy replaces the disk's policy.
    await apply(p2, JSON.stringify([data]));
    expect(await counts()).toEqual({ [p1]: 1, [p2]: 1 });

    expect(await sdkError(apply(p1, JSON.stringify(['d-bp1doesnotexist000'])))).toMatchObject({ code: 'InvalidDiskId.NotFound', statusCode: 404 });
    expect(await sdkError(apply(p1, 'not json'))).toMatchObject({ code: 'ParameterInvalid', statusCode: 403 });
    expect(await sdkError(apply('sp-bp1doesnotexist00', JSON.stringify([data])))).toMatchObject({ code: 'ParameterInvalid', statusCode: 404 });
    expect(await counts()).toEqual({ [p1]: 1, [p2]: 1 });

    // Cancel with a policy id only touches disks of that policy.
    await account.client.cancelAutoSnapshotPolicy(
      new Ecs.CancelAutoSnapshotPolicyRequest({ regionId: REGION, autoSnapshotPolicyId: p1, diskIds: JSON.stringify([system.diskId, data]) }),
    );
    expect(await counts()).toEqual({ [p1]: 0, [p2]: 1 });
    await account.client.cancelAutoSnapshotPolicy(new Ecs.CancelAutoSnapshotPolicyRequest({ regionId: REGION, diskIds: JSON.stringify([data]) }));
    expect(await disk(account, data)).toMatchObject({ autoSnapshotPolicyId: '', enableAutomatedSnapshotPolicy: false });

    // Deleting a policy leaves its disks without one.
    await apply(p2, JSON.stringify([data, system.diskId]));
    await deletePolicy(account, p2);
    expect((await disks(account, { enableAutomatedSnapshotPolicy: true })).total).toBe(0);
    await deletePolicy(account, p1);
  });
});

describe('autoSnapshot and snapshotRetention (guide L1965-1975, spec §15 J5, J6)', () => {
  it('takes the due snapshots when the clock passes a time point, and retention deletes them when their time is up', async () => {
    const account = await newAccount();
    const id = await launchRunning(account, { dataDisk: [new Ecs.RunInstancesRequestDataDisk({ size: 20, category: 'cloud_essd' })] });
    const { system, data } = await disksOf(account, id);
    const unusedBasic = await createDisk(account, { diskCategory: 'cloud', size: 5 });
    await settle();
    const now = await sandboxNow();
    const hour = chinaHour(now, 2); // a time point (UTC+8) between one and two hours ahead
    const policy = await createPolicy(account, [hour], { retentionDays: 1 });
    await applyPolicy(account, policy, [system.diskId!, data[0]!.diskId!, unusedBasic]);

    // Nothing is due yet.
    await runJobs();
    expect(await snapshots(account)).toEqual([]);

    await advance(secondsPast(now, 2));
    await runJobs();
    const slot = new Date(Math.ceil(now.getTime() / 3_600_000) * 3_600_000 + HOUR * 1000);
    const taken = await snapshots(account, { snapshotType: 'auto' });
    // The unused basic disk is skipped (guide L2013).
    expect(taken.map((s) => s.sourceDiskId).sort()).toEqual([system.diskId, data[0]!.diskId].sort());
    for (const s of taken) {
      expect(s).toMatchObject({ snapshotType: 'auto', retentionDays: 1, creationTime: slot.toISOString().slice(0, 19) + 'Z', status: 'progressing' });
      expect(s.snapshotName).toMatch(/^auto_\d{8}_\d{2}$/);
    }
    // A second run takes nothing more for the same slot.
    await runJobs();
    expect(await snapshots(account, { snapshotType: 'auto' })).toHaveLength(2);

    // A day later the next slot passes and the first ones' retention runs out.
    await advance(DAY);
    expect((await snapshots(account)).map((s) => s.snapshotId).filter((sid) => taken.some((t) => t.snapshotId === sid))).toEqual([]);
    await runJobs();
    for (const s of taken) expect(await stored(account, 'snapshot', s.snapshotId!)).toBeUndefined();
    const next = await snapshots(account, { snapshotType: 'auto' });
    expect(next).toHaveLength(2);
    expect(next.every((s) => s.creationTime === new Date(slot.getTime() + DAY * 1000).toISOString().slice(0, 19) + 'Z')).toBe(true);
    // The disk's ledger dropped the deleted ones: only the new snapshot is left on it.
    expect(((await stored(account, 'disk', data[0]!.diskId!))?.snapshots ?? []).map((e: { snapshotId: string }) => e.snapshotId)).toEqual(
      next.filter((s) => s.sourceDiskId === data[0]!.diskId).map((s) => s.snapshotId),
    );
    await deletePolicy(account, policy);
  });

  it('skips a slot while the previous snapshot of the disk is still running (guide L1974)', async () => {
    const account = await newAccount();
    // 80 GiB: a full copy takes 80 minutes, longer than the hour to the next time point.
    const id = await launchRunning(account, { dataDisk: [new Ecs.RunInstancesRequestDataDisk({ size: 80, category: 'cloud_essd' })] });
    const dataId = (await disksOf(account, id)).data[0]!.diskId!;
    const now = await sandboxNow();
    const policy = await createPolicy(account, [chinaHour(now, 2), chinaHour(now, 3), chinaHour(now, 4)], { retentionDays: 7 });
    await applyPolicy(account, policy, [dataId]);
    await advance(secondsPast(now, 4));
    await runJobs();
    const first = Math.ceil(now.getTime() / 3_600_000) * 3_600_000 + HOUR * 1000;
    const times = (await snapshots(account, { diskId: dataId })).map((s) => s.creationTime).sort();
    expect(times).toEqual([first, first + 2 * HOUR * 1000].map((t) => new Date(t).toISOString().slice(0, 19) + 'Z'));
    await deletePolicy(account, policy);
  });

  it('does not act on a disk for slots before the policy was applied to it', async () => {
    const account = await newAccount();
    const id = await launchRunning(account);
    const { system } = await disksOf(account, id);
    const now = await sandboxNow();
    const policy = await createPolicy(account, [chinaHour(now, 2)], { retentionDays: 3 });
    await advance(secondsPast(now, 2));
    await applyPolicy(account, policy, [system.diskId!]); // after the slot passed
    await runJobs();
    expect(await snapshots(account)).toEqual([]);
    const [p] = (await describePolicies(account)).autoSnapshotPolicies!.autoSnapshotPolicy!;
    expect(p!.diskNums).toBe(1);
    await deletePolicy(account, policy);
    expect(await snapshot(account, 's-bp1doesnotexist000')).toBeUndefined();
  });
});
