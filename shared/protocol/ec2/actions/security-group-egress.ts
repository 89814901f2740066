import { createHash } from 'node:crypto';
import { ApiError } from '../../../domain/errors';
import { defineEc2Action, Ec2Errors, type Ec2Call } from '../adapter';
import type { Tag } from '../views';
import { ecsGroups, ecsRules, portsOf, resolveGroup, ruleFailures, rulesOf, type EcsGroup, type EcsPermission } from './security-group-ecs-wire';
import { GroupErrors, PROTOCOL_TO_EC2 } from './security-group-view';
import { permissionsOf, type RuleChangeInput } from './security-groups';

/**
 * Outbound rules of the EC2 dialect over ECS AuthorizeSecurityGroupEgress / RevokeSecurityGroupEgress
 * (one rule set per group in both dialects), and the helpers the rule-level actions share.
 *
 * EC2 and ECS disagree on what "no egress rule" means: a new EC2 group has one explicit rule that
 * allows all outbound traffic and everything else is dropped
 * (https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html#default-security-group-rules),
 * while an ECS basic group with no egress rule lets everything out. So a group with no stored
 * egress rule is shown to EC2 with that default rule (security-groups.ts), and the first egress
 * change made through EC2 stores EC2's meaning in ECS terms in the same ECS call: the default rule
 * as an accept rule plus an accept-nothing-else rule (ALL to 0.0.0.0/0, Drop, priority 100, the
 * lowest user priority), which EC2 never shows. Revoking the default rule of such a group stores
 * only the drop rule. Both dialects then agree: only the listed rules let traffic out.
 */

/** EC2's limit: 60 inbound and 60 outbound rules per group (https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html#vpc-limits-security-groups). */
export const EC2_RULES_PER_DIRECTION = 60;

export const DEFAULT_EGRESS = { IpProtocol: 'ALL', PortRange: '-1/-1', DestCidrIp: '0.0.0.0/0', Policy: 'accept', Priority: '1' };
const DROP_OTHER_EGRESS = { IpProtocol: 'ALL', PortRange: '-1/-1', DestCidrIp: '0.0.0.0/0', Policy: 'drop', Priority: '100', Description: 'EC2: no other outbound traffic' };

export const RuleErrors = {
  limit: () => new ApiError('RulesPerSecurityGroupLimitExceeded', 400, 'The maximum number of rules per security group has been reached.'),
  ruleIdNotFound: (id: string) => new ApiError('InvalidSecurityGroupRuleId.NotFound', 400, `The security group rule ID '${id}' does not exist`),
  ruleIdMalformed: (id: string) => Ec2Errors.malformedId('InvalidSecurityGroupRuleId.Malformed', id, 'sgr'),
};

/** The id the not-yet-stored default egress rule is shown under: stable per group, in EC2's `sgr-` + 17 hex form. */
export const virtualDefaultRuleId = (groupId: string) => `sgr-${createHash('sha256').update(`default-egress:${groupId}`).digest('hex').slice(0, 17)}`;

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

/** EC2's 60-per-direction rule limit, counted on the EC2 view before the change. */
export function checkRuleLimit(view: EcsPermission[], direction: 'ingress' | 'egress', adding: number): void {
  if (view.filter((r) => r.Direction === direction).length + adding > EC2_RULES_PER_DIRECTION) throw RuleErrors.limit();
}

/** Egress changes name the group by id only (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AuthorizeSecurityGroupEgress.html). */
function requireGroupId(input: { GroupId?: string }): string {
  if (!input.GroupId) throw Ec2Errors.missingParameter('GroupId');
  return input.GroupId;
}

const groupIdsByName = async (call: Ec2Call) => new Map((await ecsGroups(call)).map((g) => [g.SecurityGroupName, g.SecurityGroupId]));

type EgressInput = RuleChangeInput & { TagSpecifications?: { ResourceType?: string; Tags?: Tag[] }[] };

