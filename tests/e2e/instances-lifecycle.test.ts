import { describe, expect, it } from 'vitest';
import { callAction, Ecs, sdkError } from '../support/ecs-client';
import {
  advanceSeconds,
  create,
  describedStatuses,
  describeInstances,
  launch,
  launchRunning,
  minuteTime,
  newAccount,
  patientClient,
  patientOperator,
  REGION,
  requestTime,
  runScheduledJobs,
  sandboxNow,
  statusesOf,
  storedItem,
  storedResource,
  totalCount,
} from '../support/instances';
import { reportLines } from '../support/job-reports';
import type { TestAccount } from '../support/sandbox';
import { Keys } from '../../shared/store/keys';

/**
 * Instances through the official SDK: the seed 000 release story (release
 * protection, auto-release, what happens to the disks), the state machine as
 * the sandbox clock moves, batch semantics, charge type conversion,
 * ClientToken and DryRun, and a RAM policy that separates "modify" from
 * "delete" as seed 000 advises.
 */

/** Both read paths must agree, and match `expected` when given. */
async function expectStatus(account: TestAccount, ids: string[], expected: string | string[]): Promise<void> {
  const want = Array.isArray(expected) ? expected : ids.map(() => expected);
  const viaStatus = await statusesOf(account, ids);
  const viaDescribe = await describedStatuses(account, ids);
  expect(viaDescribe).toEqual(viaStatus);
  expect(ids.map((id) => viaStatus[id])).toEqual(want);
}

