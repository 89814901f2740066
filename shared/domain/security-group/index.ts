/**
 * The security group: its record, its rules (validation, identity, add/revoke), the default rules
 * of each kind of group, and the DescribeSecurityGroupAttribute / DescribeSecurityGroups views.
 * No I/O: actions load the group, call these functions and persist the returned record. One concern
 * per file; this index is the module's public surface.
 *
 * Sources, cited as:
 * - "guide Lnnn": docs/rules/ecs-user-guide.md;
 * - "api §x": https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-authorizesecuritygroup (AuthorizeSecurityGroup, RevokeSecurityGroup,
 *   DescribeSecurityGroupAttribute, DescribeSecurityGroups, §2.6 limits);
 * - "sdk": the doc comments of @alicloud/ecs20140526 (AuthorizeSecurityGroupRequestPermissions);
 * - "aliyun doc": https://help.aliyun.com/en/ecs/user-guide/security-group-rules (implicit rules of
 *   basic vs enterprise groups).
 */

export {
  IP_PROTOCOLS,
  networkTypeOf,
  SECURITY_GROUP_TYPES,
  type InnerAccessPolicy,
  type IpProtocol,
  type NetworkType,
  type NicType,
  type RuleDirection,
  type RulePolicy,
  type SecurityGroupRecord,
  type SecurityGroupRule,
  type SecurityGroupRuleSpec,
  type SecurityGroupTag,
  type SecurityGroupType,
} from './record';
export {
  DEFAULT_SECURITY_GROUP_LIMITS,
  DEFAULT_SECURITY_GROUPS_PER_REGION,
  MAX_PERMISSIONS_PER_CALL,
  MAX_PRIORITY,
  MIN_PRIORITY,
  SYSTEM_RULE_PRIORITY,
  type SecurityGroupLimits,
} from './limits';
export { securityGroupErrors } from './errors';
export { checkEc2RuleLimit, EC2_RULES_PER_DIRECTION } from './ec2-rule-limit';
export { validateDescription, validateGroupName, type NameRuleProfile } from './names';
export { ruleContextOf, validateRuleInput, type RuleInput, type RuleValidationContext } from './rule-validation';
export { ruleKey } from './rule-identity';
export { addRules, removeRules, type AddRulesOptions, type AddRulesResult, type RemoveRulesResult, type RuleMatcher } from './rule-changes';
export { modifyRuleByAttributes, modifyRuleById } from './rule-modification';
export { defaultRules, ec2VpcDefaultRules, type DefaultRuleProfile } from './default-rules';
export { newSecurityGroup, type NewSecurityGroupInput } from './new-group';
export {
  renderPermission,
  renderSecurityGroup,
  renderSecurityGroupAttribute,
  type PermissionViewContext,
  type SecurityGroupAttributeQuery,
  type SecurityGroupViewContext,
} from './ecs-views';
export { isSecurityGroupError, securityGroupError, SecurityGroupError, withReason, type SecurityGroupErrorReason } from './security-group-error';
export { sameEc2Rule } from './ec2-rule-identity';
export { EC2_DEFAULT_EGRESS, EC2_DROP_OTHER_EGRESS, ec2RuleView, showsDefaultEgress, virtualDefaultRuleId } from './ec2-egress';
