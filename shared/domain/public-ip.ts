import { ApiError, Errors } from './errors';
import { InstanceErrors, type InstanceRecord } from './instance';
import { randomPublicIp } from './network';
import type { EipRecord } from './eip';

/**
 * An instance's static public IP (the "NAT public IP" of a VPC instance): allocating one, and
 * turning it into an EIP so that it outlives the instance. No I/O.
 *
 * Seed 000 ("impacts and risks" of releasing an instance): the static public IP is recycled with
 * the instance and cannot be restored; the mitigation is to convert it into an EIP first. The
 * instance record owns its public IP (`publicIpAddress`), so releasing the record recycles it.
 *
 * Sources: https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-allocatepublicipaddress AllocatePublicIpAddress and ConvertNatPublicIpToEip
 * (notes and error tables), §2.1 (both need Running or Stopped).
 */

export const publicIpErrors = {
  zeroBandwidth: () =>
    Errors.invalid('AllocateIpInvalidInstanceBandwidth', 'OperationDenied The InternetMaxBandwidthOut of the specified instance cannot be less than 0.'),
  /** The instance already has an EIP: it cannot also get a static public IP. */
  allocatedAlready: () => Errors.forbidden('AllocatedAlready', 'There is an IpAddress allocated already for the specified instance.'),
  malformedIp: () => Errors.invalid('InvalidIpAddress.Malformed', 'The specified parameter "IpAddress" is not valid.'),
  /** Choosing the address is whitelist-only (api): the sandbox has no address the caller may pick. */
  ipNotAvailable: () => Errors.invalid('InsufficientPublicIp', 'Ip address not found'),
  vlan: () => Errors.invalid('OperationDenied', 'The specified parameter "VlanId" is not valid or vlan has not enough IP address.'),
  convertStatus: () =>
    Errors.forbidden(
      'IncorrectInstanceStatus',
      'The instance status does not support this operation. The instance may be expired, upgrading, starting, or locked.',
    ),
  convertZeroBandwidth: () =>
    Errors.notFound(
      'InvalidInstance.ZeroBandwidth',
      'The public network bandwidth for the specified instance is zero. That is, this instance does not have a public IP address.',
    ),
  convertNoIp: () => Errors.notFound('InvalidInstance.IpAddressMissing', 'The specified instance does not have a public IP address to convert.'),
  convertHasEip: () => Errors.forbidden('OperationDenied', 'The specified instance is already associated with an EIP.'),
  convertChargeType: () =>
    Errors.forbidden(
      'InvalidInternetChargeType.ValueNotSupported',
      'A subscription instance can convert its public IP only when its bandwidth is billed by traffic.',
    ),
  convertExpiring: () => Errors.forbidden('InvalidEndTime.Malformed', 'The specified instance is about to expire within 24 hours.'),
  convertOverdue: () => Errors.forbidden('InvalidInstance.OverduePayment', 'The special instance due to overdue payment,this operation is not supported.'),
};

