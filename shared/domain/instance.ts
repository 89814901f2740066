import { ApiError, Errors } from './errors';
import { instanceError } from './instance-errors';
import { checkStopAllowed, type Ec2InstanceFacts, type MetadataOptions } from './instance-options';
import { addChinaPeriod, DAY_MS, nextChinaMidnight, type PeriodUnit } from './lifecycle-time';

/**
 * Every rule about instances and nothing else: the state machine, release
 * protection, release preconditions, auto-release, subscription expiry and
 * renewal. Pure functions over records; the store persists what they return.
 *
 * Time: transitional states (Pending, Starting, Stopping) are a `plan` of
 * future steps stamped with sandbox-clock times. `settle(instance, now)`
 * applies every step that is due, and likewise the subscription phases, so a
 * reader (Describe*) and the sweeps see the same state for the same instant.
 */
export type InstanceStatus = 'Pending' | 'Starting' | 'Running' | 'Stopping' | 'Stopped';
export type InstanceChargeType = 'PostPaid' | 'PrePaid';
export type StoppedMode = 'KeepCharging' | 'StopCharging' | 'Not-applicable';
export type LockReason = 'financial' | 'security' | 'recycling';
/** Subscription phases of the seed guide (L1305-1313). */
export type SubscriptionPhase = 'Normal' | 'Expired' | 'ForcedStop';
/** `SecurityViolation` and `Overdue`: the platform's releases the operator triggers (shared/domain/operator-levers.ts). */
export type ReleaseReason = 'Manual' | 'AutoRelease' | 'Expired' | 'SecurityViolation' | 'Overdue';

export interface PlannedStep {
  status: InstanceStatus;
  /** ISO time (ms) on the sandbox clock. */
  at: string;
}

export interface InstanceLock {
  reason: LockReason;
  message: string;
}

export interface InstanceTag {
  key: string;
  value: string;
}

export interface InstanceRecord {
  instanceId: string;
  accountId: string;
  regionId: string;
  zoneId: string;
  instanceType: string;
  instanceTypeFamily: string;
  cpu: number;
  memoryMiB: number;
  imageId: string;
  osType: 'linux' | 'windows';
  osName: string;
  osNameEn: string;
  instanceName: string;
  hostName: string;
  description: string;
  status: InstanceStatus;
  plan: PlannedStep[];
  /** Mode of the stop in progress or done; KeepCharging unless asked (https://www.alibabacloud.com/help/en/ecs/user-guide/instance-lifecycle). */
  stoppedMode: StoppedMode;
  creationTime: string;
  startTime?: string;
  chargeType: InstanceChargeType;
  internetChargeType: 'PayByTraffic' | 'PayByBandwidth';
  internetMaxBandwidthOut: number;
  internetMaxBandwidthIn: number;
  deletionProtection: boolean;
  /** Minute-truncated ISO; PostPaid only. */
  autoReleaseTime?: string;
  /** PrePaid only. */
  expiredTime?: string;
  subscriptionPhase?: SubscriptionPhase;
  autoRenew: boolean;
  autoRenewDuration: number;
  autoRenewUnit: PeriodUnit;
  /** Set when the user chose `NotRenewal` (DescribeInstanceAutoRenewAttribute's RenewalStatus). */
  notRenewal?: boolean;
  locks: InstanceLock[];
  keyPairName: string;
  securityGroupIds: string[];
  vpcId: string;
  vSwitchId: string;
  privateIpAddress: string;
  publicIpAddress: string;
  eip?: { allocationId: string; ipAddress: string; bandwidth: number };
  systemDiskId: string;
  dataDiskIds: string[];
  tags: InstanceTag[];
  ioOptimized: boolean;
  /** Billing facts for the ledger: list price and when charging started and stopped. */
  billing: {
    pricePerHourUsd: number;
    pricePerMonthUsd: number;
    /** Set while the instance charges; cleared by a StopCharging stop. */
    chargingSince?: string;
    chargingStoppedAt?: string;
  };
  /** Base64 user data as given at launch or by ModifyInstanceAttribute (shared/domain/user-data.ts). */
  userData?: string;
  /** The instance RAM role (RamRoleName at launch, AttachInstanceRamRole). */
  ramRoleName?: string;
  /** The deployment set (EC2: placement group) the instance belongs to (ModifyInstanceDeployment). */
  deploymentSetId?: string;
  /** A custom image is being created from this instance: it cannot change state (docs/rules/ecs-user-guide.md#image-from-instance). */
  imageCreationInProgress?: boolean;
  /** When that image's snapshots are all done (CreateImage): `settle` lifts the flag from then on. */
  imageCreationUntil?: string;
  /** The metadata service options when changed from the defaults (shared/domain/instance-options.ts). */
  metadataOptions?: Partial<MetadataOptions>;
  /** What only the EC2 dialect sets (reservation, stop protection, monitoring). */
  ec2?: Ec2InstanceFacts;
  /**
   * vCPUs this instance holds in its region's On-Demand vCPU count (EC2's `VcpuLimitExceeded`):
   * taken at launch and start, given back at stop and release (shared/store/vcpu-usage.ts).
   */
  vcpusCounted?: number;
  /** The VNC terminal password in effect, and one waiting for a console restart (shared/domain/vnc.ts). */
  vncPassword?: string;
  vncPasswordPending?: string;
}

