import { createHash } from 'node:crypto';
import { findRegion } from './catalogue/regions';
import { blockSize, cidrContains, cidrOverlaps, intToIp, ipToInt, isPrivateCidr, parseCidr, type Cidr } from './cidr';
import { Errors } from './errors';
import { vpcError } from './vpc-errors';

/**
 * The network model both dialects share (docs/network.md): VPCs, vSwitches (EC2: subnets) and
 * their route tables; private addresses handed out from a vSwitch's block, never twice. No I/O.
 *
 * Each account has a default VPC per region, with a default vSwitch per zone. It is derived (ids
 * from the account and region, fixed blocks) until something writes it; from then on it is a
 * stored item like any other, and deleting it leaves a tombstone so it does not come back.
 */

export type NetworkStatus = 'Pending' | 'Available';

export interface VpcRecord {
  vpcId: string;
  accountId: string;
  regionId: string;
  cidrBlock: string;
  isDefault: boolean;
  vpcName: string;
  description: string;
  createdAt: string;
  /** When Pending turns Available (sandbox clock). */
  availableAt: string;
  enableDnsSupport: boolean;
  enableDnsHostnames: boolean;
  /** The system (main) route table and its router. */
  routeTableId: string;
  vRouterId: string;
  dhcpOptionsId: string;
  /** CreateVpc's UserCidr blocks (VPC API), kept and shown. */
  userCidrs?: string[];
  tags: { key: string; value: string }[];
  /** A deleted default VPC: keeps the derived one from coming back. */
  deleted?: boolean;
}

export interface VSwitchRecord {
  vSwitchId: string;
  vpcId: string;
  accountId: string;
  regionId: string;
  zoneId: string;
  cidrBlock: string;
  isDefault: boolean;
  vSwitchName: string;
  description: string;
  createdAt: string;
  availableAt: string;
  mapPublicIpOnLaunch: boolean;
  /** Next never-used host offset in the block, and offsets given back by released instances. */
  nextOffset: number;
  freed: number[];
  /** Offsets at or beyond nextOffset already held (chosen addresses, CreateNetworkInterface). */
  chosenAhead?: number[];
  /** Addresses in use (instances' primary addresses). */
  allocated: number;
  instanceCount: number;
  tags: { key: string; value: string }[];
  deleted?: boolean;
}

export interface RouteEntryRecord {
  routeEntryId: string;
  destinationCidrBlock: string;
  /** `System`: the VPC's own routes (local); `Custom`: added by the user. */
  type: 'System' | 'Custom';
  nextHopType: string;
  nextHopId: string;
  name: string;
  description: string;
  createdAt: string;
  availableAt: string;
}

export interface RouteTableRecord {
  routeTableId: string;
  vpcId: string;
  vRouterId: string;
  accountId: string;
  regionId: string;
  /** The VPC's system (EC2: main) table. */
  main: boolean;
  name: string;
  description: string;
  createdAt: string;
  entries: RouteEntryRecord[];
  /** vSwitches associated explicitly (custom tables). */
  vSwitchIds: string[];
  tags?: { key: string; value: string }[];
  deleted?: boolean;
}

export const statusAt = (r: { availableAt: string }, now: Date): NetworkStatus => (now.getTime() >= Date.parse(r.availableAt) ? 'Available' : 'Pending');

// ---------------------------------------------------------------------------------------------
// The default network

/** The default VPC's block: AWS's 172.31.0.0/16 in both views (docs/network.md: one network). */
export const DEFAULT_VPC_CIDR = '172.31.0.0/16';
/** When the derived default network "was created" (a fixed instant: it exists from the start). */
const DEFAULT_CREATED_AT = '2024-01-01T00:00:00.000Z';

const idHash = (...parts: string[]) =>
  createHash('sha256')
    .update(parts.join('|'))
    .digest('hex')
    .replace(/[^a-z0-9]/g, '')
    .slice(0, 18);

export const defaultVpcId = (accountId: string, regionId: string) => `vpc-${idHash('vpc', accountId, regionId)}`;
export const defaultVSwitchId = (accountId: string, regionId: string, zoneId: string) => `vsw-${idHash('vsw', accountId, regionId, zoneId)}`;
export const defaultRouteTableId = (accountId: string, regionId: string) => `vtb-${idHash('vtb', accountId, regionId)}`;
const defaultVRouterId = (accountId: string, regionId: string) => `vrt-${idHash('vrt', accountId, regionId)}`;

/**
 * The default security group of a VPC: for the default VPC the account-region's one (the id
 * shared/domain/network.ts always derived), for any other VPC one derived from the VPC's id.
 */
