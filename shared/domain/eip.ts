import { eipError } from './eip-errors';
import { Errors } from './errors';

/**
 * Elastic IP addresses: the record, its two states, the allocation parameters, the association
 * rules and the DescribeEipAddresses view. No I/O.
 *
 * Sources: "api" = https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-allocateeipaddress (AllocateEipAddress, AssociateEipAddress,
 * UnassociateEipAddress, ReleaseEipAddress, DescribeEipAddresses: the ECS 2014-05-26 variants,
 * whose error tables come from the VPC API doc); "guide Qnn" = docs/rules/ecs-user-guide.md#quotas.
 *
 * Association and unassociation are instantaneous in the sandbox: the transitional states
 * `Associating` / `Unassociating` exist on the wire but an EIP is never seen in them.
 */

export type EipStatus = 'Available' | 'InUse';
export const EIP_STATUSES = ['Associating', 'Unassociating', 'InUse', 'Available'] as const;
export type EipInternetChargeType = 'PayByBandwidth' | 'PayByTraffic';
/** What an EIP can be associated with (api AssociateEipAddress InstanceType); the sandbox has ECS instances only. */
export const EIP_INSTANCE_TYPES = ['EcsInstance', 'SlbInstance', 'Nat', 'HaVip', 'NetworkInterface'] as const;

/** EIPs per user: 20, raisable by ticket (docs/rules/ecs-user-guide.md#quotas). Counted across regions. */
export const DEFAULT_EIPS_PER_ACCOUNT = 20;
/** Bandwidth in Mbit/s: 1-200, default 5 (api AllocateEipAddress, VPC doc); the guide allows up to 200 (Q27). */
export const EIP_BANDWIDTH = { min: 1, max: 200, default: 5 } as const;

export interface EipRecord {
  allocationId: string;
  accountId: string;
  regionId: string;
  ipAddress: string;
  /** Mbit/s. */
  bandwidth: number;
  internetChargeType: EipInternetChargeType;
  /** Subscription EIPs are not modelled: every EIP is pay-as-you-go. */
  chargeType: 'PostPaid';
  isp: string;
  status: EipStatus;
  /** '' when Available. */
  instanceId: string;
  instanceType: '' | 'EcsInstance' | 'Nat';
  /** ISO 8601 UTC. */
  allocationTime: string;
  /** Where the address came from: AllocateEipAddress, or an instance's public IP (ConvertNatPublicIpToEip). */
  origin: 'Allocated' | 'ConvertedPublicIp';
}

export const eipErrors = {
  notFound: () => eipError('notFound', Errors.notFound('InvalidAllocationId.NotFound', 'Specified allocation ID is not found')),
  incorrectStatus: (detail?: string) =>
    eipError(
      'incorrectStatus',
      Errors.invalid('IncorrectEipStatus', `Current elastic IP status does not support this operation.${detail ? ` ${detail}` : ''}`),
    ),
  /** AllocateEipAddress (api, VPC doc): 400. */
  quota: (limit: number) => eipError('quota', Errors.invalid('QuotaExceeded.Eip', `Elastic IP address quota exceeded. The quota is ${limit}.`)),
  /** ConvertNatPublicIpToEip (api): 403. */
  convertQuota: (limit: number) =>
    eipError('convertQuota', Errors.forbidden('MaxEIPQuotaExceeded', `The number of EIP exceeds the limit per region. The quota is ${limit}.`)),
  bandwidth: () => eipError('bandwidth', Errors.invalid('InvalidParameter', 'Specified value of "Bandwidth" is not valid.')),
  internetChargeType: () => eipError('internetChargeType', Errors.invalid('InvalidParameter', 'Specified value of "InternetChargeType" is not valid')),
  instanceType: () =>
    eipError('instanceType', Errors.invalid('InvalidInstanceType.ValueNotSupported', 'The specified value of InstanceType is not supported.')),
  regionMismatch: () =>
    eipError('regionMismatch', Errors.invalid('InvalidParameter.Mismatch', 'Specified elastic IP address and ECS instance are not in the same region.')),
  alreadyAssociated: (detail = '') =>
    eipError('alreadyAssociated', Errors.invalid('InvalidAssociation.Duplicated', `Specified instance already is associated.${detail ? ` ${detail}` : ''}`)),
  bindingStatus: () => eipError('bindingStatus', Errors.invalid('InvalidBindingStatus', 'The eip binding status invalid.')),
  instanceStatus: () => eipError('instanceStatus', Errors.invalid('IncorrectInstanceStatus', 'Current instance status does not support this operation.')),
  chargeTypeFilter: () => eipError('filter', Errors.invalid('InvalidChargeType.ValueNotSupported', 'The specified ChargeType is not supported.')),
  associatedTypeFilter: () =>
    eipError('filter', Errors.invalid('InvalidIAssociatedInstanceType.ValueNotSupported', 'The specified value of AssociatedInstanceType is not supported.')),
  lockReasonFilter: () => eipError('filter', Errors.notFound('InvalidLockReason.NotFound', 'The specified LockReason is not found')),
  statusFilter: () => eipError('filter', Errors.invalidParameter('Status')),
};

