import { describe, it, expect } from 'vitest';
import {
  DescribeSecurityGroupAttributeResponseBody,
  DescribeSecurityGroupAttributeResponseBodyPermissionsPermission,
  DescribeSecurityGroupsResponseBodySecurityGroupsSecurityGroup,
} from '@alicloud/ecs20140526';
import {
  DEFAULT_SECURITY_GROUP_LIMITS,
  SYSTEM_RULE_PRIORITY,
  addRules,
  defaultRules,
  newSecurityGroup,
  removeRules,
  renderPermission,
  renderSecurityGroup,
  renderSecurityGroupAttribute,
  ruleContextOf,
  ruleKey,
  validateDescription,
  validateGroupName,
  validateRuleInput,
  type NewSecurityGroupInput,
  type RuleInput,
  type SecurityGroupRecord,
  type SecurityGroupRuleSpec,
} from '../../shared/domain/security-group';
import { QUOTAS } from '../../shared/domain/quotas';
import { expectApiError } from '../support/api-error';

// ---------------------------------------------------------------------------------------------
// helpers

const NOW = '2024-03-01T10:20:30.456Z';
let idCounter = 0;
const nextRuleId = (): string => `sgr-test${String(++idCounter).padStart(6, '0')}`;

function group(overrides: Partial<NewSecurityGroupInput> = {}): SecurityGroupRecord {
  return newSecurityGroup({
    securityGroupId: `sg-test${++idCounter}`,
    regionId: 'cn-hangzhou',
    accountId: '123456789012',
    vpcId: 'vpc-test',
    creationTime: NOW,
    newRuleId: nextRuleId,
    ...overrides,
  });
}

const ingress = (r: Omit<RuleInput, 'direction'>): RuleInput => ({ direction: 'ingress', ...r });
const egress = (r: Omit<RuleInput, 'direction'>): RuleInput => ({ direction: 'egress', ...r });

/** Validates rules against the group and authorizes them. */
function authorize(g: SecurityGroupRecord, ...inputs: RuleInput[]): SecurityGroupRecord {
  const specs = inputs.map((i) => validateRuleInput(i, ruleContextOf(g)));
  return addRules(g, specs, { now: NOW, newRuleId: nextRuleId }).group;
}

// ---------------------------------------------------------------------------------------------

describe('validateGroupName / validateDescription (spec §13)', () => {
  it('names: optional; 2-128, letter or kanji first, then digits, _ and - (guide)', () => {
    expect(validateGroupName(undefined)).toBe('');
    expect(validateGroupName('')).toBe('');
    for (const ok of ['web-sg_1', 'ab', '安全组-1', 'W'.repeat(128)]) expect(validateGroupName(ok)).toBe(ok);
    for (const bad of ['a', 'W'.repeat(129), '1web', '-web', 'web.sg', 'web sg', 'web:sg', 'http://x']) {
      expectApiError(() => validateGroupName(bad), 'InvalidSecurityGroupName.Malformed');
    }
  });

  it('names, api profile: also "." and ":"', () => {
    expect(validateGroupName('web.sg:1', 'api')).toBe('web.sg:1');
    expectApiError(() => validateGroupName('1web', 'api'), 'InvalidSecurityGroupName.Malformed');
  });

  it('descriptions: optional; 2-256, not starting with http:// or https://', () => {
    expect(validateDescription(undefined)).toBe('');
    expect(validateDescription('web tier, see http://wiki')).toBe('web tier, see http://wiki');
    expect(validateDescription('d'.repeat(256))).toHaveLength(256);
    for (const bad of ['d', 'd'.repeat(257), 'http://x', 'HTTPS://x']) {
      expectApiError(() => validateDescription(bad), 'InvalidDescription.Malformed');
    }
  });
});

