import { authorizeRules, revokeRules } from '../../../actions/security-groups/rule-operations';
import { defineEc2Action, Ec2Errors } from '../adapter';
import type { Tag } from '../views';
import { checkRuleIds, ec2RuleOf, groupIdsByName, resolveGroup, ruleInputs } from './security-group-view';
import { permissionsOf, ruleChangeError, type RuleChangeInput } from './security-groups';

/**
 * Outbound rules of the EC2 dialect: codecs of the rule operations
 * (shared/actions/security-groups/rule-operations.ts) with EC2's rules (`ec2Rules`): its default
 * egress rule, shown until a group's egress rules change and then stored with a hidden
 * drop-the-rest rule (shared/domain/security-group/ec2-egress.ts), duplicates and missing rules
 * refused, 60 rules per direction.
 */

/** Egress changes name the group by id only (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AuthorizeSecurityGroupEgress.html). */
function requireGroupId(input: { GroupId?: string }): string {
  if (!input.GroupId) throw Ec2Errors.missingParameter('GroupId');
  return input.GroupId;
}

type EgressInput = RuleChangeInput & { TagSpecifications?: { ResourceType?: string; Tags?: Tag[] }[] };

export const authorizeSecurityGroupEgress = defineEc2Action<EgressInput>({
  name: 'AuthorizeSecurityGroupEgress',
  uses: ['AuthorizeSecurityGroupEgress', 'DescribeSecurityGroups', 'DescribeSecurityGroupAttribute'],
  handle: async (input, call) => {
    const group = await resolveGroup(call, { GroupId: requireGroupId(input) });
    const perms = permissionsOf(input);
    const rules = ruleInputs(perms, 'egress', await groupIdsByName(call, perms));
    const { added } = await call.perform(
      authorizeRules,
      { regionId: call.region, securityGroupId: group.securityGroupId, direction: 'egress', rules, ec2Rules: true },
      { dryRun: input.DryRun },
    );
    return { Return: true, SecurityGroupRules: added.map((r) => ec2RuleOf(call, group.securityGroupId, r)) };
  },
  mapError: (e) => ruleChangeError(e, 'egress'),
});

export const revokeSecurityGroupEgress = defineEc2Action<EgressInput & { SecurityGroupRuleIds?: string[] }>({
  name: 'RevokeSecurityGroupEgress',
  uses: ['RevokeSecurityGroupEgress', 'AuthorizeSecurityGroupEgress', 'DescribeSecurityGroups', 'DescribeSecurityGroupAttribute'],
  handle: async (input, call) => {
    const group = await resolveGroup(call, { GroupId: requireGroupId(input) });
    let change: { ruleIds: string[] } | { rules: ReturnType<typeof ruleInputs> };
    if (input.SecurityGroupRuleIds?.length) {
      checkRuleIds(input.SecurityGroupRuleIds);
      change = { ruleIds: input.SecurityGroupRuleIds };
    } else {
      const perms = permissionsOf(input);
      change = { rules: ruleInputs(perms, 'egress', await groupIdsByName(call, perms)) };
    }
    const { removed } = await call.perform(
      revokeRules,
      { regionId: call.region, securityGroupId: group.securityGroupId, direction: 'egress', ...change, ec2Rules: true },
      { dryRun: input.DryRun },
    );
    return {
      Return: true,
      RevokedSecurityGroupRules: removed.map((r) => {
        const { SecurityGroupRuleId, GroupId, IsEgress, IpProtocol, FromPort, ToPort, CidrIpv4, CidrIpv6, Description } = ec2RuleOf(
          call,
          group.securityGroupId,
          r,
        );
        return { SecurityGroupRuleId, GroupId, IsEgress, IpProtocol, FromPort, ToPort, CidrIpv4, CidrIpv6, Description };
      }),
    };
  },
  mapError: (e) => ruleChangeError(e, 'egress'),
});
