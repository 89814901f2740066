import { currentDialect } from '../platform/dialect';
import { ApiError, Errors } from './errors';
import { newResourceId } from '../platform/ids';

/**
 * The security group: its record, its rules (validation, identity, add/revoke), the default rules
 * of each kind of group, packet evaluation, and the DescribeSecurityGroupAttribute /
 * DescribeSecurityGroups views. No I/O: actions load the group, call these functions and persist
 * the returned record.
 *
 * Sources, cited as:
 * - "guide Lnnn": docs/rules/ecs-user-guide.md;
 * - "api §x": https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-authorizesecuritygroup (AuthorizeSecurityGroup, RevokeSecurityGroup,
 *   DescribeSecurityGroupAttribute, DescribeSecurityGroups, §2.6 limits);
 * - "sdk": the doc comments of @alicloud/ecs20140526 (AuthorizeSecurityGroupRequestPermissions);
 * - "aliyun doc": https://help.aliyun.com/en/ecs/user-guide/security-group-rules (implicit rules of
 *   basic vs enterprise groups).
 */

// ---------------------------------------------------------------------------------------------
// Types

/** `normal` = basic, `enterprise` = advanced (api CreateSecurityGroup; default normal). */
export type SecurityGroupType = 'normal' | 'enterprise';
export const SECURITY_GROUP_TYPES: readonly SecurityGroupType[] = ['normal', 'enterprise'];

export type RuleDirection = 'ingress' | 'egress';
/** Stored and rendered in this spelling (api AuthorizeSecurityGroup: TCP, UDP, ICMP, GRE, ALL; ICMPv6 for IPv6 rules). */
export type IpProtocol = 'TCP' | 'UDP' | 'ICMP' | 'ICMPv6' | 'GRE' | 'ALL';
export const IP_PROTOCOLS: readonly IpProtocol[] = ['TCP', 'UDP', 'ICMP', 'ICMPv6', 'GRE', 'ALL'];
/** Stored lower case (the request values); rendered `Accept` / `Drop`. */
export type RulePolicy = 'accept' | 'drop';
/** Classic network: internet | intranet. VPC rules are always intranet (docs/rules/ecs-user-guide.md#security-groups, sdk NicType). */
export type NicType = 'internet' | 'intranet';
export type NetworkType = 'vpc' | 'classic';
/** DescribeSecurityGroupAttribute `InnerAccessPolicy` (api §3.4). */
export type InnerAccessPolicy = 'Accept' | 'Drop';

export interface SecurityGroupTag {
  key: string;
  value: string;
}

/**
 * A rule as validated (`validateRuleInput`), before it is stored. Unused fields are empty strings,
 * so the record is flat and DynamoDB friendly.
 *
 * Peer ("authorization object"): for ingress one of sourceCidrIp / ipv6SourceCidrIp / sourceGroupId /
 * sourcePrefixListId; for egress one of destCidrIp / ipv6DestCidrIp / destGroupId / destPrefixListId.
 * The other side's CIDR (destCidrIp on ingress, sourceCidrIp on egress) is the optional local
 * address of a "quintuple" rule (sdk).
 */
export interface SecurityGroupRuleSpec {
  direction: RuleDirection;
  ipProtocol: IpProtocol;
  /** `from/to`, normalised: `22/22`, `1/65535`; `-1/-1` for ALL, ICMP, ICMPv6 and GRE (docs/rules/ecs-user-guide.md#security-groups). */
  portRange: string;
  /** Optional source port range of a quintuple rule; '' when unset. */
  sourcePortRange: string;
  sourceCidrIp: string;
  destCidrIp: string;
  ipv6SourceCidrIp: string;
  ipv6DestCidrIp: string;
  sourceGroupId: string;
  sourceGroupOwnerAccount: string;
  sourceGroupOwnerId: string;
  destGroupId: string;
  destGroupOwnerAccount: string;
  destGroupOwnerId: string;
  sourcePrefixListId: string;
  destPrefixListId: string;
  policy: RulePolicy;
  /** 1-100 for user rules (docs/rules/ecs-user-guide.md#security-groups); 110 only for system default rules (docs/rules/ecs-user-guide.md#security-groups). */
  priority: number;
  nicType: NicType;
  description: string;
}

export interface SecurityGroupRule extends SecurityGroupRuleSpec {
  /** `sgr-…` (DescribeSecurityGroupAttribute `SecurityGroupRuleId`). */
  ruleId: string;
  /** ISO 8601 UTC. */
  creationTime: string;
}

export interface SecurityGroupRecord {
  securityGroupId: string;
  regionId: string;
  accountId: string;
  /** '' for a classic-network group (docs/rules/ecs-user-guide.md#security-group-create: a VPC group names its VPC). */
  vpcId: string;
  securityGroupName: string;
  description: string;
  securityGroupType: SecurityGroupType;
  /** normal → Accept (instances of the group talk to each other, docs/rules/ecs-user-guide.md#security-groups), enterprise → Drop (api CreateSecurityGroup). */
  innerAccessPolicy: InnerAccessPolicy;
  /** ISO 8601 UTC. */
  creationTime: string;
  tags: SecurityGroupTag[];
  /** Ingress and egress rules together; each carries its `direction`. */
  rules: SecurityGroupRule[];
  resourceGroupId?: string;
  serviceManaged?: boolean;
}

export function networkTypeOf(group: Pick<SecurityGroupRecord, 'vpcId'>): NetworkType {
  return group.vpcId ? 'vpc' : 'classic';
}

export function rulesOf(group: SecurityGroupRecord, direction: RuleDirection): SecurityGroupRule[] {
  return group.rules.filter((r) => r.direction === direction);
}

// ---------------------------------------------------------------------------------------------
// Limits

export interface SecurityGroupLimits {
  /**
   * Rules (ingress + egress) per group. Guide L130 (spec Q17): 100, hard. api §2.6 quotes 200 as
   * "an older figure" and 1,000 across all groups of one ENI; the guide is the default.
   */
  maxRulesPerGroup: number;
  /** A basic group can authorize up to 20 source groups (api §2.6, RevokeSecurityGroup Permissions.N.SourceGroupId). */
  maxAuthorizedGroups: number;
}

export const DEFAULT_SECURITY_GROUP_LIMITS: SecurityGroupLimits = {
  maxRulesPerGroup: 100,
  maxAuthorizedGroups: 20,
};

/** Security groups per user, per region: 100 (docs/rules/ecs-user-guide.md#quotas, spec Q18); raisable by ticket. */
export const DEFAULT_SECURITY_GROUPS_PER_REGION = 100;
/** `Permissions.N`: 1 to 100 per Authorize/Revoke call (api AuthorizeSecurityGroup). */
export const MAX_PERMISSIONS_PER_CALL = 100;
/** Priority range users may set (docs/rules/ecs-user-guide.md#security-groups); the system default rules use 110 (docs/rules/ecs-user-guide.md#security-groups). */
export const MIN_PRIORITY = 1;
export const MAX_PRIORITY = 100;
export const SYSTEM_RULE_PRIORITY = 110;

// ---------------------------------------------------------------------------------------------
// Errors (codes and messages as documented in api §3.4 unless noted)