describe('validateRuleInput', () => {
  it('normalises protocol, ports and defaults (policy accept, priority 1, intranet in a VPC)', () => {
    const r = validateRuleInput(ingress({ ipProtocol: 'tcp', portRange: ' 22 / 22 ', sourceCidrIp: '0.0.0.0/0' }));
    expect(r).toMatchObject({
      direction: 'ingress',
      ipProtocol: 'TCP',
      portRange: '22/22',
      sourceCidrIp: '0.0.0.0/0',
      policy: 'accept',
      priority: 1,
      nicType: 'intranet',
      sourceGroupId: '',
      description: '',
    });
    expect(validateRuleInput(ingress({ ipProtocol: 'All', sourceCidrIp: '10.0.0.0/8' })).portRange).toBe('-1/-1');
    expect(validateRuleInput(ingress({ ipProtocol: 'icmp', portRange: '-1/-1', sourceCidrIp: '1.2.3.4' })).ipProtocol).toBe('ICMP');
    expect(validateRuleInput(ingress({ ipProtocol: '6', portRange: '80/80', sourceCidrIp: '1.2.3.4' })).ipProtocol).toBe('TCP');
    expect(validateRuleInput(ingress({ ipProtocol: 'gre', sourceCidrIp: '1.2.3.4', policy: 'DROP', priority: '100' }))).toMatchObject({
      ipProtocol: 'GRE',
      policy: 'drop',
      priority: 100,
    });
  });

  it('IpProtocol: missing, unknown and malformed values', () => {
    expectApiError(() => validateRuleInput(ingress({ portRange: '22/22', sourceCidrIp: '1.2.3.4' })), 'MissingParameter');
    expectApiError(() => validateRuleInput(ingress({ ipProtocol: 'SCTP', sourceCidrIp: '1.2.3.4' })), 'InvalidIpProtocol.ValueNotSupported');
    expectApiError(() => validateRuleInput(ingress({ ipProtocol: '132', sourceCidrIp: '1.2.3.4' })), 'InvalidIpProtocol.ValueNotSupported');
    expectApiError(() => validateRuleInput(ingress({ ipProtocol: '300', sourceCidrIp: '1.2.3.4' })), 'InvalidIpProtocol.Malformed');
    expectApiError(() => validateRuleInput(ingress({ ipProtocol: 't-c-p', sourceCidrIp: '1.2.3.4' })), 'InvalidIpProtocol.Malformed');
  });

  it('PortRange: 1-65535 from ≤ to for TCP/UDP, -1/-1 for the rest; mismatches are OperationDenied', () => {
    const tcp = (portRange: string) => validateRuleInput(ingress({ ipProtocol: 'TCP', portRange, sourceCidrIp: '1.2.3.4' }));
    expect(tcp('1/65535').portRange).toBe('1/65535');
    for (const bad of ['0/22', '22/21', '1/65536', 'abc', '22', '22-23', '22/22/22']) {
      expectApiError(() => tcp(bad), 'InvalidIpPortRange.Malformed');
    }
    expectApiError(() => tcp('-1/-1'), 'OperationDenied');
    expectApiError(() => validateRuleInput(ingress({ ipProtocol: 'ALL', portRange: '22/22', sourceCidrIp: '1.2.3.4' })), 'OperationDenied');
    expectApiError(() => validateRuleInput(ingress({ ipProtocol: 'ICMP', portRange: '-1/22', sourceCidrIp: '1.2.3.4' })), 'InvalidIpPortRange.Malformed');
    const missing = expectApiError(() => validateRuleInput(ingress({ ipProtocol: 'UDP', sourceCidrIp: '1.2.3.4' })), 'MissingParameter');
    expect(missing.message).toContain('PortRange');
    expectApiError(
      () => validateRuleInput(ingress({ ipProtocol: 'TCP', portRange: '22/22', sourcePortRange: '9/8', sourceCidrIp: '1.2.3.4' })),
      'InvalidSourcePortRange.Malformed',
    );
  });

  it('Policy, Priority and Description', () => {
    const base = { ipProtocol: 'TCP', portRange: '22/22', sourceCidrIp: '1.2.3.4' };
    expectApiError(() => validateRuleInput(ingress({ ...base, policy: 'allow' })), 'InvalidPolicy.Malformed');
    for (const p of ['0', '101', String(SYSTEM_RULE_PRIORITY)]) {
      expectApiError(() => validateRuleInput(ingress({ ...base, priority: p })), 'InvalidPriority.ValueNotSupported');
    }
    for (const p of ['x', '1.5', '-1']) {
      expectApiError(() => validateRuleInput(ingress({ ...base, priority: p })), 'InvalidPriority.Malformed');
    }
    expect(validateRuleInput(ingress({ ...base, priority: 7 })).priority).toBe(7);
    expect(validateRuleInput(ingress({ ...base, description: 'ssh from office' })).description).toBe('ssh from office');
    expectApiError(() => validateRuleInput(ingress({ ...base, description: 'd'.repeat(513) })), 'InvalidSecurityGroupDiscription.Malformed');
  });

  it('the peer is required and CIDRs are checked per field', () => {
    expectApiError(() => validateRuleInput(ingress({ ipProtocol: 'ALL' })), 'MissingParameter.Source');
    // For egress the peer is the destination: a source CIDR alone is not enough.
    const e = expectApiError(() => validateRuleInput(egress({ ipProtocol: 'ALL', sourceCidrIp: '10.0.0.0/8' })), 'MissingParameter');
    expect(e.message).toContain('DestCidrIp');
    for (const bad of ['1.2.3.4/33', '256.1.1.1', '1.2.3', '01.2.3.4', '::/0', 'any']) {
      expectApiError(() => validateRuleInput(ingress({ ipProtocol: 'ALL', sourceCidrIp: bad })), 'InvalidSourceCidrIp.Malformed');
    }
    expectApiError(() => validateRuleInput(egress({ ipProtocol: 'ALL', destCidrIp: '10.0.0.0/40' })), 'InvalidDestCidrIp.Malformed');
    expectApiError(() => validateRuleInput(ingress({ ipProtocol: 'ALL', ipv6SourceCidrIp: '10.0.0.0/8' })), 'InvalidParam.Ipv6SourceCidrIp');
    expectApiError(() => validateRuleInput(egress({ ipProtocol: 'ALL', ipv6DestCidrIp: '2001:db8::/129' })), 'InvalidParam.Ipv6DestCidrIp');
    const v6 = validateRuleInput(ingress({ ipProtocol: 'ICMPv6', ipv6SourceCidrIp: '2001:0DB8:0000::/32' }));
    expect(v6.ipv6SourceCidrIp).toBe('2001:db8::/32');
    expect(v6.ipProtocol).toBe('ICMPv6');
    expectApiError(() => validateRuleInput(ingress({ ipProtocol: 'ICMP', ipv6SourceCidrIp: '::/0' })), 'InvalidParam.Ipv4ProtocolConflictWithIpv6Address');
    expectApiError(() => validateRuleInput(ingress({ ipProtocol: 'ICMPv6', sourceCidrIp: '0.0.0.0/0' })), 'InvalidParam.Ipv6ProtocolConflictWithIpv4Address');
    expectApiError(() => validateRuleInput(ingress({ ipProtocol: 'ALL', sourceCidrIp: '0.0.0.0/0', ipv6SourceCidrIp: '::/0' })), 'InvalidParameter');
  });

  it('a CIDR takes precedence over a group, a group over a prefix list', () => {
    const both = validateRuleInput(
      ingress({ ipProtocol: 'ALL', sourceCidrIp: '10.0.0.0/8', sourceGroupId: 'sg-other', sourceGroupOwnerId: 42, sourcePrefixListId: 'pl-1' }),
    );
    expect(both).toMatchObject({ sourceCidrIp: '10.0.0.0/8', sourceGroupId: '', sourceGroupOwnerId: '', sourcePrefixListId: '' });
    const groupAndList = validateRuleInput(ingress({ ipProtocol: 'ALL', sourceGroupId: 'sg-other', sourcePrefixListId: 'pl-1' }));
    expect(groupAndList).toMatchObject({ sourceGroupId: 'sg-other', sourcePrefixListId: '' });
    const out = validateRuleInput(egress({ ipProtocol: 'TCP', portRange: '443/443', destGroupId: 'sg-db', destGroupOwnerAccount: 'a@b' }));
    expect(out).toMatchObject({ destGroupId: 'sg-db', destGroupOwnerAccount: 'a@b', sourceGroupId: '' });
  });

  it('group authorization: not the group itself, not from an enterprise group', () => {
    expectApiError(
      () => validateRuleInput(ingress({ ipProtocol: 'ALL', sourceGroupId: 'sg-self' }), { securityGroupId: 'sg-self' }),
      'InvalidParamter.Conflict',
    );
    expectApiError(() => validateRuleInput(ingress({ ipProtocol: 'ALL', sourceGroupId: 'sg-x' }), { securityGroupType: 'enterprise' }), 'InvalidParameter');
    expect(validateRuleInput(ingress({ ipProtocol: 'ALL', sourceCidrIp: '1.1.1.1' }), { securityGroupType: 'enterprise' }).sourceCidrIp).toBe('1.1.1.1');
  });

  it('NicType: VPC rules are intranet; classic rules default to internet, group rules must be intranet, intranet CIDRs are /32', () => {
    const base = { ipProtocol: 'TCP', portRange: '22/22' };
    expect(validateRuleInput(ingress({ ...base, sourceCidrIp: '1.2.3.4', nicType: 'internet' })).nicType).toBe('intranet');
    expectApiError(() => validateRuleInput(ingress({ ...base, sourceCidrIp: '1.2.3.4', nicType: 'wan' })), 'InvalidNicType.ValueNotSupported');
    const classic = { networkType: 'classic' as const };
    expect(validateRuleInput(ingress({ ...base, sourceCidrIp: '0.0.0.0/0' }), classic).nicType).toBe('internet');
    expect(validateRuleInput(ingress({ ...base, sourceGroupId: 'sg-x' }), classic).nicType).toBe('intranet');
    expectApiError(() => validateRuleInput(ingress({ ...base, sourceGroupId: 'sg-x', nicType: 'internet' }), classic), 'InvalidNicType.Mismatch');
    expectApiError(() => validateRuleInput(ingress({ ...base, sourceCidrIp: '10.0.0.0/24', nicType: 'intranet' }), classic), 'InvalidSourceCidrIp.Malformed');
    expect(validateRuleInput(ingress({ ...base, sourceCidrIp: '10.0.0.7/32', nicType: 'intranet' }), classic).nicType).toBe('intranet');
  });
});

