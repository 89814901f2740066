import { describeSecurityGroups as describeGroupsQuery, type SecurityGroupQuery } from '../../../actions/security-groups/queries';
import { ApiError } from '../../../domain/errors';
import { defaultVpcId } from '../../../domain/network';
import type { IpProtocol, RuleDirection, RuleInput, SecurityGroupRecord, SecurityGroupRule, SecurityGroupRuleSpec } from '../../../domain/security-group';
import { Ec2Errors, type Ec2Call } from '../adapter';
import { checkIds, type Tag } from '../views';

/**
 * The EC2 view of security groups, from the group records of the typed query
 * (shared/actions/security-groups/queries.ts), and the EC2 permission (`IpPermissions.N.*`, or
 * the legacy top-level `IpProtocol`/`FromPort`/`ToPort`/`CidrIp`) as the typed rule input: an
 * ECS `accept` rule of priority 1 (EC2 has only allow rules).
 */

export const GroupErrors = {
  notFound: (id: string) => new ApiError('InvalidGroup.NotFound', 400, `The security group '${id}' does not exist`),
  nameNotFound: (name: string, vpcId: string) =>
    new ApiError('InvalidGroup.NotFound', 400, `The security group '${name}' does not exist in default VPC '${vpcId}'`),
  duplicate: (name: string, vpcId: string) => new ApiError('InvalidGroup.Duplicate', 400, `The security group '${name}' already exists for VPC '${vpcId}'`),
  dependency: (id: string) => new ApiError('DependencyViolation', 400, `resource ${id} has a dependent object`),
  duplicateRule: (peer: string, proto: string, from?: number, to?: number) =>
    new ApiError(
      'InvalidPermission.Duplicate',
      400,
      `the specified rule "peer: ${peer}, ${proto}${from !== undefined && proto !== 'ALL' ? `, from port: ${from}, to port: ${to}` : ''}, ALLOW" already exists`,
    ),
  ruleNotFound: () => new ApiError('InvalidPermission.NotFound', 400, 'The specified rule does not exist in this security group.'),
  ruleMalformed: (message: string) => new ApiError('InvalidPermission.Malformed', 400, message),
  ruleLimit: () => new ApiError('RulesPerSecurityGroupLimitExceeded', 400, 'The maximum number of rules per security group has been reached.'),
};

export interface IpPermission {
  IpProtocol?: string;
  FromPort?: number;
  ToPort?: number;
  IpRanges?: { CidrIp?: string; Description?: string }[];
  Ipv6Ranges?: { CidrIpv6?: string; Description?: string }[];
  UserIdGroupPairs?: { GroupId?: string; GroupName?: string; UserId?: string; Description?: string }[];
  PrefixListIds?: { PrefixListId?: string; Description?: string }[];
}

// ---------------------------------------------------------------------------------------------
// Protocols and permissions

const PROTOCOL_FROM_EC2: Record<string, IpProtocol> = {
  '-1': 'ALL',
  all: 'ALL',
  tcp: 'TCP',
  '6': 'TCP',
  udp: 'UDP',
  '17': 'UDP',
  icmp: 'ICMP',
  '1': 'ICMP',
  icmpv6: 'ICMPv6',
  '58': 'ICMPv6',
  gre: 'GRE',
  '47': 'GRE',
};
export const PROTOCOL_TO_EC2: Record<string, string> = { ALL: '-1', TCP: 'tcp', UDP: 'udp', ICMP: 'icmp', ICMPv6: 'icmpv6', GRE: '47' };

function protocolOf(p: string | undefined): IpProtocol {
  const v = PROTOCOL_FROM_EC2[(p ?? '').toLowerCase()];
  if (!v) throw Ec2Errors.invalidParameterValue(`Invalid value '${p ?? ''}' for IP protocol. Unknown protocol.`);
  return v;
}

/** EC2 ports → a rule's port range (`22/22`; `-1/-1` where a protocol takes no ports: ALL, ICMP, GRE). */
function portRangeOf(protocol: IpProtocol, from: number | undefined, to: number | undefined): string {
  if (protocol === 'TCP' || protocol === 'UDP') {
    if (from === undefined || to === undefined) {
      throw Ec2Errors.invalidParameterValue("Invalid value 'Must specify both from and to ports with TCP/UDP.' for portRange.");
    }
    if (from < 0 || to > 65535 || from > to) throw Ec2Errors.invalidParameterValue(`Invalid value '${from}-${to}' for portRange.`);
    // EC2 writes "all ports" as 0-65535; the lowest port a rule takes is 1.
    return `${Math.max(1, from)}/${to}`;
  }
  return '-1/-1';
}