export const securityGroupErrors = {
  name: () => Errors.invalid('InvalidSecurityGroupName.Malformed', 'Specified security group name is not valid.'),
  description: () =>
    Errors.invalid('InvalidDescription.Malformed', 'The specified parameter "Description" is not valid.'),
  ruleDescription: () =>
    Errors.invalid(
      'InvalidSecurityGroupDiscription.Malformed',
      'The specified security group rule description is not valid.',
    ),
  ipProtocolMalformed: () =>
    Errors.invalid('InvalidIpProtocol.Malformed', 'The specified parameter "IpProtocol" is not valid.'),
  ipProtocolNotSupported: () =>
    Errors.invalid(
      'InvalidIpProtocol.ValueNotSupported',
      'The parameter IpProtocol must be specified with case insensitive TCP, UDP, ICMP, GRE or All.',
    ),
  portRange: () => Errors.invalid('InvalidIpPortRange.Malformed', 'The specified parameter "PortRange" is not valid.'),
  sourcePortRange: () =>
    Errors.invalid('InvalidSourcePortRange.Malformed', 'The specified parameter "SourcePortRange" is not valid.'),
  protocolPortMismatch: () =>
    Errors.invalid(
      'OperationDenied',
      'The specified IpProtocol does not exist or IpProtocol and PortRange do not match.',
    ),
  policy: () => Errors.invalid('InvalidPolicy.Malformed', 'The specified parameter "Policy" is not valid.'),
  priorityMalformed: () => Errors.invalid('InvalidPriority.Malformed', 'The parameter Priority is invalid.'),
  priorityValue: () => Errors.invalid('InvalidPriority.ValueNotSupported', 'The parameter Priority is invalid.'),
  nicType: () => Errors.invalid('InvalidNicType.ValueNotSupported', 'The specified NicType does not exist.'),
  nicTypeMismatch: () =>
    Errors.invalid('InvalidNicType.Mismatch', 'Specified nic type conflicts with the authorization record.'),
  sourceCidr: () =>
    Errors.invalid('InvalidSourceCidrIp.Malformed', 'The specified parameter "SourceCidrIp" is not valid.'),
  destCidr: () => Errors.invalid('InvalidDestCidrIp.Malformed', 'The specified parameter DestCidrIp is not valid.'),
  ipv6SourceCidr: () =>
    Errors.invalid('InvalidParam.Ipv6SourceCidrIp', 'The specified parameter "Ipv6SourceCidrIp" is not valid.'),
  ipv6DestCidr: () =>
    Errors.invalid('InvalidParam.Ipv6DestCidrIp', 'The specified parameter "Ipv6DestCidrIp" is not valid.'),
  ipv4ProtocolWithIpv6: () =>
    Errors.invalid(
      'InvalidParam.Ipv4ProtocolConflictWithIpv6Address',
      'An IPv6 address cannot be used with an IPv4 protocol.',
    ),
  ipv6ProtocolWithIpv4: () =>
    Errors.invalid(
      'InvalidParam.Ipv6ProtocolConflictWithIpv4Address',
      'An IPv4 address cannot be used with an IPv6 protocol.',
    ),
  missingSource: () =>
    Errors.invalid('MissingParameter.Source', 'Either SourceCidrIp or SourceGroupId must be specified.'),
  /** No egress table in the reference: the mirror of the documented ingress message, common code MissingParameter. */
  missingDestination: () =>
    Errors.invalid('MissingParameter', 'The input parameter "DestGroupId" or "DestCidrIp" cannot be both blank.'),
  selfReference: () =>
    Errors.invalid(
      'InvalidParamter.Conflict',
      'The specified SecurityGroupId should be different from the SourceGroupId.',
    ),
  /** Documented for AuthorizeSecurityGroup (403); the message is not in the reference. */
  ruleLimit: (limit: number) =>
    new ApiError(
      'AuthorizationLimitExceed',
      403,
      `The limit of authorization records in the security group is reached (${limit}).`,
    ),
  /** The same documented code for the authorized-groups limit of a basic group (api §2.6). */
  authorizedGroupLimit: (limit: number) =>
    new ApiError(
      'AuthorizationLimitExceed',
      403,
      `A basic security group can authorize at most ${limit} security groups.`,
    ),
  /** Documented since 2024-07-08 for RevokeSecurityGroup (api §3.4); the message is not in the reference. */
  unknownRuleId: (ruleId: string) =>
    Errors.invalid(
      'InvalidParam.SecurityGroupRuleId',
      `The specified SecurityGroupRuleId "${ruleId}" is invalid or does not exist.`,
    ),
  groupQuota: () =>
    Errors.forbidden('QuotaExceed.SecurityGroup', 'The maximum number of security groups is reached.'),
  type: () => Errors.invalidParameter('SecurityGroupType', 'Valid values: normal, enterprise.'),
};

// ---------------------------------------------------------------------------------------------
// Names and descriptions (spec §13)

/**
 * Which published rule set a name is checked against.
 * - `guide` (default; the seeds are the ground truth): docs/rules/ecs-user-guide.md#security-group-create, 2-128 characters, first a letter
 *   or a kanji, then letters, kanji, digits, `_` and `-`. No `.` (spec §16 item 11).
 * - `api`: the current CreateSecurityGroup doc (api §2.6 "Names"): the same first character, and
 *   also `.` and `:` after it, never `http://` / `https://`.
 */
export type NameRuleProfile = 'guide' | 'api' | 'ec2';

const SG_NAME_PATTERNS: Record<NameRuleProfile, RegExp> = {
  guide: /^[A-Za-z\p{Script=Han}][A-Za-z0-9\p{Script=Han}_-]*$/u,
  api: /^[A-Za-z\p{Script=Han}][A-Za-z0-9\p{Script=Han}_\-.:]*$/u,
  // EC2 CreateSecurityGroup: up to 255 of a-z, A-Z, 0-9, spaces and ._-:/()#,@[]+=&;{}!$*, any first
  // (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html).
  ec2: /^[A-Za-z0-9 ._\-:/()#,@[\]+=&;{}!$*]+$/,
};
const SG_NAME_LENGTH: Record<NameRuleProfile, [number, number]> = { guide: [2, 128], api: [2, 128], ec2: [1, 255] };

const codePointLength = (s: string): number => [...s].length;
const startsWithUrlScheme = (s: string): boolean => /^https?:\/\//i.test(s);

/**
 * SecurityGroupName: optional (api: default no name), so '' and undefined give ''. Otherwise 2-128
 * characters (docs/rules/ecs-user-guide.md#security-group-create) in the profile's character set, else `InvalidSecurityGroupName.Malformed`
 * (api CreateSecurityGroup, spec E85).
 */
export function validateGroupName(name: string | undefined, profile: NameRuleProfile = currentDialect() === 'ec2' ? 'ec2' : 'guide'): string {
  if (name === undefined || name === '') return '';
  const length = codePointLength(name);
  const [min, max] = SG_NAME_LENGTH[profile];
  if (length < min || length > max) throw securityGroupErrors.name();
  if ((profile !== 'ec2' && startsWithUrlScheme(name)) || !SG_NAME_PATTERNS[profile].test(name)) throw securityGroupErrors.name();
  return name;
}

/**
 * Description (of a group; the image and disk descriptions share the rule): optional, default empty;
 * otherwise 2-256 characters that do not start with `http://` or `https://` (docs/rules/ecs-user-guide.md#security-group-create, api §2.6),
 * else `InvalidDescription.Malformed` (api CreateSecurityGroup).
 */
export function validateDescription(description: string | undefined): string {
  if (description === undefined || description === '') return '';
  const length = codePointLength(description);
  if (length < 2 || length > 256 || startsWithUrlScheme(description)) throw securityGroupErrors.description();
  return description;
}

// ---------------------------------------------------------------------------------------------
// IP addresses and CIDR blocks (IPv4 only in the guide, L3208; IPv6 fields from the API)

type IpFamily = 4 | 6;

interface ParsedCidr {
  family: IpFamily;
  /** Address with the host bits cleared. */
  network: bigint;
  prefix: number;
  /** Whether the text had an explicit `/n`. */
  explicitPrefix: boolean;
}

const bitsOf = (family: IpFamily): number => (family === 4 ? 32 : 128);

function parseIpv4(text: string): bigint | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return null;
  let value = 0n;
  for (const part of m.slice(1)) {
    if (part.length > 1 && part.startsWith('0')) return null;
    const n = Number(part);
    if (n > 255) return null;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

function parseIpv6(text: string): bigint | null {
  if (!/^[0-9A-Fa-f:.]+$/.test(text)) return null;
  const gap = text.indexOf('::');
  if (gap !== text.lastIndexOf('::')) return null;
  const split = (s: string): string[] => (s === '' ? [] : s.split(':'));
  const head = gap >= 0 ? split(text.slice(0, gap)) : split(text);
  const tail = gap >= 0 ? split(text.slice(gap + 2)) : [];
  const expand = (groups: string[], mayEndWithIpv4: boolean): number[] | null => {
    const out: number[] = [];
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i]!;
      if (g.includes('.')) {
        if (!mayEndWithIpv4 || i !== groups.length - 1) return null;
        const v4 = parseIpv4(g);
        if (v4 === null) return null;
        out.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      } else {
        if (!/^[0-9A-Fa-f]{1,4}$/.test(g)) return null;
        out.push(parseInt(g, 16));
      }
    }
    return out;
  };
  const h = expand(head, gap < 0);
  const t = expand(tail, true);
  if (!h || !t) return null;
  let groups: number[];
  if (gap >= 0) {
    if (h.length + t.length > 7) return null;
    groups = [...h, ...new Array<number>(8 - h.length - t.length).fill(0), ...t];
  } else {
    if (h.length !== 8) return null;
    groups = h;
  }
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

function formatIpv4(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join('.');
}

/** RFC 5952 text: lower case, no leading zeros, the longest run (≥2) of zero groups as `::`. */
function formatIpv6(value: bigint): string {
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((value >> BigInt(i * 16)) & 0xffffn));
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength && j - i >= 2) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  const left = hex.slice(0, bestStart).join(':');
  const right = hex.slice(bestStart + bestLength).join(':');
  return `${left}::${right}`;
}

