import { describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/domain/errors';
import {
  changeChargeType,
  checkManualRelease,
  initialPlan,
  nextEventAt,
  reboot,
  renew,
  setAutoReleaseTime,
  setAutoRenew,
  settle,
  start,
  stop,
  subscriptionEnd,
  type InstanceRecord,
  type LifecycleSettings,
} from '../../shared/domain/instance';
import { addPeriod, nextChinaMidnight, parseRequestTime, validateAutoReleaseTime, validatePeriod } from '../../shared/domain/lifecycle-time';
import { instanceRecord } from '../support/instance-fixture';

/**
 * The instance rules of shared/domain/instance.ts and lifecycle-time.ts, with
 * fixed dates and no I/O: the state machine and its timing, release
 * preconditions, the subscription phases of the seed guide (L1305-1313),
 * renewal, auto-renew, the sweep timers, AutoReleaseTime rules (ecs-api.md
 * §2.4) and the calendar arithmetic of subscription periods.
 */
const S: LifecycleSettings = { transitionSeconds: 5, expiryRunningGraceDays: 15, expiryStoppedGraceDays: 15 };
const T0 = new Date('2024-03-10T02:00:00.000Z');
const at = (iso: string) => new Date(iso);
const plusSeconds = (d: Date, s: number) => new Date(d.getTime() + s * 1000);
const DAY = 86_400;

const instance = (overrides: Partial<InstanceRecord> = {}): InstanceRecord => instanceRecord(overrides, T0.toISOString());

/** A subscription expiring at `expiredTime`, Running. */
const prepaid = (expiredTime: string, overrides: Partial<InstanceRecord> = {}) =>
  instance({ chargeType: 'PrePaid', stoppedMode: 'Not-applicable', expiredTime, subscriptionPhase: 'Normal', ...overrides });

function refusal(f: () => unknown): ApiError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    return e as ApiError;
  }
  throw new Error('expected a refusal');
}
const statusAt = (inst: InstanceRecord, d: Date) => settle(inst, d, S).instance.status;

