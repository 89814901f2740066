import { newResourceId } from '../../platform/ids';
import { securityGroupErrors } from './errors';
import { DEFAULT_SECURITY_GROUP_LIMITS, type SecurityGroupLimits } from './limits';
import type { RuleDirection, SecurityGroupRecord, SecurityGroupRule, SecurityGroupRuleSpec } from './record';
import { ruleKey } from './rule-identity';

/** Authorize and revoke: adding rules to and removing rules from a group (sources: see index.ts). */

export interface AddRulesOptions {
  /** ISO time stamped on new rules. */
  now: string;
  limits?: Partial<SecurityGroupLimits>;
  /** Rule id generator (default `sgr-` + region code + random, like the other resource ids). */
  newRuleId?: () => string;
}

export interface AddRulesResult {
  group: SecurityGroupRecord;
  /** Rules created by this call, in request order. */
  added: SecurityGroupRule[];
  /** Requested rules that already existed (or repeated within the call): nothing was created for them. */
  existing: SecurityGroupRule[];
}

function authorizedGroupIds(rules: readonly SecurityGroupRuleSpec[]): Set<string> {
  const ids = new Set<string>();
  for (const r of rules) {
    const id = r.direction === 'ingress' ? r.sourceGroupId : r.destGroupId;
    if (id) ids.add(id);
  }
  return ids;
}

/**
 * AuthorizeSecurityGroup(Egress): adds validated rules. A rule whose `ruleKey` is already in the
 * group (or earlier in the same call) is not added again and the call still succeeds (api).
 * Limits (checked on the result, all or nothing): at most `maxRulesPerGroup` rules (default 100,
 * docs/rules/ecs-user-guide.md#quotas) and, in a basic group, `maxAuthorizedGroups` distinct authorized groups (20, api
 * §2.6); either breach → 403 AuthorizationLimitExceed (the code api AuthorizeSecurityGroup
 * documents for the rule quota; spec E13 only suggests `QuotaExceed.SecurityGroupRule`).
 * Returns a new record; the input is not modified.
 */
export function addRules(group: SecurityGroupRecord, specs: readonly SecurityGroupRuleSpec[], options: AddRulesOptions): AddRulesResult {
  const limits = { ...DEFAULT_SECURITY_GROUP_LIMITS, ...options.limits };
  const newRuleId = options.newRuleId ?? (() => newResourceId('sgr', group.regionId));
  const byKey = new Map<string, SecurityGroupRule>();
  for (const r of group.rules) byKey.set(ruleKey(r), r);
  const added: SecurityGroupRule[] = [];
  const existing: SecurityGroupRule[] = [];
  for (const spec of specs) {
    const key = ruleKey(spec);
    const found = byKey.get(key);
    if (found) {
      existing.push(found);
      continue;
    }
    const rule: SecurityGroupRule = { ...spec, ruleId: newRuleId(), creationTime: options.now };
    byKey.set(key, rule);
    added.push(rule);
  }
  const rules = [...group.rules, ...added];
  if (added.length > 0 && rules.length > limits.maxRulesPerGroup) {
    throw securityGroupErrors.ruleLimit(limits.maxRulesPerGroup);
  }
  if (added.length > 0 && group.securityGroupType === 'normal') {
    const before = authorizedGroupIds(group.rules).size;
    const after = authorizedGroupIds(rules).size;
    if (after > before && after > limits.maxAuthorizedGroups) {
      throw securityGroupErrors.authorizedGroupLimit(limits.maxAuthorizedGroups);
    }
  }
  return { group: { ...group, rules }, added, existing };
}

/**
 * What RevokeSecurityGroup(Egress) removes: rules by `SecurityGroupRuleId.N`, or rules matching
 * `Permissions.N` (the two cannot be combined, api RevokeSecurityGroup).
 */
export type RuleMatcher = { direction: RuleDirection; ruleIds: readonly string[] } | { direction: RuleDirection; rules: readonly SecurityGroupRuleSpec[] };

export interface RemoveRulesResult {
  group: SecurityGroupRecord;
  removed: SecurityGroupRule[];
}

/**
 * RevokeSecurityGroup(Egress) semantics (api §3.4):
 * - by rule id: every id must name a rule of that direction in the group, else
 *   InvalidParam.SecurityGroupRuleId (since 2024-07-08) and nothing is removed;
 * - by attributes: rules whose `ruleKey` equals a given rule's are removed; no match succeeds and
 *   removes nothing.
 * Returns a new record.
 */
export function removeRules(group: SecurityGroupRecord, matcher: RuleMatcher): RemoveRulesResult {
  let doomed: (rule: SecurityGroupRule) => boolean;
  if ('ruleIds' in matcher) {
    const ids = new Set(matcher.ruleIds);
    for (const id of ids) {
      if (!group.rules.some((r) => r.ruleId === id && r.direction === matcher.direction)) {
        throw securityGroupErrors.unknownRuleId(id);
      }
    }
    doomed = (r) => r.direction === matcher.direction && ids.has(r.ruleId);
  } else {
    const keys = new Set(matcher.rules.filter((r) => r.direction === matcher.direction).map(ruleKey));
    doomed = (r) => r.direction === matcher.direction && keys.has(ruleKey(r));
  }
  const removed = group.rules.filter(doomed);
  return { group: { ...group, rules: group.rules.filter((r) => !doomed(r)) }, removed };
}