export function defaultSecurityGroupIdOfVpc(accountId: string, regionId: string, vpcId: string): string {
  return vpcId === defaultVpcId(accountId, regionId) ? `sg-${idHash('sg', accountId, regionId)}` : `sg-${idHash('sg', accountId, regionId, vpcId)}`;
}

/** The i-th zone's default block: 172.31.0.0/20, 172.31.16.0/20, … (AWS's default subnets). */
export function defaultVSwitchCidr(regionId: string, zoneId: string): string {
  const i = Math.max(0, findRegion(regionId)?.zones.findIndex((z) => z.zoneId === zoneId) ?? 0);
  return `172.31.${(i * 16) % 256}.0/20`;
}

export function derivedDefaultVpc(accountId: string, regionId: string): VpcRecord {
  const vpcId = defaultVpcId(accountId, regionId);
  return {
    vpcId,
    accountId,
    regionId,
    cidrBlock: DEFAULT_VPC_CIDR,
    isDefault: true,
    vpcName: '',
    description: '',
    createdAt: DEFAULT_CREATED_AT,
    availableAt: DEFAULT_CREATED_AT,
    enableDnsSupport: true,
    enableDnsHostnames: true,
    routeTableId: defaultRouteTableId(accountId, regionId),
    vRouterId: defaultVRouterId(accountId, regionId),
    dhcpOptionsId: 'default',
    tags: [],
  };
}

export function derivedDefaultVSwitch(accountId: string, regionId: string, zoneId: string): VSwitchRecord {
  return {
    vSwitchId: defaultVSwitchId(accountId, regionId, zoneId),
    vpcId: defaultVpcId(accountId, regionId),
    accountId,
    regionId,
    zoneId,
    cidrBlock: defaultVSwitchCidr(regionId, zoneId),
    isDefault: true,
    vSwitchName: '',
    description: '',
    createdAt: DEFAULT_CREATED_AT,
    availableAt: DEFAULT_CREATED_AT,
    mapPublicIpOnLaunch: true,
    nextOffset: RESERVED_HEAD,
    freed: [],
    allocated: 0,
    instanceCount: 0,
    tags: [],
  };
}

export function derivedDefaultRouteTable(accountId: string, regionId: string): RouteTableRecord {
  return newSystemRouteTable(derivedDefaultVpc(accountId, regionId));
}

export function newSystemRouteTable(vpc: VpcRecord): RouteTableRecord {
  return {
    routeTableId: vpc.routeTableId,
    vpcId: vpc.vpcId,
    vRouterId: vpc.vRouterId,
    accountId: vpc.accountId,
    regionId: vpc.regionId,
    main: true,
    name: '',
    description: '',
    createdAt: vpc.createdAt,
    entries: [],
    vSwitchIds: [],
  };
}

/** The zone of a default vSwitch id, if it is one. */
export function zoneOfDefaultVSwitch(accountId: string, regionId: string, vSwitchId: string): string | undefined {
  return findRegion(regionId)?.zones.find((z) => defaultVSwitchId(accountId, regionId, z.zoneId) === vSwitchId)?.zoneId;
}

// ---------------------------------------------------------------------------------------------
// Addresses

/**
 * Reserved addresses of a block: AWS reserves the first four and the last one
 * (https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html), Alibaba Cloud the first
 * one and the last three (https://www.alibabacloud.com/help/en/vpc/developer-reference/api-vpc-2016-04-28-createvswitch).
 * One network for both: neither hands out an address either cloud reserves.
 */
export const RESERVED_HEAD = 4;
export const RESERVED_TAIL = 3;

export const usableAddresses = (cidr: string): number => Math.max(0, blockSize(parseCidr(cidr)!) - RESERVED_HEAD - RESERVED_TAIL);
export const availableAddresses = (v: VSwitchRecord): number => usableAddresses(v.cidrBlock) - v.allocated;

/**
 * `amount` addresses from a vSwitch (freed ones first, then never-used ones), or undefined when
 * the block has fewer free addresses.
 */