describe('state machine timing (settle)', () => {
  it('runs a new RunInstances instance Pending → Starting → Running, one step per transition period', () => {
    const inst = instance({ status: 'Pending', plan: initialPlan(true, T0, S), startTime: undefined, billing: { pricePerHourUsd: 0.1, pricePerMonthUsd: 50 } });
    expect(statusAt(inst, T0)).toBe('Pending');
    expect(statusAt(inst, plusSeconds(T0, 4.999))).toBe('Pending');
    expect(statusAt(inst, plusSeconds(T0, 5))).toBe('Starting');
    expect(statusAt(inst, plusSeconds(T0, 9))).toBe('Starting');
    const running = settle(inst, plusSeconds(T0, 10), S);
    expect(running.instance.status).toBe('Running');
    expect(running.instance.plan).toEqual([]);
    expect(running.instance.startTime).toBe(plusSeconds(T0, 10).toISOString());
    expect(running.instance.billing.chargingSince).toBe(plusSeconds(T0, 10).toISOString());
    expect(running.changes.map((c) => `${c.from}->${c.to}`)).toEqual(['Pending->Starting', 'Starting->Running']);
    // Pure: the input is untouched.
    expect(inst.status).toBe('Pending');
    expect(inst.plan).toHaveLength(2);
  });

  it('leaves a CreateInstance instance Stopped after one step', () => {
    const inst = instance({ status: 'Pending', plan: initialPlan(false, T0, S) });
    expect(statusAt(inst, plusSeconds(T0, 4))).toBe('Pending');
    expect(statusAt(inst, plusSeconds(T0, 5))).toBe('Stopped');
    expect(statusAt(inst, plusSeconds(T0, 3600))).toBe('Stopped');
  });

  it('starts only from Stopped, stops and reboots only from Running', () => {
    const running = instance();
    const stopped = instance({ status: 'Stopped' });
    expect(refusal(() => start(running, T0, S))).toMatchObject({ code: 'IncorrectInstanceStatus', status: 403 });
    expect(refusal(() => stop(stopped, T0, S))).toMatchObject({ code: 'IncorrectInstanceStatus', status: 403 });
    expect(refusal(() => reboot(stopped, T0, S))).toMatchObject({ code: 'IncorrectInstanceStatus', status: 403 });
    for (const status of ['Pending', 'Starting', 'Stopping'] as const) {
      const inst = instance({ status });
      expect(refusal(() => start(inst, T0, S)).code).toBe('IncorrectInstanceStatus');
      expect(refusal(() => stop(inst, T0, S)).code).toBe('IncorrectInstanceStatus');
      expect(refusal(() => reboot(inst, T0, S)).code).toBe('IncorrectInstanceStatus');
    }

    const starting = start(stopped, T0, S);
    expect(starting.status).toBe('Starting');
    expect(statusAt(starting, plusSeconds(T0, 5))).toBe('Running');

    const stopping = stop(running, T0, S);
    expect(stopping).toMatchObject({ status: 'Stopping', stoppedMode: 'KeepCharging' });
    expect(statusAt(stopping, plusSeconds(T0, 4))).toBe('Stopping');
    expect(statusAt(stopping, plusSeconds(T0, 5))).toBe('Stopped');

    const rebooting = reboot(running, T0, S);
    expect(rebooting.status).toBe('Stopping');
    expect(statusAt(rebooting, plusSeconds(T0, 5))).toBe('Starting');
    expect(statusAt(rebooting, plusSeconds(T0, 10))).toBe('Running');
  });

  it('stops charging with StopCharging; a subscription ignores it (Not-applicable)', () => {
    const stopping = stop(instance(), T0, S, { stoppedMode: 'StopCharging' });
    const stopped = settle(stopping, plusSeconds(T0, 5), S).instance;
    expect(stopped).toMatchObject({ status: 'Stopped', stoppedMode: 'StopCharging' });
    expect(stopped.billing.chargingSince).toBeUndefined();
    expect(stopped.billing.chargingStoppedAt).toBe(plusSeconds(T0, 5).toISOString());
    // Started again: charging again from Running.
    const again = settle(start(stopped, plusSeconds(T0, 60), S), plusSeconds(T0, 65), S).instance;
    expect(again.billing.chargingSince).toBe(plusSeconds(T0, 65).toISOString());

    const sub = stop(prepaid('2024-04-10T16:00:00.000Z'), T0, S, { stoppedMode: 'StopCharging' });
    expect(sub.stoppedMode).toBe('Not-applicable');
    // A plain stop keeps charging.
    expect(settle(stop(instance(), T0, S), plusSeconds(T0, 5), S).instance.billing.chargingSince).toBe(T0.toISOString());
  });

  it('refuses every state change under a security or financial lock, or while an image is created', () => {
    const security = instance({ locks: [{ reason: 'security', message: 'x' }] });
    expect(refusal(() => stop(security, T0, S))).toMatchObject({ code: 'InstanceLockedForSecurity', status: 403 });
    const financial = instance({ status: 'Stopped', locks: [{ reason: 'financial', message: 'x' }] });
    expect(refusal(() => start(financial, T0, S))).toMatchObject({ code: 'InstanceExpiredOrInArrears', status: 403 });
    expect(refusal(() => reboot(instance({ imageCreationInProgress: true }), T0, S)).code).toBe('IncorrectInstanceStatus');
  });
});

