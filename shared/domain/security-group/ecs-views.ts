import { networkTypeOf, type NicType, type RuleDirection, type SecurityGroupRecord, type SecurityGroupRule } from './record';

/** The ECS wire views of a group and its rules (sources: see index.ts). */

/** `yyyy-MM-ddTHH:mm:ssZ` (api §0: security group and rule times are given to the second). */
function toEcsSecondsTime(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 19)}Z`;
}

export interface PermissionViewContext {
  /** Resolves the names of referenced groups (`SourceGroupName` / `DestGroupName`); '' when unknown. */
  groupNameOf?: (securityGroupId: string) => string | undefined;
  /** Resolves prefix list names; '' when unknown. */
  prefixListNameOf?: (prefixListId: string) => string | undefined;
}

/**
 * One `Permissions.Permission[]` item of DescribeSecurityGroupAttribute, with exactly the fields the
 * reference lists (api §3.4; the SDK model `DescribeSecurityGroupAttributeResponseBodyPermissionsPermission`).
 * `Priority` is a string on the wire; `Policy` is `Accept` / `Drop` like `InnerAccessPolicy`.
 * Port range lists are not modelled: their fields are empty.
 */
export function renderPermission(rule: SecurityGroupRule, context: PermissionViewContext = {}): Record<string, string> {
  const name = (id: string): string => (id ? (context.groupNameOf?.(id) ?? '') : '');
  const prefixListName = (id: string): string => (id ? (context.prefixListNameOf?.(id) ?? '') : '');
  return {
    SecurityGroupRuleId: rule.ruleId,
    Direction: rule.direction,
    IpProtocol: rule.ipProtocol,
    PortRange: rule.portRange,
    SourcePortRange: rule.sourcePortRange,
    SourceCidrIp: rule.sourceCidrIp,
    Ipv6SourceCidrIp: rule.ipv6SourceCidrIp,
    SourceGroupId: rule.sourceGroupId,
    SourceGroupName: name(rule.sourceGroupId),
    SourceGroupOwnerAccount: rule.sourceGroupOwnerAccount || rule.sourceGroupOwnerId,
    SourcePrefixListId: rule.sourcePrefixListId,
    SourcePrefixListName: prefixListName(rule.sourcePrefixListId),
    DestCidrIp: rule.destCidrIp,
    Ipv6DestCidrIp: rule.ipv6DestCidrIp,
    DestGroupId: rule.destGroupId,
    DestGroupName: name(rule.destGroupId),
    DestGroupOwnerAccount: rule.destGroupOwnerAccount || rule.destGroupOwnerId,
    DestPrefixListId: rule.destPrefixListId,
    DestPrefixListName: prefixListName(rule.destPrefixListId),
    Policy: rule.policy === 'drop' ? 'Drop' : 'Accept',
    Priority: String(rule.priority),
    NicType: rule.nicType,
    PortRangeListId: '',
    PortRangeListName: '',
    Description: rule.description,
    CreateTime: toEcsSecondsTime(rule.creationTime),
  };
}

export interface SecurityGroupAttributeQuery {
  /** `egress`, `ingress` or `all` (default), api DescribeSecurityGroupAttribute. */
  direction?: RuleDirection | 'all';
  /**
   * Classic groups only: which NIC's rules to show, default `internet` (api). VPC groups have only
   * intranet rules, which are shown whatever is asked.
   */
  nicType?: NicType;
}

/** The DescribeSecurityGroupAttribute body without RequestId and paging. */
export function renderSecurityGroupAttribute(
  group: SecurityGroupRecord,
  query: SecurityGroupAttributeQuery = {},
  context: PermissionViewContext = {},
): Record<string, unknown> {
  const direction = query.direction ?? 'all';
  const classic = networkTypeOf(group) === 'classic';
  const nicType = query.nicType ?? 'internet';
  const rules = group.rules.filter((r) => (direction === 'all' || r.direction === direction) && (!classic || r.nicType === nicType));
  return {
    SecurityGroupId: group.securityGroupId,
    SecurityGroupName: group.securityGroupName,
    Description: group.description,
    VpcId: group.vpcId,
    RegionId: group.regionId,
    InnerAccessPolicy: group.innerAccessPolicy,
    Permissions: { Permission: rules.map((r) => renderPermission(r, context)) },
  };
}

export interface SecurityGroupViewContext {
  /** Instances (ENIs) in the group (`EcsCount`). */
  ecsCount?: number;
  /** Instances per group (docs/rules/ecs-user-guide.md#quotas, spec Q16: 1,000); `AvailableInstanceAmount` = capacity − count. */
  instanceCapacity?: number;
}

/** One `SecurityGroups.SecurityGroup[]` item of DescribeSecurityGroups (api §3.4). */
export function renderSecurityGroup(group: SecurityGroupRecord, context: SecurityGroupViewContext = {}): Record<string, unknown> {
  const ecsCount = context.ecsCount ?? 0;
  return {
    SecurityGroupId: group.securityGroupId,
    SecurityGroupName: group.securityGroupName,
    Description: group.description,
    SecurityGroupType: group.securityGroupType,
    VpcId: group.vpcId,
    CreationTime: toEcsSecondsTime(group.creationTime),
    EcsCount: ecsCount,
    AvailableInstanceAmount: Math.max(0, (context.instanceCapacity ?? 1000) - ecsCount),
    RuleCount: group.rules.length,
    GroupToGroupRuleCount: group.rules.filter((r) => r.sourceGroupId || r.destGroupId).length,
    ResourceGroupId: group.resourceGroupId ?? '',
    ServiceManaged: group.serviceManaged ?? false,
    Tags: { Tag: group.tags.map((t) => ({ TagKey: t.key, TagValue: t.value })) },
  };
}
