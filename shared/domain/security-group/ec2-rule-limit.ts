import { ApiError } from '../errors';
import type { RuleDirection, SecurityGroupRuleSpec } from './record';

/**
 * EC2's limit of 60 inbound and 60 outbound rules per security group
 * (https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html#vpc-limits-security-groups).
 * EC2 shows only accept rules (the drop rule that stands for EC2's "no outbound rule" is hidden), so
 * those are what count. Checked by the authorize operation under EC2's rules (`ec2Rules`,
 * shared/actions/security-groups/rule-operations.ts) on the group as its unit of work writes it (the group item is replaced at the version read), so two concurrent authorizations
 * near the limit cannot both pass: the second one's write conflicts, and when it runs again it
 * sees the first one's rules.
 */
export const EC2_RULES_PER_DIRECTION = 60;

export function checkEc2RuleLimit(rules: readonly Pick<SecurityGroupRuleSpec, 'direction' | 'policy'>[], direction: RuleDirection): void {
  const count = rules.filter((r) => r.direction === direction && r.policy !== 'drop').length;
  if (count > EC2_RULES_PER_DIRECTION) {
    throw new ApiError('RulesPerSecurityGroupLimitExceeded', 400, 'The maximum number of rules per security group has been reached.');
  }
}