function parseAddress(text: string): { family: IpFamily; value: bigint } | null {
  const v4 = parseIpv4(text);
  if (v4 !== null) return { family: 4, value: v4 };
  const v6 = parseIpv6(text);
  if (v6 !== null) return { family: 6, value: v6 };
  return null;
}

function parseCidr(text: string): ParsedCidr | null {
  const trimmed = text.trim();
  const slash = trimmed.indexOf('/');
  const addressText = slash >= 0 ? trimmed.slice(0, slash) : trimmed;
  const address = parseAddress(addressText);
  if (!address) return null;
  const bits = bitsOf(address.family);
  let prefix = bits;
  if (slash >= 0) {
    const prefixText = trimmed.slice(slash + 1);
    if (!/^\d{1,3}$/.test(prefixText)) return null;
    prefix = Number(prefixText);
    if (prefix > bits) return null;
  }
  const hostBits = BigInt(bits - prefix);
  const network = (address.value >> hostBits) << hostBits;
  return { family: address.family, network, prefix, explicitPrefix: slash >= 0 };
}

/** `a.b.c.d/n` (host bits cleared) or RFC 5952 IPv6 `/n`; a bare address is a /32 or /128. */
function canonicalCidr(c: ParsedCidr): string {
  return `${c.family === 4 ? formatIpv4(c.network) : formatIpv6(c.network)}/${c.prefix}`;
}

function cidrContains(c: ParsedCidr, address: { family: IpFamily; value: bigint }): boolean {
  if (c.family !== address.family) return false;
  const hostBits = BigInt(bitsOf(c.family) - c.prefix);
  return address.value >> hostBits === c.network >> hostBits;
}

/** The address text as stored: trimmed, IPv6 in RFC 5952 form; the prefix kept as given (or absent). */
function storedCidrText(c: ParsedCidr, original: string): string {
  const trimmed = original.trim();
  if (c.family === 4) return trimmed;
  const slash = trimmed.indexOf('/');
  const address = parseIpv6(slash >= 0 ? trimmed.slice(0, slash) : trimmed)!;
  return `${formatIpv6(address)}${slash >= 0 ? trimmed.slice(slash) : ''}`;
}

const PRIVATE_IPV4 = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '127.0.0.0/8'].map(
  (c) => parseCidr(c)!,
);
const PRIVATE_IPV6 = ['fc00::/7', 'fe80::/10', '::1/128'].map((c) => parseCidr(c)!);

function isPrivateAddress(address: { family: IpFamily; value: bigint }): boolean {
  return (address.family === 4 ? PRIVATE_IPV4 : PRIVATE_IPV6).some((c) => cidrContains(c, address));
}

// ---------------------------------------------------------------------------------------------
// Rule validation

/**
 * A rule as it arrives: the camelCase form of one `Permissions.N.*` entry (or of the deprecated
 * top-level single-rule fields) of AuthorizeSecurityGroup(Egress) / RevokeSecurityGroup(Egress).
 * Every value is the raw wire text; the action sets `direction` from the action name.
 */
export interface RuleInput {
  direction: RuleDirection;
  ipProtocol?: string;
  portRange?: string;
  sourcePortRange?: string;
  sourceCidrIp?: string;
  destCidrIp?: string;
  ipv6SourceCidrIp?: string;
  ipv6DestCidrIp?: string;
  sourceGroupId?: string;
  sourceGroupOwnerAccount?: string;
  sourceGroupOwnerId?: string | number;
  destGroupId?: string;
  destGroupOwnerAccount?: string;
  destGroupOwnerId?: string | number;
  sourcePrefixListId?: string;
  destPrefixListId?: string;
  policy?: string;
  priority?: string | number;
  nicType?: string;
  description?: string;
}

/** What the rule is validated against: the group it goes into. */
export interface RuleValidationContext {
  /** Default `vpc`. */
  networkType?: NetworkType;
  /** The group receiving the rule (a rule cannot authorize its own group, api RevokeSecurityGroup InvalidParamter.Conflict). */
  securityGroupId?: string;
  /** An enterprise group cannot authorize other groups (AuthorizeSecurityGroupEgress doc, "For advanced security groups, security groups cannot be used as authorization objects"). */
  securityGroupType?: SecurityGroupType;
}

export function ruleContextOf(group: SecurityGroupRecord): RuleValidationContext {
  return {
    networkType: networkTypeOf(group),
    securityGroupId: group.securityGroupId,
    securityGroupType: group.securityGroupType,
  };
}

const text = (v: string | number | undefined): string => (v === undefined || v === null ? '' : String(v).trim());

/** IANA numbers the sandbox maps onto the named protocols (api: some regions take 0-255). */
const PROTOCOL_NUMBERS: Record<number, IpProtocol> = { 1: 'ICMP', 6: 'TCP', 17: 'UDP', 47: 'GRE', 58: 'ICMPv6' };

/**
 * IpProtocol, case-insensitive (api AuthorizeSecurityGroup). Numbers 0-255 are IANA protocol numbers:
 * 1/6/17/47/58 map to ICMP/TCP/UDP/GRE/ICMPv6, any other number is not supported by the sandbox.
 * Missing → MissingParameter; a well-formed unknown name or number → InvalidIpProtocol.ValueNotSupported;
 * anything else → InvalidIpProtocol.Malformed.
 */