describe('manual release preconditions (checkManualRelease)', () => {
  it('checks release protection first, then charge type, then status', () => {
    const protectedRunning = instance({ deletionProtection: true });
    expect(refusal(() => checkManualRelease(protectedRunning, { force: true }))).toMatchObject({
      code: 'InvalidOperation.DeletionProtection',
      status: 403,
    });
    expect(refusal(() => checkManualRelease(instance({ deletionProtection: true, status: 'Stopped' }), {})).code).toBe('InvalidOperation.DeletionProtection');
    expect(refusal(() => checkManualRelease(instance(), {}))).toMatchObject({ code: 'IncorrectInstanceStatus', status: 403 });
    expect(refusal(() => checkManualRelease(instance({ status: 'Pending' }), { force: true }))).toMatchObject({
      code: 'IncorrectInstanceStatus.Initializing',
      status: 403,
    });
    expect(refusal(() => checkManualRelease(instance({ locks: [{ reason: 'security', message: 'x' }] }), { force: true })).code).toBe(
      'InstanceLockedForSecurity',
    );
    expect(() => checkManualRelease(instance(), { force: true })).not.toThrow();
    expect(() => checkManualRelease(instance({ status: 'Stopped' }), {})).not.toThrow();
    expect(() => checkManualRelease(instance({ status: 'Stopping' }), { force: true })).not.toThrow();
  });

  it('refuses an unexpired subscription, and an expired one without TerminateSubscription', () => {
    const normal = prepaid('2024-04-10T16:00:00.000Z');
    for (const opts of [{}, { force: true }, { force: true, terminateSubscription: true }]) {
      expect(refusal(() => checkManualRelease(normal, opts))).toMatchObject({ code: 'ChargeTypeViolation', status: 403 });
    }
    const expired = prepaid('2024-03-01T16:00:00.000Z', { subscriptionPhase: 'Expired' });
    expect(refusal(() => checkManualRelease(expired, { force: true })).code).toBe('ChargeTypeViolation');
    expect(() => checkManualRelease(expired, { force: true, terminateSubscription: true })).not.toThrow();
    const forced = prepaid('2024-02-01T16:00:00.000Z', { subscriptionPhase: 'ForcedStop', status: 'Stopped' });
    expect(() => checkManualRelease(forced, { terminateSubscription: true })).not.toThrow();
  });
});

describe('subscription phases (guide L1305-1313)', () => {
  const E = '2024-04-10T16:00:00.000Z';
  const e = Date.parse(E);
  const after = (days: number, extraSeconds = 0) => new Date(e + days * DAY * 1000 + extraSeconds * 1000);

  it('keeps running for 15 days after expiry, force-stops with a financial lock, releases 15 days later', () => {
    const inst = prepaid(E);
    expect(settle(inst, after(0, -1), S).instance.subscriptionPhase).toBe('Normal');

    const expired = settle(inst, after(0), S);
    expect(expired.instance).toMatchObject({ subscriptionPhase: 'Expired', status: 'Running', locks: [] });
    expect(expired.releaseDue).toBeUndefined();
    expect(settle(inst, after(15, -1), S).instance.status).toBe('Running');

    const forced = settle(inst, after(15), S);
    expect(forced.instance).toMatchObject({ subscriptionPhase: 'ForcedStop', status: 'Stopped', plan: [] });
    expect(forced.instance.locks.map((l) => l.reason)).toEqual(['financial']);
    expect(forced.changes).toEqual([{ from: 'Running', to: 'Stopped', at: after(15).toISOString() }]);
    expect(forced.instance.billing.chargingSince).toBeUndefined();
    // Settling the force-stopped record again changes nothing.
    expect(settle(forced.instance, after(20), S).changes).toEqual([]);
    expect(settle(forced.instance, after(20), S).instance.locks).toHaveLength(1);

    expect(settle(inst, after(30, -1), S).releaseDue).toBeUndefined();
    // Release protection does not stop a system release (ecs-api.md §2.3).
    const released = settle({ ...inst, deletionProtection: true }, after(30), S);
    expect(released.releaseDue).toEqual({ reason: 'Expired', at: after(30).toISOString() });
  });

  it('force-stops an instance caught in a transition', () => {
    const starting = prepaid(E, { status: 'Starting', plan: [{ status: 'Running', at: after(16).toISOString() }] });
    const forced = settle(starting, after(15, 1), S).instance;
    expect(forced).toMatchObject({ status: 'Stopped', plan: [] });
  });

  it('with the first window at 0 (the current cloud), stops at expiry and releases 15 days later', () => {
    const now: LifecycleSettings = { ...S, expiryRunningGraceDays: 0 };
    expect(settle(prepaid(E), after(0), now).instance).toMatchObject({ status: 'Stopped', subscriptionPhase: 'ForcedStop' });
    expect(settle(prepaid(E), after(15), now).releaseDue?.reason).toBe('Expired');
  });

  it('auto-renews at expiry by the chosen duration, for every elapsed period, but not once force-stopped', () => {
    const auto = prepaid(E, { autoRenew: true, autoRenewDuration: 1, autoRenewUnit: 'Month' });
    expect(settle(auto, after(0, -1), S).instance.expiredTime).toBe(E);
    const renewed = settle(auto, after(0), S).instance;
    expect(renewed).toMatchObject({ expiredTime: '2024-05-10T16:00:00.000Z', subscriptionPhase: 'Normal', status: 'Running' });
    // Two periods elapsed at once: renewed twice.
    expect(settle(auto, at('2024-05-20T00:00:00Z'), S).instance.expiredTime).toBe('2024-06-10T16:00:00.000Z');
    const yearly = prepaid(E, { autoRenew: true, autoRenewDuration: 1, autoRenewUnit: 'Year' });
    expect(settle(yearly, after(1), S).instance.expiredTime).toBe('2025-04-10T16:00:00.000Z');
    const stopped = prepaid(E, { autoRenew: true, subscriptionPhase: 'ForcedStop', status: 'Stopped' });
    expect(settle(stopped, after(20), S).instance.expiredTime).toBe(E);
  });
});