describe('seed 000: release protection, auto-release and what stays behind', () => {
  it('refuses a manual release while protected, then auto-releases at the set time and keeps the data disk', async () => {
    const account = await newAccount();
    const id = await launchRunning(account, {
      dataDisk: [new Ecs.RunInstancesRequestDataDisk({ size: 40, category: 'cloud_essd', deleteWithInstance: false })],
    });

    // The disks of the instance, as stored (there is no DescribeDisks yet).
    const stored = (await storedResource(account.accountId, 'instance', id))!;
    const systemDiskId: string = stored.systemDiskId;
    const [dataDiskId] = stored.dataDiskIds as string[];
    expect(systemDiskId).toMatch(/^d-/);
    expect(dataDiskId).toMatch(/^d-/);
    expect(await storedResource(account.accountId, 'disk', systemDiskId)).toMatchObject({ type: 'system', status: 'In_use', instanceId: id });
    expect(await storedResource(account.accountId, 'disk', dataDiskId!)).toMatchObject({
      type: 'data',
      status: 'In_use',
      instanceId: id,
      deleteWithInstance: false,
    });

    // Protection on: every manual release is refused (seed 000 "期待される結果").
    await account.client.modifyInstanceAttribute(new Ecs.ModifyInstanceAttributeRequest({ instanceId: id, deletionProtection: true }));
    const single = await sdkError(account.client.deleteInstance(new Ecs.DeleteInstanceRequest({ instanceId: id, force: true })));
    expect(single).toMatchObject({ code: 'InvalidOperation.DeletionProtection', statusCode: 403 });
    const batch = await sdkError(account.client.deleteInstances(new Ecs.DeleteInstancesRequest({ regionId: REGION, instanceId: [id], force: true })));
    expect(batch).toMatchObject({ code: 'InvalidOperation.DeletionProtection', statusCode: 403 });
    const [protectedInst] = await describeInstances(account, [id]);
    expect(protectedInst).toMatchObject({ instanceId: id, status: 'Running', deletionProtection: true });

    // An auto-release time two hours ahead (seconds are truncated to the minute).
    const now = await sandboxNow();
    const releaseAt = new Date(now.getTime() + 2 * 3600_000);
    await account.client.modifyInstanceAutoReleaseTime(
      new Ecs.ModifyInstanceAutoReleaseTimeRequest({ instanceId: id, regionId: REGION, autoReleaseTime: requestTime(releaseAt) }),
    );
    const [scheduled] = await describeInstances(account, [id]);
    // In the minute format of every DescribeInstances time (ecs-api.md §0).
    expect(scheduled!.autoReleaseTime).toBe(minuteTime(releaseAt));

    // Three hours later the instance is gone for every reader, even before the sweep ran.
    await advanceSeconds(3 * 3600);
    expect(await describeInstances(account)).toEqual([]);
    expect(await totalCount(account)).toBe(0);
    const early = await sdkError(account.client.describeInstanceAttribute(new Ecs.DescribeInstanceAttributeRequest({ instanceId: id })));
    expect(early).toMatchObject({ code: 'InvalidInstanceId.NotFound', statusCode: 404 });

    // Released by the autoRelease job: this run, or the minute schedule just before it
    // (tests/support/job-reports.ts); the release record below says which release it was.
    const jobs = await runScheduledJobs();
    expect(reportLines([jobs], 'autoRelease', (d) => d === `released ${id} (AutoRelease)`).length).toBeLessThanOrEqual(1);

    expect(await describeInstances(account)).toEqual([]);
    expect(await totalCount(account)).toBe(0);
    expect(await storedResource(account.accountId, 'instance', id)).toBeUndefined();
    // The system disk went with the instance; the data disk stays, detached and pay-as-you-go.
    expect(await storedResource(account.accountId, 'disk', systemDiskId)).toBeUndefined();
    const kept = await storedResource(account.accountId, 'disk', dataDiskId!);
    expect(kept).toMatchObject({ status: 'Available', chargeType: 'PostPaid', type: 'data' });
    expect(kept!.instanceId).toBeUndefined();
    // Billing stops at the release time asked for, not when the sweep ran (guide L1070).
    const released = await storedResource(account.accountId, 'released-instance', id);
    expect(released).toMatchObject({ reason: 'AutoRelease', keptDiskIds: [dataDiskId], releasedDiskIds: [systemDiskId] });
    expect(minuteTime(new Date(released!.releasedAt))).toBe(minuteTime(releaseAt));
    // The quota slot is free again.
    expect(await storedItem(Keys.accountUsage(account.accountId, 'PostPaidInstances'))).toMatchObject({ count: 0 });
  });

  it('releases an unprotected Stopped instance at once with DeleteInstance, a Running one only with Force', async () => {
    const account = await newAccount();
    const id = await launchRunning(account, {
      dataDisk: [
        new Ecs.RunInstancesRequestDataDisk({ size: 20, deleteWithInstance: true }),
        new Ecs.RunInstancesRequestDataDisk({ size: 20, deleteWithInstance: false }),
      ],
    });
    const stored = (await storedResource(account.accountId, 'instance', id))!;
    const [goes, stays] = stored.dataDiskIds as string[];
    const notForced = await sdkError(account.client.deleteInstance(new Ecs.DeleteInstanceRequest({ instanceId: id })));
    expect(notForced).toMatchObject({ code: 'IncorrectInstanceStatus', statusCode: 403 });
    await account.client.deleteInstance(new Ecs.DeleteInstanceRequest({ instanceId: id, force: true }));
    expect(await describeInstances(account)).toEqual([]);
    expect(await storedResource(account.accountId, 'disk', stored.systemDiskId)).toBeUndefined();
    expect(await storedResource(account.accountId, 'disk', goes!)).toBeUndefined();
    expect(await storedResource(account.accountId, 'disk', stays!)).toMatchObject({ status: 'Available' });
    const again = await sdkError(account.client.deleteInstance(new Ecs.DeleteInstanceRequest({ instanceId: id, force: true })));
    expect(again).toMatchObject({ code: 'InvalidInstanceId.NotFound', statusCode: 404 });

    const other = await launchRunning(account);
    await account.client.stopInstance(new Ecs.StopInstanceRequest({ instanceId: other }));
    await advanceSeconds(5);
    await account.client.deleteInstance(new Ecs.DeleteInstanceRequest({ instanceId: other }));
    expect(await totalCount(account)).toBe(0);
  });

  it('cancels an auto-release time when AutoReleaseTime is omitted, and the instance then stays', async () => {
    const account = await newAccount();
    const now = await sandboxNow();
    const [id] = await launch(account, { autoReleaseTime: requestTime(new Date(now.getTime() + 3600_000)) });
    expect((await describeInstances(account, [id!]))[0]!.autoReleaseTime).not.toBe('');
    await account.client.modifyInstanceAutoReleaseTime(new Ecs.ModifyInstanceAutoReleaseTimeRequest({ instanceId: id }));
    expect((await describeInstances(account, [id!]))[0]!.autoReleaseTime).toBe('');
    await advanceSeconds(2 * 3600);
    await runScheduledJobs();
    expect((await describeInstances(account, [id!]))[0]).toMatchObject({ instanceId: id, status: 'Running' });
  });
});