function parseIpProtocol(raw: string | undefined): IpProtocol {
  const value = text(raw);
  if (value === '') throw Errors.missingParameter('IpProtocol');
  if (/^\d+$/.test(value)) {
    const n = Number(value);
    if (n > 255) throw securityGroupErrors.ipProtocolMalformed();
    const named = PROTOCOL_NUMBERS[n];
    if (!named) throw securityGroupErrors.ipProtocolNotSupported();
    return named;
  }
  const upper = value.toUpperCase();
  if (upper === 'ICMPV6') return 'ICMPv6';
  const found = IP_PROTOCOLS.find((p) => p === upper);
  if (found) return found;
  if (/^[A-Za-z0-9]+$/.test(value)) throw securityGroupErrors.ipProtocolNotSupported();
  throw securityGroupErrors.ipProtocolMalformed();
}

const hasPorts = (protocol: IpProtocol): boolean => protocol === 'TCP' || protocol === 'UDP';

/**
 * A port range `from/to`: TCP/UDP take 1-65535 with from ≤ to; ALL, ICMP, ICMPv6 and GRE take only
 * `-1/-1` (docs/rules/ecs-user-guide.md#security-groups; sdk PortRange). Bad syntax or bounds → `malformed()`;
 * a well-formed range of the wrong kind for the protocol (`-1/-1` for TCP, `22/22` for ALL) →
 * OperationDenied "IpProtocol and PortRange do not match" (api AuthorizeSecurityGroup).
 * Missing: `-1/-1` for the port-less protocols; required for TCP/UDP.
 */
function parsePortRange(
  raw: string | undefined,
  protocol: IpProtocol,
  malformed: () => ApiError,
  parameterName: string,
  required: boolean,
): string {
  const value = text(raw);
  if (value === '') {
    if (!hasPorts(protocol)) return required ? '-1/-1' : '';
    if (required) throw Errors.missingParameter(parameterName);
    return '';
  }
  const m = /^(-?\d{1,6})\s*\/\s*(-?\d{1,6})$/.exec(value);
  if (!m) throw malformed();
  const from = Number(m[1]);
  const to = Number(m[2]);
  const isAll = from === -1 && to === -1;
  const isPorts = from >= 1 && to <= 65535 && from <= to;
  if (!isAll && !isPorts) throw malformed();
  if (hasPorts(protocol) !== isPorts) throw securityGroupErrors.protocolPortMismatch();
  return `${from}/${to}`;
}

function parsePolicy(raw: string | undefined): RulePolicy {
  const value = text(raw).toLowerCase();
  if (value === '') return 'accept';
  if (value === 'accept' || value === 'drop') return value;
  throw securityGroupErrors.policy();
}

/** Priority: default 1, an integer 1-100 (docs/rules/ecs-user-guide.md#security-groups; api). */
function parsePriority(raw: string | number | undefined): number {
  const value = text(raw);
  if (value === '') return 1;
  if (!/^\d+$/.test(value)) throw securityGroupErrors.priorityMalformed();
  const n = Number(value);
  if (n < MIN_PRIORITY || n > MAX_PRIORITY) throw securityGroupErrors.priorityValue();
  return n;
}

function parseRuleDescription(raw: string | undefined): string {
  const value = raw ?? '';
  if (value === '') return '';
  // Permissions.N.Description: 1 to 512 characters (api AuthorizeSecurityGroup).
  if (codePointLength(value) > 512) throw securityGroupErrors.ruleDescription();
  return value;
}

function parseCidrField(
  raw: string | undefined,
  family: IpFamily,
  malformed: () => ApiError,
): { stored: string; parsed: ParsedCidr } | null {
  const value = text(raw);
  if (value === '') return null;
  const parsed = parseCidr(value);
  if (!parsed || parsed.family !== family) throw malformed();
  return { stored: storedCidrText(parsed, value), parsed };
}

/**
 * Validates and normalises one rule (api AuthorizeSecurityGroup / RevokeSecurityGroup, docs/rules/ecs-user-guide.md#security-groups).
 *
 * - IpProtocol, PortRange, SourcePortRange, Policy (default accept), Priority (default 1): see the
 *   parsers above. Port 25 is accepted: the guide says it is blocked and "cannot be opened"
 *   (L3203), so `evaluate` drops outbound TCP 25 whatever the rules say.
 * - Peer: ingress needs SourceCidrIp, Ipv6SourceCidrIp, SourceGroupId or SourcePrefixListId
 *   (MissingParameter.Source); egress the Dest* counterparts. A CIDR takes precedence over a
 *   group, and both over a prefix list, which are then dropped (sdk SourceGroupId /
 *   SourcePrefixListId). SourceCidrIp is IPv4 only (docs/rules/ecs-user-guide.md#security-groups) and cannot be combined with
 *   Ipv6SourceCidrIp (sdk).
 * - ICMP with an IPv6 CIDR, or ICMPv6 with an IPv4 CIDR → InvalidParam.*ProtocolConflict*.
 * - NicType: VPC groups only have intranet rules (any value is coerced to intranet, sdk NicType);
 *   classic groups default to internet, and a group-authorized rule must be intranet
 *   (sdk; InvalidNicType.Mismatch otherwise). On classic intranet ingress a CIDR must be a /32
 *   (docs/rules/ecs-user-guide.md#security-groups; spec E89 → InvalidSourceCidrIp.Malformed).
 * - A rule may not authorize its own group (InvalidParamter.Conflict), and an enterprise group may
 *   not authorize groups at all (InvalidParameter).
 */
