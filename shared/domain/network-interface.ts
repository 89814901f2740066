import { createHash } from 'node:crypto';
import { findEc2InstanceTypeByEcsType } from './catalogue/ec2-instance-types';
import { findInstanceType } from './catalogue/instance-types';
import { ApiError } from './errors';
import type { InstanceRecord } from './instance';

/**
 * Network interfaces, one model under both dialects (docs/network.md). Every instance has a
 * primary interface, derived from the instance (`eni-` + the instance id's tail, its address,
 * groups and vSwitch); it is not stored and goes with the instance. Secondary interfaces are
 * stored resources: created in a vSwitch with an address from its block (never one in use),
 * attached to at most one instance of the same VPC and zone, detached, deleted. No I/O.
 *
 * Sources: ECS https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-createnetworkinterface
 * (and AttachNetworkInterface, DetachNetworkInterface, DeleteNetworkInterface,
 * DescribeNetworkInterfaces, ModifyNetworkInterfaceAttribute: one error table for the family);
 * EC2 https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateNetworkInterface.html and siblings.
 *
 * Attaching and detaching are instantaneous here: the ECS states Attaching / Detaching exist on
 * the wire but an interface is never seen in them (as for EIPs).
 */

export interface NetworkInterfaceRecord {
  networkInterfaceId: string;
  accountId: string;
  regionId: string;
  vpcId: string;
  vSwitchId: string;
  zoneId: string;
  name: string;
  description: string;
  privateIp: string;
  /** Secondary private addresses (AssignPrivateIpAddresses), from the same vSwitch; absent on older records. */
  secondaryPrivateIps?: string[];
  securityGroupIds: string[];
  macAddress: string;
  createdAt: string;
  /** The instance it is attached to ('' when Available). */
  instanceId: string;
  /** EC2's device index of the attachment (1 and up; 0 is the primary interface). */
  deviceIndex: number;
  attachmentId: string;
  attachedAt: string;
  /** ECS DeleteOnRelease / EC2 DeleteOnTermination of the attachment. */
  deleteOnRelease: boolean;
  sourceDestCheck: boolean;
  tags: { key: string; value: string }[];
}

/** The primary interface's id of an instance (the id DescribeInstances has always shown). */
export const primaryEniId = (instanceId: string): string => `eni-${instanceId.replace(/^i-/, '')}`;

export function macAddressOf(id: string): string {
  const h = createHash('sha256').update(id).digest();
  return ['00', '16', '3e', ...[h[0]!, h[1]!, h[2]!].map((b) => b.toString(16).padStart(2, '0'))].join(':');
}

/**
 * The attachment id of an interface on an instance: for the primary interface the one EC2's
 * DescribeInstances has always shown (`eni-attach-` + the id's next 17 characters), for a
 * secondary one a hash of the pair (the pair is the attachment).
 */
export const attachmentIdOf = (eniId: string, instanceId: string): string =>
  eniId === primaryEniId(instanceId)
    ? `eni-attach-${eniId.slice(4, 21)}`
    : `eni-attach-${createHash('sha256').update(`${eniId}|${instanceId}`).digest('hex').slice(0, 17)}`;

/** The MAC address of an instance's primary interface (the one DescribeInstances shows). */
export function instanceMacAddress(instanceId: string): string {
  let h = 0;
  for (const c of instanceId) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  const bytes = [0x00, 0x16, 0x3e, (h >>> 16) & 0xff, (h >>> 8) & 0xff, h & 0xff];
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
}

/**
 * Interfaces an instance may have, its primary one included: the catalogue's ENI quantity of the
 * instance's type; through EC2, the EC2 figure of the type's EC2 name (DescribeInstanceTypes'
 * MaximumNetworkInterfaces), as each dialect's clients read it.
 */
export function maxInterfacesOf(instanceType: string, dialect: 'ecs' | 'ec2'): number {
  if (dialect === 'ec2') {
    const ec2 = findEc2InstanceTypeByEcsType(instanceType);
    if (ec2) return ec2.maxEnis;
  }
  return findInstanceType(instanceType)?.eniQuantity ?? 1;
}

/** ECS: the instance must be Running or Stopped to attach or detach (AttachNetworkInterface). */
export const attachableStatus = (i: InstanceRecord): boolean => i.status === 'Running' || i.status === 'Stopped';

/** The primary interface of an instance, as a record (not stored). */
export function primaryInterfaceOf(i: InstanceRecord): NetworkInterfaceRecord {
  const id = primaryEniId(i.instanceId);
  return {
    networkInterfaceId: id,
    accountId: i.accountId,
    regionId: i.regionId,
    vpcId: i.vpcId,
    vSwitchId: i.vSwitchId,
    zoneId: i.zoneId,
    name: '',
    description: '',
    privateIp: i.privateIpAddress,
    securityGroupIds: i.securityGroupIds,
    macAddress: instanceMacAddress(i.instanceId),
    createdAt: i.creationTime,
    instanceId: i.instanceId,
    deviceIndex: 0,
    attachmentId: attachmentIdOf(id, i.instanceId),
    attachedAt: i.creationTime,
    deleteOnRelease: true,
    // EC2's ModifyInstanceAttribute sourceDestCheck is the primary interface's flag.
    sourceDestCheck: i.ec2?.sourceDestCheck ?? true,
    tags: [],
  };
}

/** The addresses an interface holds: its primary one, then its secondary ones. */
export const addressesOf = (e: NetworkInterfaceRecord): string[] => [e.privateIp, ...(e.secondaryPrivateIps ?? [])];

/**
 * Secondary addresses an interface may hold: 49 while Available, else the instance type's
 * private addresses per interface less the primary one (ECS AssignPrivateIpAddresses,
 * https://www.alibabacloud.com/help/en/ecs/api-assignprivateipaddresses; through EC2, the EC2
 * figure of the type, DescribeInstanceTypes' Ipv4AddressesPerInterface).
 */
export function maxSecondaryIpsOf(instanceType: string | undefined, dialect: 'ecs' | 'ec2'): number {
  if (!instanceType) return 49;
  if (dialect === 'ec2') {
    const ec2 = findEc2InstanceTypeByEcsType(instanceType);
    if (ec2) return ec2.ipv4PerEni - 1;
  }
  return Math.max(0, (findInstanceType(instanceType)?.eniPrivateIpAddressQuantity ?? 1) - 1);
}

/** The ECS error table of the network interface actions (see the sources above). */
export { EniErrors } from './network-interface-errors';

/** EC2's codes (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html). */
export const Ec2EniErrors = {
  notFound: (id: string) => new ApiError('InvalidNetworkInterfaceID.NotFound', 400, `The networkInterface ID '${id}' does not exist`),
  attachmentNotFound: (id: string) => new ApiError('InvalidAttachmentID.NotFound', 400, `The attachment ID '${id}' does not exist`),
  inUse: (id: string) => new ApiError('InvalidNetworkInterface.InUse', 400, `The network interface ${id} is currently in use.`),
  limit: (instanceType: string) => new ApiError('AttachmentLimitExceeded', 400, `Interface count exceeds the limit for ${instanceType}`),
  primary: () => new ApiError('OperationNotPermitted', 400, 'The network interface at device index 0 cannot be detached.'),
};