describe('renewal (RenewInstance, guide L1305-1311)', () => {
  it('extends from the old expiry while Normal or in the grace window', () => {
    // Guide: expired 2016-04-25 00:00:00, renewed 2016-05-09 → period to 2016-05-25 00:00:00 (China time).
    const inst = prepaid('2016-04-24T16:00:00.000Z', { subscriptionPhase: 'Expired' });
    const renewed = renew(inst, at('2016-05-09T03:00:00Z'), 1, 'Month');
    expect(renewed).toMatchObject({ expiredTime: '2016-05-24T16:00:00.000Z', subscriptionPhase: 'Normal' });
    const normal = renew(prepaid('2024-04-10T16:00:00.000Z'), T0, 1, 'Year');
    expect(normal.expiredTime).toBe('2025-04-10T16:00:00.000Z');
    // Renewed for too short a time to catch up: still expired.
    const stillExpired = renew(prepaid('2016-01-01T16:00:00.000Z', { subscriptionPhase: 'Expired' }), at('2016-03-05T00:00:00Z'), 1, 'Week');
    expect(stillExpired.subscriptionPhase).toBe('Expired');
  });

  it('starts a new period at the next China midnight once force-stopped, and lifts the lock', () => {
    // Guide: stopped 2016-05-10, renewed 2016-05-23 08:09:35 (UTC+8) → period to 2016-06-24 00:00:00 (UTC+8).
    const inst = prepaid('2016-04-24T16:00:00.000Z', {
      subscriptionPhase: 'ForcedStop',
      status: 'Stopped',
      locks: [{ reason: 'financial', message: 'expired' }],
    });
    const renewed = renew(inst, at('2016-05-23T00:09:35Z'), 1, 'Month');
    expect(renewed).toMatchObject({ expiredTime: '2016-06-23T16:00:00.000Z', subscriptionPhase: 'Normal', status: 'Stopped', locks: [] });
    // Startable again.
    expect(start(renewed, at('2016-05-23T00:10:00Z'), S).status).toBe('Starting');
  });

  it('refuses pay-as-you-go instances and security-locked ones', () => {
    expect(refusal(() => renew(instance(), T0, 1, 'Month'))).toMatchObject({ code: 'ChargeTypeViolation', status: 403 });
    expect(refusal(() => renew(prepaid('2024-04-10T16:00:00.000Z', { locks: [{ reason: 'security', message: 'x' }] }), T0, 1, 'Month')).code).toBe(
      'InstanceLockedForSecurity',
    );
  });
});