describe('the state machine on the sandbox clock', () => {
  it('runs an instance Pending → Starting → Running, every reader agreeing before and after the jobs', async () => {
    const account = await newAccount();
    const [id] = (await launch(account)) as [string];
    await expectStatus(account, [id], 'Pending');
    const [pending] = await describeInstances(account, [id]);
    expect(pending!.publicIpAddress!.ipAddress!.length).toBe(1);
    expect(pending!.startTime).toBe('');

    await advanceSeconds(5);
    // Read before any job ran: the clock alone decides.
    await expectStatus(account, [id], 'Starting');
    await runScheduledJobs();
    await expectStatus(account, [id], 'Starting');

    await advanceSeconds(5);
    await expectStatus(account, [id], 'Running');
    const attr = await account.client.describeInstanceAttribute(new Ecs.DescribeInstanceAttributeRequest({ instanceId: id }));
    expect(attr.body!.status).toBe('Running');
    // Persisted by the instanceTransitions job, this run's or the minute schedule's (tests/support/job-reports.ts).
    const jobs = await runScheduledJobs();
    expect(reportLines([jobs], 'instanceTransitions', (d) => d.startsWith(`${id}:`) && d.includes('Running')).length).toBeLessThanOrEqual(1);
    await expectStatus(account, [id], 'Running');
    // The sweep persisted the settled state; the timer is gone.
    expect(await storedResource(account.accountId, 'instance', id)).toMatchObject({ status: 'Running', plan: [] });
    expect(await storedItem(Keys.timer('instanceTransition', id))).toBeUndefined();
    const [running] = await describeInstances(account, [id]);
    expect(running!.startTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}Z$/);
  });

  it('leaves a CreateInstance instance Stopped without a public IP, then starts it', async () => {
    const account = await newAccount();
    const id = await create(account);
    await expectStatus(account, [id], 'Pending');
    await advanceSeconds(5);
    await expectStatus(account, [id], 'Stopped');
    const [inst] = await describeInstances(account, [id]);
    expect(inst!.publicIpAddress!.ipAddress).toEqual([]);
    expect(inst!.stoppedMode).toBe('KeepCharging');

    await account.client.startInstance(new Ecs.StartInstanceRequest({ instanceId: id }));
    await expectStatus(account, [id], 'Starting');
    await advanceSeconds(5);
    await expectStatus(account, [id], 'Running');
    expect((await describeInstances(account, [id]))[0]!.stoppedMode).toBe('Not-applicable');
  });

  it('stops (with StopCharging), starts and reboots through the transitional states', async () => {
    const account = await newAccount();
    const id = await launchRunning(account);

    await account.client.stopInstance(new Ecs.StopInstanceRequest({ instanceId: id, stoppedMode: 'StopCharging' }));
    await expectStatus(account, [id], 'Stopping');
    await advanceSeconds(5);
    await expectStatus(account, [id], 'Stopped');
    expect((await describeInstances(account, [id]))[0]!.stoppedMode).toBe('StopCharging');

    await account.client.startInstance(new Ecs.StartInstanceRequest({ instanceId: id }));
    await expectStatus(account, [id], 'Starting');
    await advanceSeconds(5);
    await expectStatus(account, [id], 'Running');

    await account.client.rebootInstance(new Ecs.RebootInstanceRequest({ instanceId: id }));
    await expectStatus(account, [id], 'Stopping');
    await advanceSeconds(5);
    await expectStatus(account, [id], 'Starting');
    await advanceSeconds(5);
    await expectStatus(account, [id], 'Running');

    // A plain stop keeps charging (the documented default).
    await account.client.stopInstance(new Ecs.StopInstanceRequest({ instanceId: id }));
    await advanceSeconds(5);
    await runScheduledJobs();
    const [stopped] = await describeInstances(account, [id]);
    expect(stopped).toMatchObject({ status: 'Stopped', stoppedMode: 'KeepCharging' });
  });

  it('moves several instances of one account independently, and the Status filter follows the clock', async () => {
    const account = await newAccount();
    const ids = await launch(account, { amount: 3 });
    expect(ids).toHaveLength(3);
    await advanceSeconds(10);
    await account.client.stopInstance(new Ecs.StopInstanceRequest({ instanceId: ids[0] }));
    await expectStatus(account, ids, ['Stopping', 'Running', 'Running']);
    await advanceSeconds(5);
    await expectStatus(account, ids, ['Stopped', 'Running', 'Running']);
    const running = await account.client.describeInstances(new Ecs.DescribeInstancesRequest({ regionId: REGION, status: 'Running' }));
    expect(running.body!.instances!.instance!.map((i) => i.instanceId).sort()).toEqual([ids[1], ids[2]].sort());
    expect(running.body!.totalCount).toBe(2);
  });
});

