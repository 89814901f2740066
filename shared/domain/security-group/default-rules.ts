import { MIN_PRIORITY, SYSTEM_RULE_PRIORITY } from './limits';
import type { IpProtocol, NicType, RuleDirection, SecurityGroupRuleSpec } from './record';

/** The rules a new group starts with, per kind of group (sources: see index.ts). */

/**
 * The kinds of group the guide gives default rules for (docs/rules/ecs-user-guide.md#security-groups, spec §7.2):
 * - `custom`: a user-created group (CreateSecurityGroup): no rules at all; the implicit policies
 *   (all egress allowed, all ingress dropped, L3112-3117) are not stored as rules.
 * - `system`: a group the system creates: all ICMP, TCP 22, TCP 3389 (L3081-3089).
 * - `vpc-default`: the default group of a VPC: the three rules of the table at L3102-3105, TCP 22/22,
 *   TCP 3389/3389, ICMP -1/-1 from 0.0.0.0/0, Accept, priority 110, so user rules (1-100)
 *   shadow them (L3110). The text before the table ("intranet in and out: allow all 0.0.0.0/0",
 *   L3098-3100) is read as the implicit allow-egress plus intra-group access, not as an
 *   ingress allow-all rule, which would make the table pointless.
 * - `classic-default`: the default group of the classic network: internet ingress only TCP 22,
 *   TCP 3389, ICMP (L3094-3096); intranet ingress denied and all egress allowed, which are the
 *   implicit policies. Priority 110, as all system default rules (spec Q43).
 * - `ec2-default`: the EC2 dialect's new VPC group: one egress rule, all traffic to 0.0.0.0/0, and
 *   no ingress rule (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/Welcome.html). EC2 evaluates egress with an implicit drop.
 * The rules come without ids; pass them to `addRules` (or `newSecurityGroup`).
 */
export type DefaultRuleProfile = 'custom' | 'system' | 'vpc-default' | 'classic-default' | 'ec2-default';

/** A rule to or from one CIDR block, accepted, with no description: the shape of every rule the system writes. */
export function systemRule(
  direction: RuleDirection,
  ipProtocol: IpProtocol,
  portRange: string,
  cidr: string,
  nicType: NicType,
  priority: number,
): SecurityGroupRuleSpec {
  return {
    direction,
    ipProtocol,
    portRange,
    sourcePortRange: '',
    sourceCidrIp: direction === 'ingress' ? cidr : '',
    destCidrIp: direction === 'egress' ? cidr : '',
    ipv6SourceCidrIp: '',
    ipv6DestCidrIp: '',
    sourceGroupId: '',
    sourceGroupOwnerAccount: '',
    sourceGroupOwnerId: '',
    destGroupId: '',
    destGroupOwnerAccount: '',
    destGroupOwnerId: '',
    sourcePrefixListId: '',
    destPrefixListId: '',
    policy: 'accept',
    priority,
    nicType,
    description: '',
  };
}

export function defaultRules(profile: DefaultRuleProfile): SecurityGroupRuleSpec[] {
  const loginRules = (nicType: NicType): SecurityGroupRuleSpec[] => [
    systemRule('ingress', 'TCP', '22/22', '0.0.0.0/0', nicType, SYSTEM_RULE_PRIORITY),
    systemRule('ingress', 'TCP', '3389/3389', '0.0.0.0/0', nicType, SYSTEM_RULE_PRIORITY),
    systemRule('ingress', 'ICMP', '-1/-1', '0.0.0.0/0', nicType, SYSTEM_RULE_PRIORITY),
  ];
  switch (profile) {
    case 'custom':
      return [];
    case 'system':
    case 'vpc-default':
      return loginRules('intranet');
    case 'classic-default':
      return loginRules('internet');
    case 'ec2-default':
      return [systemRule('egress', 'ALL', '-1/-1', '0.0.0.0/0', 'intranet', MIN_PRIORITY)];
  }
}

/**
 * The rules of an EC2 VPC's `default` group
 * (https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html): all inbound
 * traffic from members of the group itself, all outbound traffic to 0.0.0.0/0. The inbound rule
 * names the group, so it takes the group's id.
 */
export function ec2VpcDefaultRules(groupId: string): SecurityGroupRuleSpec[] {
  const fromItself = systemRule('ingress', 'ALL', '-1/-1', '', 'intranet', MIN_PRIORITY);
  return [{ ...fromItself, sourceGroupId: groupId }, systemRule('egress', 'ALL', '-1/-1', '0.0.0.0/0', 'intranet', MIN_PRIORITY)];
}
