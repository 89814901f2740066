import type { InstanceLock, InstanceRecord } from './instance';

/**
 * What the platform does on its own that release protection cannot stop (seed 000, "instance
 * release protection": reclaiming for overdue payment, forced release for a security violation;
 * https://www.alibabacloud.com/help/en/ecs/user-guide/enable-or-disable-release-protection-for-ecs-instances).
 * The sandbox operator triggers these so automation can be tested against them:
 *
 * - a security lock (`OperationLocks.LockReason = security`): the instance is stopped at once and
 *   every operation on it is refused with `InstanceLockedForSecurity` until the lock is lifted;
 * - an overdue account (`LockReason = financial` on its pay-as-you-go instances): they are stopped
 *   at once, billing stops, and operations are refused with `InstanceExpiredOrInArrears` until the
 *   account is cleared (the instances then stay Stopped until started).
 */
const SECURITY: InstanceLock = { reason: 'security', message: 'The instance is locked for security reasons by the platform.' };
const OVERDUE: InstanceLock = { reason: 'financial', message: 'The account has an overdue payment; pay it to use the instance again.' };

function forceStop(inst: InstanceRecord, at: string, stopCharging: boolean): InstanceRecord {
  const stopped: InstanceRecord = { ...inst, status: 'Stopped', plan: [] };
  return stopCharging
    ? {
        ...stopped,
        billing: { ...inst.billing, chargingSince: undefined, chargingStoppedAt: inst.billing.chargingSince ? at : inst.billing.chargingStoppedAt },
      }
    : stopped;
}

export function lockForSecurity(inst: InstanceRecord, now: Date): InstanceRecord {
  const locked = { ...inst, locks: [...inst.locks.filter((l) => l.reason !== 'security'), SECURITY] };
  return forceStop(locked, now.toISOString(), false);
}

export function unlockForSecurity(inst: InstanceRecord): InstanceRecord {
  return { ...inst, locks: inst.locks.filter((l) => l.reason !== 'security') };
}

/** Overdue payment concerns pay-as-you-go instances (a subscription is paid ahead). */
export function markOverdue(inst: InstanceRecord, now: Date): InstanceRecord {
  if (inst.chargeType !== 'PostPaid') return inst;
  const locked = { ...inst, locks: [...inst.locks.filter((l) => l.reason !== 'financial'), OVERDUE] };
  return forceStop(locked, now.toISOString(), true);
}

export function clearOverdue(inst: InstanceRecord): InstanceRecord {
  if (inst.chargeType !== 'PostPaid') return inst;
  return { ...inst, locks: inst.locks.filter((l) => l.reason !== 'financial') };
}
