import { describe, expect, it } from 'vitest';
import { Ecs, sdkError } from '../support/ecs-client';
import {
  advanceSeconds,
  DAY,
  describeInstances,
  launch,
  launchRunning,
  minuteTime,
  newAccount,
  REGION,
  runScheduledJobs,
  sandboxNow,
  storedResource,
  totalCount,
  type Instance,
} from '../support/instances';
import { reportLines } from '../support/job-reports';
import type { TestAccount } from '../support/sandbox';

/**
 * Subscription (PrePaid) instances through the official SDK, over their whole
 * life on the sandbox clock (guide L1305-1313, ecs-api.md §2.2): no manual
 * release, renewal, the 15-day running grace after expiry, the forced stop
 * with a `financial` lock, renewal from the next China midnight, the release
 * 30 days after expiry (release protection notwithstanding), and auto-renew.
 *
 * Expected dates are computed here on the China calendar, independently of
 * the implementation.
 */
const CST_MS = 8 * 3600_000;

/** The next 00:00 in China (UTC+8) at or after `d`. */
function chinaMidnightAfter(d: Date): Date {
  const local = new Date(d.getTime() + CST_MS);
  const midnight = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
  return new Date((midnight === local.getTime() ? midnight : midnight + DAY * 1000) - CST_MS);
}

/** `months` China-calendar months after `d` (clamped to the end of a shorter month). */
function plusChinaMonths(d: Date, months: number): Date {
  const local = new Date(d.getTime() + CST_MS);
  const y = local.getUTCFullYear();
  const m = local.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const day = Math.min(local.getUTCDate(), lastDay);
  return new Date(Date.UTC(y, m, day, local.getUTCHours(), local.getUTCMinutes(), local.getUTCSeconds()) - CST_MS);
}

const one = async (account: TestAccount, id: string): Promise<Instance | undefined> => (await describeInstances(account, [id]))[0];
const expiryOf = async (account: TestAccount, id: string) => new Date((await one(account, id))!.expiredTime!);
const storedPhase = async (account: TestAccount, id: string) => (await storedResource(account.accountId, 'instance', id))?.subscriptionPhase;

/** Moves the clock to `seconds` after `from` (sandbox time), never backwards. */
async function advanceTo(from: Date, seconds: number): Promise<void> {
  const now = await sandboxNow();
  const target = from.getTime() + seconds * 1000;
  if (target > now.getTime()) await advanceSeconds((target - now.getTime()) / 1000);
}

/** The ExpiredTime a purchase or a renewal-after-stop made during [before, after] gives: a set of at most two. */
const periodEnds = (before: Date, after: Date, months: number) =>
  new Set([minuteTime(plusChinaMonths(chinaMidnightAfter(before), months)), minuteTime(plusChinaMonths(chinaMidnightAfter(after), months))]);