/** One rule per peer of each EC2 permission, as the typed rule input (an allow rule of priority 1). */
export function ruleInputs(perms: IpPermission[], direction: RuleDirection, groupIdOfName: (name: string) => string | undefined): RuleInput[] {
  const rules: RuleInput[] = [];
  const ingress = direction === 'ingress';
  for (const p of perms) {
    const ipProtocol = protocolOf(p.IpProtocol);
    const base: RuleInput = { direction, ipProtocol, portRange: portRangeOf(ipProtocol, p.FromPort, p.ToPort), policy: 'accept', priority: 1 };
    const described = (d: string | undefined) => (d ? { description: d } : {});
    for (const r of p.IpRanges ?? []) rules.push({ ...base, [ingress ? 'sourceCidrIp' : 'destCidrIp']: r.CidrIp ?? '', ...described(r.Description) });
    for (const r of p.Ipv6Ranges ?? [])
      rules.push({ ...base, [ingress ? 'ipv6SourceCidrIp' : 'ipv6DestCidrIp']: r.CidrIpv6 ?? '', ...described(r.Description) });
    for (const g of p.UserIdGroupPairs ?? []) {
      const id = g.GroupId ?? (g.GroupName ? groupIdOfName(g.GroupName) : undefined);
      if (!id) throw GroupErrors.notFound(g.GroupName ?? '');
      rules.push({
        ...base,
        [ingress ? 'sourceGroupId' : 'destGroupId']: id,
        ...(g.UserId ? { [ingress ? 'sourceGroupOwnerAccount' : 'destGroupOwnerAccount']: g.UserId } : {}),
        ...described(g.Description),
      });
    }
    if ((p.PrefixListIds ?? []).length) throw Ec2Errors.unsupported('Prefix lists are not supported by this sandbox.');
    if (!p.IpRanges?.length && !p.Ipv6Ranges?.length && !p.UserIdGroupPairs?.length) {
      throw Ec2Errors.missingParameter('IpPermissions.1.IpRanges (or Ipv6Ranges, Groups)');
    }
  }
  return rules;
}

export const portsOf = (range: string): [number, number] => {
  const [a, b] = range.split('/').map(Number);
  return [a ?? -1, b ?? -1];
};

/** A rule's peer and ports as EC2's `InvalidPermission.Duplicate` message names them. */
export function duplicateRuleError(rule: SecurityGroupRuleSpec): ApiError {
  const ingress = rule.direction === 'ingress';
  const peer = ingress ? rule.sourceCidrIp || rule.ipv6SourceCidrIp || rule.sourceGroupId : rule.destCidrIp || rule.ipv6DestCidrIp || rule.destGroupId;
  const [from, to] = portsOf(rule.portRange);
  return GroupErrors.duplicateRule(peer, rule.ipProtocol, from, to);
}

/** The allow rules of one direction → EC2 permissions grouped by protocol and ports. */
function ec2Permissions(rules: readonly SecurityGroupRule[], direction: RuleDirection, accountId: string): IpPermission[] {
  const out = new Map<string, IpPermission>();
  for (const r of rules) {
    if (r.direction !== direction || r.policy === 'drop') continue;
    const protocol = PROTOCOL_TO_EC2[r.ipProtocol] ?? r.ipProtocol.toLowerCase();
    const [from, to] = portsOf(r.portRange);
    const key = `${protocol}|${r.portRange}`;
    let p = out.get(key);
    if (!p) {
      p = {
        IpProtocol: protocol,
        ...(protocol === '-1' || protocol === '47' ? {} : { FromPort: from, ToPort: to }),
        IpRanges: [],
        Ipv6Ranges: [],
        UserIdGroupPairs: [],
        PrefixListIds: [],
      };
      out.set(key, p);
    }
    const ingress = direction === 'ingress';
    const v4 = ingress ? r.sourceCidrIp : r.destCidrIp;
    const v6 = ingress ? r.ipv6SourceCidrIp : r.ipv6DestCidrIp;
    const group = ingress ? r.sourceGroupId : r.destGroupId;
    const owner = ingress ? r.sourceGroupOwnerAccount || r.sourceGroupOwnerId : r.destGroupOwnerAccount || r.destGroupOwnerId;
    const desc = r.description ? { Description: r.description } : {};
    if (v4) p.IpRanges!.push({ CidrIp: v4, ...desc });
    if (v6) p.Ipv6Ranges!.push({ CidrIpv6: v6, ...desc });
    if (group) p.UserIdGroupPairs!.push({ GroupId: group, UserId: owner || accountId, ...desc });
  }
  return [...out.values()];
}

export const groupArn = (call: Ec2Call, groupId: string) => `arn:aws:ec2:${call.region}:${call.accountId}:security-group/${groupId}`;