/** AllocateEipAddress `Bandwidth` (a string on the wire): an integer 1-200, default 5. */
export function parseEipBandwidth(raw: string | number | undefined): number {
  if (raw === undefined || raw === '') return EIP_BANDWIDTH.default;
  const text = String(raw).trim();
  if (!/^\d{1,4}$/.test(text)) throw eipErrors.bandwidth();
  const n = Number(text);
  if (n < EIP_BANDWIDTH.min || n > EIP_BANDWIDTH.max) throw eipErrors.bandwidth();
  return n;
}

/** AllocateEipAddress `InternetChargeType`: PayByBandwidth (default, VPC doc) or PayByTraffic. */
export function parseEipInternetChargeType(raw: string | undefined): EipInternetChargeType {
  if (raw === undefined || raw === '') return 'PayByBandwidth';
  if (raw === 'PayByBandwidth' || raw === 'PayByTraffic') return raw;
  throw eipErrors.internetChargeType();
}

/** `InstanceType` of Associate/Unassociate: EcsInstance (default); the other documented types are not modelled. */
export function checkEipInstanceType(raw: string | undefined): void {
  if (raw === undefined || raw === '' || raw === 'EcsInstance') return;
  throw eipErrors.instanceType();
}

export function associate(eip: EipRecord, instanceId: string): EipRecord {
  if (eip.status !== 'Available') throw eipErrors.incorrectStatus('The EIP is already associated with an instance.');
  return { ...eip, status: 'InUse', instanceId, instanceType: 'EcsInstance' };
}

/** UnassociateEipAddress: the EIP must be InUse with this very instance. */
export function unassociate(eip: EipRecord, instanceId: string): EipRecord {
  if (eip.status !== 'InUse') throw eipErrors.incorrectStatus('The EIP is not associated with any instance.');
  if (eip.instanceId !== instanceId) throw eipErrors.bindingStatus();
  return detached(eip);
}

/** Back to Available (unassociation, or the instance was released: EIPs are not released with it, api ReleaseEipAddress). */
export function detached(eip: EipRecord): EipRecord {
  return { ...eip, status: 'Available', instanceId: '', instanceType: '' };
}

/** ReleaseEipAddress: refused while associated (api: the EIP must be Available). */
export function checkReleasable(eip: EipRecord): void {
  if (eip.status !== 'Available') {
    throw eipErrors.incorrectStatus('Unassociate the EIP from its instance before releasing it.');
  }
}

export interface EipFilter {
  allocationId?: string;
  eipAddress?: string;
  status?: string;
  associatedInstanceType?: string;
  associatedInstanceId?: string;
  chargeType?: string;
  lockReason?: string;
  isp?: string;
}

/** Validates the DescribeEipAddresses filters (their documented codes) and returns the predicate. */
export function eipFilter(f: EipFilter): (eip: EipRecord) => boolean {
  if (f.status !== undefined && !(EIP_STATUSES as readonly string[]).includes(f.status)) throw eipErrors.statusFilter();
  if (f.chargeType !== undefined && f.chargeType !== 'PostPaid' && f.chargeType !== 'PrePaid') throw eipErrors.chargeTypeFilter();
  if (f.associatedInstanceType !== undefined && !(EIP_INSTANCE_TYPES as readonly string[]).includes(f.associatedInstanceType)) {
    throw eipErrors.associatedTypeFilter();
  }
  if (f.lockReason !== undefined && f.lockReason !== 'financial' && f.lockReason !== 'security') throw eipErrors.lockReasonFilter();
  return (eip) =>
    (f.allocationId === undefined || eip.allocationId === f.allocationId) &&
    (f.eipAddress === undefined || eip.ipAddress === f.eipAddress) &&
    (f.status === undefined || eip.status === f.status) &&
    (f.associatedInstanceType === undefined || eip.instanceType === f.associatedInstanceType) &&
    (f.associatedInstanceId === undefined || eip.instanceId === f.associatedInstanceId) &&
    (f.chargeType === undefined || eip.chargeType === f.chargeType) &&
    // No EIP is ever locked in the sandbox.
    f.lockReason === undefined &&
    (f.isp === undefined || eip.isp === f.isp);
}

/** One `EipAddresses.EipAddress[]` item (api DescribeEipAddresses). */
export function renderEip(eip: EipRecord): Record<string, unknown> {
  return {
    AllocationId: eip.allocationId,
    IpAddress: eip.ipAddress,
    RegionId: eip.regionId,
    Status: eip.status,
    InstanceId: eip.instanceId,
    InstanceType: eip.instanceType,
    Bandwidth: String(eip.bandwidth),
    EipBandwidth: String(eip.bandwidth),
    InternetChargeType: eip.internetChargeType,
    ChargeType: eip.chargeType,
    AllocationTime: `${new Date(eip.allocationTime).toISOString().slice(0, 19)}Z`,
    ExpiredTime: '',
    OperationLocks: { LockReason: [] },
  };
}