describe('ruleKey', () => {
  const spec = (r: Omit<RuleInput, 'direction'>, dir: 'ingress' | 'egress' = 'ingress'): SecurityGroupRuleSpec => validateRuleInput({ direction: dir, ...r });

  it('ignores priority and description, and compares CIDRs by network', () => {
    const a = spec({ ipProtocol: 'TCP', portRange: '22/22', sourceCidrIp: '10.1.2.3/8', priority: 1 });
    const b = spec({ ipProtocol: 'tcp', portRange: '22/22', sourceCidrIp: '10.0.0.0/8', priority: 50, description: 'x' });
    expect(ruleKey(a)).toBe(ruleKey(b));
    const v6a = spec({ ipProtocol: 'ALL', ipv6SourceCidrIp: '2001:db8::1/32' });
    const v6b = spec({ ipProtocol: 'ALL', ipv6SourceCidrIp: '2001:0db8:0:0::/32' });
    expect(ruleKey(v6a)).toBe(ruleKey(v6b));
    expect(ruleKey(spec({ ipProtocol: 'ALL', sourceCidrIp: '1.2.3.4' }))).toBe(ruleKey(spec({ ipProtocol: 'ALL', sourceCidrIp: '1.2.3.4/32' })));
  });

  it('distinguishes policy, ports, protocol, peer and direction', () => {
    const base = { ipProtocol: 'TCP', portRange: '22/22', sourceCidrIp: '10.0.0.0/8' };
    const k = ruleKey(spec(base));
    expect(ruleKey(spec({ ...base, policy: 'drop' }))).not.toBe(k);
    expect(ruleKey(spec({ ...base, portRange: '23/23' }))).not.toBe(k);
    expect(ruleKey(spec({ ...base, ipProtocol: 'UDP' }))).not.toBe(k);
    expect(ruleKey(spec({ ...base, sourceCidrIp: '10.0.0.0/9' }))).not.toBe(k);
    expect(ruleKey(spec({ ipProtocol: 'TCP', portRange: '22/22', sourceGroupId: 'sg-a' }))).not.toBe(
      ruleKey(spec({ ipProtocol: 'TCP', portRange: '22/22', sourceGroupId: 'sg-b' })),
    );
    expect(ruleKey(spec({ ipProtocol: 'TCP', portRange: '22/22', destCidrIp: '10.0.0.0/8' }, 'egress'))).not.toBe(k);
  });
});