export function validateRuleInput(raw: RuleInput, context: RuleValidationContext = {}): SecurityGroupRuleSpec {
  const direction = raw.direction;
  if (direction !== 'ingress' && direction !== 'egress') throw Errors.invalidParameter('Direction');
  const networkType = context.networkType ?? 'vpc';
  const ipProtocol = parseIpProtocol(raw.ipProtocol);
  const portRange = parsePortRange(raw.portRange, ipProtocol, securityGroupErrors.portRange, 'PortRange', true);
  const sourcePortRange = parsePortRange(
    raw.sourcePortRange,
    ipProtocol,
    securityGroupErrors.sourcePortRange,
    'SourcePortRange',
    false,
  );
  const policy = parsePolicy(raw.policy);
  const priority = parsePriority(raw.priority);
  const description = parseRuleDescription(raw.description);

  const sourceV4 = parseCidrField(raw.sourceCidrIp, 4, securityGroupErrors.sourceCidr);
  const destV4 = parseCidrField(raw.destCidrIp, 4, securityGroupErrors.destCidr);
  const sourceV6 = parseCidrField(raw.ipv6SourceCidrIp, 6, securityGroupErrors.ipv6SourceCidr);
  const destV6 = parseCidrField(raw.ipv6DestCidrIp, 6, securityGroupErrors.ipv6DestCidr);
  if (sourceV4 && sourceV6) {
    throw Errors.invalidParameter('Ipv6SourceCidrIp', 'SourceCidrIp and Ipv6SourceCidrIp cannot be specified together.');
  }
  if (destV4 && destV6) {
    throw Errors.invalidParameter('Ipv6DestCidrIp', 'DestCidrIp and Ipv6DestCidrIp cannot be specified together.');
  }
  if (ipProtocol === 'ICMP' && (sourceV6 || destV6)) throw securityGroupErrors.ipv4ProtocolWithIpv6();
  if (ipProtocol === 'ICMPv6' && (sourceV4 || destV4)) throw securityGroupErrors.ipv6ProtocolWithIpv4();

  const ingress = direction === 'ingress';
  const peerCidr = ingress ? sourceV4 ?? sourceV6 : destV4 ?? destV6;
  const localCidr = ingress ? destV4 ?? destV6 : sourceV4 ?? sourceV6;
  if (peerCidr && localCidr && peerCidr.parsed.family !== localCidr.parsed.family) {
    throw ingress ? securityGroupErrors.ipv4ProtocolWithIpv6() : securityGroupErrors.ipv6ProtocolWithIpv4();
  }
  let groupId = text(ingress ? raw.sourceGroupId : raw.destGroupId);
  let groupOwnerAccount = text(ingress ? raw.sourceGroupOwnerAccount : raw.destGroupOwnerAccount);
  let groupOwnerId = text(ingress ? raw.sourceGroupOwnerId : raw.destGroupOwnerId);
  let prefixListId = text(ingress ? raw.sourcePrefixListId : raw.destPrefixListId);
  if (peerCidr) {
    groupId = '';
    groupOwnerAccount = '';
    groupOwnerId = '';
    prefixListId = '';
  } else if (groupId) {
    prefixListId = '';
  } else {
    groupOwnerAccount = '';
    groupOwnerId = '';
  }
  if (!peerCidr && !groupId && !prefixListId) {
    throw ingress ? securityGroupErrors.missingSource() : securityGroupErrors.missingDestination();
  }
  if (groupId) {
    if (context.securityGroupId && groupId === context.securityGroupId) throw securityGroupErrors.selfReference();
    if (context.securityGroupType === 'enterprise') {
      throw Errors.invalidParameter(
        ingress ? 'SourceGroupId' : 'DestGroupId',
        'An enterprise security group cannot use security groups as authorization objects.',
      );
    }
  }

  const nicText = text(raw.nicType).toLowerCase();
  if (nicText !== '' && nicText !== 'internet' && nicText !== 'intranet') throw securityGroupErrors.nicType();
  let nicType: NicType;
  if (networkType === 'vpc') {
    nicType = 'intranet';
  } else if (groupId) {
    if (nicText === 'internet') throw securityGroupErrors.nicTypeMismatch();
    nicType = 'intranet';
  } else {
    nicType = nicText === 'intranet' ? 'intranet' : 'internet';
  }
  if (networkType === 'classic' && ingress && nicType === 'intranet' && sourceV4 && sourceV4.parsed.prefix !== 32) {
    throw securityGroupErrors.sourceCidr();
  }

  const sideSource = ingress ? peerCidr : localCidr;
  const sideDest = ingress ? localCidr : peerCidr;
  return {
    direction,
    ipProtocol,
    portRange,
    sourcePortRange,
    sourceCidrIp: sideSource && sideSource.parsed.family === 4 ? sideSource.stored : '',
    ipv6SourceCidrIp: sideSource && sideSource.parsed.family === 6 ? sideSource.stored : '',
    destCidrIp: sideDest && sideDest.parsed.family === 4 ? sideDest.stored : '',
    ipv6DestCidrIp: sideDest && sideDest.parsed.family === 6 ? sideDest.stored : '',
    sourceGroupId: ingress ? groupId : '',
    sourceGroupOwnerAccount: ingress ? groupOwnerAccount : '',
    sourceGroupOwnerId: ingress ? groupOwnerId : '',
    destGroupId: ingress ? '' : groupId,
    destGroupOwnerAccount: ingress ? '' : groupOwnerAccount,
    destGroupOwnerId: ingress ? '' : groupOwnerId,
    sourcePrefixListId: ingress ? prefixListId : '',
    destPrefixListId: ingress ? '' : prefixListId,
    policy,
    priority,
    nicType,
    description,
  };
}

// ---------------------------------------------------------------------------------------------
// Rule identity

function cidrKey(v4: string, v6: string): string {
  const value = v4 || v6;
  if (!value) return '';
  const parsed = parseCidr(value);
  return parsed ? canonicalCidr(parsed) : value;
}

/**
 * The identity of a rule: two rules with the same key are "the same rule". Authorize stores it once
 * ("Adding a rule that already exists succeeds without creating a duplicate", api
 * AuthorizeSecurityGroup) and Revoke-by-Permissions removes the rule with that key.
 *
 * The key is what the API says determines a rule: the peer (source for ingress, destination for
 * egress: a canonical CIDR, a group with its owner, or a prefix list), PortRange, IpProtocol and
 * Policy (AuthorizeSecurityGroup(Egress) doc "规则确定方式"), plus direction, NicType (classic
 * keeps internet and intranet rules apart, docs/rules/ecs-user-guide.md#security-groups) and the quintuple fields (local CIDR,
 * source port range). Priority and Description are attributes, not identity.
 */
export function ruleKey(rule: SecurityGroupRuleSpec): string {
  const ingress = rule.direction === 'ingress';
  const peerCidr = ingress
    ? cidrKey(rule.sourceCidrIp, rule.ipv6SourceCidrIp)
    : cidrKey(rule.destCidrIp, rule.ipv6DestCidrIp);
  const localCidr = ingress
    ? cidrKey(rule.destCidrIp, rule.ipv6DestCidrIp)
    : cidrKey(rule.sourceCidrIp, rule.ipv6SourceCidrIp);
  const groupId = ingress ? rule.sourceGroupId : rule.destGroupId;
  const owner = ingress
    ? rule.sourceGroupOwnerId || rule.sourceGroupOwnerAccount
    : rule.destGroupOwnerId || rule.destGroupOwnerAccount;
  const prefixList = ingress ? rule.sourcePrefixListId : rule.destPrefixListId;
  const peer = peerCidr ? `cidr:${peerCidr}` : groupId ? `sg:${groupId}@${owner}` : `pl:${prefixList}`;
  return [
    rule.direction,
    rule.nicType,
    rule.ipProtocol,
    rule.portRange,
    rule.sourcePortRange,
    peer,
    `local:${localCidr}`,
    rule.policy,
  ].join('|');
}

// ---------------------------------------------------------------------------------------------
// Adding and removing rules

export interface AddRulesOptions {
  /** ISO time stamped on new rules. */
  now: string;
  limits?: Partial<SecurityGroupLimits>;
  /** Rule id generator (default `sgr-` + region code + random, like the other resource ids). */
  newRuleId?: () => string;
}

export interface AddRulesResult {
  group: SecurityGroupRecord;
  /** Rules created by this call, in request order. */
  added: SecurityGroupRule[];
  /** Requested rules that already existed (or repeated within the call): nothing was created for them. */
  existing: SecurityGroupRule[];
}

function authorizedGroupIds(rules: readonly SecurityGroupRuleSpec[]): Set<string> {
  const ids = new Set<string>();
  for (const r of rules) {
    const id = r.direction === 'ingress' ? r.sourceGroupId : r.destGroupId;
    if (id) ids.add(id);
  }
  return ids;
}

/**
 * AuthorizeSecurityGroup(Egress): adds validated rules. A rule whose `ruleKey` is already in the
 * group (or earlier in the same call) is not added again and the call still succeeds (api).
 * Limits (checked on the result, all or nothing): at most `maxRulesPerGroup` rules (default 100,
 * docs/rules/ecs-user-guide.md#quotas) and, in a basic group, `maxAuthorizedGroups` distinct authorized groups (20, api
 * §2.6); either breach → 403 AuthorizationLimitExceed (the code api AuthorizeSecurityGroup
 * documents for the rule quota; spec E13 only suggests `QuotaExceed.SecurityGroupRule`).
 * Returns a new record; the input is not modified.
 */
