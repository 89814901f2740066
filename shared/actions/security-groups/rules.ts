import { z } from 'zod';
import { Errors } from '../../domain/errors';
import { MAX_PERMISSIONS_PER_CALL, type RuleDirection, type RuleInput } from '../../domain/security-group';
import { defineAction } from '../action';
import { commonFields, p } from '../params';
import { securityGroupIdField } from './common';
import { authorizeRules, revokeRules } from './rule-operations';

export { checkReferencedGroups, syncReferences } from './references';

/**
 * AuthorizeSecurityGroup(Egress) and RevokeSecurityGroup(Egress): rules in `Permissions.N.*`
 * (1-100 per call) or in the deprecated top-level single-rule fields; revoke also by
 * `SecurityGroupRuleId.N`: the ECS codecs of the rule operations (./rule-operations.ts), which
 * hold the rules. Here: the wire, its limits (1-100 rules or ids per call, not both).
 */
export const RULE_FIELDS = [
  'IpProtocol',
  'PortRange',
  'SourcePortRange',
  'SourceCidrIp',
  'DestCidrIp',
  'Ipv6SourceCidrIp',
  'Ipv6DestCidrIp',
  'SourceGroupId',
  'SourceGroupOwnerAccount',
  'SourceGroupOwnerId',
  'DestGroupId',
  'DestGroupOwnerAccount',
  'DestGroupOwnerId',
  'SourcePrefixListId',
  'DestPrefixListId',
  'PortRangeListId',
  'Policy',
  'Priority',
  'NicType',
  'Description',
] as const;
type RuleField = (typeof RULE_FIELDS)[number];
export type WireRule = Partial<Record<RuleField, string>>;

export const ruleShape = Object.fromEntries(RULE_FIELDS.map((f) => [f, p.string({ max: 4096 }).optional()])) as Record<
  RuleField,
  z.ZodOptional<ReturnType<typeof p.string>>
>;

const ruleActionInput = (withRuleIds: boolean) =>
  z.object({
    ...commonFields,
    ...ruleShape,
    RegionId: p.regionId(),
    SecurityGroupId: securityGroupIdField(),
    Permissions: p.list(z.object(ruleShape), { max: 1000 }).optional(),
    ...(withRuleIds ? { SecurityGroupRuleId: p.list(p.string({ min: 1, max: 128 }), { max: 1000 }).optional() } : {}),
    ClientToken: p.clientToken().optional(),
  });

const camel = (s: string) => s[0]!.toLowerCase() + s.slice(1);

export function toRuleInput(wire: WireRule, direction: RuleDirection): RuleInput {
  if (wire.PortRangeListId !== undefined) {
    // Port lists are not modelled: none exists.
    throw Errors.notFound('InvalidPortRangeListId.NotFound', 'The specified port list does not exist.');
  }
  const out: Record<string, string> = {};
  for (const f of RULE_FIELDS) if (wire[f] !== undefined && f !== 'PortRangeListId') out[camel(f)] = wire[f]!;
  return { ...out, direction };
}

/** The rules of the call: `Permissions.N`, else the deprecated top-level fields as one rule. */
function wireRules(input: WireRule & { Permissions?: WireRule[] }): WireRule[] {
  if (input.Permissions && input.Permissions.length > 0) {
    if (input.Permissions.length > MAX_PERMISSIONS_PER_CALL) throw Errors.invalidParameter('Permissions');
    return input.Permissions;
  }
  const single: WireRule = {};
  for (const f of RULE_FIELDS) if (input[f] !== undefined) single[f] = input[f];
  return [single];
}

function authorizeAction(name: string, direction: RuleDirection) {
  return defineAction({
    name,
    idempotent: true,
    input: ruleActionInput(false),
    handler: async (input, ctx) => {
      await authorizeRules.run(
        {
          regionId: input.RegionId,
          securityGroupId: input.SecurityGroupId,
          direction,
          rules: wireRules(input).map((w) => toRuleInput(w, direction)),
        },
        ctx,
      );
      return {};
    },
  });
}

function revokeAction(name: string, direction: RuleDirection) {
  return defineAction({
    name,
    idempotent: true,
    input: ruleActionInput(true),
    handler: async (input, ctx) => {
      const ruleIds = (input as { SecurityGroupRuleId?: string[] }).SecurityGroupRuleId;
      const hasPermissions = (input.Permissions?.length ?? 0) > 0 || RULE_FIELDS.some((f) => input[f] !== undefined);
      if (ruleIds && ruleIds.length > 0 && hasPermissions) {
        throw Errors.invalidParameter('SecurityGroupRuleId', 'SecurityGroupRuleId.N and Permissions.N cannot be specified together.');
      }
      if (ruleIds && ruleIds.length > MAX_PERMISSIONS_PER_CALL) throw Errors.invalidParameter('SecurityGroupRuleId');
      const byIds = ruleIds !== undefined && ruleIds.length > 0;
      await revokeRules.run(
        {
          regionId: input.RegionId,
          securityGroupId: input.SecurityGroupId,
          direction,
          ...(byIds ? { ruleIds } : { rules: wireRules(input).map((w) => toRuleInput(w, direction)) }),
        },
        ctx,
      );
      return {};
    },
  });
}

export const authorizeSecurityGroup = authorizeAction('AuthorizeSecurityGroup', 'ingress');
export const authorizeSecurityGroupEgress = authorizeAction('AuthorizeSecurityGroupEgress', 'egress');
export const revokeSecurityGroup = revokeAction('RevokeSecurityGroup', 'ingress');
export const revokeSecurityGroupEgress = revokeAction('RevokeSecurityGroupEgress', 'egress');
