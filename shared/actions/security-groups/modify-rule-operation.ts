import {
  addRules,
  EC2_DEFAULT_EGRESS,
  EC2_DROP_OTHER_EGRESS,
  ec2RuleView,
  modifyRuleByAttributes,
  modifyRuleById,
  sameEc2Rule,
  securityGroupError,
  securityGroupErrors,
  showsDefaultEgress,
  virtualDefaultRuleId,
  withReason,
  type RuleDirection,
  type RuleInput,
  type SecurityGroupRecord,
  type SecurityGroupRule,
} from '../../domain/security-group';
import { groupOf, saveSecurityGroup, type SecurityGroupItem } from '../../store/security-groups';
import { accountOf } from '../action';
import { requireRegion } from '../instances/common';
import { defineOperation } from '../operation';
import { requireGroup } from './common';
import { checkReferencedGroups, syncReferences } from './references';

/**
 * ModifySecurityGroupRule and ModifySecurityGroupEgressRule as one typed operation
 * (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-modifysecuritygrouprule;
 * rules: shared/domain/security-group/rule-modification.ts): one rule, named by id or by its
 * attributes. A group the changed rule names must exist in the same VPC, and the groups'
 * `referencedBy` follow, in the same unit of work. With `ec2Rules` (EC2 ModifySecurityGroupRules,
 * UpdateSecurityGroupRuleDescriptions*) the rule may be the unstored default egress rule, stored
 * first with its hidden drop rule (shared/domain/security-group/ec2-egress.ts), and a change that
 * would make it the same rule as another one (EC2's identity) is refused.
 */
export const modifyRule = defineOperation<
  {
    regionId: string;
    securityGroupId: string;
    direction: RuleDirection;
    ruleId?: string;
    change: Omit<RuleInput, 'direction'>;
    ec2Rules?: boolean;
  },
  { group: SecurityGroupRecord; rule: SecurityGroupRule }
>({
  name: 'ModifySecurityGroupRule',
  run: async (input, ctx) => {
    const regionId = requireRegion(input.regionId);
    const stored = await requireGroup(ctx.store, accountOf(ctx), regionId, input.securityGroupId);
    const before = groupOf(stored);
    let group: SecurityGroupRecord = before;
    let ruleId = input.ruleId;
    if (input.ec2Rules && input.direction === 'egress' && ruleId === virtualDefaultRuleId(group.securityGroupId) && showsDefaultEgress(group)) {
      group = addRules(group, [EC2_DEFAULT_EGRESS, EC2_DROP_OTHER_EGRESS], { now: ctx.now.toISOString() }).group;
      ruleId = group.rules.find((r) => r.direction === 'egress' && r.policy === 'accept')!.ruleId;
    }
    const result = withReason('invalidRule', () =>
      ruleId ? modifyRuleById(group, input.direction, ruleId, input.change) : modifyRuleByAttributes(group, input.direction, input.change),
    );
    if (input.ec2Rules && ec2RuleView(result.group).some((o) => o.ruleId !== result.rule.ruleId && sameEc2Rule(result.rule, o))) {
      throw securityGroupError('duplicateRule', securityGroupErrors.duplicateRule(), result.rule);
    }
    const refs = await checkReferencedGroups(ctx, group, [result.rule], input.direction);
    const next: SecurityGroupItem = { ...groupOf(stored), rules: result.group.rules };
    saveSecurityGroup(ctx.tx, stored, next);
    await syncReferences(ctx, before, next, refs);
    return { group: next, rule: result.rule };
  },
});
