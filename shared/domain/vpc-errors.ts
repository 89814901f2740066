import { ApiError, ReasonedError } from './errors';

/**
 * The network errors (VPCs, vSwitches, route tables), typed: each is the VPC API error (code,
 * status and message, rendered as is by the ECS door) with a `reason` the EC2 dialect switches on
 * (shared/protocol/ec2/actions/vpcs-subnets.ts) instead of matching VPC API code strings. The codes
 * are those of the VPC API references
 * (https://www.alibabacloud.com/help/en/vpc/developer-reference/api-vpc-2016-04-28-createvpc,
 * https://www.alibabacloud.com/help/en/vpc/developer-reference/api-vpc-2016-04-28-deletevpc,
 * https://www.alibabacloud.com/help/en/vpc/developer-reference/api-vpc-2016-04-28-createvswitch,
 * https://www.alibabacloud.com/help/en/vpc/developer-reference/api-vpc-2016-04-28-deletevswitch and
 * their siblings); where the reference names none the sandbox's own is documented in docs/network.md.
 */
export type VpcErrorReason =
  | 'vpcNotFound'
  | 'vSwitchNotFound'
  | 'routeTableNotFound'
  | 'routeEntryNotFound'
  | 'nextHopNotFound'
  | 'zoneNotFound'
  | 'vpcStatus'
  | 'vSwitchStatus'
  /** Something is left in the VPC or vSwitch (which thing: the ECS code says it, EC2 answers one code). */
  | 'dependency'
  | 'vpcQuota'
  | 'vSwitchQuota'
  | 'routeEntryQuota'
  | 'routeConflict'
  | 'addressesExhausted'
  /** A VPC block out of the rule's range (the input's `ec2Rules` names the rule). */
  | 'vpcCidrInvalid'
  /** A vSwitch block out of range or outside its VPC's block. */
  | 'vSwitchCidrInvalid'
  /** A vSwitch block overlapping another vSwitch of the VPC. */
  | 'vSwitchCidrOverlap'
  | 'ipv6Unsupported'
  | 'defaultVpcExists'
  | 'defaultVpcMissing'
  | 'defaultVSwitchExists'
  /** The default VPC has no free /20 left for another default vSwitch. */
  | 'noFreeDefaultBlock'
  /** A VPC's system (EC2: main) route table asked to be deleted or associated explicitly. */
  | 'systemRouteTable'
  | 'destinationMalformed'
  | 'nextHopTypeUnsupported'
  /** A vSwitch and a route table of two VPCs. */
  | 'notInSameVpc'
  /** A vSwitch already in a custom route table. */
  | 'alreadyAssociated'
  /** A vSwitch not in the route table it is taken out of. */
  | 'notAssociated'
  | 'internetGatewayNotFound'
  /** An internet gateway already attached, or a VPC that already has one. */
  | 'internetGatewayAttached'
  /** An internet gateway not attached to the VPC named. */
  | 'internetGatewayNotAttached'
  | 'egressOnlyGatewayNotFound'
  | 'natGatewayNotFound'
  /** A NAT gateway whose state does not allow the change (deleting; through the VPC API, anything but Available). */
  | 'natGatewayStatus'
  | 'natGatewayQuota'
  /** The Elastic IP a NAT gateway is to hold does not exist. */
  | 'allocationNotFound';

export class VpcError extends ReasonedError<VpcErrorReason> {}

export const isVpcError = (e: unknown): e is VpcError => e instanceof VpcError;

/** The VPC API error `ecs`, typed with `reason`. */
export const vpcError = (reason: VpcErrorReason, ecs: ApiError): VpcError => new VpcError(reason, ecs);
