import { z } from 'zod';
import { modifyRuleByAttributes, modifyRuleById, type RuleDirection } from '../../domain/security-group';
import { groupOf, saveSecurityGroup, type SecurityGroupItem } from '../../store/security-groups';
import { accountOf, defineAction } from '../action';
import { requireRegion } from '../instances/common';
import { commonFields, p } from '../params';
import { requireGroup, securityGroupIdField } from './common';
import { checkReferencedGroups, RULE_FIELDS, ruleShape, syncReferences, toRuleInput, type WireRule } from './rules';

/**
 * ModifySecurityGroupRule and ModifySecurityGroupEgressRule (rules: shared/domain/security-group/rule-modification.ts):
 * one rule, named by `SecurityGroupRuleId` or by its attributes. A group the changed rule names must
 * exist in the same VPC, and the groups' `referencedBy` follow, in the same transaction.
 */
function modifyRuleAction(name: string, direction: RuleDirection) {
  return defineAction({
    name,
    idempotent: true,
    input: z.object({
      ...commonFields,
      ...ruleShape,
      RegionId: p.regionId(),
      SecurityGroupId: securityGroupIdField(),
      SecurityGroupRuleId: p.string({ min: 1, max: 128 }).optional(),
      ClientToken: p.clientToken().optional(),
    }),
    handler: async (input, ctx) => {
      const regionId = requireRegion(input.RegionId);
      const stored = await requireGroup(ctx.store, accountOf(ctx), regionId, input.SecurityGroupId);
      const group = groupOf(stored);
      const wire: WireRule = {};
      for (const f of RULE_FIELDS) if (input[f] !== undefined) wire[f] = input[f];
      const change = toRuleInput(wire, direction);
      const result = input.SecurityGroupRuleId
        ? modifyRuleById(group, direction, input.SecurityGroupRuleId, change)
        : modifyRuleByAttributes(group, direction, change);
      const refs = await checkReferencedGroups(ctx, group, [result.rule], direction);
      const next: SecurityGroupItem = { ...group, rules: result.group.rules };
      saveSecurityGroup(ctx.tx, stored, next);
      await syncReferences(ctx, group, next, refs);
      return {};
    },
  });
}

export const modifySecurityGroupRule = modifyRuleAction('ModifySecurityGroupRule', 'ingress');
export const modifySecurityGroupEgressRule = modifyRuleAction('ModifySecurityGroupEgressRule', 'egress');
