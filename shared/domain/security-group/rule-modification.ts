import { securityGroupErrors } from './errors';
import type { RuleDirection, SecurityGroupRecord, SecurityGroupRule, SecurityGroupRuleSpec } from './record';
import { ruleKey } from './rule-identity';
import { ruleContextOf, validateRuleInput, type RuleInput } from './rule-validation';

/**
 * ModifySecurityGroupRule (inbound) and ModifySecurityGroupEgressRule (outbound)
 * (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-modifysecuritygrouprule,
 * https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-modifysecuritygroupegressrule;
 * docs/rules/ecs-user-guide.md#security-group-rule-modify):
 *
 * - by `SecurityGroupRuleId`: every given field replaces the rule's; a field not given, or given
 *   empty, keeps its value (the reference: a non-empty value cannot be emptied). The authorization
 *   object keeps its kind and address family (an IPv4 CIDR stays an IPv4 CIDR, a group a group, a
 *   prefix list a prefix list). The result is validated like a new rule and may not equal another
 *   rule of the group;
 * - without a rule id (the older form): the fields name the rule as RevokeSecurityGroup's do, and
 *   only its Description (and Priority) change.
 *
 * The rule keeps its id and creation time. Returns the new record and the rule as it now is.
 */
type PeerKind = 'cidr4' | 'cidr6' | 'group' | 'prefixList';

function peerKindOf(rule: Partial<Record<keyof RuleInput, unknown>>, direction: RuleDirection): PeerKind | undefined {
  const given = (v: unknown) => v !== undefined && v !== '';
  const ingress = direction === 'ingress';
  if (given(ingress ? rule.sourceCidrIp : rule.destCidrIp)) return 'cidr4';
  if (given(ingress ? rule.ipv6SourceCidrIp : rule.ipv6DestCidrIp)) return 'cidr6';
  if (given(ingress ? rule.sourceGroupId : rule.destGroupId)) return 'group';
  if (given(ingress ? rule.sourcePrefixListId : rule.destPrefixListId)) return 'prefixList';
  return undefined;
}

/** The peer fields of one direction: at most one kind may be given, and only the rule's own. */
function requireSamePeerKind(rule: SecurityGroupRule, change: Omit<RuleInput, 'direction'>): void {
  const was = peerKindOf(rule, rule.direction);
  const ingress = rule.direction === 'ingress';
  const fieldsByKind: Record<PeerKind, (keyof Omit<RuleInput, 'direction'>)[]> = ingress
    ? { cidr4: ['sourceCidrIp'], cidr6: ['ipv6SourceCidrIp'], group: ['sourceGroupId'], prefixList: ['sourcePrefixListId'] }
    : { cidr4: ['destCidrIp'], cidr6: ['ipv6DestCidrIp'], group: ['destGroupId'], prefixList: ['destPrefixListId'] };
  for (const [kind, fields] of Object.entries(fieldsByKind) as [PeerKind, (keyof Omit<RuleInput, 'direction'>)[]][]) {
    if (kind === was) continue;
    const named = fields.find((f) => change[f] !== undefined && change[f] !== '');
    if (named) throw securityGroupErrors.peerKindChange();
  }
}

function asInput(rule: SecurityGroupRuleSpec): RuleInput {
  const { direction, ...fields } = rule;
  return { ...fields, direction, priority: String(rule.priority) };
}

function replaceRule(group: SecurityGroupRecord, rule: SecurityGroupRule): SecurityGroupRecord {
  return { ...group, rules: group.rules.map((r) => (r.ruleId === rule.ruleId ? rule : r)) };
}

export function modifyRuleById(
  group: SecurityGroupRecord,
  direction: RuleDirection,
  ruleId: string,
  change: Omit<RuleInput, 'direction'>,
): { group: SecurityGroupRecord; rule: SecurityGroupRule } {
  const rule = group.rules.find((r) => r.ruleId === ruleId && r.direction === direction);
  if (!rule) throw securityGroupErrors.unknownRuleId(ruleId);
  requireSamePeerKind(rule, change);
  const merged: RuleInput = { ...asInput(rule) };
  for (const [k, v] of Object.entries(change) as [keyof RuleInput, string | undefined][]) {
    if (v !== undefined && v !== '') (merged as unknown as Record<string, unknown>)[k] = v;
  }
  const spec = validateRuleInput(merged, ruleContextOf(group));
  if (peerKindOf(spec, direction) !== peerKindOf(rule, direction)) throw securityGroupErrors.peerKindChange();
  const key = ruleKey(spec);
  if (group.rules.some((r) => r.ruleId !== ruleId && ruleKey(r) === key)) throw securityGroupErrors.duplicateRule();
  const next: SecurityGroupRule = { ...spec, ruleId: rule.ruleId, creationTime: rule.creationTime };
  return { group: replaceRule(group, next), rule: next };
}

export function modifyRuleByAttributes(
  group: SecurityGroupRecord,
  direction: RuleDirection,
  change: Omit<RuleInput, 'direction'>,
): { group: SecurityGroupRecord; rule: SecurityGroupRule } {
  const key = ruleKey(validateRuleInput({ ...change, direction }, ruleContextOf(group)));
  const rule = group.rules.find((r) => r.direction === direction && ruleKey(r) === key);
  if (!rule) throw securityGroupErrors.ruleNotFound();
  const given = validateRuleInput({ ...change, direction }, ruleContextOf(group));
  const next: SecurityGroupRule = {
    ...rule,
    description: change.description !== undefined && change.description !== '' ? given.description : rule.description,
    priority: change.priority !== undefined && change.priority !== '' ? given.priority : rule.priority,
  };
  return { group: replaceRule(group, next), rule: next };
}
