import { Errors } from '../../domain/errors';
import {
  addRules,
  checkEc2RuleLimit,
  EC2_DEFAULT_EGRESS,
  EC2_DROP_OTHER_EGRESS,
  ec2RuleView,
  showsDefaultEgress,
  removeRules,
  ruleContextOf,
  sameEc2Rule,
  securityGroupError,
  securityGroupErrors,
  validateRuleInput,
  withReason,
  type RuleDirection,
  type RuleInput,
  type SecurityGroupRecord,
  type SecurityGroupRule,
  type SecurityGroupRuleSpec,
} from '../../domain/security-group';
import { groupOf, saveSecurityGroup, type SecurityGroupItem } from '../../store/security-groups';
import { accountOf } from '../action';
import { requireRegion } from '../instances/common';
import { defineOperation } from '../operation';
import { requireGroup } from './common';
import { checkReferencedGroups, syncReferences } from './references';

/**
 * Authorize and revoke as typed operations (docs/operations.md): ECS
 * AuthorizeSecurityGroup(Egress) and RevokeSecurityGroup(Egress) are their codecs (./rules.ts),
 * the EC2 Authorize/RevokeSecurityGroupIngress adapters call them with `ec2Rules`. Validation,
 * identity, limits and removal are the domain's (shared/domain/security-group/); here the group
 * and the groups its rules name must exist, and the named groups learn who refers to them, in
 * the same unit of work.
 */

const throwError = (e: Error): never => {
  throw e;
};

export interface RuleChange {
  regionId: string;
  securityGroupId: string;
  direction: RuleDirection;
  /** The rules as given (each `direction` is this change's). */
  rules: readonly RuleInput[];
  /**
   * EC2's rules: a rule the group already has is refused (InvalidPermission.Duplicate), and 60
   * allow rules per direction
   * (https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html#vpc-limits-security-groups).
   */
  ec2Rules?: boolean;
}

function validateRules(group: SecurityGroupRecord, rules: readonly RuleInput[]): SecurityGroupRuleSpec[] {
  return withReason('invalidRule', () => {
    const specs = rules.map((r) => validateRuleInput(r, ruleContextOf(group)));
    for (const s of specs) {
      // Prefix lists are not modelled: none exists (documented 404).
      if (s.sourcePrefixListId || s.destPrefixListId) {
        throw Errors.notFound('InvalidPrefixListId.NotFound', 'The specified prefix list was not found.');
      }
    }
    return specs;
  });
}

/**
 * AuthorizeSecurityGroup(Egress) (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-authorizesecuritygroup):
 * an identical rule authorised twice is stored once. EC2's 60-rule limit is counted on the group as
 * this unit of work writes it (the group item is replaced at the version read), so two concurrent
 * authorizations near the limit cannot both pass.
 */
export const authorizeRules = defineOperation<RuleChange, { group: SecurityGroupRecord; added: SecurityGroupRule[] }>({
  name: 'AuthorizeSecurityGroup',
  run: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.regionId);
    const item = await requireGroup(ctx.store, accountId, regionId, input.securityGroupId);
    const group = groupOf(item);
    const specs = validateRules(group, input.rules);
    if (input.ec2Rules) {
      const view = ec2RuleView(group);
      const duplicate = specs.find((s) => view.some((r) => sameEc2Rule(s, r)));
      if (duplicate) throw securityGroupError('duplicateRule', securityGroupErrors.ruleExists(), duplicate);
    }
    const refs = await checkReferencedGroups(ctx, group, specs, input.direction);
    // EC2's first egress change stores its default rule and the hidden drop-the-rest rule with it (ec2-egress.ts).
    const materialize = input.ec2Rules === true && input.direction === 'egress' && !group.rules.some((r) => r.direction === 'egress');
    const stored = materialize ? [EC2_DEFAULT_EGRESS, EC2_DROP_OTHER_EGRESS, ...specs] : specs;
    const result = withReason('ruleLimit', () => addRules(group, stored, { now: ctx.now.toISOString() }));
    const added = materialize ? result.added.slice(2) : result.added;
    if (result.added.length === 0) return { group, added: [] };
    if (input.ec2Rules) withReason('ec2RuleLimit', () => checkEc2RuleLimit(result.group.rules, input.direction));
    const next: SecurityGroupItem = { ...group, rules: result.group.rules };
    saveSecurityGroup(ctx.tx, item, next);
    await syncReferences(ctx, group, next, refs);
    return { group: next, added };
  },
});

/**
 * RevokeSecurityGroup(Egress) (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-revokesecuritygroup):
 * rules by id (every id must name a rule of the direction) or by their attributes (no match
 * removes nothing). With `ec2Rules` a rule the group does not have is refused
 * (InvalidPermission.NotFound) and rules are matched as EC2 matches them (`sameEc2Rule`).
 */
export const revokeRules = defineOperation<
  Omit<RuleChange, 'rules'> & { rules?: readonly RuleInput[]; ruleIds?: readonly string[] },
  { group: SecurityGroupRecord; removed: SecurityGroupRule[] }
>({
  name: 'RevokeSecurityGroup',
  run: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.regionId);
    const stored = await requireGroup(ctx.store, accountId, regionId, input.securityGroupId);
    const group = groupOf(stored);
    const direction = input.direction;
    const ruleNotFound = () => securityGroupError('ruleNotFound', securityGroupErrors.ruleNotFound());
    let ruleIds = input.ruleIds && input.ruleIds.length > 0 ? input.ruleIds : undefined;
    if (input.ec2Rules) {
      // EC2 names the rules of its view (with the unstored default egress rule); a rule not there is refused.
      const view = ec2RuleView(group).filter((r) => r.direction === direction);
      const targets = ruleIds
        ? ruleIds.map((id) => view.find((r) => r.ruleId === id) ?? throwError(ruleNotFound()))
        : validateRules(group, input.rules ?? []).map((want) => view.find((r) => sameEc2Rule(want, r)) ?? throwError(ruleNotFound()));
      if (direction === 'egress' && showsDefaultEgress(group)) {
        // Only the unstored default rule can be named: revoking it stores "nothing else goes out" (ec2-egress.ts).
        const next: SecurityGroupItem = { ...group, rules: addRules(group, [EC2_DROP_OTHER_EGRESS], { now: ctx.now.toISOString() }).group.rules };
        saveSecurityGroup(ctx.tx, stored, next);
        return { group: next, removed: targets };
      }
      ruleIds = [...new Set(targets.map((r) => r.ruleId))];
    }
    const result = ruleIds
      ? withReason('ruleIdNotFound', () => removeRules(group, { direction, ruleIds }))
      : removeRules(group, { direction, rules: validateRules(group, input.rules ?? []) });
    if (result.removed.length === 0) return { group, removed: [] };
    const next: SecurityGroupItem = { ...group, rules: result.group.rules };
    saveSecurityGroup(ctx.tx, stored, next);
    await syncReferences(ctx, group, next);
    return { group: next, removed: result.removed };
  },
});