export function allocateAddresses(v: VSwitchRecord, amount: number): { ips: string[]; next: VSwitchRecord } | undefined {
  if (availableAddresses(v) < amount) return undefined;
  const base = parseCidr(v.cidrBlock)!.base;
  const freed = [...v.freed];
  const ahead = new Set(v.chosenAhead ?? []);
  let nextOffset = v.nextOffset;
  const offsets: number[] = [];
  for (let i = 0; i < amount; i++) {
    if (freed.length > 0) {
      offsets.push(freed.shift()!);
      continue;
    }
    // Offsets chosen ahead of the counter are held already: the counter steps over them.
    while (ahead.delete(nextOffset)) nextOffset++;
    offsets.push(nextOffset++);
  }
  while (ahead.delete(nextOffset)) nextOffset++;
  return {
    ips: offsets.map((o) => intToIp(base + o)),
    next: { ...v, freed, nextOffset, ...withAhead(ahead), allocated: v.allocated + amount, instanceCount: v.instanceCount + amount },
  };
}

const withAhead = (ahead: Set<number>): { chosenAhead?: number[] } => ({ chosenAhead: [...ahead].sort((x, y) => x - y) });

/**
 * One chosen address (CreateNetworkInterface's PrimaryIpAddress / EC2's PrivateIpAddress):
 * `invalid` when outside the block's usable range, `inUse` when taken. An address beyond the
 * counter is remembered in `chosenAhead` (one number, however far ahead), so the counter skips it
 * and each address is still handed out once.
 */
export function allocateChosenAddress(v: VSwitchRecord, ip: string): { next: VSwitchRecord } | 'invalid' | 'inUse' {
  const base = parseCidr(v.cidrBlock)!.base;
  const offset = (ipToInt(ip) ?? -1) - base;
  if (offset < RESERVED_HEAD || offset >= blockSize(parseCidr(v.cidrBlock)!) - RESERVED_TAIL) return 'invalid';
  const ahead = new Set(v.chosenAhead ?? []);
  const counted = { allocated: v.allocated + 1, instanceCount: v.instanceCount + 1 };
  if (offset < v.nextOffset) {
    if (!v.freed.includes(offset)) return 'inUse';
    return { next: { ...v, freed: v.freed.filter((o) => o !== offset), ...counted } };
  }
  if (ahead.has(offset)) return 'inUse';
  ahead.add(offset);
  let nextOffset = v.nextOffset;
  while (ahead.delete(nextOffset)) nextOffset++;
  return { next: { ...v, nextOffset, ...withAhead(ahead), ...counted } };
}

/** Give addresses of released instances back to their vSwitch. */
export function releaseAddresses(v: VSwitchRecord, ips: string[]): VSwitchRecord {
  const base = parseCidr(v.cidrBlock)!.base;
  const ahead = new Set(v.chosenAhead ?? []);
  const all = ips.map((ip) => (ipToInt(ip) ?? -1) - base);
  // A chosen address beyond the counter simply becomes never-used again.
  const fromAhead = all.filter((o) => ahead.delete(o));
  const offsets = all.filter((o) => o >= RESERVED_HEAD && o < v.nextOffset && !v.freed.includes(o));
  return {
    ...v,
    freed: [...v.freed, ...offsets],
    ...(v.chosenAhead ? withAhead(ahead) : {}),
    allocated: Math.max(0, v.allocated - offsets.length - fromAhead.length),
    instanceCount: Math.max(0, v.instanceCount - ips.length),
  };
}

// ---------------------------------------------------------------------------------------------
// Rules per dialect

/**
 * VPC blocks: Alibaba Cloud takes /8 to /28 inside the private ranges
 * (https://www.alibabacloud.com/help/en/vpc/developer-reference/api-vpc-2016-04-28-createvpc);
 * AWS /16 to /28 (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html).
 */
export function checkVpcCidr(text: string, ec2Rules: boolean): Cidr {
  const c = parseCidr(text);
  const fits = ec2Rules ? c && c.prefix >= 16 && c.prefix <= 28 : c && c.prefix >= 8 && c.prefix <= 28 && isPrivateCidr(c);
  if (!c || !fits) throw VpcErrors.vpcCidrInvalid();
  return c;
}

/**
 * vSwitch blocks: inside the VPC's, /16 to /29 (Alibaba Cloud) or /16 to /28 (AWS, `ec2Rules`),
 * overlapping no other vSwitch of the VPC.
 */
export function checkVSwitchCidr(text: string, vpc: VpcRecord, siblings: readonly VSwitchRecord[], ec2Rules: boolean): Cidr {
  const c = parseCidr(text);
  const outer = parseCidr(vpc.cidrBlock)!;
  const maxPrefix = ec2Rules ? 28 : 29;
  if (!c || c.prefix < 16 || c.prefix > maxPrefix || !cidrContains(outer, c)) {
    throw vpcError('vSwitchCidrInvalid', Errors.invalid('InvalidParameter', 'Specified CIDR block is not valid in VPC.'));
  }
  if (siblings.some((s) => cidrOverlaps(parseCidr(s.cidrBlock)!, c))) {
    throw vpcError('vSwitchCidrOverlap', Errors.invalid('InvalidCidrBlock.Overlapped', 'Specified CIDR block overlapped with other subnets.'));
  }
  return c;
}