describe('addRules', () => {
  it('assigns ids and times, stores an identical rule once, and leaves the input record alone', () => {
    const g = group();
    const ssh = validateRuleInput(ingress({ ipProtocol: 'TCP', portRange: '22/22', sourceCidrIp: '0.0.0.0/0' }));
    const first = addRules(g, [ssh, { ...ssh, priority: 5 }], { now: NOW, newRuleId: () => 'sgr-fixed1' });
    expect(first.added).toHaveLength(1);
    expect(first.existing).toHaveLength(1);
    expect(first.added[0]).toMatchObject({ ruleId: 'sgr-fixed1', creationTime: NOW, priority: 1 });
    expect(g.rules).toHaveLength(0);
    const again = addRules(first.group, [ssh], { now: NOW });
    expect(again.added).toHaveLength(0);
    expect(again.existing[0]!.ruleId).toBe('sgr-fixed1');
    expect(again.group.rules).toHaveLength(1);
  });

  it('generates sgr- ids by default', () => {
    const g = group({ regionId: 'cn-hangzhou', newRuleId: undefined });
    const r = addRules(g, [validateRuleInput(ingress({ ipProtocol: 'ALL', sourceCidrIp: '1.1.1.1' }))], { now: NOW });
    expect(r.added[0]!.ruleId).toMatch(/^sgr-bp[a-z0-9]{18}$/);
  });

  it('at most 100 rules per group (guide L130): AuthorizationLimitExceed, 403, all or nothing', () => {
    expect(DEFAULT_SECURITY_GROUP_LIMITS.maxRulesPerGroup).toBe(100);
    const specs = (from: number, n: number) =>
      Array.from({ length: n }, (_, i) => validateRuleInput(ingress({ ipProtocol: 'TCP', portRange: `${from + i}/${from + i}`, sourceCidrIp: '0.0.0.0/0' })));
    const full = addRules(group(), specs(1000, 100), { now: NOW, newRuleId: nextRuleId }).group;
    expect(full.rules).toHaveLength(100);
    expectApiError(() => addRules(full, specs(2000, 1), { now: NOW }), 'AuthorizationLimitExceed', 403);
    // Re-adding an existing rule to a full group is still a no-op success.
    expect(addRules(full, specs(1000, 1), { now: NOW }).added).toHaveLength(0);
    expectApiError(() => addRules(group(), specs(1, 3), { now: NOW, limits: { maxRulesPerGroup: 2 } }), 'AuthorizationLimitExceed', 403);
  });

  it('a basic group authorizes at most 20 other groups', () => {
    const groupRule = (i: number) => validateRuleInput(ingress({ ipProtocol: 'ALL', sourceGroupId: `sg-peer${i}` }));
    const g = addRules(
      group(),
      Array.from({ length: 20 }, (_, i) => groupRule(i)),
      { now: NOW, newRuleId: nextRuleId },
    ).group;
    expectApiError(() => addRules(g, [groupRule(20)], { now: NOW }), 'AuthorizationLimitExceed', 403);
    // Another rule for an already-authorized group is fine.
    const more = validateRuleInput(ingress({ ipProtocol: 'TCP', portRange: '80/80', sourceGroupId: 'sg-peer0' }));
    expect(addRules(g, [more], { now: NOW, newRuleId: nextRuleId }).added).toHaveLength(1);
  });
});

