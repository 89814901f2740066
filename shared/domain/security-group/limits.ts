/** The documented limits of groups and rules (sources: see index.ts). */

export interface SecurityGroupLimits {
  /**
   * Rules (ingress + egress) per group. Guide L130 (spec Q17): 100, hard. api §2.6 quotes 200 as
   * "an older figure" and 1,000 across all groups of one ENI; the guide is the default.
   */
  maxRulesPerGroup: number;
  /** A basic group can authorize up to 20 source groups (api §2.6, RevokeSecurityGroup Permissions.N.SourceGroupId). */
  maxAuthorizedGroups: number;
}

export const DEFAULT_SECURITY_GROUP_LIMITS: SecurityGroupLimits = {
  maxRulesPerGroup: 100,
  maxAuthorizedGroups: 20,
};

/** Security groups per user, per region: 100 (docs/rules/ecs-user-guide.md#quotas, spec Q18); raisable by ticket. */
export const DEFAULT_SECURITY_GROUPS_PER_REGION = 100;
/** `Permissions.N`: 1 to 100 per Authorize/Revoke call (api AuthorizeSecurityGroup). */
export const MAX_PERMISSIONS_PER_CALL = 100;
/** Priority range users may set (docs/rules/ecs-user-guide.md#security-groups); the system default rules use 110 (docs/rules/ecs-user-guide.md#security-groups). */
export const MIN_PRIORITY = 1;
export const MAX_PRIORITY = 100;
export const SYSTEM_RULE_PRIORITY = 110;