export interface LifecycleSettings {
  transitionSeconds: number;
  expiryRunningGraceDays: number;
  expiryStoppedGraceDays: number;
}

export interface SettleResult {
  instance: InstanceRecord;
  /** Status changes applied, oldest first (for events). */
  changes: { from: InstanceStatus; to: InstanceStatus; at: string }[];
  /** When due, the instance is to be released by the system (the sweep does it). */
  releaseDue?: { reason: Exclude<ReleaseReason, 'Manual'>; at: string };
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Apply every transition and subscription event that is due at `now`. Never mutates. */
export function settle(input: InstanceRecord, now: Date, s: LifecycleSettings): SettleResult {
  let inst: InstanceRecord = { ...input, plan: [...input.plan], locks: [...input.locks], billing: { ...input.billing } };
  const changes: SettleResult['changes'] = [];
  const nowMs = now.getTime();

  // 1. Planned state steps (Pending → Starting → Running, Stopping → Stopped, ...).
  while (inst.plan.length > 0 && Date.parse(inst.plan[0]!.at) <= nowMs) {
    const step = inst.plan.shift()!;
    changes.push({ from: inst.status, to: step.status, at: step.at });
    inst.status = step.status;
    if (step.status === 'Running') {
      inst.startTime = step.at;
      if (!inst.billing.chargingSince) inst.billing = { ...inst.billing, chargingSince: step.at, chargingStoppedAt: undefined };
    }
    if (step.status === 'Stopped' && inst.stoppedMode === 'StopCharging') {
      inst.billing = { ...inst.billing, chargingSince: undefined, chargingStoppedAt: step.at };
    }
  }

  // 1b. A custom image being created from the instance is done once its snapshots are (docs/rules/ecs-user-guide.md#image-from-instance).
  if (inst.imageCreationInProgress && inst.imageCreationUntil && Date.parse(inst.imageCreationUntil) <= nowMs) {
    inst.imageCreationInProgress = false;
    inst.imageCreationUntil = undefined;
  }

  // 2. Subscription: auto-renew at expiry, then the grace windows.
  if (inst.chargeType === 'PrePaid' && inst.expiredTime) {
    const renewed = applyAutoRenew(inst, nowMs);
    inst = renewed;
    const expiry = Date.parse(inst.expiredTime!);
    const forcedStopAt = expiry + s.expiryRunningGraceDays * DAY_MS;
    const releaseAt = forcedStopAt + s.expiryStoppedGraceDays * DAY_MS;
    if (nowMs >= releaseAt) {
      return { instance: inst, changes, releaseDue: { reason: 'Expired', at: iso(releaseAt) } };
    }
    if (nowMs >= forcedStopAt) {
      if (inst.subscriptionPhase !== 'ForcedStop') {
        if (inst.status !== 'Stopped') changes.push({ from: inst.status, to: 'Stopped', at: iso(forcedStopAt) });
        inst.status = 'Stopped';
        inst.plan = [];
        inst.subscriptionPhase = 'ForcedStop';
        inst.locks = [
          ...inst.locks.filter((l) => l.reason !== 'financial'),
          { reason: 'financial', message: 'The subscription has expired; renew the instance to use it again.' },
        ];
        inst.billing = { ...inst.billing, chargingSince: undefined, chargingStoppedAt: iso(forcedStopAt) };
      }
    } else if (nowMs >= expiry) {
      inst.subscriptionPhase = 'Expired';
    } else {
      inst.subscriptionPhase = 'Normal';
    }
  }

  // 3. Auto-release of pay-as-you-go instances: billing stops at the exact time (docs/rules/ecs-user-guide.md#instance-release).
  if (inst.chargeType === 'PostPaid' && inst.autoReleaseTime && Date.parse(inst.autoReleaseTime) <= nowMs) {
    return { instance: inst, changes, releaseDue: { reason: 'AutoRelease', at: inst.autoReleaseTime } };
  }
  return { instance: inst, changes };
}

/** Auto-renew "on the expiry date" (docs/rules/ecs-user-guide.md#subscription-lifecycle), for as many periods as have elapsed, never once force-stopped. */
function applyAutoRenew(inst: InstanceRecord, nowMs: number): InstanceRecord {
  if (!inst.autoRenew || inst.subscriptionPhase === 'ForcedStop') return inst;
  let expiry = new Date(inst.expiredTime!);
  while (expiry.getTime() <= nowMs) expiry = addChinaPeriod(expiry, inst.autoRenewDuration, inst.autoRenewUnit);
  return expiry.toISOString() === inst.expiredTime ? inst : { ...inst, expiredTime: expiry.toISOString(), subscriptionPhase: 'Normal' };
}

/** The next instant at which `settle` would change something (for the sweep timers). */
export function nextEventAt(inst: InstanceRecord, s: LifecycleSettings): { transition?: string; autoRelease?: string; subscription?: string } {
  const out: { transition?: string; autoRelease?: string; subscription?: string } = {};
  if (inst.plan.length > 0) out.transition = inst.plan[0]!.at;
  if (inst.chargeType === 'PostPaid' && inst.autoReleaseTime) out.autoRelease = inst.autoReleaseTime;
  if (inst.chargeType === 'PrePaid' && inst.expiredTime) {
    const expiry = Date.parse(inst.expiredTime);
    const forcedStopAt = expiry + s.expiryRunningGraceDays * DAY_MS;
    const releaseAt = forcedStopAt + s.expiryStoppedGraceDays * DAY_MS;
    const phase = inst.subscriptionPhase ?? 'Normal';
    out.subscription = iso(phase === 'Normal' ? expiry : phase === 'Expired' ? forcedStopAt : releaseAt);
  }
  return out;
}

// ---------------------------------------------------------------- errors

export const InstanceErrors = {
  notFound: () => instanceError('notFound', Errors.notFound('InvalidInstanceId.NotFound', 'The specified InstanceId does not exist.')),
  incorrectStatus: (detail?: string) =>
    instanceError(
      'incorrectStatus',
      new ApiError('IncorrectInstanceStatus', 403, `The current status of the resource does not support this operation.${detail ? ` ${detail}` : ''}`),
    ),
  initializing: () =>
    instanceError('initializing', new ApiError('IncorrectInstanceStatus.Initializing', 403, 'The specified instance status does not support this operation.')),
  deletionProtection: () =>
    instanceError(
      'deletionProtection',
      new ApiError(
        'InvalidOperation.DeletionProtection',
        403,
        'The specified instance has release protection enabled. Disable release protection (ModifyInstanceAttribute DeletionProtection=false) first.',
      ),
    ),
  chargeTypeViolation: (detail = 'The operation is not permitted due to charge type of the instance.') =>
    instanceError('chargeTypeViolation', new ApiError('ChargeTypeViolation', 403, detail)),
  lockedForSecurity: () =>
    instanceError(
      'lockedForSecurity',
      new ApiError('InstanceLockedForSecurity', 403, 'The specified operation is denied as your instance is locked for security reasons.'),
    ),
  expiredOrInArrears: () =>
    instanceError(
      'expiredOrInArrears',
      new ApiError(
        'InstanceExpiredOrInArrears',
        403,
        'The specified operation is denied as your prepay instance is expired (prepay mode) or in arrears (afterpay mode).',
      ),
    ),
  imageCreating: () =>
    instanceError(
      'imageCreating',
      new ApiError(
        'IncorrectInstanceStatus',
        403,
        'The current status of the resource does not support this operation. A custom image is being created from the instance.',
      ),
    ),
};

// ---------------------------------------------------------------- operations

const later = (now: Date, steps: number, s: LifecycleSettings) => iso(now.getTime() + steps * s.transitionSeconds * 1000);

/** Locks and image creation refuse every state change (docs/rules/ecs-user-guide.md#disk-attach). */
function requireOperable(inst: InstanceRecord): void {
  if (inst.locks.some((l) => l.reason === 'security')) throw InstanceErrors.lockedForSecurity();
  if (inst.locks.some((l) => l.reason === 'financial')) throw InstanceErrors.expiredOrInArrears();
  if (inst.imageCreationInProgress) throw InstanceErrors.imageCreating();
}

/** A new instance: RunInstances starts it (Pending → Starting → Running), CreateInstance leaves it Stopped. */
export function initialPlan(autoStart: boolean, now: Date, s: LifecycleSettings): PlannedStep[] {
  return autoStart
    ? [
        { status: 'Starting', at: later(now, 1, s) },
        { status: 'Running', at: later(now, 2, s) },
      ]
    : [{ status: 'Stopped', at: later(now, 1, s) }];
}

export function start(inst: InstanceRecord, now: Date, s: LifecycleSettings): InstanceRecord {
  requireOperable(inst);
  if (inst.status !== 'Stopped') throw InstanceErrors.incorrectStatus();
  return { ...inst, status: 'Starting', plan: [{ status: 'Running', at: later(now, 1, s) }] };
}

export function stop(inst: InstanceRecord, now: Date, s: LifecycleSettings, opts: { stoppedMode?: 'KeepCharging' | 'StopCharging' } = {}): InstanceRecord {
  requireOperable(inst);
  if (inst.status !== 'Running') throw InstanceErrors.incorrectStatus();
  // Stop protection, set through EC2 (disableApiStop), holds in both dialects.
  checkStopAllowed(inst);
  // Subscription instances ignore StopCharging without an error (https://www.alibabacloud.com/help/en/ecs/user-guide/instance-lifecycle).
  const mode: StoppedMode = inst.chargeType === 'PrePaid' ? 'Not-applicable' : (opts.stoppedMode ?? 'KeepCharging');
  return { ...inst, status: 'Stopping', stoppedMode: mode, plan: [{ status: 'Stopped', at: later(now, 1, s) }] };
}

export function reboot(inst: InstanceRecord, now: Date, s: LifecycleSettings): InstanceRecord {
  requireOperable(inst);
  if (inst.status !== 'Running') throw InstanceErrors.incorrectStatus();
  return {
    ...inst,
    status: 'Stopping',
    plan: [
      { status: 'Starting', at: later(now, 1, s) },
      { status: 'Running', at: later(now, 2, s) },
    ],
  };
}

/**
 * Whether DeleteInstance(s) may release the instance now (docs/rules/ecs-user-guide.md#subscription-lifecycle,
 * §2.3, DeleteInstance): release protection first (the ECS guide on releasing instances (https://www.alibabacloud.com/help/en/ecs/user-guide/release-an-instance)), then the charge
 * type (an unexpired subscription cannot be released; an expired one only with
 * TerminateSubscription), then the status (Stopped, or anything but Pending with Force).
 */
export function checkManualRelease(inst: InstanceRecord, opts: { force?: boolean; terminateSubscription?: boolean; pendingAllowed?: boolean }): void {
  if (inst.deletionProtection) throw InstanceErrors.deletionProtection();
  if (inst.locks.some((l) => l.reason === 'security')) throw InstanceErrors.lockedForSecurity();
  if (inst.chargeType === 'PrePaid') {
    const expired = inst.subscriptionPhase === 'Expired' || inst.subscriptionPhase === 'ForcedStop';
    if (!expired) {
      throw InstanceErrors.chargeTypeViolation(
        'The operation is not permitted due to charge type of the instance. A subscription instance cannot be released before it expires.',
      );
    }
    if (!opts.terminateSubscription) {
      throw InstanceErrors.chargeTypeViolation(
        'The operation is not permitted due to charge type of the instance. Set TerminateSubscription=true to release an expired subscription instance.',
      );
    }
  }
  // EC2 terminates a pending instance (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/terminating-instances.html);
  // ECS refuses one that is still initialising.
  if (inst.status === 'Pending' && !opts.pendingAllowed) throw InstanceErrors.initializing();
  if (inst.status !== 'Stopped' && !opts.force) throw InstanceErrors.incorrectStatus();
}

/**
 * Release protection is for pay-as-you-go instances (docs/rules/ecs-user-guide.md#release-protection;
 * https://www.alibabacloud.com/help/en/ecs/user-guide/enable-or-disable-release-protection-for-ecs-instances):
 * turning it on for a subscription instance is refused; turning it off is always allowed.
 */
export function requireProtectableChargeType(chargeType: string, on: boolean): void {
  if (on && chargeType !== 'PostPaid') {
    throw InstanceErrors.chargeTypeViolation(
      'The operation is not permitted due to charge type of the instance. Release protection applies to pay-as-you-go instances only.',
    );
  }
}

export function setDeletionProtection(inst: InstanceRecord, on: boolean): InstanceRecord {
  requireProtectableChargeType(inst.chargeType, on);
  return { ...inst, deletionProtection: on };
}

/** ModifyInstanceAutoReleaseTime: PostPaid only; `undefined` cancels (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-modifyinstanceautoreleasetime). */
export function setAutoReleaseTime(inst: InstanceRecord, at: Date | undefined): InstanceRecord {
  if (inst.chargeType !== 'PostPaid') {
    throw InstanceErrors.chargeTypeViolation(
      'The operation is not permitted due to charge type of the instance. Only pay-as-you-go instances support auto-release.',
    );
  }
  return { ...inst, autoReleaseTime: at?.toISOString() };
}

/** A subscription bought now runs from the next China midnight for the period (see nextChinaMidnight). */
export function subscriptionEnd(now: Date, period: number, unit: PeriodUnit): string {
  return addChinaPeriod(nextChinaMidnight(now), period, unit).toISOString();
}

/**
 * RenewInstance (docs/rules/ecs-user-guide.md#subscription-lifecycle): within the grace period the new period
 * continues from the old expiry; once force-stopped it starts at renewal time
 * (rounded to the next midnight) and the lock is lifted (the instance stays
 * Stopped until started).
 */
export function renew(inst: InstanceRecord, now: Date, period: number, unit: PeriodUnit): InstanceRecord {
  if (inst.chargeType !== 'PrePaid' || !inst.expiredTime) throw InstanceErrors.chargeTypeViolation();
  if (inst.locks.some((l) => l.reason === 'security')) throw InstanceErrors.lockedForSecurity();
  if (inst.subscriptionPhase === 'ForcedStop') {
    return {
      ...inst,
      expiredTime: subscriptionEnd(now, period, unit),
      subscriptionPhase: 'Normal',
      locks: inst.locks.filter((l) => l.reason !== 'financial'),
    };
  }
  const expiredTime = addChinaPeriod(new Date(inst.expiredTime), period, unit).toISOString();
  return { ...inst, expiredTime, subscriptionPhase: Date.parse(expiredTime) > now.getTime() ? 'Normal' : 'Expired' };
}

/** Auto-renew can be switched on any time before the forced stop (docs/rules/ecs-user-guide.md#subscription-lifecycle). */
export function setAutoRenew(inst: InstanceRecord, opts: { autoRenew: boolean; duration?: number; unit?: PeriodUnit; notRenewal?: boolean }): InstanceRecord {
  if (inst.chargeType !== 'PrePaid') {
    throw new ApiError('ChargeTypeViolation', 403, 'Pay-As-You-Go instances do not support this operation.');
  }
  if (opts.autoRenew && inst.subscriptionPhase === 'ForcedStop')
    throw InstanceErrors.incorrectStatus('The instance has expired and was stopped; renew it manually.');
  return {
    ...inst,
    autoRenew: opts.autoRenew,
    autoRenewDuration: opts.duration ?? inst.autoRenewDuration,
    autoRenewUnit: opts.unit ?? inst.autoRenewUnit,
    notRenewal: opts.notRenewal ?? false,
  };
}

/**
 * ModifyInstanceChargeType (docs/rules/ecs-user-guide.md#subscription-lifecycle): Running or Stopped, not expired; to
 * PrePaid is refused while an auto-release time is set.
 */
export function changeChargeType(inst: InstanceRecord, to: InstanceChargeType, now: Date, period: { count: number; unit: PeriodUnit }): InstanceRecord {
  // An expired subscription must be renewed, not converted (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-modifyinstancechargetype ModifyInstanceChargeType: 400 ExpiredInstance).
  if (inst.chargeType === 'PrePaid' && (inst.subscriptionPhase === 'Expired' || inst.subscriptionPhase === 'ForcedStop')) {
    throw new ApiError('ExpiredInstance', 400, 'The specified instance has expired.');
  }
  requireOperable(inst);
  if (inst.status !== 'Running' && inst.status !== 'Stopped') {
    throw new ApiError('InvalidStatus.ValueNotSupported', 400, 'The instance cannot be modified in the specified status.');
  }
  if (to === inst.chargeType) {
    throw new ApiError('InvalidInstanceChargeType.ValueNotSupported', 400, `The instance is already ${to}.`);
  }
  if (to === 'PrePaid') {
    if (inst.autoReleaseTime) {
      throw new ApiError('ReleaseTimeHaveBeenSet', 400, 'The specified instance has been set released time.');
    }
    return {
      ...inst,
      chargeType: 'PrePaid',
      expiredTime: subscriptionEnd(now, period.count, period.unit),
      subscriptionPhase: 'Normal',
      stoppedMode: 'Not-applicable',
    };
  }
  return {
    ...inst,
    chargeType: 'PostPaid',
    expiredTime: undefined,
    subscriptionPhase: undefined,
    autoRenew: false,
    notRenewal: undefined,
    stoppedMode: inst.status === 'Stopped' ? 'KeepCharging' : inst.stoppedMode === 'Not-applicable' ? 'KeepCharging' : inst.stoppedMode,
  };
}

/** What the real API shows for an instance's ExpiredTime when it has none (a far-future placeholder). */
export const NO_EXPIRY = '2099-12-31T15:59:00.000Z';
