import { createHash } from 'node:crypto';
import { ApiError } from './errors';

/**
 * Network ACLs, EC2's (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html):
 * numbered allow/deny rules per direction, evaluated lowest number first, ending in the catch-all
 * deny (rule `*`, number 32767). Every VPC has a default ACL (derived, never stored until its
 * entries change) that allows everything; a subnet is associated with exactly one ACL, the
 * default one unless an association names another. Bookkeeping only: no packet is filtered here.
 */

export interface NetworkAclEntry {
  ruleNumber: number;
  egress: boolean;
  /** The protocol number as EC2 writes it (`-1` all, `6` TCP, `17` UDP, `1` ICMP, …). */
  protocol: string;
  ruleAction: 'allow' | 'deny';
  cidrBlock: string;
  portFrom?: number;
  portTo?: number;
  icmpType?: number;
  icmpCode?: number;
}

export interface NetworkAclRecord {
  networkAclId: string;
  accountId: string;
  regionId: string;
  vpcId: string;
  isDefault: boolean;
  /** The user's entries (the catch-all deny of each direction is implied). */
  entries: NetworkAclEntry[];
  /** Subnets (vSwitches) associated with this ACL; for the default ACL, the ones moved back to it are implied. */
  subnetIds: string[];
  createdAt: string;
  tags: { key: string; value: string }[];
}

const hash = (...parts: string[]) => createHash('sha256').update(parts.join('|')).digest('hex').slice(0, 17);

/** The default ACL's id of a VPC (stable). */
export const defaultAclId = (vpcId: string): string => `acl-${hash('acl', vpcId)}`;

/** A subnet's association id with an ACL: with the default ACL the one the sandbox has always shown. */
export const aclAssociationId = (subnetId: string, aclId: string, isDefault: boolean): string =>
  isDefault ? `aclassoc-${hash('aclassoc', subnetId)}` : `aclassoc-${hash('aclassoc', subnetId, aclId)}`;

/** The default ACL's rules: allow all, each direction (https://docs.aws.amazon.com/vpc/latest/userguide/default-network-acl.html). */
export const DEFAULT_ACL_ENTRIES: NetworkAclEntry[] = [false, true].map((egress) => ({
  ruleNumber: 100,
  egress,
  protocol: '-1',
  ruleAction: 'allow',
  cidrBlock: '0.0.0.0/0',
}));

export const CATCH_ALL_RULE = 32767;
/** Rules per direction of one ACL (https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html#vpc-limits-nacls). */
export const MAX_ENTRIES_PER_DIRECTION = 20;
/** Network ACLs per VPC (the same page). */
export const MAX_ACLS_PER_VPC = 200;

const PROTOCOL_NUMBERS: Record<string, string> = { all: '-1', '-1': '-1', tcp: '6', udp: '17', icmp: '1', icmpv6: '58' };

export const AclErrors = {
  notFound: (id: string) => new ApiError('InvalidNetworkAclID.NotFound', 400, `The network ACL '${id}' does not exist`),
  entryExists: (n: number, egress: boolean) =>
    new ApiError('NetworkAclEntryAlreadyExists', 400, `The network acl entry identified by ${n} already exists${egress ? ' (egress)' : ''}.`),
  entryNotFound: (n: number, egress: boolean) =>
    new ApiError('InvalidNetworkAclEntry.NotFound', 400, `The specified network ACL entry ${n} (${egress ? 'egress' : 'ingress'}) does not exist.`),
  entryLimit: () => new ApiError('NetworkAclEntryLimitExceeded', 400, 'The maximum number of network ACL entries has been reached.'),
  aclLimit: () => new ApiError('NetworkAclLimitExceeded', 400, 'The maximum number of network ACLs has been reached.'),
  associationNotFound: (id: string) => new ApiError('InvalidAssociationID.NotFound', 400, `The association ID '${id}' does not exist`),
  defaultAcl: (id: string) => new ApiError('InvalidParameterValue', 400, `cannot delete default network ACL ${id}`),
  inUse: (id: string) => new ApiError('DependencyViolation', 400, `The network ACL '${id}' has dependencies and cannot be deleted.`),
  invalid: (message: string) => new ApiError('InvalidParameterValue', 400, message),
  missing: (name: string) => new ApiError('MissingParameter', 400, `The request must contain the parameter ${name}`),
};

export interface EntryInput {
  RuleNumber?: number;
  Egress?: boolean;
  Protocol?: string;
  RuleAction?: string;
  CidrBlock?: string;
  Ipv6CidrBlock?: string;
  PortRange?: { From?: number; To?: number };
  IcmpTypeCode?: { Type?: number; Code?: number };
}