describe('a subscription instance over its whole life', () => {
  it('is renewable, runs 15 days past expiry, is force-stopped and locked, renews from the next midnight, and is released 30 days after expiry', async () => {
    const account = await newAccount();
    const bought = await sandboxNow();
    const id = await launchRunning(account, { instanceChargeType: 'PrePaid', period: 1, periodUnit: 'Month' });
    const boughtAfter = await sandboxNow();

    // Bought for a month, from the next China midnight.
    const inst = (await one(account, id))!;
    expect(inst).toMatchObject({ instanceChargeType: 'PrePaid', status: 'Running', autoReleaseTime: '' });
    expect(periodEnds(bought, boughtAfter, 1)).toContain(inst.expiredTime);
    const firstExpiry = new Date(inst.expiredTime!);

    // Stopping a subscription ignores StopCharging (ecs-api.md §2.1).
    await account.client.stopInstance(new Ecs.StopInstanceRequest({ instanceId: id, stoppedMode: 'StopCharging' }));
    expect((await one(account, id))!.stoppedMode).toBe('Not-applicable');
    await advanceSeconds(5);
    await account.client.startInstance(new Ecs.StartInstanceRequest({ instanceId: id }));
    await advanceSeconds(5);

    // Not releasable by hand before it expires.
    const early = await sdkError(account.client.deleteInstance(new Ecs.DeleteInstanceRequest({ instanceId: id, force: true })));
    expect(early).toMatchObject({ code: 'ChargeTypeViolation', statusCode: 403 });

    // Renewing before expiry extends from the current ExpiredTime.
    const renew = await account.client.renewInstance(new Ecs.RenewInstanceRequest({ instanceId: id, period: 1, periodUnit: 'Month' }));
    expect(renew.body!.orderId).toBeTruthy();
    const secondExpiry = await expiryOf(account, id);
    expect(minuteTime(secondExpiry)).toBe(minuteTime(plusChinaMonths(firstExpiry, 1)));

    // Just past ExpiredTime: still Running (the guide's 15-day grace), phase Expired.
    await advanceTo(secondExpiry, 3600);
    expect((await one(account, id))!.status).toBe('Running');
    await runScheduledJobs();
    expect((await one(account, id))!.status).toBe('Running');
    expect(await storedPhase(account, id)).toBe('Expired');
    // Expired: releasable only with TerminateSubscription.
    const noTerminate = await sdkError(account.client.deleteInstance(new Ecs.DeleteInstanceRequest({ instanceId: id, force: true })));
    expect(noTerminate).toMatchObject({ code: 'ChargeTypeViolation', statusCode: 403 });
    // Nor can it escape by conversion: an expired subscription is renewed, not converted.
    const convert = await sdkError(
      account.client.modifyInstanceChargeType(
        new Ecs.ModifyInstanceChargeTypeRequest({ regionId: REGION, instanceIds: JSON.stringify([id]), instanceChargeType: 'PostPaid' }),
      ),
    );
    expect(convert).toMatchObject({ code: 'ExpiredInstance', statusCode: 400 });
    expect((await one(account, id))!.instanceChargeType).toBe('PrePaid');

    // Past expiry + 15 days: force-stopped with a financial lock, seen before the jobs ran.
    await advanceTo(secondExpiry, 15 * DAY + 3600);
    const forced = (await one(account, id))!;
    expect(forced.status).toBe('Stopped');
    expect(forced.operationLocks!.lockReason!.map((l) => l.lockReason)).toEqual(['financial']);
    // Written down by the subscriptionExpiry job, this run's or the minute schedule's
    // (tests/support/job-reports.ts): the stored phase says it happened, the report at most once.
    const jobs = await runScheduledJobs();
    expect(reportLines([jobs], 'subscriptionExpiry', (d) => d.startsWith(`${id}:`) && d.includes('ForcedStop')).length).toBeLessThanOrEqual(1);
    expect(await storedPhase(account, id)).toBe('ForcedStop');
    const locked = await account.client.describeInstances(new Ecs.DescribeInstancesRequest({ regionId: REGION, lockReason: 'financial' }));
    expect(locked.body!.instances!.instance!.map((i) => i.instanceId)).toEqual([id]);
    const attr = await account.client.describeInstanceAttribute(new Ecs.DescribeInstanceAttributeRequest({ instanceId: id }));
    expect(attr.body!.operationLocks!.lockReason!.map((l) => l.lockReason)).toEqual(['financial']);

    const start = await sdkError(account.client.startInstance(new Ecs.StartInstanceRequest({ instanceId: id })));
    expect(start).toMatchObject({ code: 'InstanceExpiredOrInArrears', statusCode: 403 });
    // Auto-renew is no longer possible (guide L1309: manual renewal only).
    const auto = await sdkError(
      account.client.modifyInstanceAutoRenewAttribute(new Ecs.ModifyInstanceAutoRenewAttributeRequest({ regionId: REGION, instanceId: id, autoRenew: true })),
    );
    expect(auto).toMatchObject({ code: 'IncorrectInstanceStatus', statusCode: 403 });

    // Renewed now: the new period starts at the next China midnight (guide L1311); the lock goes.
    const renewedBefore = await sandboxNow();
    await account.client.renewInstance(new Ecs.RenewInstanceRequest({ instanceId: id, period: 1, periodUnit: 'Month' }));
    const renewedAfter = await sandboxNow();
    const renewed = (await one(account, id))!;
    expect(periodEnds(renewedBefore, renewedAfter, 1)).toContain(renewed.expiredTime);
    expect(renewed.status).toBe('Stopped');
    expect(renewed.operationLocks!.lockReason).toEqual([]);
    await account.client.startInstance(new Ecs.StartInstanceRequest({ instanceId: id }));
    await advanceSeconds(5);
    expect((await one(account, id))!.status).toBe('Running');
    await runScheduledJobs();
    expect(await storedPhase(account, id)).toBe('Normal');

    // Release protection is for pay-as-you-go instances only (docs/rules/ecs-user-guide.md#release-protection):
    // a subscription cannot be protected, so nothing stops the release 30 days after expiry (ecs-api.md §2.3).
    const protect = await sdkError(
      account.client.modifyInstanceAttribute(new Ecs.ModifyInstanceAttributeRequest({ instanceId: id, deletionProtection: true })),
    );
    expect(protect).toMatchObject({ code: 'ChargeTypeViolation', statusCode: 403 });
    expect((await one(account, id))!.deletionProtection).toBe(false);
    const launchProtected = await sdkError(launch(account, { instanceChargeType: 'PrePaid', period: 1, deletionProtection: true }));
    expect(launchProtected).toMatchObject({ code: 'ChargeTypeViolation', statusCode: 403 });
    const systemDiskId = (await storedResource(account.accountId, 'instance', id))!.systemDiskId as string;
    const thirdExpiry = new Date(renewed.expiredTime!);
    await advanceTo(thirdExpiry, 30 * DAY - 3600);
    expect((await one(account, id))!.status).toBe('Stopped');
    await advanceTo(thirdExpiry, 30 * DAY + 60);
    expect(await one(account, id)).toBeUndefined();
    const final = await runScheduledJobs();
    expect(reportLines([final], 'subscriptionExpiry', (d) => d === `released ${id} (Expired)`).length).toBeLessThanOrEqual(1);
    expect(await describeInstances(account)).toEqual([]);
    expect(await totalCount(account)).toBe(0);
    expect(await storedResource(account.accountId, 'instance', id)).toBeUndefined();
    expect(await storedResource(account.accountId, 'disk', systemDiskId)).toBeUndefined();
    expect(await storedResource(account.accountId, 'released-instance', id)).toMatchObject({ reason: 'Expired' });
  });

  it('releases an expired subscription on DeleteInstance with TerminateSubscription=true', async () => {
    const account = await newAccount();
    const id = await launchRunning(account, { instanceChargeType: 'PrePaid', period: 1, periodUnit: 'Week' });
    const expiry = await expiryOf(account, id);
    await advanceTo(expiry, 60);
    const refused = await sdkError(account.client.deleteInstance(new Ecs.DeleteInstanceRequest({ instanceId: id, force: true })));
    expect(refused).toMatchObject({ code: 'ChargeTypeViolation', statusCode: 403 });
    // Running: Force is still needed.
    const notForced = await sdkError(account.client.deleteInstance(new Ecs.DeleteInstanceRequest({ instanceId: id, terminateSubscription: true })));
    expect(notForced).toMatchObject({ code: 'IncorrectInstanceStatus', statusCode: 403 });
    await account.client.deleteInstance(new Ecs.DeleteInstanceRequest({ instanceId: id, force: true, terminateSubscription: true }));
    expect(await describeInstances(account)).toEqual([]);
    expect(await totalCount(account)).toBe(0);
  });
});