export function addRules(
  group: SecurityGroupRecord,
  specs: readonly SecurityGroupRuleSpec[],
  options: AddRulesOptions,
): AddRulesResult {
  const limits = { ...DEFAULT_SECURITY_GROUP_LIMITS, ...options.limits };
  const newRuleId = options.newRuleId ?? (() => newResourceId('sgr', group.regionId));
  const byKey = new Map<string, SecurityGroupRule>();
  for (const r of group.rules) byKey.set(ruleKey(r), r);
  const added: SecurityGroupRule[] = [];
  const existing: SecurityGroupRule[] = [];
  for (const spec of specs) {
    const key = ruleKey(spec);
    const found = byKey.get(key);
    if (found) {
      existing.push(found);
      continue;
    }
    const rule: SecurityGroupRule = { ...spec, ruleId: newRuleId(), creationTime: options.now };
    byKey.set(key, rule);
    added.push(rule);
  }
  const rules = [...group.rules, ...added];
  if (added.length > 0 && rules.length > limits.maxRulesPerGroup) {
    throw securityGroupErrors.ruleLimit(limits.maxRulesPerGroup);
  }
  if (added.length > 0 && group.securityGroupType === 'normal') {
    const before = authorizedGroupIds(group.rules).size;
    const after = authorizedGroupIds(rules).size;
    if (after > before && after > limits.maxAuthorizedGroups) {
      throw securityGroupErrors.authorizedGroupLimit(limits.maxAuthorizedGroups);
    }
  }
  return { group: { ...group, rules }, added, existing };
}

/**
 * What RevokeSecurityGroup(Egress) removes: rules by `SecurityGroupRuleId.N`, or rules matching
 * `Permissions.N` (the two cannot be combined, api RevokeSecurityGroup).
 */
export type RuleMatcher =
  | { direction: RuleDirection; ruleIds: readonly string[] }
  | { direction: RuleDirection; rules: readonly SecurityGroupRuleSpec[] };

export interface RemoveRulesResult {
  group: SecurityGroupRecord;
  removed: SecurityGroupRule[];
}

/**
 * RevokeSecurityGroup(Egress) semantics (api §3.4):
 * - by rule id: every id must name a rule of that direction in the group, else
 *   InvalidParam.SecurityGroupRuleId (since 2024-07-08) and nothing is removed;
 * - by attributes: rules whose `ruleKey` equals a given rule's are removed; no match succeeds and
 *   removes nothing.
 * Returns a new record.
 */
export function removeRules(group: SecurityGroupRecord, matcher: RuleMatcher): RemoveRulesResult {
  let doomed: (rule: SecurityGroupRule) => boolean;
  if ('ruleIds' in matcher) {
    const ids = new Set(matcher.ruleIds);
    for (const id of ids) {
      if (!group.rules.some((r) => r.ruleId === id && r.direction === matcher.direction)) {
        throw securityGroupErrors.unknownRuleId(id);
      }
    }
    doomed = (r) => r.direction === matcher.direction && ids.has(r.ruleId);
  } else {
    const keys = new Set(matcher.rules.filter((r) => r.direction === matcher.direction).map(ruleKey));
    doomed = (r) => r.direction === matcher.direction && keys.has(ruleKey(r));
  }
  const removed = group.rules.filter(doomed);
  return { group: { ...group, rules: group.rules.filter((r) => !doomed(r)) }, removed };
}

// ---------------------------------------------------------------------------------------------
// Default rules

/**
 * The kinds of group the guide gives default rules for (docs/rules/ecs-user-guide.md#security-groups, spec §7.2):
 * - `custom`: a user-created group (CreateSecurityGroup): no rules at all; the implicit policies
 *   (all egress allowed, all ingress dropped, L3112-3117) are `evaluate`'s job.
 * - `system`: a group the system creates: all ICMP, TCP 22, TCP 3389 (L3081-3089).
 * - `vpc-default`: the default group of a VPC: the three rules of the table at L3102-3105, TCP 22/22,
 *   TCP 3389/3389, ICMP -1/-1 from 0.0.0.0/0, Accept, priority 110, so user rules (1-100)
 *   shadow them (L3110). The text before the table ("intranet in and out: allow all 0.0.0.0/0",
 *   L3098-3100) is read as the implicit allow-egress plus intra-group access, not as an
 *   ingress allow-all rule, which would make the table pointless.
 * - `classic-default`: the default group of the classic network: internet ingress only TCP 22,
 *   TCP 3389, ICMP (L3094-3096); intranet ingress denied and all egress allowed, which are the
 *   implicit policies. Priority 110, as all system default rules (spec Q43).
 * - `ec2-default`: the EC2 dialect's new VPC group: one egress rule, all traffic to 0.0.0.0/0, and
 *   no ingress rule (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/Welcome.html). EC2 evaluates egress with an implicit drop.
 * The rules come without ids; pass them to `addRules` (or `newSecurityGroup`).
 */
export type DefaultRuleProfile = 'custom' | 'system' | 'vpc-default' | 'classic-default' | 'ec2-default';

function systemRule(
  direction: RuleDirection,
  ipProtocol: IpProtocol,
  portRange: string,
  cidr: string,
  nicType: NicType,
  priority: number,
): SecurityGroupRuleSpec {
  return {
    direction,
    ipProtocol,
    portRange,
    sourcePortRange: '',
    sourceCidrIp: direction === 'ingress' ? cidr : '',
    destCidrIp: direction === 'egress' ? cidr : '',
    ipv6SourceCidrIp: '',
    ipv6DestCidrIp: '',
    sourceGroupId: '',
    sourceGroupOwnerAccount: '',
    sourceGroupOwnerId: '',
    destGroupId: '',
    destGroupOwnerAccount: '',
    destGroupOwnerId: '',
    sourcePrefixListId: '',
    destPrefixListId: '',
    policy: 'accept',
    priority,
    nicType,
    description: '',
  };
}

export function defaultRules(profile: DefaultRuleProfile): SecurityGroupRuleSpec[] {
  const loginRules = (nicType: NicType): SecurityGroupRuleSpec[] => [
    systemRule('ingress', 'TCP', '22/22', '0.0.0.0/0', nicType, SYSTEM_RULE_PRIORITY),
    systemRule('ingress', 'TCP', '3389/3389', '0.0.0.0/0', nicType, SYSTEM_RULE_PRIORITY),
    systemRule('ingress', 'ICMP', '-1/-1', '0.0.0.0/0', nicType, SYSTEM_RULE_PRIORITY),
  ];
  switch (profile) {
    case 'custom':
      return [];
    case 'system':
    case 'vpc-default':
      return loginRules('intranet');
    case 'classic-default':
      return loginRules('internet');
    case 'ec2-default':
      return [systemRule('egress', 'ALL', '-1/-1', '0.0.0.0/0', 'intranet', MIN_PRIORITY)];
  }
}

/**
 * What applies when no rule matches (aliyun doc "Security group rules": "Basic security groups
 * allow inbound internal traffic from instances in the same group and allow all outbound traffic
 * by default. Enterprise security groups deny both inbound and outbound traffic by default";
 * docs/rules/ecs-user-guide.md#security-groups for custom groups: all egress allowed, all ingress dropped).
 */
export function implicitPolicy(groupType: SecurityGroupType, direction: RuleDirection): RulePolicy {
  if (direction === 'ingress') return 'drop';
  return groupType === 'enterprise' ? 'drop' : 'accept';
}

// ---------------------------------------------------------------------------------------------
// Creating a group

