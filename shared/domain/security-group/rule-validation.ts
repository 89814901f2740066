import { ApiError, Errors } from '../errors';
import { securityGroupErrors } from './errors';
import { type IpFamily, parseCidr, type ParsedCidr, storedCidrText } from './ip-address';
import { MAX_PRIORITY, MIN_PRIORITY } from './limits';
import { codePointLength } from './names';
import {
  IP_PROTOCOLS,
  type IpProtocol,
  type NetworkType,
  networkTypeOf,
  type NicType,
  type RuleDirection,
  type RulePolicy,
  type SecurityGroupRecord,
  type SecurityGroupRuleSpec,
  type SecurityGroupType,
} from './record';

/** One rule from the wire (`Permissions.N.*`) validated and normalised (sources: see index.ts). */

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

export const text = (v: string | number | undefined): string => (v === undefined || v === null ? '' : String(v).trim());

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
function parsePortRange(raw: string | undefined, protocol: IpProtocol, malformed: () => ApiError, parameterName: string, required: boolean): string {
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

function parseCidrField(raw: string | undefined, family: IpFamily, malformed: () => ApiError): { stored: string; parsed: ParsedCidr } | null {
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
 *   (L3203); the sandbox moves no packets, so such a rule is stored like any other.
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
  const sourcePortRange = parsePortRange(raw.sourcePortRange, ipProtocol, securityGroupErrors.sourcePortRange, 'SourcePortRange', false);
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
  const peerCidr = ingress ? (sourceV4 ?? sourceV6) : (destV4 ?? destV6);
  const localCidr = ingress ? (destV4 ?? destV6) : (sourceV4 ?? sourceV6);
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