describe('auto-renew', () => {
  it('renews at expiry when switched on; DescribeInstanceAutoRenewAttribute shows and filters it', async () => {
    const account = await newAccount();
    const auto = await launchRunning(account, { instanceChargeType: 'PrePaid', period: 1 });
    const not = await launchRunning(account, { instanceChargeType: 'PrePaid', period: 1 });
    const normal = await launchRunning(account, { instanceChargeType: 'PrePaid', period: 1 });
    const payg = await launchRunning(account);

    await account.client.modifyInstanceAutoRenewAttribute(
      new Ecs.ModifyInstanceAutoRenewAttributeRequest({ regionId: REGION, instanceId: auto, autoRenew: true, duration: 1, periodUnit: 'Month' }),
    );
    await account.client.modifyInstanceAutoRenewAttribute(
      new Ecs.ModifyInstanceAutoRenewAttributeRequest({ regionId: REGION, instanceId: not, renewalStatus: 'NotRenewal' }),
    );
    const payAsYouGo = await sdkError(
      account.client.modifyInstanceAutoRenewAttribute(new Ecs.ModifyInstanceAutoRenewAttributeRequest({ regionId: REGION, instanceId: payg, autoRenew: true })),
    );
    expect(payAsYouGo).toMatchObject({ code: 'ChargeTypeViolation', statusCode: 403 });

    const attrs = await account.client.describeInstanceAutoRenewAttribute(
      new Ecs.DescribeInstanceAutoRenewAttributeRequest({ regionId: REGION, instanceId: [auto, not, normal].join(',') }),
    );
    const byId = new Map(attrs.body!.instanceRenewAttributes!.instanceRenewAttribute!.map((a) => [a.instanceId, a]));
    expect(byId.get(auto)).toMatchObject({ autoRenewEnabled: true, renewalStatus: 'AutoRenewal', duration: 1, periodUnit: 'Month' });
    expect(byId.get(not)).toMatchObject({ autoRenewEnabled: false, renewalStatus: 'NotRenewal' });
    expect(byId.get(normal)).toMatchObject({ autoRenewEnabled: false, renewalStatus: 'Normal' });

    const filtered = async (renewalStatus: string) =>
      (
        await account.client.describeInstanceAutoRenewAttribute(new Ecs.DescribeInstanceAutoRenewAttributeRequest({ regionId: REGION, renewalStatus }))
      ).body!.instanceRenewAttributes!.instanceRenewAttribute!.map((a) => a.instanceId);
    expect(await filtered('AutoRenewal')).toEqual([auto]);
    expect(await filtered('NotRenewal')).toEqual([not]);
    expect(await filtered('Normal')).toEqual([normal]);

    // Past the expiry: the auto-renewed one has a new ExpiredTime a month on (seen before the jobs too).
    const expiry = await expiryOf(account, auto);
    const normalExpiry = await expiryOf(account, normal);
    await advanceTo(new Date(Math.max(expiry.getTime(), normalExpiry.getTime(), (await expiryOf(account, not)).getTime())), 3600);
    const moved = minuteTime(plusChinaMonths(expiry, 1));
    expect((await one(account, auto))!.expiredTime).toBe(moved);
    const jobs = await runScheduledJobs();
    expect(reportLines([jobs], 'subscriptionExpiry', (d) => d.startsWith(`${auto}:`) && d.includes('renewed')).length).toBeLessThanOrEqual(1);
    // The renewal is stored, whoever ran the job: one month on, once.
    expect(minuteTime(new Date((await storedResource(account.accountId, 'instance', auto))!.expiredTime as string))).toBe(moved);
    expect((await one(account, auto))!).toMatchObject({ expiredTime: moved, status: 'Running' });
    expect(await storedPhase(account, auto)).toBe('Normal');
    expect(await storedPhase(account, not)).toBe('Expired');
    expect(await storedPhase(account, normal)).toBe('Expired');
    expect((await one(account, normal))!.expiredTime).toBe(minuteTime(normalExpiry));
    const still = await account.client.describeInstanceAutoRenewAttribute(
      new Ecs.DescribeInstanceAutoRenewAttributeRequest({ regionId: REGION, instanceId: auto }),
    );
    expect(still.body!.instanceRenewAttributes!.instanceRenewAttribute![0]).toMatchObject({ autoRenewEnabled: true, renewalStatus: 'AutoRenewal' });

    // Switched on during the grace window, it renews at the next run from the old expiry (guide L1305-1307).
    await account.client.modifyInstanceAutoRenewAttribute(
      new Ecs.ModifyInstanceAutoRenewAttributeRequest({ regionId: REGION, instanceId: normal, autoRenew: true, duration: 1, periodUnit: 'Month' }),
    );
    expect((await one(account, normal))!.expiredTime).toBe(minuteTime(plusChinaMonths(normalExpiry, 1)));

    // Switched off, it stays off: the next expiry is not renewed.
    await account.client.modifyInstanceAutoRenewAttribute(
      new Ecs.ModifyInstanceAutoRenewAttributeRequest({ regionId: REGION, instanceId: auto, autoRenew: false }),
    );
    expect(await filtered('AutoRenewal')).toEqual([normal]);
    await advanceTo(new Date(Date.parse(moved)), 3600);
    await runScheduledJobs();
    expect((await one(account, auto))!.expiredTime).toBe(moved);
    expect(await storedPhase(account, auto)).toBe('Expired');
  });
});
