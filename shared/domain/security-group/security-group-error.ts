import { ApiError, isApiError, ReasonedError } from '../errors';
import type { SecurityGroupRuleSpec } from './record';

/**
 * The security group errors, typed: each is the ECS error (code, status and message, rendered as
 * is by the ECS door) with a `reason` another dialect switches on (the EC2 security group
 * adapters, shared/protocol/ec2/actions/security-groups.ts) instead of matching ECS code strings.
 * The codes are those of the security group references
 * (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-createsecuritygroup,
 * https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-authorizesecuritygroup
 * and their siblings). Where EC2 needs what the ECS message does not say, the error carries it
 * (`rule`: the rule that already exists, for EC2's `InvalidPermission.Duplicate` message).
 */
export type SecurityGroupErrorReason =
  | 'notFound'
  | 'vpcNotFound'
  | 'invalidName'
  | 'invalidDescription'
  | 'invalidType'
  | 'groupQuota'
  /** EC2: a group name is unique within its VPC, and `default` is the VPC's own group. */
  | 'duplicateName'
  /** EC2: a VPC's `default` group cannot be deleted. */
  | 'cannotDeleteDefault'
  | 'hasMembers'
  | 'referencedByAnotherGroup'
  /** A malformed peer CIDR, protocol or port range (or a protocol and ports that do not match). */
  | 'malformedRule'
  /** Any other rule the domain's validation refused (policy, priority, description, missing peer…). */
  | 'invalidRule'
  | 'referencedGroupNotFound'
  | 'referencedGroupVpcMismatch'
  /** ECS's rules per group or authorized groups per basic group. */
  | 'ruleLimit'
  /** EC2's 60 rules per direction. */
  | 'ec2RuleLimit'
  | 'ruleIdNotFound'
  /** A modified rule may not change its kind of peer (CIDR, IPv6 CIDR, group, prefix list). */
  | 'peerKindChange'
  /** EC2: authorizing a rule the group already has is refused. */
  | 'duplicateRule'
  /** EC2: revoking a rule the group does not have is refused. */
  | 'ruleNotFound';

export class SecurityGroupError extends ReasonedError<SecurityGroupErrorReason> {
  constructor(
    reason: SecurityGroupErrorReason,
    ecs: ApiError,
    /** The rule concerned, when EC2's message names it. */
    readonly rule?: SecurityGroupRuleSpec,
  ) {
    super(reason, ecs);
  }
}

export const isSecurityGroupError = (e: unknown): e is SecurityGroupError => e instanceof SecurityGroupError;

/** The ECS error `ecs`, typed with `reason`. */
export const securityGroupError = (reason: SecurityGroupErrorReason, ecs: ApiError, rule?: SecurityGroupRuleSpec): SecurityGroupError =>
  new SecurityGroupError(reason, ecs, rule);

/** Runs `body`; an untyped ApiError it raises comes out typed with `reason` (a typed one passes as it is). */
export function withReason<T>(reason: SecurityGroupErrorReason, body: () => T): T {
  try {
    return body();
  } catch (e) {
    if (isApiError(e) && !isSecurityGroupError(e)) throw securityGroupError(reason, e);
    throw e;
  }
}
