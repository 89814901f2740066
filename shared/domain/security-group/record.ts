/** The security group record and its rules as stored (sources: see index.ts). */

/** `normal` = basic, `enterprise` = advanced (api CreateSecurityGroup; default normal). */
export type SecurityGroupType = 'normal' | 'enterprise';
export const SECURITY_GROUP_TYPES: readonly SecurityGroupType[] = ['normal', 'enterprise'];

export type RuleDirection = 'ingress' | 'egress';
/** Stored and rendered in this spelling (api AuthorizeSecurityGroup: TCP, UDP, ICMP, GRE, ALL; ICMPv6 for IPv6 rules). */
export type IpProtocol = 'TCP' | 'UDP' | 'ICMP' | 'ICMPv6' | 'GRE' | 'ALL';
export const IP_PROTOCOLS: readonly IpProtocol[] = ['TCP', 'UDP', 'ICMP', 'ICMPv6', 'GRE', 'ALL'];
/** Stored lower case (the request values); rendered `Accept` / `Drop`. */
export type RulePolicy = 'accept' | 'drop';
/** Classic network: internet | intranet. VPC rules are always intranet (docs/rules/ecs-user-guide.md#security-groups, sdk NicType). */
export type NicType = 'internet' | 'intranet';
export type NetworkType = 'vpc' | 'classic';
/** DescribeSecurityGroupAttribute `InnerAccessPolicy` (api §3.4). */
export type InnerAccessPolicy = 'Accept' | 'Drop';

export interface SecurityGroupTag {
  key: string;
  value: string;
}

/**
 * A rule as validated (`validateRuleInput`), before it is stored. Unused fields are empty strings,
 * so the record is flat and DynamoDB friendly.
 *
 * Peer ("authorization object"): for ingress one of sourceCidrIp / ipv6SourceCidrIp / sourceGroupId /
 * sourcePrefixListId; for egress one of destCidrIp / ipv6DestCidrIp / destGroupId / destPrefixListId.
 * The other side's CIDR (destCidrIp on ingress, sourceCidrIp on egress) is the optional local
 * address of a "quintuple" rule (sdk).
 */
export interface SecurityGroupRuleSpec {
  direction: RuleDirection;
  ipProtocol: IpProtocol;
  /** `from/to`, normalised: `22/22`, `1/65535`; `-1/-1` for ALL, ICMP, ICMPv6 and GRE (docs/rules/ecs-user-guide.md#security-groups). */
  portRange: string;
  /** Optional source port range of a quintuple rule; '' when unset. */
  sourcePortRange: string;
  sourceCidrIp: string;
  destCidrIp: string;
  ipv6SourceCidrIp: string;
  ipv6DestCidrIp: string;
  sourceGroupId: string;
  sourceGroupOwnerAccount: string;
  sourceGroupOwnerId: string;
  destGroupId: string;
  destGroupOwnerAccount: string;
  destGroupOwnerId: string;
  sourcePrefixListId: string;
  destPrefixListId: string;
  policy: RulePolicy;
  /** 1-100 for user rules (docs/rules/ecs-user-guide.md#security-groups); 110 only for system default rules (docs/rules/ecs-user-guide.md#security-groups). */
  priority: number;
  nicType: NicType;
  description: string;
}

export interface SecurityGroupRule extends SecurityGroupRuleSpec {
  /** `sgr-…` (DescribeSecurityGroupAttribute `SecurityGroupRuleId`). */
  ruleId: string;
  /** ISO 8601 UTC. */
  creationTime: string;
}

export interface SecurityGroupRecord {
  securityGroupId: string;
  regionId: string;
  accountId: string;
  /** '' for a classic-network group (docs/rules/ecs-user-guide.md#security-group-create: a VPC group names its VPC). */
  vpcId: string;
  securityGroupName: string;
  description: string;
  securityGroupType: SecurityGroupType;
  /** normal → Accept (instances of the group talk to each other, docs/rules/ecs-user-guide.md#security-groups), enterprise → Drop (api CreateSecurityGroup). */
  innerAccessPolicy: InnerAccessPolicy;
  /** ISO 8601 UTC. */
  creationTime: string;
  tags: SecurityGroupTag[];
  /** Ingress and egress rules together; each carries its `direction`. */
  rules: SecurityGroupRule[];
  resourceGroupId?: string;
  serviceManaged?: boolean;
}

export function networkTypeOf(group: Pick<SecurityGroupRecord, 'vpcId'>): NetworkType {
  return group.vpcId ? 'vpc' : 'classic';
}