describe('removeRules (RevokeSecurityGroup semantics)', () => {
  const g0 = authorize(
    group(),
    ingress({ ipProtocol: 'TCP', portRange: '22/22', sourceCidrIp: '0.0.0.0/0' }),
    ingress({ ipProtocol: 'TCP', portRange: '80/80', sourceCidrIp: '0.0.0.0/0' }),
    egress({ ipProtocol: 'TCP', portRange: '443/443', destCidrIp: '0.0.0.0/0' }),
  );
  const [ssh, http, https] = g0.rules;

  it('by rule id, in the given direction only', () => {
    const r = removeRules(g0, { direction: 'ingress', ruleIds: [ssh!.ruleId] });
    expect(r.removed.map((x) => x.ruleId)).toEqual([ssh!.ruleId]);
    expect(r.group.rules.map((x) => x.ruleId)).toEqual([http!.ruleId, https!.ruleId]);
    expect(g0.rules).toHaveLength(3);
    expectApiError(() => removeRules(g0, { direction: 'ingress', ruleIds: [https!.ruleId] }), 'InvalidParam.SecurityGroupRuleId');
    expectApiError(() => removeRules(g0, { direction: 'ingress', ruleIds: [ssh!.ruleId, 'sgr-nope'] }), 'InvalidParam.SecurityGroupRuleId');
  });

  it('by identical attributes (priority is not part of the identity); no match removes nothing', () => {
    const match = validateRuleInput(ingress({ ipProtocol: 'tcp', portRange: '80/80', sourceCidrIp: '0.0.0.0/0', priority: 9 }));
    const r = removeRules(g0, { direction: 'ingress', rules: [match] });
    expect(r.removed.map((x) => x.ruleId)).toEqual([http!.ruleId]);
    const none = removeRules(g0, {
      direction: 'ingress',
      rules: [validateRuleInput(ingress({ ipProtocol: 'TCP', portRange: '80/80', sourceCidrIp: '0.0.0.0/0', policy: 'drop' }))],
    });
    expect(none.removed).toHaveLength(0);
    expect(none.group.rules).toHaveLength(3);
  });
});