/** One entry as EC2's CreateNetworkAclEntry / ReplaceNetworkAclEntry take it (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateNetworkAclEntry.html). */
export function validateEntry(e: EntryInput): NetworkAclEntry {
  if (e.RuleNumber === undefined) throw AclErrors.missing('RuleNumber');
  if (!Number.isInteger(e.RuleNumber) || e.RuleNumber < 1 || e.RuleNumber > 32766) {
    throw AclErrors.invalid(`Value (${e.RuleNumber}) for parameter ruleNumber is invalid. Valid values: 1-32766.`);
  }
  if (e.Egress === undefined) throw AclErrors.missing('Egress');
  if (e.Ipv6CidrBlock !== undefined) throw new ApiError('UnsupportedOperation', 400, 'IPv6 is not supported by this sandbox.');
  if (!e.CidrBlock) throw AclErrors.missing('CidrBlock');
  if (!/^(\d{1,3})(\.\d{1,3}){3}\/\d{1,2}$/.test(e.CidrBlock) || e.CidrBlock.split(/[./]/).some((x, i) => Number(x) > (i === 4 ? 32 : 255))) {
    throw AclErrors.invalid(`Value (${e.CidrBlock}) for parameter cidrBlock is invalid. This is not a valid CIDR block.`);
  }
  const raw = (e.Protocol ?? '').toLowerCase();
  const protocol = PROTOCOL_NUMBERS[raw] ?? (/^\d+$/.test(raw) && Number(raw) <= 255 ? raw : undefined);
  if (!protocol) throw AclErrors.invalid(`Value (${e.Protocol ?? ''}) for parameter protocol is invalid.`);
  const action = (e.RuleAction ?? '').toLowerCase();
  if (action !== 'allow' && action !== 'deny')
    throw AclErrors.invalid(`Value (${e.RuleAction ?? ''}) for parameter ruleAction is invalid. Valid values: allow, deny.`);
  const entry: NetworkAclEntry = { ruleNumber: e.RuleNumber, egress: e.Egress, protocol, ruleAction: action, cidrBlock: e.CidrBlock };
  if (protocol === '6' || protocol === '17') {
    const { From, To } = e.PortRange ?? {};
    if (From === undefined || To === undefined) throw AclErrors.missing('PortRange');
    if (From < 0 || To > 65535 || From > To) throw AclErrors.invalid(`Value (${From}-${To}) for parameter portRange is invalid.`);
    entry.portFrom = From;
    entry.portTo = To;
  }
  if (protocol === '1') {
    if (e.IcmpTypeCode?.Type === undefined || e.IcmpTypeCode.Code === undefined) throw AclErrors.missing('IcmpTypeCode');
    entry.icmpType = e.IcmpTypeCode.Type;
    entry.icmpCode = e.IcmpTypeCode.Code;
  }
  return entry;
}

/** The ACL's entries with one added, replaced or removed (each direction numbered uniquely, at most 20). */
export function withEntry(acl: NetworkAclRecord, entry: NetworkAclEntry, mode: 'create' | 'replace'): NetworkAclRecord {
  const same = (x: NetworkAclEntry) => x.ruleNumber === entry.ruleNumber && x.egress === entry.egress;
  const exists = acl.entries.some(same);
  if (mode === 'create' && exists) throw AclErrors.entryExists(entry.ruleNumber, entry.egress);
  if (mode === 'replace' && !exists) throw AclErrors.entryNotFound(entry.ruleNumber, entry.egress);
  const entries = [...acl.entries.filter((x) => !same(x)), entry].sort((a, b) => a.ruleNumber - b.ruleNumber);
  if (entries.filter((x) => x.egress === entry.egress).length > MAX_ENTRIES_PER_DIRECTION) throw AclErrors.entryLimit();
  return { ...acl, entries };
}

export function withoutEntry(acl: NetworkAclRecord, ruleNumber: number, egress: boolean): NetworkAclRecord {
  if (!acl.entries.some((x) => x.ruleNumber === ruleNumber && x.egress === egress)) throw AclErrors.entryNotFound(ruleNumber, egress);
  return { ...acl, entries: acl.entries.filter((x) => !(x.ruleNumber === ruleNumber && x.egress === egress)) };
}

/** The default ACL of a VPC as a record (stored the first time its entries change). */
export function defaultAclRecord(accountId: string, regionId: string, vpcId: string, createdAt: string): NetworkAclRecord {
  return { networkAclId: defaultAclId(vpcId), accountId, regionId, vpcId, isDefault: true, entries: DEFAULT_ACL_ENTRIES, subnetIds: [], createdAt, tags: [] };
}