/**
 * The default VPC's next default vSwitch block: its first /20 that no vSwitch of it holds
 * (AWS's CreateDefaultSubnet takes a /20 of the default VPC,
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateDefaultSubnet.html).
 */
export function firstFreeDefaultBlock(vpc: VpcRecord, vSwitches: readonly VSwitchRecord[]): string {
  const taken = new Set(vSwitches.map((s) => s.cidrBlock));
  const [a, b] = vpc.cidrBlock.split('.');
  for (let i = 0; i < 16; i++) if (!taken.has(`${a}.${b}.${i * 16}.0/20`)) return `${a}.${b}.${i * 16}.0/20`;
  throw vpcError('noFreeDefaultBlock', Errors.invalid('InvalidVSwitchId.IpNotEnough', 'The default VPC has no free /20 block.'));
}

/** Errors of the VPC API (https://www.alibabacloud.com/help/en/vpc/developer-reference/api-vpc-2016-04-28-deletevpc and siblings), typed (./vpc-errors.ts). */
export const VpcErrors = {
  vpcNotFound: () => vpcError('vpcNotFound', Errors.notFound('InvalidVpcId.NotFound', 'Specified VPC does not exist.')),
  vSwitchNotFound: () => vpcError('vSwitchNotFound', Errors.notFound('InvalidVSwitchId.NotFound', 'Specified virtual switch does not exist.')),
  routeTableNotFound: () => vpcError('routeTableNotFound', Errors.notFound('InvalidRouteTableId.NotFound', 'Specified route table does not exist.')),
  routeEntryNotFound: () => vpcError('routeEntryNotFound', Errors.notFound('InvalidRouteEntry.NotFound', 'Specified route entry does not exist.')),
  vpcCidrInvalid: () => vpcError('vpcCidrInvalid', Errors.invalid('InvalidCidrBlock.Malformed', 'Specified CIDR block is not valid.')),
  zoneNotFound: () => vpcError('zoneNotFound', Errors.notFound('InvalidZoneId.NotFound', 'Specified zone does not exist.')),
  vpcStatus: () => vpcError('vpcStatus', Errors.invalid('IncorrectVpcStatus', 'Current VPC status does not support this operation.')),
  vSwitchStatus: () =>
    vpcError('vSwitchStatus', Errors.invalid('IncorrectVSwitchStatus', 'The current status of virtual switch does not support this operation.')),
  dependencyVSwitch: () => vpcError('dependency', Errors.invalid('DependencyViolation.VSwitch', 'Specified object has dependent resources.')),
  dependencyInstance: () => vpcError('dependency', Errors.invalid('DependencyViolation.Instance', 'Specified object has dependent resources.')),
  /** DeleteVSwitch with a NAT gateway or network interface (the reference's generic code). */
  dependency: () => vpcError('dependency', Errors.invalid('DependencyViolation', 'Specified object has dependent resources.')),
  dependencySecurityGroup: () =>
    vpcError('dependency', Errors.invalid('DependencyViolation.SecurityGroup', 'Specified object has dependent resources SecurityGroup.')),
  dependencyRouteEntry: () => vpcError('dependency', Errors.invalid('DependencyViolation.RouteEntry', 'Specified object has dependent resources')),
  dependencyRouteTable: () => vpcError('dependency', Errors.invalid('DependencyViolation.RouteTable', 'VPC cannot be deleted when custom route table exists.')),
  dependencyIpv4Gateway: () =>
    vpcError('dependency', Errors.invalid('DependencyViolation.Ipv4Gateway', 'Specified object has dependent resources Ipv4Gateway.')),
  vpcQuota: (limit: number) => vpcError('vpcQuota', Errors.invalid('QuotaExceeded.Vpc', `VPC quota exceeded. The quota is ${limit} VPCs per region.`)),
  vSwitchQuota: (limit: number) =>
    vpcError('vSwitchQuota', Errors.invalid('QuotaExceeded.VSwitch', `Virtual switch quota exceeded. The quota is ${limit} per VPC.`)),
  routeEntryQuota: (limit: number) =>
    vpcError('routeEntryQuota', Errors.invalid('QuotaExceeded', `Route entry quota exceeded. The quota is ${limit} custom entries per route table.`)),
  routeConflict: () => vpcError('routeConflict', Errors.invalid('InvalidCIDRBlock.Duplicate', 'Specified CIDR block is already exists.')),
  nextHopNotFound: () => vpcError('nextHopNotFound', Errors.notFound('InvalidNextHop.NotFound', 'Specified next hop does not exist.')),
  addressesExhausted: () => vpcError('addressesExhausted', Errors.invalid('InvalidVSwitchId.IpNotEnough', 'The specified VSwitch has not enough IpAddress.')),
  ipv6: () => vpcError('ipv6Unsupported', Errors.invalid('UnsupportedFeature.Ipv6', 'IPv6 is not supported by this sandbox.')),
  defaultVpcExists: () => vpcError('defaultVpcExists', Errors.invalid('DefaultVpcAlreadyExist', 'A default VPC already exists in this region.')),
  /** A default vSwitch asked for while the region has no default VPC (the sandbox's own refusal: the VPC API has no default vSwitches to ask for). */
  defaultVpcMissing: () => vpcError('defaultVpcMissing', Errors.notFound('InvalidVpcId.NotFound', 'Specified VPC does not exist.')),
  systemRouteTable: (message: string) => vpcError('systemRouteTable', Errors.invalid('OperationUnsupported.SystemRouteTable', message)),
  routeTableInUse: () => vpcError('dependency', Errors.invalid('DependencyViolation.VSwitch', 'The route table still has associated vSwitches.')),
  destinationMalformed: () =>
    vpcError('destinationMalformed', Errors.invalid('InvalidDestinationCidrBlock.Malformed', 'Specified destination CIDR block is not valid.')),
  nextHopTypeUnsupported: (message = 'Specified next hop type is not supported.') =>
    vpcError('nextHopTypeUnsupported', Errors.invalid('InvalidNextHopType.NotSupport', message)),
  notInSameVpc: () => vpcError('notInSameVpc', Errors.invalid('InvalidVSwitchId.NotInSameVpc', 'The vSwitch and the route table are not in the same VPC.')),
  alreadyAssociated: (vSwitchId: string) =>
    vpcError('alreadyAssociated', Errors.invalid('Resource.AlreadyAssociated', `The vSwitch ${vSwitchId} is already associated with a route table.`)),
  notAssociated: () => vpcError('notAssociated', Errors.invalid('InvalidVSwitchId.NotAssociated', 'The vSwitch is not associated with the route table.')),
  defaultVSwitchExists: () => vpcError('defaultVSwitchExists', Errors.invalid('DefaultVSwitchExists', 'A default vSwitch already exists in this zone.')),
};