export interface NewSecurityGroupInput {
  securityGroupId: string;
  regionId: string;
  accountId: string;
  vpcId?: string;
  securityGroupName?: string;
  description?: string;
  /** Raw wire value; default normal (api CreateSecurityGroup). */
  securityGroupType?: string;
  /** Already validated (tags.ts `validateTags`). */
  tags?: SecurityGroupTag[];
  /** ISO time. */
  creationTime: string;
  /** Default `custom` (what CreateSecurityGroup makes). */
  defaultRuleProfile?: DefaultRuleProfile;
  resourceGroupId?: string;
  nameProfile?: NameRuleProfile;
  newRuleId?: () => string;
}

/** CreateSecurityGroup: validates name, description and type and returns the new record with its default rules. */
export function newSecurityGroup(input: NewSecurityGroupInput): SecurityGroupRecord {
  const securityGroupName = validateGroupName(input.securityGroupName, input.nameProfile);
  const description = validateDescription(input.description);
  const typeText = (input.securityGroupType ?? '').trim();
  const securityGroupType: SecurityGroupType = typeText === '' ? 'normal' : (typeText as SecurityGroupType);
  if (!SECURITY_GROUP_TYPES.includes(securityGroupType)) throw securityGroupErrors.type();
  const group: SecurityGroupRecord = {
    securityGroupId: input.securityGroupId,
    regionId: input.regionId,
    accountId: input.accountId,
    vpcId: input.vpcId ?? '',
    securityGroupName,
    description,
    securityGroupType,
    innerAccessPolicy: securityGroupType === 'enterprise' ? 'Drop' : 'Accept',
    creationTime: input.creationTime,
    tags: input.tags ? input.tags.map((t) => ({ ...t })) : [],
    rules: [],
    ...(input.resourceGroupId ? { resourceGroupId: input.resourceGroupId } : {}),
  };
  const defaults = defaultRules(input.defaultRuleProfile ?? 'custom');
  if (defaults.length === 0) return group;
  return addRules(group, defaults, { now: input.creationTime, newRuleId: input.newRuleId }).group;
}

/** CreateSecurityGroup quota: 100 groups per user and region (docs/rules/ecs-user-guide.md#quotas) → 403 QuotaExceed.SecurityGroup (api). */
export function checkSecurityGroupQuota(existingGroups: number, limit = DEFAULT_SECURITY_GROUPS_PER_REGION): void {
  if (existingGroups >= limit) throw securityGroupErrors.groupQuota();
}

// ---------------------------------------------------------------------------------------------
// Evaluation

/** A packet as seen by the instance's security groups. */
export interface Packet {
  direction: RuleDirection;
  protocol: Exclude<IpProtocol, 'ALL'>;
  /** Destination port (TCP/UDP). */
  port?: number;
  /** Source port (TCP/UDP), for quintuple rules. */
  sourcePort?: number;
  /** The other end: the source of an ingress packet, the destination of an egress packet. */
  remoteIp: string;
  /** The instance's own address (for quintuple rules); a rule with a local CIDR never matches without it. */
  localIp?: string;
  /**
   * Groups of the peer instance. Only meaningful for traffic over private addresses: for VPC
   * instances a group authorization works only for private IPs (docs/rules/ecs-user-guide.md#security-groups), so pass nothing for
   * internet traffic.
   */
  remoteGroupIds?: readonly string[];
  /** Classic network only: the NIC the packet uses. VPC rules apply to both (docs/rules/ecs-user-guide.md#security-groups). */
  nicType?: NicType;
}

export interface EvaluateOptions {
  /** Override of the implicit ingress policy (default drop for every group type). */
  implicitIngress?: RulePolicy;
  /** Override of the implicit egress policy (default per `implicitPolicy`; the EC2 dialect passes drop). */
  implicitEgress?: RulePolicy;
  /** Drop outbound TCP 25 to public addresses whatever the rules say (docs/rules/ecs-user-guide.md#security-groups). Default true. */
  blockOutboundSmtp?: boolean;
  /** CIDR blocks of prefix lists referenced by rules. A prefix list absent here matches nothing. */
  prefixLists?: Readonly<Record<string, readonly string[]>>;
}

export type VerdictReason = 'rule' | 'intra-group' | 'implicit' | 'port-25-blocked';

export interface Verdict {
  policy: RulePolicy;
  reason: VerdictReason;
  /** The deciding rule when `reason` is `rule`. */
  rule?: SecurityGroupRule;
  /** The group of the deciding rule (or of the intra-group access). */
  securityGroupId?: string;
}

function portInRange(range: string, port: number | undefined): boolean {
  if (range === '' || range === '-1/-1') return true;
  if (port === undefined) return false;
  const [from, to] = range.split('/').map(Number) as [number, number];
  return port >= from && port <= to;
}

function cidrTextContains(cidrText: string, address: { family: IpFamily; value: bigint } | null): boolean {
  if (!address) return false;
  const parsed = parseCidr(cidrText);
  return parsed !== null && cidrContains(parsed, address);
}

function ruleMatches(
  rule: SecurityGroupRule,
  group: SecurityGroupRecord,
  packet: Packet,
  remote: { family: IpFamily; value: bigint } | null,
  local: { family: IpFamily; value: bigint } | null,
  options: EvaluateOptions,
): boolean {
  if (rule.direction !== packet.direction) return false;
  if (rule.ipProtocol !== 'ALL' && rule.ipProtocol !== packet.protocol) return false;
  if (networkTypeOf(group) === 'classic' && packet.nicType && rule.nicType !== packet.nicType) return false;
  if (!portInRange(rule.portRange, packet.port)) return false;
  if (rule.sourcePortRange && !portInRange(rule.sourcePortRange, packet.sourcePort)) return false;
  const ingress = rule.direction === 'ingress';
  const peerCidr = ingress ? rule.sourceCidrIp || rule.ipv6SourceCidrIp : rule.destCidrIp || rule.ipv6DestCidrIp;
  const localCidr = ingress ? rule.destCidrIp || rule.ipv6DestCidrIp : rule.sourceCidrIp || rule.ipv6SourceCidrIp;
  if (localCidr && !cidrTextContains(localCidr, local)) return false;
  if (peerCidr) return cidrTextContains(peerCidr, remote);
  const groupId = ingress ? rule.sourceGroupId : rule.destGroupId;
  if (groupId) return (packet.remoteGroupIds ?? []).includes(groupId);
  const prefixList = ingress ? rule.sourcePrefixListId : rule.destPrefixListId;
  const blocks = options.prefixLists?.[prefixList] ?? [];
  return blocks.some((c) => cidrTextContains(c, remote));
}

/**
 * Whether the instance's security groups accept a packet (docs/rules/ecs-user-guide.md#security-groups; api §2.6).
 *
 * 1. Outbound TCP 25 to a public address is dropped (docs/rules/ecs-user-guide.md#security-groups: blocked, cannot be opened).
 * 2. The matching rules of all the instance's groups (an instance has up to 5, docs/rules/ecs-user-guide.md#quotas) are
 *    pooled. The lowest priority number wins (L3271, L3278); among rules of that priority, Drop
 *    beats Accept (L3276, L3180). So a priority-110 system rule loses to any user rule.
 * 3. No rule matches: ingress from an instance that shares a group whose InnerAccessPolicy is
 *    Accept is accepted (instances of one basic group talk to each other by default, L2922);
 *    otherwise the implicit policy: ingress drop; egress accept for basic groups, drop for
 *    enterprise groups (`implicitPolicy`). With groups of both types (which Alibaba forbids on
 *    one instance) egress is accepted if any basic group is present.
 */
