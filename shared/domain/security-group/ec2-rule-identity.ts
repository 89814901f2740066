import type { SecurityGroupRuleSpec } from './record';

/**
 * When two rules are the same rule for EC2: an allow rule of the same direction, protocol, ports
 * and peer (CIDR, IPv6 CIDR or group), whatever its owner, priority or description
 * (https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html: "the rule's
 * protocol, port range and source or destination"). EC2 refuses to authorize such a rule twice
 * (InvalidPermission.Duplicate) and to revoke one the group does not have (InvalidPermission.NotFound),
 * where ECS succeeds and does nothing (its identity is `ruleKey`).
 */
export function sameEc2Rule(want: SecurityGroupRuleSpec, rule: SecurityGroupRuleSpec): boolean {
  const ingress = want.direction === 'ingress';
  const peer = (r: SecurityGroupRuleSpec) =>
    ingress ? [r.sourceCidrIp, r.ipv6SourceCidrIp, r.sourceGroupId] : [r.destCidrIp, r.ipv6DestCidrIp, r.destGroupId];
  const [a, b] = [peer(want), peer(rule)];
  return (
    rule.direction === want.direction &&
    rule.policy !== 'drop' &&
    rule.ipProtocol === want.ipProtocol &&
    rule.portRange === want.portRange &&
    a.every((v, i) => v === b[i])
  );
}