/** Names and descriptions: 1-128 characters, a letter first, not http(s):// (the VPC API's rule). */
export function checkName(value: string | undefined, code: string, message: string): void {
  if (value === undefined || value === '') return;
  if (value.length > 128 || !/^[\p{L}]/u.test(value) || /^https?:\/\//.test(value)) throw Errors.invalid(code, message);
}

// ---------------------------------------------------------------------------------------------
// EC2 zone ids

const CITY_CODES: Record<string, string> = {
  hangzhou: 'hz',
  shanghai: 'sh',
  qingdao: 'qd',
  beijing: 'bj',
  shenzhen: 'sz',
  hongkong: 'hk',
};
const DIRECTION_CODES: Record<string, string> = {
  east: 'e',
  west: 'w',
  north: 'n',
  south: 's',
  central: 'c',
  northeast: 'ne',
  southeast: 'se',
  northwest: 'nw',
  southwest: 'sw',
};

/**
 * The EC2 zone id of a zone (`use1-az1` for us-east-1's first zone): the region's short code as
 * AWS spells it (us-east-1 → use1, ap-northeast-1 → apne1; a Chinese city by its initials,
 * cn-hangzhou → cnhz) then `az` and the zone's position. docs/network.md.
 */
export function ec2ZoneId(regionId: string, zoneId: string): string {
  const parts = regionId.split('-');
  const code = parts.map((p, i) => (i === 0 ? p : (DIRECTION_CODES[p] ?? CITY_CODES[p] ?? p.slice(0, 2)))).join('');
  const i = Math.max(0, findRegion(regionId)?.zones.findIndex((z) => z.zoneId === zoneId) ?? 0);
  return `${code}-az${i + 1}`;
}

export function zoneOfEc2ZoneId(regionId: string, ec2Id: string): string | undefined {
  return findRegion(regionId)?.zones.find((z) => ec2ZoneId(regionId, z.zoneId) === ec2Id)?.zoneId;
}