describe('batch semantics', () => {
  it('StopInstances: AllTogether fails as a whole and changes nothing; SuccessFirst answers per instance', async () => {
    const account = await newAccount();
    const ids = (await launch(account, { amount: 2 })) as [string, string];
    await advanceSeconds(10);
    await account.client.stopInstance(new Ecs.StopInstanceRequest({ instanceId: ids[1] }));
    await advanceSeconds(5);
    await expectStatus(account, ids, ['Running', 'Stopped']);

    const all = await sdkError(account.client.stopInstances(new Ecs.StopInstancesRequest({ regionId: REGION, instanceId: ids })));
    expect(all).toMatchObject({ code: 'IncorrectInstanceStatus', statusCode: 403 });
    await expectStatus(account, ids, ['Running', 'Stopped']);
    const explicit = await sdkError(
      account.client.stopInstances(new Ecs.StopInstancesRequest({ regionId: REGION, instanceId: ids, batchOptimization: 'AllTogether' })),
    );
    expect(explicit.code).toBe('IncorrectInstanceStatus');
    await expectStatus(account, ids, ['Running', 'Stopped']);

    const first = await account.client.stopInstances(
      new Ecs.StopInstancesRequest({ regionId: REGION, instanceId: [...ids, 'i-doesnotexist000000'], batchOptimization: 'SuccessFirst' }),
    );
    const responses = first.body!.instanceResponses!.instanceResponse!;
    expect(responses.map((r) => [r.instanceId, r.code, r.previousStatus, r.currentStatus])).toEqual([
      [ids[0], '200', 'Running', 'Stopping'],
      [ids[1], 'IncorrectInstanceStatus', 'Stopped', 'Stopped'],
      ['i-doesnotexist000000', 'InvalidInstanceId.NotFound', '', ''],
    ]);
    await expectStatus(account, ids, ['Stopping', 'Stopped']);
    await advanceSeconds(5);
    await expectStatus(account, ids, 'Stopped');
  });

  it('StartInstances and RebootInstances move every listed instance, or none', async () => {
    const account = await newAccount();
    const ids = (await launch(account, { amount: 2 })) as [string, string];
    await advanceSeconds(10);
    await account.client.stopInstances(new Ecs.StopInstancesRequest({ regionId: REGION, instanceId: ids }));
    await advanceSeconds(5);

    const started = await account.client.startInstances(new Ecs.StartInstancesRequest({ regionId: REGION, instanceId: ids }));
    expect(started.body!.instanceResponses!.instanceResponse!.map((r) => [r.code, r.previousStatus, r.currentStatus])).toEqual([
      ['200', 'Stopped', 'Starting'],
      ['200', 'Stopped', 'Starting'],
    ]);
    await expectStatus(account, ids, 'Starting');
    // A reboot of a Starting instance fails the whole batch.
    const early = await sdkError(account.client.rebootInstances(new Ecs.RebootInstancesRequest({ regionId: REGION, instanceId: ids })));
    expect(early).toMatchObject({ code: 'IncorrectInstanceStatus', statusCode: 403 });
    await advanceSeconds(5);
    await expectStatus(account, ids, 'Running');

    const rebooted = await account.client.rebootInstances(new Ecs.RebootInstancesRequest({ regionId: REGION, instanceId: ids }));
    expect(rebooted.body!.instanceResponses!.instanceResponse!.every((r) => r.code === '200' && r.previousStatus === 'Running')).toBe(true);
    await expectStatus(account, ids, 'Stopping');
    await advanceSeconds(5);
    await expectStatus(account, ids, 'Starting');
    await advanceSeconds(5);
    await expectStatus(account, ids, 'Running');

    const again = await sdkError(account.client.startInstances(new Ecs.StartInstancesRequest({ regionId: REGION, instanceId: ids })));
    expect(again).toMatchObject({ code: 'IncorrectInstanceStatus', statusCode: 403 });
  });

  it('DeleteInstances releases all listed instances, or none when one is protected', async () => {
    const account = await newAccount();
    const ids = (await launch(account, { amount: 3 })) as [string, string, string];
    await advanceSeconds(10);
    await account.client.modifyInstanceAttribute(new Ecs.ModifyInstanceAttributeRequest({ instanceId: ids[2], deletionProtection: true }));
    const refused = await sdkError(account.client.deleteInstances(new Ecs.DeleteInstancesRequest({ regionId: REGION, instanceId: ids, force: true })));
    expect(refused).toMatchObject({ code: 'InvalidOperation.DeletionProtection', statusCode: 403 });
    expect((await describeInstances(account)).map((i) => i.instanceId).sort()).toEqual([...ids].sort());
    expect(await totalCount(account)).toBe(3);

    await account.client.deleteInstances(new Ecs.DeleteInstancesRequest({ regionId: REGION, instanceId: [ids[0], ids[1]], force: true }));
    expect((await describeInstances(account)).map((i) => i.instanceId)).toEqual([ids[2]]);
    expect(await totalCount(account)).toBe(1);
  });
});

