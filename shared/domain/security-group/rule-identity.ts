import { canonicalCidr, parseCidr } from './ip-address';
import type { SecurityGroupRuleSpec } from './record';

/** When two rules are the same rule (sources: see index.ts). */

function cidrKey(v4: string, v6: string): string {
  const value = v4 || v6;
  if (!value) return '';
  const parsed = parseCidr(value);
  return parsed ? canonicalCidr(parsed) : value;
}

/**
 * The identity of a rule: two rules with the same key are "the same rule". Authorize stores it once
 * ("Adding a rule that already exists succeeds without creating a duplicate", api
 * AuthorizeSecurityGroup) and Revoke-by-Permissions removes the rule with that key.
 *
 * The key is what the API says determines a rule: the peer (source for ingress, destination for
 * egress: a canonical CIDR, a group with its owner, or a prefix list), PortRange, IpProtocol and
 * Policy (AuthorizeSecurityGroup(Egress) doc "规则确定方式"), plus direction, NicType (classic
 * keeps internet and intranet rules apart, docs/rules/ecs-user-guide.md#security-groups) and the quintuple fields (local CIDR,
 * source port range). Priority and Description are attributes, not identity.
 */
export function ruleKey(rule: SecurityGroupRuleSpec): string {
  const ingress = rule.direction === 'ingress';
  const peerCidr = ingress ? cidrKey(rule.sourceCidrIp, rule.ipv6SourceCidrIp) : cidrKey(rule.destCidrIp, rule.ipv6DestCidrIp);
  const localCidr = ingress ? cidrKey(rule.destCidrIp, rule.ipv6DestCidrIp) : cidrKey(rule.sourceCidrIp, rule.ipv6SourceCidrIp);
  const groupId = ingress ? rule.sourceGroupId : rule.destGroupId;
  const owner = ingress ? rule.sourceGroupOwnerId || rule.sourceGroupOwnerAccount : rule.destGroupOwnerId || rule.destGroupOwnerAccount;
  const prefixList = ingress ? rule.sourcePrefixListId : rule.destPrefixListId;
  const peer = peerCidr ? `cidr:${peerCidr}` : groupId ? `sg:${groupId}@${owner}` : `pl:${prefixList}`;
  return [rule.direction, rule.nicType, rule.ipProtocol, rule.portRange, rule.sourcePortRange, peer, `local:${localCidr}`, rule.policy].join('|');
}
