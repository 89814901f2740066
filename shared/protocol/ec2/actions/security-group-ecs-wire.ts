import { describeSecurityGroups as describeGroupsQuery } from '../../../actions/security-groups/queries';
import { virtualDefaultRuleId } from '../../../domain/security-group';
import type { Tag } from '../views';
import { ApiError } from '../../../domain/errors';
import { renderPermission, type SecurityGroupRecord } from '../../../domain/security-group';
import { Ec2Errors, type Ec2Call } from '../adapter';
import { GroupErrors, portsOf, PROTOCOL_TO_EC2, resolveGroup as resolveGroupRecord, type IpPermission } from './security-group-view';

/**
 * What the EC2 rule-level and egress adapters not converted to the typed rule operations yet
 * (security-group-rules.ts, security-group-egress.ts) still read and send: groups and rules in the
 * ECS wire shapes (read through the typed query, not an ECS action), EC2 permissions as ECS
 * `Permissions.N` entries, and the ECS error codes of those ECS actions mapped to EC2's.
 */

export { portsOf };

export interface EcsGroup {
  SecurityGroupId: string;
  SecurityGroupName: string;
  Description: string;
  SecurityGroupType: string;
  VpcId: string;
  Tags: unknown;
}
export interface EcsPermission {
  SecurityGroupRuleId: string;
  Direction: 'ingress' | 'egress';
  IpProtocol: string;
  PortRange: string;
  SourceCidrIp: string;
  Ipv6SourceCidrIp: string;
  SourceGroupId: string;
  SourceGroupOwnerAccount: string;
  DestCidrIp: string;
  Ipv6DestCidrIp: string;
  DestGroupId: string;
  DestGroupOwnerAccount: string;
  Policy: string;
  Description: string;
}

const ecsGroupOf = (g: SecurityGroupRecord): EcsGroup => ({
  SecurityGroupId: g.securityGroupId,
  SecurityGroupName: g.securityGroupName,
  Description: g.description,
  SecurityGroupType: g.securityGroupType,
  VpcId: g.vpcId,
  Tags: g.tags.map((t) => ({ Key: t.key, Value: t.value })),
});

export async function ecsGroups(call: Ec2Call, dryRun?: boolean): Promise<EcsGroup[]> {
  return (await call.perform(describeGroupsQuery, { regionId: call.region }, { dryRun })).groups.map(ecsGroupOf);
}

export async function rulesOf(call: Ec2Call, groupId: string): Promise<EcsPermission[]> {
  const [g] = (await call.perform(describeGroupsQuery, { regionId: call.region, ids: [groupId] })).groups;
  if (!g) throw GroupErrors.notFound(groupId);
  return g.rules.map((r) => renderPermission(r) as unknown as EcsPermission);
}

export async function resolveGroup(call: Ec2Call, input: { GroupId?: string; GroupName?: string }): Promise<EcsGroup> {
  return ecsGroupOf(await resolveGroupRecord(call, input));
}

