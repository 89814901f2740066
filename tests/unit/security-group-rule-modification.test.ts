import { describe, expect, it } from 'vitest';
import {
  addRules,
  modifyRuleByAttributes,
  modifyRuleById,
  newSecurityGroup,
  ruleContextOf,
  validateRuleInput,
  type RuleInput,
  type SecurityGroupRecord,
} from '../../shared/domain/security-group';
import { expectApiError } from '../support/api-error';

const NOW = '2024-03-01T10:20:30.000Z';
let counter = 0;
const nextRuleId = () => `sgr-mod${++counter}`;

function groupWith(...rules: RuleInput[]): SecurityGroupRecord {
  const g = newSecurityGroup({
    securityGroupId: `sg-mod${++counter}`,
    regionId: 'cn-hangzhou',
    accountId: '1',
    vpcId: 'vpc-1',
    creationTime: NOW,
    newRuleId: nextRuleId,
  });
  const specs = rules.map((r) => validateRuleInput(r, ruleContextOf(g)));
  return addRules(g, specs, { now: NOW, newRuleId: nextRuleId }).group;
}
const ssh: RuleInput = { direction: 'ingress', ipProtocol: 'tcp', portRange: '22/22', sourceCidrIp: '10.0.0.0/8' };
const https: RuleInput = { direction: 'ingress', ipProtocol: 'tcp', portRange: '443/443', sourceCidrIp: '0.0.0.0/0' };
const userRule = (g: SecurityGroupRecord, port: string) => g.rules.find((r) => r.portRange === port)!;

describe('ModifySecurityGroupRule by rule id', () => {
  it('replaces the given fields, keeps the others, the id and the creation time, and leaves the input record alone', () => {
    const g = groupWith(ssh, https);
    const before = userRule(g, '22/22');
    const { group, rule } = modifyRuleById(g, 'ingress', before.ruleId, { portRange: '2222/2222', policy: 'drop', description: '' });
    expect(rule).toMatchObject({
      ruleId: before.ruleId,
      creationTime: before.creationTime,
      portRange: '2222/2222',
      policy: 'drop',
      sourceCidrIp: '10.0.0.0/8',
    });
    expect(rule.description).toBe(before.description);
    expect(group.rules).toHaveLength(g.rules.length);
    expect(userRule(g, '22/22')).toEqual(before);
  });

  it('refuses another kind or family of authorization object, a duplicate of another rule, an unknown or other-direction id', () => {
    const g = groupWith(ssh, https);
    const id = userRule(g, '22/22').ruleId;
    expectApiError(() => modifyRuleById(g, 'ingress', id, { sourceGroupId: 'sg-other' }), 'InvalidParameter');
    expectApiError(() => modifyRuleById(g, 'ingress', id, { ipv6SourceCidrIp: '2001:db8::/32' }), 'InvalidParameter');
    expectApiError(() => modifyRuleById(g, 'ingress', id, { portRange: '443/443', sourceCidrIp: '0.0.0.0/0' }), 'InvalidParameter');
    expectApiError(() => modifyRuleById(g, 'ingress', 'sgr-nope', { description: 'x' }), 'InvalidParam.SecurityGroupRuleId');
    expectApiError(() => modifyRuleById(g, 'egress', id, { description: 'x' }), 'InvalidParam.SecurityGroupRuleId');
    expectApiError(() => modifyRuleById(g, 'ingress', id, { priority: '101' }), 'InvalidPriority.ValueNotSupported');
  });
});

describe('ModifySecurityGroupRule by attributes', () => {
  it('changes only the description and priority of the rule the attributes name; no such rule is 404', () => {
    const g = groupWith(ssh);
    const { rule } = modifyRuleByAttributes(g, 'ingress', {
      ipProtocol: 'TCP',
      portRange: '22/22',
      sourceCidrIp: '10.0.0.0/8',
      description: 'admins',
      priority: '7',
    });
    expect(rule).toMatchObject({ ruleId: userRule(g, '22/22').ruleId, description: 'admins', priority: 7, portRange: '22/22' });
    expectApiError(
      () => modifyRuleByAttributes(g, 'ingress', { ipProtocol: 'TCP', portRange: '23/23', sourceCidrIp: '10.0.0.0/8', description: 'x' }),
      'InvalidSecurityGroupRule.NotFound',
      404,
    );
  });
});
