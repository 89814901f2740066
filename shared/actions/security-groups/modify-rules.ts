import { z } from 'zod';
import type { RuleDirection } from '../../domain/security-group';
import { defineAction } from '../action';
import { commonFields, p } from '../params';
import { securityGroupIdField } from './common';
import { modifyRule } from './modify-rule-operation';
import { RULE_FIELDS, ruleShape, toRuleInput, type WireRule } from './rules';

/**
 * ModifySecurityGroupRule and ModifySecurityGroupEgressRule (rules: shared/domain/security-group/rule-modification.ts):
 * one rule, named by `SecurityGroupRuleId` or by its attributes. A group the changed rule names must
 * exist in the same VPC, and the groups' `referencedBy` follow, in the same transaction: the ECS
 * codecs of the modify operation (./modify-rule-operation.ts).
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
      const wire: WireRule = {};
      for (const f of RULE_FIELDS) if (input[f] !== undefined) wire[f] = input[f];
      const { direction: _direction, ...change } = toRuleInput(wire, direction);
      await modifyRule.run({ regionId: input.RegionId, securityGroupId: input.SecurityGroupId, direction, ruleId: input.SecurityGroupRuleId, change }, ctx);
      return {};
    },
  });
}

export const modifySecurityGroupRule = modifyRuleAction('ModifySecurityGroupRule', 'ingress');
export const modifySecurityGroupEgressRule = modifyRuleAction('ModifySecurityGroupEgressRule', 'egress');