describe('charge type conversion', () => {
  it('converts PostPaid → PrePaid (ExpiredTime set, quota slot freed) and back', async () => {
    const account = await newAccount();
    const id = await launchRunning(account);
    const usage = () => storedItem(Keys.accountUsage(account.accountId, 'PostPaidInstances'));
    expect(await usage()).toMatchObject({ count: 1 });
    const [before] = await describeInstances(account, [id]);
    expect(before).toMatchObject({ instanceChargeType: 'PostPaid', expiredTime: '2099-12-31T15:59Z' });

    const now = await sandboxNow();
    const res = await account.client.modifyInstanceChargeType(
      new Ecs.ModifyInstanceChargeTypeRequest({
        regionId: REGION,
        instanceIds: JSON.stringify([id]),
        instanceChargeType: 'PrePaid',
        period: 1,
        periodUnit: 'Month',
      }),
    );
    expect(res.body!.orderId).toBeTruthy();
    const [prepaid] = await describeInstances(account, [id]);
    expect(prepaid).toMatchObject({ instanceChargeType: 'PrePaid', status: 'Running' });
    const expires = Date.parse(prepaid!.expiredTime!);
    // About a month from now, at a China midnight (16:00 UTC).
    expect(expires - now.getTime()).toBeGreaterThan(27 * 86_400_000);
    expect(expires - now.getTime()).toBeLessThan(33 * 86_400_000);
    expect(prepaid!.expiredTime).toMatch(/T16:00Z$/);
    expect(await usage()).toMatchObject({ count: 0 });
    // A subscription is no longer releasable by hand.
    const refused = await sdkError(account.client.deleteInstance(new Ecs.DeleteInstanceRequest({ instanceId: id, force: true })));
    expect(refused).toMatchObject({ code: 'ChargeTypeViolation', statusCode: 403 });

    await account.client.modifyInstanceChargeType(
      new Ecs.ModifyInstanceChargeTypeRequest({ regionId: REGION, instanceIds: JSON.stringify([id]), instanceChargeType: 'PostPaid' }),
    );
    const [back] = await describeInstances(account, [id]);
    expect(back).toMatchObject({ instanceChargeType: 'PostPaid', expiredTime: '2099-12-31T15:59Z' });
    expect(await usage()).toMatchObject({ count: 1 });
    await account.client.deleteInstance(new Ecs.DeleteInstanceRequest({ instanceId: id, force: true }));
    expect(await usage()).toMatchObject({ count: 0 });
  });
});

