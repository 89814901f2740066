import { createHash } from 'node:crypto';
import { systemRule } from './default-rules';
import { MIN_PRIORITY, MAX_PRIORITY } from './limits';
import type { SecurityGroupRecord, SecurityGroupRule, SecurityGroupRuleSpec } from './record';

/**
 * EC2 and ECS disagree on what "no egress rule" means: a new EC2 group has one explicit rule that
 * allows all outbound traffic and everything else is dropped
 * (https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html#default-security-group-rules),
 * while an ECS basic group with no egress rule lets everything out. So a basic group with no
 * stored egress rule shows EC2 that default rule (under a stable id, not stored), and the first
 * egress change made through EC2 stores EC2's meaning in ECS terms in the same unit of work: the
 * default rule as an accept rule plus an accept-nothing-else rule (ALL to 0.0.0.0/0, drop, at the
 * lowest user priority), which EC2 never shows. Revoking the default rule of such a group stores
 * only the drop rule. Both dialects then agree: only the listed rules let traffic out.
 */

const allToEverywhere = (policy: 'accept' | 'drop', priority: number, description: string): SecurityGroupRuleSpec => ({
  ...systemRule('egress', 'ALL', '-1/-1', '0.0.0.0/0', 'intranet', priority),
  policy,
  description,
});

/** EC2's default outbound rule: all traffic to 0.0.0.0/0. */
export const EC2_DEFAULT_EGRESS = allToEverywhere('accept', MIN_PRIORITY, '');
/** The hidden rule that drops every other outbound packet once EC2 changed a group's egress rules. */
export const EC2_DROP_OTHER_EGRESS = allToEverywhere('drop', MAX_PRIORITY, 'EC2: no other outbound traffic');

/** The id the not-yet-stored default egress rule is shown under: stable per group, in EC2's `sgr-` + 17 hex form. */
export const virtualDefaultRuleId = (groupId: string): string => `sgr-${createHash('sha256').update(`default-egress:${groupId}`).digest('hex').slice(0, 17)}`;

/** Whether EC2 shows the group with its unstored default egress rule. */
export const showsDefaultEgress = (group: Pick<SecurityGroupRecord, 'rules' | 'securityGroupType'>): boolean =>
  group.securityGroupType !== 'enterprise' && !group.rules.some((r) => r.direction === 'egress');

/** The group's rules as EC2 sees them: allow rules only, plus the default egress rule while no egress rule is stored. */
export function ec2RuleView(group: SecurityGroupRecord): SecurityGroupRule[] {
  const allowed = group.rules.filter((r) => r.policy !== 'drop');
  if (!showsDefaultEgress(group)) return allowed;
  return [...allowed, { ...EC2_DEFAULT_EGRESS, ruleId: virtualDefaultRuleId(group.securityGroupId), creationTime: group.creationTime }];
}
