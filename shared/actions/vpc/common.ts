import { Errors } from '../../domain/errors';
import { availableAddresses, statusAt, type RouteEntryRecord, type RouteTableRecord, type VpcRecord, type VSwitchRecord } from '../../domain/vpc';
import { network } from '../../platform/network-config';
import { isoAfter } from '../../platform/clock';
import { currentDialect } from '../../platform/dialect';
import { p } from '../params';

/**
 * What the VPC API actions (2016-04-28) share: how long a new resource stays Pending, the
 * ECS-view renderings, and the comma or JSON lists the API takes ids in.
 */

/**
 * A new VPC, vSwitch or route entry is Pending for `SANDBOX_NETWORK_PENDING_SECONDS` on the
 * sandbox clock (the VPC API's asynchronous creation). Through the EC2 dialect it is usable at
 * once (AWS answers `pending` in the create response only); docs/network.md.
 */
export function availableAtFor(now: Date): string {
  return pendingUntil(now, currentDialect() === 'ec2');
}

/** The same, with the rule named by the operation's input (`ec2Rules`: usable at once). */
export function pendingUntil(now: Date, usableAtOnce: boolean): string {
  return isoAfter(now, usableAtOnce ? 0 : network.pendingSeconds);
}

/** Ids as the VPC API takes them: `a,b,c` (or a JSON array), at most `max`. */
export const idList = (max: number) => p.commaList({ max });

export function requireOwnerPage(pageSize: number | undefined, max: number): void {
  if (pageSize !== undefined && (pageSize < 1 || pageSize > max)) throw Errors.invalidParameter('PageSize');
}

const tagsOut = (tags: { key: string; value: string }[]) => ({ Tag: tags.map((t) => ({ Key: t.key, Value: t.value })) });

export function renderVpc(v: VpcRecord, vSwitchIds: string[], now: Date) {
  return {
    VpcId: v.vpcId,
    RegionId: v.regionId,
    Status: statusAt(v, now),
    VpcName: v.vpcName,
    CreationTime: v.createdAt.replace(/\.\d{3}Z$/, 'Z'),
    CidrBlock: v.cidrBlock,
    Ipv6CidrBlock: '',
    VRouterId: v.vRouterId,
    Description: v.description,
    IsDefault: v.isDefault,
    VSwitchIds: { VSwitchId: vSwitchIds },
    UserCidrs: { UserCidr: v.userCidrs ?? [] },
    NatGatewayIds: { NatGatewayIds: [] as string[] },
    RouterTableIds: { RouterTableIds: [v.routeTableId] },
    SecondaryCidrBlocks: { SecondaryCidrBlock: [] as string[] },
    ResourceGroupId: '',
    OwnerId: Number(v.accountId),
    CenStatus: 'Detached',
    // A created EC2 option set associated with the VPC (the VPC API's own sets are not simulated).
    DhcpOptionsSetId: v.dhcpOptionsId.startsWith('dopt-') ? v.dhcpOptionsId : '',
    DhcpOptionsSetStatus: v.dhcpOptionsId.startsWith('dopt-') ? 'InUse' : '',
    DnsHostnameStatus: v.enableDnsHostnames ? 'ENABLED' : 'DISABLED',
    EnabledIpv6: false,
    Tags: tagsOut(v.tags),
  };
}

export function renderVSwitch(v: VSwitchRecord, routeTable: { id: string; type: 'System' | 'Custom' }, now: Date) {
  return {
    VSwitchId: v.vSwitchId,
    VpcId: v.vpcId,
    Status: statusAt(v, now),
    CidrBlock: v.cidrBlock,
    Ipv6CidrBlock: '',
    ZoneId: v.zoneId,
    AvailableIpAddressCount: availableAddresses(v),
    Description: v.description,
    VSwitchName: v.vSwitchName,
    CreationTime: v.createdAt.replace(/\.\d{3}Z$/, 'Z'),
    IsDefault: v.isDefault,
    ResourceGroupId: '',
    NetworkAclId: '',
    OwnerId: Number(v.accountId),
    ShareType: '',
    EnabledIpv6: false,
    RouteTable: { RouteTableId: routeTable.id, RouteTableType: routeTable.type },
    Tags: tagsOut(v.tags),
  };
}

/** A route table's entries: the system ones (one per vSwitch block, local) then the custom ones. */
export function routeEntriesOf(table: RouteTableRecord, vpc: VpcRecord, vSwitches: readonly VSwitchRecord[]): RouteEntryRecord[] {
  const system: RouteEntryRecord[] = vSwitches.map((s) => ({
    routeEntryId: `rte-${s.vSwitchId.replace(/^[a-z]+-/, '')}`,
    destinationCidrBlock: s.cidrBlock,
    type: 'System',
    nextHopType: 'local',
    nextHopId: '',
    name: '',
    description: '',
    createdAt: s.createdAt,
    availableAt: s.availableAt,
  }));
  return [...system, ...table.entries.filter(() => vpc.vpcId === table.vpcId)];
}

export function renderRouteEntry(e: RouteEntryRecord, table: RouteTableRecord, now: Date) {
  return {
    RouteEntryId: e.routeEntryId,
    RouteEntryName: e.name,
    RouteTableId: table.routeTableId,
    DestinationCidrBlock: e.destinationCidrBlock,
    Type: e.type,
    Status: statusAt(e, now),
    Description: e.description,
    InstanceId: e.nextHopId,
    NextHopType: e.nextHopType,
    IpVersion: 'ipv4',
    Origin: e.type === 'System' ? 'SystemRoute' : 'CustomRoute',
    NextHops: {
      NextHop: e.nextHopId ? [{ NextHopType: e.nextHopType, NextHopId: e.nextHopId, Enabled: 1, Weight: 0, NextHopRegionId: table.regionId }] : [],
    },
  };
}