describe('ClientToken and DryRun on RunInstances', () => {
  it('answers a retried RunInstances with the same instances, and refuses the token with other parameters', async () => {
    const account = await newAccount();
    const token = `run-${Date.now()}`;
    const first = await launch(account, { amount: 2, clientToken: token });
    const second = await launch(account, { amount: 2, clientToken: token });
    expect(second).toEqual(first);
    expect(await totalCount(account)).toBe(2);
    expect((await describeInstances(account)).map((i) => i.instanceId).sort()).toEqual([...first].sort());

    const mismatch = await sdkError(launch(account, { amount: 1, clientToken: token }));
    expect(mismatch).toMatchObject({ code: 'IdempotentParameterMismatch', statusCode: 400 });
    expect(await totalCount(account)).toBe(2);
    // Another token is another order.
    await launch(account, { amount: 1, clientToken: `${token}-b` });
    expect(await totalCount(account)).toBe(3);
  });

  it('answers DryRun with DryRunOperation and creates nothing; a bad dry run gets the real error', async () => {
    const account = await newAccount();
    const dry = await sdkError(launch(account, { dryRun: true, amount: 2 }));
    expect(dry).toMatchObject({ code: 'DryRunOperation', statusCode: 400 });
    expect(await totalCount(account)).toBe(0);
    expect(await describeInstances(account)).toEqual([]);
    expect(await storedItem(Keys.accountUsage(account.accountId, 'PostPaidInstances'))).toBeUndefined();
    const bad = await sdkError(launch(account, { dryRun: true, imageId: 'm-doesnotexist' }));
    expect(bad).toMatchObject({ code: 'InvalidImageId.NotFound', statusCode: 404 });
  });
});

describe('RAM: modify and delete held by different keys (seed 000 best practice)', () => {
  it('lets a key that may only modify toggle release protection but not release', async () => {
    const account = await newAccount();
    const id = await launchRunning(account);
    const key = (await callAction(patientOperator(), 'CreateAccessKey', { AccountId: account.accountId })) as {
      AccessKeyId: string;
      AccessKeySecret: string;
    };
    await callAction(patientOperator(), 'PutAccessKeyPolicy', {
      AccessKeyId: key.AccessKeyId,
      PolicyDocument: JSON.stringify({
        Statement: [
          { Effect: 'Allow', Action: ['ecs:ModifyInstanceAttribute', 'ecs:Describe*'] },
          { Effect: 'Deny', Action: ['ecs:DeleteInstance', 'ecs:DeleteInstances'] },
        ],
      }),
    });
    const operatorKey = patientClient({ accessKeyId: key.AccessKeyId, accessKeySecret: key.AccessKeySecret });

    await operatorKey.modifyInstanceAttribute(new Ecs.ModifyInstanceAttributeRequest({ instanceId: id, deletionProtection: true }));
    expect((await describeInstances(account, [id]))[0]!.deletionProtection).toBe(true);
    await operatorKey.modifyInstanceAttribute(new Ecs.ModifyInstanceAttributeRequest({ instanceId: id, deletionProtection: false }));
    expect((await describeInstances(account, [id]))[0]!.deletionProtection).toBe(false);

    const denied = await sdkError(operatorKey.deleteInstance(new Ecs.DeleteInstanceRequest({ instanceId: id, force: true })));
    expect(denied).toMatchObject({ code: 'Forbidden.RAM', statusCode: 403 });
    const deniedBatch = await sdkError(operatorKey.deleteInstances(new Ecs.DeleteInstancesRequest({ regionId: REGION, instanceId: [id], force: true })));
    expect(deniedBatch).toMatchObject({ code: 'Forbidden.RAM', statusCode: 403 });
    // Not allowed either (nothing grants it): the same refusal.
    const notGranted = await sdkError(operatorKey.stopInstance(new Ecs.StopInstanceRequest({ instanceId: id })));
    expect(notGranted).toMatchObject({ code: 'Forbidden.RAM', statusCode: 403 });
    expect((await describeInstances(account, [id]))[0]!.status).toBe('Running');

    // The account's own key (no policy) still can.
    await account.client.deleteInstance(new Ecs.DeleteInstanceRequest({ instanceId: id, force: true }));
    expect(await describeInstances(account)).toEqual([]);
  });
});