export const authorizeSecurityGroupEgress = defineEc2Action<EgressInput>({
  name: 'AuthorizeSecurityGroupEgress',
  uses: ['AuthorizeSecurityGroupEgress', 'DescribeSecurityGroups', 'DescribeSecurityGroupAttribute'],
  handle: async (input, call) => {
    const group = await resolveGroup(call, { GroupId: requireGroupId(input) });
    const rules = ecsRules(permissionsOf(input), 'egress', await groupIdsByName(call));
    const stored = await rulesOf(call, group.SecurityGroupId);
    const view = ec2RuleView(group, stored);
    for (const r of rules) {
      if (view.some((b) => sameEc2Rule('egress', r, b))) {
        const [from, to] = portsOf(r.PortRange!);
        throw GroupErrors.duplicateRule(r.DestCidrIp || r.Ipv6DestCidrIp || r.DestGroupId!, r.IpProtocol!, from, to);
      }
    }
    checkRuleLimit(view, 'egress', rules.length);
    const materialize = !stored.some((r) => r.Direction === 'egress');
    const permissions = materialize ? [DEFAULT_EGRESS, DROP_OTHER_EGRESS, ...rules] : rules;
    await call.ecs('AuthorizeSecurityGroupEgress', { RegionId: call.region, SecurityGroupId: group.SecurityGroupId, Permissions: permissions, DryRun: input.DryRun });
    const after = await rulesOf(call, group.SecurityGroupId);
    const added = after.filter((a) => isAccept(a) && !stored.some((b) => b.SecurityGroupRuleId === a.SecurityGroupRuleId) && rules.some((r) => sameEc2Rule('egress', r, a)));
    return { Return: true, SecurityGroupRules: added.map((r) => ec2Rule(call, group.SecurityGroupId, r)) };
  },
  mapError: (e) => ruleFailures(e),
});

export const revokeSecurityGroupEgress = defineEc2Action<EgressInput & { SecurityGroupRuleIds?: string[] }>({
  name: 'RevokeSecurityGroupEgress',
  uses: ['RevokeSecurityGroupEgress', 'AuthorizeSecurityGroupEgress', 'DescribeSecurityGroups', 'DescribeSecurityGroupAttribute'],
  handle: async (input, call) => {
    const group = await resolveGroup(call, { GroupId: requireGroupId(input) });
    const stored = await rulesOf(call, group.SecurityGroupId);
    const view = ec2RuleView(group, stored).filter((r) => r.Direction === 'egress');
    let targets: EcsPermission[];
    if (input.SecurityGroupRuleIds?.length) {
      checkRuleIds(input.SecurityGroupRuleIds);
      targets = input.SecurityGroupRuleIds.map((id) => {
        const hit = view.find((r) => r.SecurityGroupRuleId === id);
        if (!hit) throw GroupErrors.ruleNotFound();
        return hit;
      });
    } else {
      const rules = ecsRules(permissionsOf(input), 'egress', await groupIdsByName(call));
      targets = rules.map((want) => {
        const hit = view.find((r) => sameEc2Rule('egress', want, r));
        if (!hit) throw GroupErrors.ruleNotFound();
        return hit;
      });
    }
    const revoked = targets.map((r) => ec2Rule(call, group.SecurityGroupId, r));
    if (!stored.some((r) => r.Direction === 'egress')) {
      // Only the (unstored) default rule can be named here: revoking it stores "nothing goes out".
      await call.ecs('AuthorizeSecurityGroupEgress', { RegionId: call.region, SecurityGroupId: group.SecurityGroupId, Permissions: [DROP_OTHER_EGRESS], DryRun: input.DryRun });
    } else {
      const ids = [...new Set(targets.map((r) => r.SecurityGroupRuleId))];
      await call.ecs('RevokeSecurityGroupEgress', { RegionId: call.region, SecurityGroupId: group.SecurityGroupId, SecurityGroupRuleId: ids, DryRun: input.DryRun });
    }
    return { Return: true, RevokedSecurityGroupRules: revoked.map(({ SecurityGroupRuleId, GroupId, IsEgress, IpProtocol, FromPort, ToPort, CidrIpv4, CidrIpv6, Description }) => ({ SecurityGroupRuleId, GroupId, IsEgress, IpProtocol, FromPort, ToPort, CidrIpv4, CidrIpv6, Description })) };
  },
  mapError: (e) => ruleFailures(e),
});

/** For the rule-level actions: a rule id must look like `sgr-…`. */
export function checkRuleIds(ids: string[] | undefined): void {
  for (const id of ids ?? []) if (!/^sgr-[0-9a-z]+$/.test(id)) throw RuleErrors.ruleIdMalformed(id);
}