export function evaluate(
  groups: SecurityGroupRecord | readonly SecurityGroupRecord[],
  packet: Packet,
  options: EvaluateOptions = {},
): Verdict {
  const list: readonly SecurityGroupRecord[] = Array.isArray(groups)
    ? (groups as readonly SecurityGroupRecord[])
    : [groups as SecurityGroupRecord];
  const remote = parseAddress(packet.remoteIp.trim());
  const local = packet.localIp ? parseAddress(packet.localIp.trim()) : null;

  if (
    (options.blockOutboundSmtp ?? true) &&
    packet.direction === 'egress' &&
    packet.protocol === 'TCP' &&
    packet.port === 25 &&
    remote !== null &&
    !isPrivateAddress(remote)
  ) {
    return { policy: 'drop', reason: 'port-25-blocked' };
  }

  let best: { rule: SecurityGroupRule; group: SecurityGroupRecord } | undefined;
  for (const group of list) {
    for (const rule of group.rules) {
      if (!ruleMatches(rule, group, packet, remote, local, options)) continue;
      if (
        !best ||
        rule.priority < best.rule.priority ||
        (rule.priority === best.rule.priority && rule.policy === 'drop' && best.rule.policy === 'accept')
      ) {
        best = { rule, group };
      }
    }
  }
  if (best) {
    return { policy: best.rule.policy, reason: 'rule', rule: best.rule, securityGroupId: best.group.securityGroupId };
  }

  if (packet.direction === 'ingress') {
    const shared = list.find(
      (g) => g.innerAccessPolicy === 'Accept' && (packet.remoteGroupIds ?? []).includes(g.securityGroupId),
    );
    if (shared) return { policy: 'accept', reason: 'intra-group', securityGroupId: shared.securityGroupId };
    return { policy: options.implicitIngress ?? 'drop', reason: 'implicit' };
  }
  const egress =
    options.implicitEgress ??
    (list.length === 0 || list.some((g) => implicitPolicy(g.securityGroupType, 'egress') === 'accept')
      ? 'accept'
      : 'drop');
  return { policy: egress, reason: 'implicit' };
}

// ---------------------------------------------------------------------------------------------
// Wire views (ECS)

/** `yyyy-MM-ddTHH:mm:ssZ` (api §0: security group and rule times are given to the second). */
function toEcsSecondsTime(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 19)}Z`;
}

export interface PermissionViewContext {
  /** Resolves the names of referenced groups (`SourceGroupName` / `DestGroupName`); '' when unknown. */
  groupNameOf?: (securityGroupId: string) => string | undefined;
  /** Resolves prefix list names; '' when unknown. */
  prefixListNameOf?: (prefixListId: string) => string | undefined;
}

/**
 * One `Permissions.Permission[]` item of DescribeSecurityGroupAttribute, with exactly the fields the
 * reference lists (api §3.4; the SDK model `DescribeSecurityGroupAttributeResponseBodyPermissionsPermission`).
 * `Priority` is a string on the wire; `Policy` is `Accept` / `Drop` like `InnerAccessPolicy`.
 * Port range lists are not modelled: their fields are empty.
 */
export function renderPermission(rule: SecurityGroupRule, context: PermissionViewContext = {}): Record<string, string> {
  const name = (id: string): string => (id ? context.groupNameOf?.(id) ?? '' : '');
  const prefixListName = (id: string): string => (id ? context.prefixListNameOf?.(id) ?? '' : '');
  return {
    SecurityGroupRuleId: rule.ruleId,
    Direction: rule.direction,
    IpProtocol: rule.ipProtocol,
    PortRange: rule.portRange,
    SourcePortRange: rule.sourcePortRange,
    SourceCidrIp: rule.sourceCidrIp,
    Ipv6SourceCidrIp: rule.ipv6SourceCidrIp,
    SourceGroupId: rule.sourceGroupId,
    SourceGroupName: name(rule.sourceGroupId),
    SourceGroupOwnerAccount: rule.sourceGroupOwnerAccount || rule.sourceGroupOwnerId,
    SourcePrefixListId: rule.sourcePrefixListId,
    SourcePrefixListName: prefixListName(rule.sourcePrefixListId),
    DestCidrIp: rule.destCidrIp,
    Ipv6DestCidrIp: rule.ipv6DestCidrIp,
    DestGroupId: rule.destGroupId,
    DestGroupName: name(rule.destGroupId),
    DestGroupOwnerAccount: rule.destGroupOwnerAccount || rule.destGroupOwnerId,
    DestPrefixListId: rule.destPrefixListId,
    DestPrefixListName: prefixListName(rule.destPrefixListId),
    Policy: rule.policy === 'drop' ? 'Drop' : 'Accept',
    Priority: String(rule.priority),
    NicType: rule.nicType,
    PortRangeListId: '',
    PortRangeListName: '',
    Description: rule.description,
    CreateTime: toEcsSecondsTime(rule.creationTime),
  };
}

export interface SecurityGroupAttributeQuery {
  /** `egress`, `ingress` or `all` (default), api DescribeSecurityGroupAttribute. */
  direction?: RuleDirection | 'all';
  /**
   * Classic groups only: which NIC's rules to show, default `internet` (api). VPC groups have only
   * intranet rules, which are shown whatever is asked.
   */
  nicType?: NicType;
}

/** The DescribeSecurityGroupAttribute body without RequestId and paging. */
export function renderSecurityGroupAttribute(
  group: SecurityGroupRecord,
  query: SecurityGroupAttributeQuery = {},
  context: PermissionViewContext = {},
): Record<string, unknown> {
  const direction = query.direction ?? 'all';
  const classic = networkTypeOf(group) === 'classic';
  const nicType = query.nicType ?? 'internet';
  const rules = group.rules.filter(
    (r) => (direction === 'all' || r.direction === direction) && (!classic || r.nicType === nicType),
  );
  return {
    SecurityGroupId: group.securityGroupId,
    SecurityGroupName: group.securityGroupName,
    Description: group.description,
    VpcId: group.vpcId,
    RegionId: group.regionId,
    InnerAccessPolicy: group.innerAccessPolicy,
    Permissions: { Permission: rules.map((r) => renderPermission(r, context)) },
  };
}

export interface SecurityGroupViewContext {
  /** Instances (ENIs) in the group (`EcsCount`). */
  ecsCount?: number;
  /** Instances per group (docs/rules/ecs-user-guide.md#quotas, spec Q16: 1,000); `AvailableInstanceAmount` = capacity − count. */
  instanceCapacity?: number;
}

/** One `SecurityGroups.SecurityGroup[]` item of DescribeSecurityGroups (api §3.4). */
export function renderSecurityGroup(
  group: SecurityGroupRecord,
  context: SecurityGroupViewContext = {},
): Record<string, unknown> {
  const ecsCount = context.ecsCount ?? 0;
  return {
    SecurityGroupId: group.securityGroupId,
    SecurityGroupName: group.securityGroupName,
    Description: group.description,
    SecurityGroupType: group.securityGroupType,
    VpcId: group.vpcId,
    CreationTime: toEcsSecondsTime(group.creationTime),
    EcsCount: ecsCount,
    AvailableInstanceAmount: Math.max(0, (context.instanceCapacity ?? 1000) - ecsCount),
    RuleCount: group.rules.length,
    GroupToGroupRuleCount: group.rules.filter((r) => r.sourceGroupId || r.destGroupId).length,
    ResourceGroupId: group.resourceGroupId ?? '',
    ServiceManaged: group.serviceManaged ?? false,
    Tags: { Tag: group.tags.map((t) => ({ TagKey: t.key, TagValue: t.value })) },
  };
}