const PROTOCOL_TO_ECS: Record<string, string> = {
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

function ecsProtocol(p: string | undefined): string {
  const v = PROTOCOL_TO_ECS[(p ?? '').toLowerCase()];
  if (!v) throw Ec2Errors.invalidParameterValue(`Invalid value '${p ?? ''}' for IP protocol. Unknown protocol.`);
  return v;
}

/** EC2 ports → an ECS PortRange (`22/22`; `-1/-1` where ECS takes no ports: ALL, ICMP, GRE). */
function ecsPortRange(protocol: string, from: number | undefined, to: number | undefined): string {
  if (protocol === 'TCP' || protocol === 'UDP') {
    if (from === undefined || to === undefined) {
      throw Ec2Errors.invalidParameterValue("Invalid value 'Must specify both from and to ports with TCP/UDP.' for portRange.");
    }
    if (from < 0 || to > 65535 || from > to) throw Ec2Errors.invalidParameterValue(`Invalid value '${from}-${to}' for portRange.`);
    // EC2 writes "all ports" as 0-65535; ECS's lowest port is 1.
    return `${Math.max(1, from)}/${to}`;
  }
  return '-1/-1';
}

/** One ECS rule per peer of each EC2 permission. */
export function ecsRules(perms: IpPermission[], direction: 'ingress' | 'egress', groupIdOfName: Map<string, string>): Record<string, string>[] {
  const rules: Record<string, string>[] = [];
  const peerField =
    direction === 'ingress'
      ? { v4: 'SourceCidrIp', v6: 'Ipv6SourceCidrIp', group: 'SourceGroupId', owner: 'SourceGroupOwnerAccount' }
      : { v4: 'DestCidrIp', v6: 'Ipv6DestCidrIp', group: 'DestGroupId', owner: 'DestGroupOwnerAccount' };
  for (const p of perms) {
    const protocol = ecsProtocol(p.IpProtocol);
    const portRange = ecsPortRange(protocol, p.FromPort, p.ToPort);
    const base = { IpProtocol: protocol, PortRange: portRange, Policy: 'accept', Priority: '1' };
    for (const r of p.IpRanges ?? []) rules.push({ ...base, [peerField.v4]: r.CidrIp ?? '', ...(r.Description ? { Description: r.Description } : {}) });
    for (const r of p.Ipv6Ranges ?? []) rules.push({ ...base, [peerField.v6]: r.CidrIpv6 ?? '', ...(r.Description ? { Description: r.Description } : {}) });
    for (const g of p.UserIdGroupPairs ?? []) {
      const id = g.GroupId ?? (g.GroupName ? groupIdOfName.get(g.GroupName) : undefined);
      if (!id) throw GroupErrors.notFound(g.GroupName ?? '');
      rules.push({
        ...base,
        [peerField.group]: id,
        ...(g.UserId ? { [peerField.owner]: g.UserId } : {}),
        ...(g.Description ? { Description: g.Description } : {}),
      });
    }
    if ((p.PrefixListIds ?? []).length) throw Ec2Errors.unsupported('Prefix lists are not supported by this sandbox.');
    if (!p.IpRanges?.length && !p.Ipv6Ranges?.length && !p.UserIdGroupPairs?.length) {
      throw Ec2Errors.missingParameter('IpPermissions.1.IpRanges (or Ipv6Ranges, Groups)');
    }
  }
  return rules;
}

export const ruleFailures = (e: ApiError): ApiError | undefined => {
  if (e.code === 'InvalidSecurityGroupId.NotFound') return undefined;
  if (/^Invalid(SourceCidrIp|DestCidrIp|Param\.Ipv6|IpPortRange|IpProtocol)/.test(e.code) || e.code === 'OperationDenied') {
    return new ApiError('InvalidPermission.Malformed', 400, e.message);
  }
  if (e.code === 'InvalidSourceGroupId.NotFound') return new ApiError('InvalidGroup.NotFound', 400, e.message);
  if (e.code === 'AuthorizationLimitExceed')
    return new ApiError('RulesPerSecurityGroupLimitExceeded', 400, 'The maximum number of rules per security group has been reached.');
  return undefined;
};

// ---------------------------------------------------------------------------------------------
// The EC2 rule view in ECS shapes, for the rule-level adapters (security-group-rules.ts)

export const DEFAULT_EGRESS = { IpProtocol: 'ALL', PortRange: '-1/-1', DestCidrIp: '0.0.0.0/0', Policy: 'accept', Priority: '1' };

export const RuleErrors = {
  limit: () => new ApiError('RulesPerSecurityGroupLimitExceeded', 400, 'The maximum number of rules per security group has been reached.'),
  ruleIdNotFound: (id: string) => new ApiError('InvalidSecurityGroupRuleId.NotFound', 400, `The security group rule ID '${id}' does not exist`),
  ruleIdMalformed: (id: string) => Ec2Errors.malformedId('InvalidSecurityGroupRuleId.Malformed', id, 'sgr'),
};

export { virtualDefaultRuleId };

export const isAccept = (r: EcsPermission) => r.Policy !== 'Drop' && r.Policy !== 'drop';

/** The group's rules as EC2 sees them: accept rules only, plus the default egress rule while no egress rule is stored. */
export function ec2RuleView(group: EcsGroup, stored: EcsPermission[]): EcsPermission[] {
  const accepted = stored.filter(isAccept);
  if (stored.some((r) => r.Direction === 'egress') || group.SecurityGroupType === 'enterprise') return accepted;
  return [
    ...accepted,
    {
      SecurityGroupRuleId: virtualDefaultRuleId(group.SecurityGroupId),
      Direction: 'egress',
      IpProtocol: 'ALL',
      PortRange: '-1/-1',
      SourceCidrIp: '',
      Ipv6SourceCidrIp: '',
      SourceGroupId: '',
      SourceGroupOwnerAccount: '',
      DestCidrIp: '0.0.0.0/0',
      Ipv6DestCidrIp: '',
      DestGroupId: '',
      DestGroupOwnerAccount: '',
      Policy: 'Accept',
      Description: '',
    },
  ];
}

/** One ECS permission as an EC2 `SecurityGroupRule` (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_SecurityGroupRule.html). */
export function ec2Rule(call: Ec2Call, groupId: string, r: EcsPermission) {
  const egress = r.Direction === 'egress';
  const [from, to] = portsOf(r.PortRange);
  const protocol = PROTOCOL_TO_EC2[r.IpProtocol] ?? r.IpProtocol.toLowerCase();
  const v4 = egress ? r.DestCidrIp : r.SourceCidrIp;
  const v6 = egress ? r.Ipv6DestCidrIp : r.Ipv6SourceCidrIp;
  const peerGroup = egress ? r.DestGroupId : r.SourceGroupId;
  const owner = egress ? r.DestGroupOwnerAccount : r.SourceGroupOwnerAccount;
  const allPorts = protocol === '-1' || protocol === '47';
  return {
    SecurityGroupRuleId: r.SecurityGroupRuleId,
    GroupId: groupId,
    GroupOwnerId: call.accountId,
    IsEgress: egress,
    IpProtocol: protocol,
    FromPort: allPorts ? -1 : from,
    ToPort: allPorts ? -1 : to,
    ...(v4 ? { CidrIpv4: v4 } : {}),
    ...(v6 ? { CidrIpv6: v6 } : {}),
    ...(peerGroup ? { ReferencedGroupInfo: { GroupId: peerGroup, UserId: owner || call.accountId } } : {}),
    ...(r.Description ? { Description: r.Description } : {}),
    SecurityGroupRuleArn: `arn:aws:ec2:${call.region}:${call.accountId}:security-group-rule/${r.SecurityGroupRuleId}`,
    Tags: [] as Tag[],
  };
}

/** Whether an ECS rule of the view is the rule an ECS permission (as ecsRules makes it) names: EC2's identity, peer + protocol + ports. */
export function sameEc2Rule(direction: 'ingress' | 'egress', want: Record<string, string>, r: EcsPermission): boolean {
  const ingress = direction === 'ingress';
  return (
    r.Direction === direction &&
    isAccept(r) &&
    r.IpProtocol === want.IpProtocol &&
    r.PortRange === want.PortRange &&
    (ingress ? r.SourceCidrIp : r.DestCidrIp || '') === ((ingress ? want.SourceCidrIp : want.DestCidrIp) ?? '') &&
    (ingress ? r.Ipv6SourceCidrIp : r.Ipv6DestCidrIp || '') === ((ingress ? want.Ipv6SourceCidrIp : want.Ipv6DestCidrIp) ?? '') &&
    (ingress ? r.SourceGroupId : r.DestGroupId || '') === ((ingress ? want.SourceGroupId : want.DestGroupId) ?? '')
  );
}

/** For the rule-level actions: a rule id must look like `sgr-…`. */
export function checkRuleIds(ids: string[] | undefined): void {
  for (const id of ids ?? []) if (!/^sgr-[0-9a-z]+$/.test(id)) throw RuleErrors.ruleIdMalformed(id);
}