describe('defaultRules (guide §7.2)', () => {
  it('custom groups have no rules; VPC default and system groups allow 22, 3389 and ICMP at priority 110', () => {
    expect(defaultRules('custom')).toEqual([]);
    for (const profile of ['vpc-default', 'system'] as const) {
      const rules = defaultRules(profile);
      expect(rules.map((r) => `${r.direction} ${r.ipProtocol} ${r.portRange} ${r.sourceCidrIp} ${r.policy} ${r.priority} ${r.nicType}`)).toEqual([
        'ingress TCP 22/22 0.0.0.0/0 accept 110 intranet',
        'ingress TCP 3389/3389 0.0.0.0/0 accept 110 intranet',
        'ingress ICMP -1/-1 0.0.0.0/0 accept 110 intranet',
      ]);
    }
    expect(defaultRules('classic-default').every((r) => r.nicType === 'internet' && r.direction === 'ingress')).toBe(true);
    expect(defaultRules('ec2-default')).toMatchObject([{ direction: 'egress', ipProtocol: 'ALL', destCidrIp: '0.0.0.0/0', policy: 'accept' }]);
  });

  it('a VPC default group starts with the three 110 rules; a user rule for the same port is a rule of its own', () => {
    const g = group({ defaultRuleProfile: 'vpc-default' });
    expect(g.rules).toHaveLength(3);
    expect(g.rules.every((r) => r.priority === SYSTEM_RULE_PRIORITY)).toBe(true);
    const shadowed = authorize(g, ingress({ ipProtocol: 'TCP', portRange: '22/22', sourceCidrIp: '0.0.0.0/0', policy: 'drop', priority: '100' }));
    expect(shadowed.rules).toHaveLength(4);
    expect(shadowed.rules.at(-1)).toMatchObject({ portRange: '22/22', policy: 'drop', priority: 100 });
  });
});

describe('newSecurityGroup', () => {
  it('defaults to a basic group with no rules and validates its attributes', () => {
    const g = group({ securityGroupName: 'web-sg', description: 'web tier', tags: [{ key: 'env', value: 'prod' }] });
    expect(g).toMatchObject({
      securityGroupType: 'normal',
      innerAccessPolicy: 'Accept',
      securityGroupName: 'web-sg',
      description: 'web tier',
      vpcId: 'vpc-test',
      rules: [],
      tags: [{ key: 'env', value: 'prod' }],
    });
    expectApiError(() => group({ securityGroupName: '9lives' }), 'InvalidSecurityGroupName.Malformed');
    expectApiError(() => group({ description: 'https://x' }), 'InvalidDescription.Malformed');
    expectApiError(() => group({ securityGroupType: 'premium' }), 'InvalidParameter');
  });

  it('100 groups per region (guide L131): the default of the operator quota CreateSecurityGroup checks', () => {
    expect(QUOTAS.SecurityGroups?.default()).toBe(100);
  });
});

