import { ApiError, Errors } from './errors';
import { vpcError } from './vpc-errors';

/**
 * NAT gateways, one model under both dialects (docs/network.md): a gateway sits in one vSwitch
 * (EC2: subnet), takes a private address from it and, when public and made through EC2, an
 * Elastic IP. Its lifecycle is time-driven and read at the sandbox clock (settle on read); the
 * natGatewayLifecycle job persists each transition once, through the item's own byDue timer.
 *
 *   EC2 (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_NatGateway.html):
 *     pending → available | failed;  deleting → deleted (visible about an hour, then gone)
 *   VPC API (https://www.alibabacloud.com/help/en/vpc/developer-reference/api-vpc-2016-04-28-createnatgateway):
 *     Creating → Available;  Deleting → gone ("if the NAT gateway cannot be found, it is deleted")
 *
 * A failed gateway is deleted automatically, about an hour later
 * (https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-troubleshooting.html). No I/O.
 */

export type NatState = 'pending' | 'available' | 'failed' | 'deleting' | 'deleted';

export interface NatGatewayRecord {
  natGatewayId: string;
  accountId: string;
  regionId: string;
  vpcId: string;
  vSwitchId: string;
  zoneId: string;
  name: string;
  description: string;
  /** `public` (VPC API: internet) or `private` (intranet). */
  connectivity: 'public' | 'private';
  privateIp: string;
  /** The Elastic IP of a public gateway made through EC2 ('' otherwise). */
  allocationId: string;
  publicIp: string;
  createdAt: string;
  /** When pending ends (sandbox clock). */
  readyAt: string;
  /** Set at creation when the gateway cannot work (EC2's failure code and message). */
  failure?: { code: string; message: string };
  /** DeleteNatGateway's instant and when deleting ends. */
  deleteRequestedAt?: string;
  deletedAt?: string;
  tags: { key: string; value: string }[];
  /** The state as last written down by the natGatewayLifecycle job (readers use natStateAt). */
  persistedState?: NatState;
  /** The byDue timer fields: the item is its own timer while a transition or its removal is ahead. */
  dueKind?: string;
  dueAt?: string;
}

export const NAT_DUE_KIND = 'natGatewayLifecycle';
/** How long a deleted (or failed) gateway stays visible: "about an hour" on AWS. */
export const NAT_LINGER_MS = 60 * 60 * 1000;

export function natStateAt(n: NatGatewayRecord, now: Date): NatState {
  const t = now.getTime();
  if (n.deletedAt !== undefined) return t >= Date.parse(n.deletedAt) ? 'deleted' : 'deleting';
  if (t < Date.parse(n.readyAt)) return 'pending';
  return n.failure ? 'failed' : 'available';
}

/** When the item must go for good: an hour after it was deleted, or after it failed. */
export function natRemovalAt(n: NatGatewayRecord): number | undefined {
  if (n.deletedAt !== undefined) return Date.parse(n.deletedAt) + NAT_LINGER_MS;
  if (n.failure) return Date.parse(n.readyAt) + NAT_LINGER_MS;
  return undefined;
}

/** The next instant the job has something to do for this gateway (a state to persist or the item to remove). */
export function natNextDue(n: NatGatewayRecord, now: Date): number | undefined {
  const t = now.getTime();
  const candidates = [Date.parse(n.readyAt), n.deletedAt !== undefined ? Date.parse(n.deletedAt) : NaN, natRemovalAt(n) ?? NaN];
  return candidates.filter((c) => Number.isFinite(c) && c > t).sort((a, b) => a - b)[0];
}

/** The byDue fields for a record (none once nothing is ahead). */
export function withNatTimer(n: NatGatewayRecord, now: Date): NatGatewayRecord {
  const { dueKind: _k, dueAt: _a, ...rest } = n;
  const due = natNextDue(n, now);
  return due === undefined ? rest : { ...rest, dueKind: NAT_DUE_KIND, dueAt: `${new Date(due).toISOString()}#${n.natGatewayId}` };
}

/** The VPC API's Status of a gateway; a failed or deleted one is not shown there. */
export function natVpcStatus(state: NatState): 'Creating' | 'Available' | 'Deleting' | undefined {
  switch (state) {
    case 'pending':
      return 'Creating';
    case 'available':
      return 'Available';
    case 'deleting':
      return 'Deleting';
    default:
      return undefined;
  }
}

/** Errors of the VPC API's NAT gateway actions (https://www.alibabacloud.com/help/en/vpc/developer-reference/api-vpc-2016-04-28-deletenatgateway). */
export const NatErrors = {
  notFound: () => vpcError('natGatewayNotFound', Errors.notFound('InvalidNatGatewayId.NotFound', 'Specified NAT gateway does not exist.')),
  status: () => vpcError('natGatewayStatus', Errors.invalid('IncorrectStatus.NatGateway', 'The status of the NAT gateway does not support this operation.')),
  vpcStatus: () => Errors.invalid('InvalidVPCStatus', 'vpc incorrect status.'),
  name: () => Errors.invalid('InvalidNatGatewayName.MalFormed', 'NatGateway name is not valid.'),
  description: () => Errors.invalid('InvalidNatGatewayDescription.MalFormed', 'NatGateway description is not valid.'),
  routeDependency: (id: string, entry: string) =>
    Errors.invalid('DependencyViolation.RouterEntry', `The specified resource of ${id} depends on ${entry}, so the operation cannot be completed.`),
  /** The VPC API asks to unbind a gateway's EIPs first unless Force (the code is the sandbox's: the reference names none). */
  eipDependency: (id: string, allocationId: string) =>
    Errors.invalid('DependencyViolation.EipBound', `The specified resource of ${id} depends on ${allocationId}, so the operation cannot be completed.`),
  natType: () => Errors.invalid('InvalidParameter.NatType', 'Only the Enhanced NAT gateway type can be created.'),
  networkType: () => Errors.invalidParameter('NetworkType'),
  quota: (limit: number) =>
    vpcError('natGatewayQuota', Errors.invalid('QuotaExceeded.NatGateway', `NAT gateway quota exceeded. The quota is ${limit} per VPC.`)),
};

/** EC2's codes for NAT gateways (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html). */
export const Ec2NatErrors = {
  notFound: (id: string) => new ApiError('NatGatewayNotFound', 400, `The Nat Gateway ${id} was not found`),
  malformed: (id: string) => new ApiError('NatGatewayMalformed', 400, `The Nat Gateway ID '${id}' is malformed`),
  limit: () => new ApiError('NatGatewayLimitExceeded', 400, 'The maximum number of NAT Gateways has been reached.'),
};