describe('auto-renew attribute, auto-release time, charge type conversion', () => {
  it('sets auto-renew on subscriptions only, not once force-stopped', () => {
    const on = setAutoRenew(prepaid('2024-04-10T16:00:00.000Z'), { autoRenew: true, duration: 3, unit: 'Month' });
    expect(on).toMatchObject({ autoRenew: true, autoRenewDuration: 3, autoRenewUnit: 'Month', notRenewal: false });
    expect(setAutoRenew(on, { autoRenew: false, notRenewal: true })).toMatchObject({ autoRenew: false, notRenewal: true, autoRenewDuration: 3 });
    expect(refusal(() => setAutoRenew(instance(), { autoRenew: true }))).toMatchObject({ code: 'ChargeTypeViolation', status: 403 });
    const forced = prepaid('2024-01-10T16:00:00.000Z', { subscriptionPhase: 'ForcedStop', status: 'Stopped' });
    expect(refusal(() => setAutoRenew(forced, { autoRenew: true }))).toMatchObject({ code: 'IncorrectInstanceStatus', status: 403 });
    // Switching it off stays possible.
    expect(setAutoRenew(forced, { autoRenew: false }).autoRenew).toBe(false);
  });

  it('sets and cancels an auto-release time on pay-as-you-go only', () => {
    const when = at('2024-03-10T05:00:00Z');
    expect(setAutoReleaseTime(instance(), when).autoReleaseTime).toBe(when.toISOString());
    expect(setAutoReleaseTime(instance({ autoReleaseTime: when.toISOString() }), undefined).autoReleaseTime).toBeUndefined();
    expect(refusal(() => setAutoReleaseTime(prepaid('2024-04-10T16:00:00.000Z'), when))).toMatchObject({ code: 'ChargeTypeViolation', status: 403 });
    // Due: released by the system even when protected.
    const due = settle(instance({ autoReleaseTime: when.toISOString(), deletionProtection: true }), when, S);
    expect(due.releaseDue).toEqual({ reason: 'AutoRelease', at: when.toISOString() });
    expect(settle(instance({ autoReleaseTime: when.toISOString() }), new Date(when.getTime() - 1), S).releaseDue).toBeUndefined();
  });

  it('converts PostPaid → PrePaid (refused with an auto-release time) and back', () => {
    const refused = refusal(() => changeChargeType(instance({ autoReleaseTime: '2024-03-11T00:00:00.000Z' }), 'PrePaid', T0, { count: 1, unit: 'Month' }));
    expect(refused).toMatchObject({ code: 'ReleaseTimeHaveBeenSet', status: 400 });
    const sub = changeChargeType(instance(), 'PrePaid', T0, { count: 1, unit: 'Month' });
    // 2024-03-10 10:00 China → period from 2024-03-11 00:00 China to 2024-04-11 00:00 China.
    expect(sub).toMatchObject({ chargeType: 'PrePaid', expiredTime: '2024-04-10T16:00:00.000Z', subscriptionPhase: 'Normal', stoppedMode: 'Not-applicable' });
    const back = changeChargeType(sub, 'PostPaid', T0, { count: 1, unit: 'Month' });
    expect(back).toMatchObject({ chargeType: 'PostPaid', expiredTime: undefined, subscriptionPhase: undefined, autoRenew: false });
    expect(refusal(() => changeChargeType(instance({ status: 'Starting' }), 'PrePaid', T0, { count: 1, unit: 'Month' })).code).toBe(
      'InvalidStatus.ValueNotSupported',
    );
    expect(refusal(() => changeChargeType(instance(), 'PostPaid', T0, { count: 1, unit: 'Month' })).code).toBe('InvalidInstanceChargeType.ValueNotSupported');
    // An expired subscription is renewed, not converted.
    for (const phase of ['Expired', 'ForcedStop'] as const) {
      const expired = prepaid('2024-03-01T16:00:00.000Z', { subscriptionPhase: phase, status: phase === 'ForcedStop' ? 'Stopped' : 'Running' });
      expect(refusal(() => changeChargeType(expired, 'PostPaid', T0, { count: 1, unit: 'Month' }))).toMatchObject({ code: 'ExpiredInstance', status: 400 });
    }
  });
});