/** Running or Stopped, not locked (https://www.alibabacloud.com/help/en/ecs/user-guide/instance-lifecycle; AllocatePublicIpAddress error table). */
function requireSteadyAndUnlocked(inst: InstanceRecord): void {
  if (inst.locks.some((l) => l.reason === 'security')) throw InstanceErrors.lockedForSecurity();
  if (inst.locks.some((l) => l.reason === 'financial')) throw InstanceErrors.expiredOrInArrears();
  if (inst.status !== 'Running' && inst.status !== 'Stopped') throw InstanceErrors.incorrectStatus();
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/**
 * AllocatePublicIpAddress: a static public IP for an instance that is Running or Stopped and has
 * outbound bandwidth. An instance that already has one gets the same address back (api notes);
 * one with an EIP is refused (AllocatedAlready). The address "takes effect after a start or
 * restart" (api): the guest is not modelled, so the record holds it at once.
 */
export function allocatePublicIp(
  inst: InstanceRecord,
  opts: { ipAddress?: string; vlanId?: string } = {},
  pick: () => string = randomPublicIp,
): { instance: InstanceRecord; ipAddress: string } {
  if (opts.ipAddress !== undefined && !IPV4.test(opts.ipAddress)) throw publicIpErrors.malformedIp();
  if (opts.vlanId !== undefined) throw publicIpErrors.vlan();
  requireSteadyAndUnlocked(inst);
  if (inst.eip) throw publicIpErrors.allocatedAlready();
  if (inst.publicIpAddress) {
    if (opts.ipAddress !== undefined && opts.ipAddress !== inst.publicIpAddress) throw publicIpErrors.allocatedAlready();
    return { instance: inst, ipAddress: inst.publicIpAddress };
  }
  if (inst.internetMaxBandwidthOut <= 0) throw publicIpErrors.zeroBandwidth();
  if (opts.ipAddress !== undefined) throw publicIpErrors.ipNotAvailable();
  const ipAddress = pick();
  return { instance: { ...inst, publicIpAddress: ipAddress }, ipAddress };
}

/**
 * ConvertNatPublicIpToEip (api notes): Running or Stopped, no EIP yet, bandwidth > 0 and a public
 * IP; a subscription instance must bill bandwidth by traffic and must not expire within 24 hours.
 * The address becomes an EIP associated with the instance, keeping the instance's bandwidth and
 * metering; the instance's own public IP and bandwidth go (the EIP carries them from now on).
 */
export function convertPublicIpToEip(inst: InstanceRecord, now: Date, allocationId: string): { instance: InstanceRecord; eip: EipRecord } {
  if (inst.locks.some((l) => l.reason === 'financial')) throw publicIpErrors.convertOverdue();
  if (inst.locks.length > 0 || (inst.status !== 'Running' && inst.status !== 'Stopped')) throw publicIpErrors.convertStatus();
  if (inst.eip) throw publicIpErrors.convertHasEip();
  if (inst.internetMaxBandwidthOut <= 0) throw publicIpErrors.convertZeroBandwidth();
  if (!inst.publicIpAddress) throw publicIpErrors.convertNoIp();
  if (inst.chargeType === 'PrePaid') {
    if (inst.internetChargeType !== 'PayByTraffic') throw publicIpErrors.convertChargeType();
    if (inst.expiredTime && Date.parse(inst.expiredTime) - now.getTime() < 24 * 3600 * 1000) throw publicIpErrors.convertExpiring();
  }
  const eip: EipRecord = {
    allocationId,
    accountId: inst.accountId,
    regionId: inst.regionId,
    ipAddress: inst.publicIpAddress,
    bandwidth: inst.internetMaxBandwidthOut,
    internetChargeType: inst.internetChargeType,
    chargeType: 'PostPaid',
    isp: 'BGP',
    status: 'InUse',
    instanceId: inst.instanceId,
    instanceType: 'EcsInstance',
    allocationTime: now.toISOString(),
    origin: 'ConvertedPublicIp',
  };
  const instance: InstanceRecord = {
    ...inst,
    publicIpAddress: '',
    internetMaxBandwidthOut: 0,
    eip: { allocationId, ipAddress: eip.ipAddress, bandwidth: eip.bandwidth },
  };
  return { instance, eip };
}

/** AssociateEipAddress on the instance side (api notes): Running or Stopped, no public IP and no EIP yet. */
export function attachEip(
  inst: InstanceRecord,
  eip: EipRecord,
  errors: {
    status: () => ApiError;
    duplicated: (detail?: string) => ApiError;
  },
  opts: { replacePublicIp?: boolean } = {},
): InstanceRecord {
  if (inst.locks.some((l) => l.reason === 'security')) throw InstanceErrors.lockedForSecurity();
  if (inst.status !== 'Running' && inst.status !== 'Stopped') throw errors.status();
  if (inst.eip) throw errors.duplicated('The instance already has an EIP.');
  const binding = { allocationId: eip.allocationId, ipAddress: eip.ipAddress, bandwidth: eip.bandwidth };
  if (inst.publicIpAddress) {
    if (!opts.replacePublicIp) throw errors.duplicated('The instance has a static public IP address; convert it or release the instance.');
    // EC2: the Elastic IP replaces the instance's auto-assigned public address, which goes back to
    // the pool (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-instance-addressing.html#concepts-public-addresses).
    return { ...inst, publicIpAddress: '', eip: binding, ec2: { ...inst.ec2, publicIpReplaced: true } };
  }
  return { ...inst, eip: binding };
}

/**
 * The instance side of UnassociateEipAddress. An instance whose auto-assigned public address an
 * EIP replaced (EC2) gets a new one from the pool (`newPublicIp`), as EC2 does.
 */
export function detachEip(inst: InstanceRecord, errors: { status: () => ApiError }, newPublicIp?: () => string): InstanceRecord {
  if (inst.locks.some((l) => l.reason === 'security')) throw InstanceErrors.lockedForSecurity();
  if (inst.status !== 'Running' && inst.status !== 'Stopped') throw errors.status();
  if (inst.ec2?.publicIpReplaced && newPublicIp) {
    return { ...inst, eip: undefined, publicIpAddress: newPublicIp(), ec2: { ...inst.ec2, publicIpReplaced: false } };
  }
  return { ...inst, eip: undefined };
}