describe('wire views', () => {
  const peer = group({ securityGroupName: 'app-sg' });
  const g = authorize(
    group({ securityGroupName: 'db-sg', description: 'databases', tags: [{ key: 'env', value: 'prod' }] }),
    ingress({ ipProtocol: 'TCP', portRange: '3306/3306', sourceGroupId: peer.securityGroupId, description: 'from app' }),
    egress({ ipProtocol: 'ALL', destCidrIp: '0.0.0.0/0', policy: 'drop', priority: '100' }),
  );

  it('renderPermission has exactly the fields of the SDK Permission model', () => {
    const sdkNames = Object.values(DescribeSecurityGroupAttributeResponseBodyPermissionsPermission.names()).sort();
    const item = renderPermission(g.rules[0]!, { groupNameOf: (id) => (id === peer.securityGroupId ? 'app-sg' : undefined) });
    expect(Object.keys(item).sort()).toEqual(sdkNames);
    expect(item).toMatchObject({
      Direction: 'ingress',
      IpProtocol: 'TCP',
      PortRange: '3306/3306',
      SourceGroupId: peer.securityGroupId,
      SourceGroupName: 'app-sg',
      SourceCidrIp: '',
      Policy: 'Accept',
      Priority: '1',
      NicType: 'intranet',
      Description: 'from app',
      CreateTime: '2024-03-01T10:20:30Z',
    });
    expect(item.SecurityGroupRuleId).toBe(g.rules[0]!.ruleId);
    expect(renderPermission(g.rules[1]!)).toMatchObject({ Direction: 'egress', Policy: 'Drop', Priority: '100', DestCidrIp: '0.0.0.0/0' });
  });

  it('renderSecurityGroupAttribute filters by direction and uses only SDK fields', () => {
    const sdkNames = new Set(Object.values(DescribeSecurityGroupAttributeResponseBody.names()));
    const all = renderSecurityGroupAttribute(g);
    for (const k of Object.keys(all)) expect(sdkNames.has(k)).toBe(true);
    expect(all).toMatchObject({ SecurityGroupId: g.securityGroupId, InnerAccessPolicy: 'Accept', VpcId: 'vpc-test' });
    const permissions = (v: Record<string, unknown>) => (v.Permissions as { Permission: Record<string, string>[] }).Permission;
    expect(permissions(all)).toHaveLength(2);
    expect(permissions(renderSecurityGroupAttribute(g, { direction: 'egress' })).map((p) => p.Direction)).toEqual(['egress']);
    const classic = group({ vpcId: '', defaultRuleProfile: 'classic-default' });
    expect(permissions(renderSecurityGroupAttribute(classic))).toHaveLength(3);
    expect(permissions(renderSecurityGroupAttribute(classic, { nicType: 'intranet' }))).toHaveLength(0);
  });

  it('renderSecurityGroup uses only fields of the SDK SecurityGroup model', () => {
    const sdkNames = new Set(Object.values(DescribeSecurityGroupsResponseBodySecurityGroupsSecurityGroup.names()));
    const item = renderSecurityGroup(g, { ecsCount: 3 });
    for (const k of Object.keys(item)) expect(sdkNames.has(k)).toBe(true);
    expect(item).toMatchObject({
      SecurityGroupName: 'db-sg',
      SecurityGroupType: 'normal',
      CreationTime: '2024-03-01T10:20:30Z',
      EcsCount: 3,
      AvailableInstanceAmount: 997,
      RuleCount: 2,
      GroupToGroupRuleCount: 1,
      Tags: { Tag: [{ TagKey: 'env', TagValue: 'prod' }] },
    });
  });
});