describe('sweep timers (nextEventAt)', () => {
  it('names the next transition, the auto-release time and the next subscription event', () => {
    const pending = instance({ status: 'Pending', plan: initialPlan(true, T0, S) });
    expect(nextEventAt(pending, S)).toEqual({ transition: plusSeconds(T0, 5).toISOString() });
    expect(nextEventAt(instance(), S)).toEqual({});
    expect(nextEventAt(instance({ autoReleaseTime: '2024-03-11T00:00:00.000Z' }), S)).toEqual({ autoRelease: '2024-03-11T00:00:00.000Z' });
    const E = '2024-04-10T16:00:00.000Z';
    expect(nextEventAt(prepaid(E), S)).toEqual({ subscription: E });
    expect(nextEventAt(prepaid(E, { subscriptionPhase: 'Expired' }), S)).toEqual({ subscription: '2024-04-25T16:00:00.000Z' });
    expect(nextEventAt(prepaid(E, { subscriptionPhase: 'ForcedStop' }), S)).toEqual({ subscription: '2024-05-10T16:00:00.000Z' });
    // Every event is one settle would act on.
    const expiredAt = new Date(nextEventAt(prepaid(E), S).subscription!);
    expect(settle(prepaid(E), expiredAt, S).instance.subscriptionPhase).toBe('Expired');
  });
});

describe('AutoReleaseTime rules (ecs-api.md §2.4)', () => {
  const now = at('2024-03-10T02:00:30Z');
  it('truncates seconds, and wants 30 minutes to 3 years ahead', () => {
    expect(validateAutoReleaseTime('2024-03-10T02:31:59Z', now).toISOString()).toBe('2024-03-10T02:31:00.000Z');
    expect(validateAutoReleaseTime('2024-03-10T02:31Z', now).toISOString()).toBe('2024-03-10T02:31:00.000Z');
    // 02:30:45 truncates to 02:30:00, under 30 minutes after 02:00:30.
    expect(refusal(() => validateAutoReleaseTime('2024-03-10T02:30:45Z', now))).toMatchObject({ code: 'InvalidAutoReleaseTime', status: 400 });
    expect(refusal(() => validateAutoReleaseTime('2024-03-09T00:00:00Z', now)).code).toBe('InvalidAutoReleaseTime');
    expect(validateAutoReleaseTime('2027-03-10T02:00:00Z', now).toISOString()).toBe('2027-03-10T02:00:00.000Z');
    expect(refusal(() => validateAutoReleaseTime('2027-03-10T02:02:00Z', now)).code).toBe('InvalidAutoReleaseTime');
  });

  it('refuses malformed values with InvalidAutoReleaseTime.Malformed', () => {
    for (const bad of [
      '',
      'tomorrow',
      '2024-03-10 05:00:00',
      '2024-03-10T05:00:00+08:00',
      '2024-02-30T00:00:00Z',
      '2024-03-10T24:00:00Z',
      '2024-03-10T05:60:00Z',
    ]) {
      expect(refusal(() => validateAutoReleaseTime(bad, now))).toMatchObject({ code: 'InvalidAutoReleaseTime.Malformed', status: 400 });
    }
    expect(parseRequestTime('2024-02-29T23:59:59Z')?.toISOString()).toBe('2024-02-29T23:59:59.000Z');
  });
});

