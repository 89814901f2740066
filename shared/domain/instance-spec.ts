import { findInstanceType, isOfferedInZone, type InstanceTypeDefinition } from './catalogue/instance-types';
import { ApiError, Errors } from './errors';
import { InstanceErrors, type InstanceRecord } from './instance';
import { instanceError } from './instance-errors';

/**
 * Changing an instance's type and bandwidth
 * (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-modifyinstancespec,
 * https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-modifyprepayinstancespec):
 *
 * - pay-as-you-go (ModifyInstanceSpec): the type only while Stopped; the bandwidth Running or
 *   Stopped; one kind per call;
 * - subscription (ModifyPrepayInstanceSpec): an upgrade Running or Stopped, a downgrade only while
 *   Stopped; never once expired. Upgrade and downgrade compare the list prices.
 *
 * The new type takes effect at once in the sandbox (the cloud applies a Running subscription's
 * upgrade at the next start or restart).
 */
export const SpecErrors = {
  notStopped: () =>
    instanceError('notStopped', new ApiError('InvalidInstanceStatus.NotStopped', 400, 'The instance must be stopped to change its instance type.')),
  prepayNotStopped: () => new ApiError('InvalidStatus.NotStopped', 400, 'Instance status must be stopped.'),
  tooMany: () => new ApiError('InvalidParameter.Mismatch', 400, 'Too many parameters in one request.'),
  notPostPaid: () =>
    InstanceErrors.chargeTypeViolation(
      'The operation is not permitted due to charge type of the instance. Use ModifyPrepayInstanceSpec for a subscription instance.',
    ),
  notPrePaid: () =>
    new ApiError('InvalidInstanceChargeType.ValueNotSupported', 400, 'ModifyPrepayInstanceSpec changes subscription instances only; use ModifyInstanceSpec.'),
  expired: () => new ApiError('InvalidInstance.PreInstanceExpired', 403, 'The instance has expired; renew it first.'),
  direction: (op: string) => Errors.invalidParameter('InstanceType', `The specified instance type is not an ${op} of the current one.`),
};

/** The target type, checked as RunInstances checks it, against the instance's zone and architecture. */
export function targetType(inst: InstanceRecord, typeId: string): InstanceTypeDefinition {
  const type = findInstanceType(typeId);
  if (!type || type.instanceTypeId === inst.instanceType) {
    throw instanceError(
      'instanceTypeNotSupported',
      new ApiError('InvalidInstanceType.ValueNotSupported', 400, 'The specified InstanceType does not exist or beyond the permitted range.'),
    );
  }
  if (!isOfferedInZone(type.instanceTypeId, inst.regionId, inst.zoneId)) {
    throw instanceError(
      'instanceTypeNotSupported',
      new ApiError('InvalidInstanceType.ValueNotSupported', 403, 'The specified zone does not offer the specified instancetype.'),
    );
  }
  const current = findInstanceType(inst.instanceType);
  if (current && current.cpuArchitecture !== type.cpuArchitecture) {
    throw instanceError(
      'architectureMismatch',
      new ApiError('InvalidParameter.Conflict', 400, 'The specified image does not support the specified instance type.'),
    );
  }
  return type;
}

export function withType(inst: InstanceRecord, type: InstanceTypeDefinition): InstanceRecord {
  return {
    ...inst,
    instanceType: type.instanceTypeId,
    instanceTypeFamily: type.family,
    cpu: type.cpuCoreCount,
    memoryMiB: Math.round(type.memoryGiB * 1024),
    ioOptimized: type.ioOptimized,
    billing: { ...inst.billing, pricePerHourUsd: type.pricePerHourUsd, pricePerMonthUsd: type.pricePerMonthUsd },
  };
}

function requireUsable(inst: InstanceRecord): void {
  if (inst.locks.some((l) => l.reason === 'security')) throw InstanceErrors.lockedForSecurity();
  if (inst.locks.some((l) => l.reason === 'financial')) throw InstanceErrors.expiredOrInArrears();
}

export function modifyPostPaidSpec(inst: InstanceRecord, change: { instanceType?: string; bandwidthOut?: number; bandwidthIn?: number }): InstanceRecord {
  if (inst.chargeType !== 'PostPaid') throw SpecErrors.notPostPaid();
  requireUsable(inst);
  const bandwidth = change.bandwidthOut !== undefined || change.bandwidthIn !== undefined;
  if (change.instanceType !== undefined && bandwidth) throw SpecErrors.tooMany();
  if (change.instanceType === undefined && !bandwidth) throw Errors.missingParameter('InstanceType');
  if (change.instanceType !== undefined) {
    const type = targetType(inst, change.instanceType);
    if (!type.paygDefault)
      throw instanceError(
        'instanceTypeNotSupported',
        new ApiError('InvalidInstanceType.ValueUnauthorized', 400, 'The specified InstanceType is not authorized.'),
      );
    if (inst.status !== 'Stopped') throw SpecErrors.notStopped();
    return withType(inst, type);
  }
  if (inst.status !== 'Running' && inst.status !== 'Stopped')
    throw new ApiError('InvalidStatus.ValueNotSupported', 403, 'The current status of the resource does not support this operation.');
  if (change.bandwidthOut !== undefined && (change.bandwidthOut < 0 || change.bandwidthOut > 100)) throw Errors.invalidParameter('InternetMaxBandwidthOut');
  if (change.bandwidthIn !== undefined && (change.bandwidthIn < 1 || change.bandwidthIn > 200)) throw Errors.invalidParameter('InternetMaxBandwidthIn');
  return {
    ...inst,
    internetMaxBandwidthOut: change.bandwidthOut ?? inst.internetMaxBandwidthOut,
    internetMaxBandwidthIn: change.bandwidthIn ?? inst.internetMaxBandwidthIn,
  };
}

export function modifyPrePaidSpec(inst: InstanceRecord, typeId: string, operator: 'upgrade' | 'downgrade'): InstanceRecord {
  if (inst.chargeType !== 'PrePaid') throw SpecErrors.notPrePaid();
  if (inst.subscriptionPhase === 'Expired' || inst.subscriptionPhase === 'ForcedStop') throw SpecErrors.expired();
  requireUsable(inst);
  const type = targetType(inst, typeId);
  const current = findInstanceType(inst.instanceType);
  const up = type.pricePerMonthUsd > (current?.pricePerMonthUsd ?? inst.billing.pricePerMonthUsd);
  if (operator === 'upgrade' && !up) throw SpecErrors.direction('upgrade');
  if (operator === 'downgrade' && up) throw SpecErrors.direction('downgrade');
  if (operator === 'downgrade' && inst.status !== 'Stopped') throw SpecErrors.prepayNotStopped();
  if (operator === 'upgrade' && inst.status !== 'Running' && inst.status !== 'Stopped') throw InstanceErrors.incorrectStatus();
  return withType(inst, type);
}