/** A group under EC2's member names (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_SecurityGroup.html). */
export function ec2Group(call: Ec2Call, g: SecurityGroupRecord) {
  return {
    GroupId: g.securityGroupId,
    GroupName: g.securityGroupName,
    Description: g.description,
    OwnerId: call.accountId,
    VpcId: g.vpcId,
    SecurityGroupArn: groupArn(call, g.securityGroupId),
    IpPermissions: ec2Permissions(g.rules, 'ingress', call.accountId),
    // A basic (normal) group with no egress rule lets every packet out: EC2 writes that as its default rule.
    // Once EC2 changed the egress rules a hidden drop-all rule is stored (security-group-egress.ts), so no rule shown means none.
    IpPermissionsEgress:
      !g.rules.some((r) => r.direction === 'egress') && g.securityGroupType !== 'enterprise'
        ? [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [], UserIdGroupPairs: [], PrefixListIds: [] }]
        : ec2Permissions(g.rules, 'egress', call.accountId),
    Tags: g.tags.map((t): Tag => ({ Key: t.key, Value: t.value })),
  };
}

/** An added rule under EC2's `SecurityGroupRule` member names (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_SecurityGroupRule.html). */
export function ec2RuleOf(call: Ec2Call, groupId: string, r: SecurityGroupRule) {
  const egress = r.direction === 'egress';
  const [from, to] = portsOf(r.portRange);
  const protocol = PROTOCOL_TO_EC2[r.ipProtocol] ?? r.ipProtocol.toLowerCase();
  const v4 = egress ? r.destCidrIp : r.sourceCidrIp;
  const v6 = egress ? r.ipv6DestCidrIp : r.ipv6SourceCidrIp;
  const peerGroup = egress ? r.destGroupId : r.sourceGroupId;
  const owner = egress ? r.destGroupOwnerAccount || r.destGroupOwnerId : r.sourceGroupOwnerAccount || r.sourceGroupOwnerId;
  const allPorts = protocol === '-1' || protocol === '47';
  return {
    SecurityGroupRuleId: r.ruleId,
    GroupId: groupId,
    GroupOwnerId: call.accountId,
    IsEgress: egress,
    IpProtocol: protocol,
    FromPort: allPorts ? -1 : from,
    ToPort: allPorts ? -1 : to,
    ...(v4 ? { CidrIpv4: v4 } : {}),
    ...(v6 ? { CidrIpv6: v6 } : {}),
    ...(peerGroup ? { ReferencedGroupInfo: { GroupId: peerGroup, UserId: owner || call.accountId } } : {}),
    ...(r.description ? { Description: r.description } : {}),
    SecurityGroupRuleArn: `arn:aws:ec2:${call.region}:${call.accountId}:security-group-rule/${r.ruleId}`,
    Tags: [] as Tag[],
  };
}

// ---------------------------------------------------------------------------------------------
// Reading groups through the typed query

/** The stored groups of the call's region the query finds. */
export async function groupsOf(call: Ec2Call, query: Omit<SecurityGroupQuery, 'regionId'> = {}, dryRun?: boolean): Promise<SecurityGroupRecord[]> {
  return (await call.perform(describeGroupsQuery, { regionId: call.region, ...query }, { dryRun })).groups;
}

/** The group named by `GroupId` or (default VPC) `GroupName`. */
export async function resolveGroup(call: Ec2Call, input: { GroupId?: string; GroupName?: string }): Promise<SecurityGroupRecord> {
  if (input.GroupId) checkIds([input.GroupId], 'InvalidGroupId.Malformed', ['sg'], 'sg');
  if (!input.GroupId && !input.GroupName) throw Ec2Errors.missingParameter('GroupId');
  const [g] = await groupsOf(call, input.GroupId ? { ids: [input.GroupId] } : { names: [input.GroupName!] });
  if (!g) throw input.GroupId ? GroupErrors.notFound(input.GroupId) : GroupErrors.nameNotFound(input.GroupName!, defaultVpcId(call.accountId, call.region));
  return g;
}

/** A lookup of group ids by name (`UserIdGroupPairs.N.GroupName`), read only when a permission names a group by name. */
export async function groupIdsByName(call: Ec2Call, perms: IpPermission[]): Promise<(name: string) => string | undefined> {
  const names = [...new Set(perms.flatMap((p) => (p.UserIdGroupPairs ?? []).filter((g) => !g.GroupId && g.GroupName).map((g) => g.GroupName!)))];
  if (!names.length) return () => undefined;
  const found = await groupsOf(call, { names });
  return (name) => found.find((g) => g.securityGroupName === name)?.securityGroupId;
}

/** The errors of the rule-level actions, which name rules by `sgr-` id. */
export const RuleErrors = {
  ruleIdNotFound: (id: string) => new ApiError('InvalidSecurityGroupRuleId.NotFound', 400, `The security group rule ID '${id}' does not exist`),
  ruleIdMalformed: (id: string) => Ec2Errors.malformedId('InvalidSecurityGroupRuleId.Malformed', id, 'sgr'),
};

/** For the rule-level actions: a rule id must look like `sgr-…`. */
export function checkRuleIds(ids: string[] | undefined): void {
  for (const id of ids ?? []) if (!/^sgr-[0-9a-z]+$/.test(id)) throw RuleErrors.ruleIdMalformed(id);
}