describe('calendar arithmetic', () => {
  it('adds weeks, months and years, clamping to the end of a shorter month', () => {
    expect(addPeriod(at('2024-01-31T10:00:00Z'), 1, 'Month').toISOString()).toBe('2024-02-29T10:00:00.000Z');
    expect(addPeriod(at('2023-01-31T10:00:00Z'), 1, 'Month').toISOString()).toBe('2023-02-28T10:00:00.000Z');
    expect(addPeriod(at('2024-11-30T10:00:00Z'), 3, 'Month').toISOString()).toBe('2025-02-28T10:00:00.000Z');
    expect(addPeriod(at('2024-02-29T10:00:00Z'), 1, 'Year').toISOString()).toBe('2025-02-28T10:00:00.000Z');
    expect(addPeriod(at('2024-03-10T10:00:00Z'), 2, 'Week').toISOString()).toBe('2024-03-24T10:00:00.000Z');
  });

  it('rounds up to the next midnight in China (UTC+8)', () => {
    expect(nextChinaMidnight(at('2016-05-23T00:09:35Z')).toISOString()).toBe('2016-05-23T16:00:00.000Z');
    expect(nextChinaMidnight(at('2016-05-23T15:59:59Z')).toISOString()).toBe('2016-05-23T16:00:00.000Z');
    expect(nextChinaMidnight(at('2016-05-23T16:00:01Z')).toISOString()).toBe('2016-05-24T16:00:00.000Z');
    // Exactly midnight is already a period boundary.
    expect(nextChinaMidnight(at('2016-05-23T16:00:00Z')).toISOString()).toBe('2016-05-23T16:00:00.000Z');
  });

  it('counts subscription months on the China calendar: a month from 1 May (China) ends on 1 June (China)', () => {
    // Bought 2024-04-30 12:00 China: the period runs from 2024-05-01 00:00 China for one month.
    expect(subscriptionEnd(at('2024-04-30T04:00:00Z'), 1, 'Month')).toBe('2024-05-31T16:00:00.000Z');
    // From 2024-03-01 00:00 China (2024-02-29 16:00 UTC): to 2024-04-01 00:00 China.
    expect(subscriptionEnd(at('2024-02-29T10:00:00Z'), 1, 'Month')).toBe('2024-03-31T16:00:00.000Z');
    // From 2024-01-31 00:00 China: to 2024-02-29 00:00 China (end of the shorter month).
    expect(subscriptionEnd(at('2024-01-30T10:00:00Z'), 1, 'Month')).toBe('2024-02-28T16:00:00.000Z');
    expect(subscriptionEnd(at('2024-02-29T10:00:00Z'), 1, 'Year')).toBe('2025-02-28T16:00:00.000Z');
    // Renewal and auto-renew count the same way.
    const firstOfMay = prepaid('2024-04-30T16:00:00.000Z');
    expect(renew(firstOfMay, at('2024-04-01T00:00:00Z'), 1, 'Month').expiredTime).toBe('2024-05-31T16:00:00.000Z');
    const auto = prepaid('2024-04-30T16:00:00.000Z', { autoRenew: true });
    expect(settle(auto, at('2024-05-01T00:00:00Z'), S).instance.expiredTime).toBe('2024-05-31T16:00:00.000Z');
  });

  it('validates subscription periods', () => {
    expect(validatePeriod(12, 'Month')).toBe(12);
    expect(validatePeriod(4, 'Week')).toBe(4);
    expect(refusal(() => validatePeriod(10, 'Month'))).toMatchObject({ code: 'InvalidPeriod', status: 400 });
    expect(refusal(() => validatePeriod(6, 'Year')).code).toBe('InvalidPeriod');
    expect(refusal(() => validatePeriod(undefined, 'Month'))).toMatchObject({ code: 'MissingParameter', status: 400 });
  });
});
