import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { findAction } from '../../../shared/actions/registry';
import { isSecurityGroupError } from '../../../shared/domain/security-group';
import { errorOf, MemorySandbox } from '../../support/memory-sandbox';

interface Ec2Group {
  GroupId: string;
  GroupName: string;
  VpcId: string;
  IpPermissions: { IpProtocol: string; FromPort?: number; ToPort?: number; IpRanges: { CidrIp: string }[]; UserIdGroupPairs: { GroupId: string }[] }[];
  IpPermissionsEgress: { IpProtocol: string; IpRanges: { CidrIp: string }[] }[];
}

interface EcsPermission {
  Direction: string;
  IpProtocol: string;
  PortRange: string;
  SourceCidrIp: string;
  Policy: string;
}

const GROUP_ACTIONS = [
  'CreateSecurityGroup',
  'DeleteSecurityGroup',
  'DescribeSecurityGroups',
  'DescribeSecurityGroupAttribute',
  'AuthorizeSecurityGroup',
  'RevokeSecurityGroup',
];

/** One TCP ingress permission on the EC2 wire. */
const tcp = (n: number, port: number, cidr = '10.0.0.0/8') => ({
  [`IpPermissions.${n}.IpProtocol`]: 'tcp',
  [`IpPermissions.${n}.FromPort`]: String(port),
  [`IpPermissions.${n}.ToPort`]: String(port),
  [`IpPermissions.${n}.IpRanges.1.CidrIp`]: cidr,
});

/** The error an action raised, as thrown (to read its typed reason). */
async function thrown(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  throw new Error('expected the action to fail');
}

/**
 * The security group family as typed operations (issue 12): the EC2 adapters run the operations
 * (shared/actions/security-groups/operations.ts, rule-operations.ts, queries.ts) with no ECS action
 * on the way and map their typed reasons to EC2 codes; the ECS actions are codecs over the same
 * operations and keep their codes.
 */
describe('security group operations under both dialects', () => {
  let sandbox: MemorySandbox;
  beforeEach(async () => {
    sandbox = await MemorySandbox.withAccount();
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  const ecsHandlers = () => GROUP_ACTIONS.map((name) => vi.spyOn(findAction(name)!, 'handler'));
  const group = async (id: string) => (await sandbox.ec2<{ SecurityGroups: Ec2Group[] }>('DescribeSecurityGroups', { 'GroupId.1': id })).SecurityGroups[0]!;
  const ecsRules = async (id: string) =>
    (await sandbox.ecs<{ Permissions: { Permission: EcsPermission[] } }>('DescribeSecurityGroupAttribute', { SecurityGroupId: id })).Permissions.Permission;

  it('creates, describes, authorizes, revokes and deletes through EC2 without running an ECS action', async () => {
    const handlers = ecsHandlers();
    const { GroupId } = await sandbox.ec2<{ GroupId: string }>('CreateSecurityGroup', {
      GroupName: 'web',
      GroupDescription: 'web servers',
      'TagSpecification.1.ResourceType': 'security-group',
      'TagSpecification.1.Tag.1.Key': 'team',
      'TagSpecification.1.Tag.1.Value': 'web',
    });
    const added = await sandbox.ec2<{ SecurityGroupRules: { IsEgress: boolean; FromPort: number; CidrIpv4: string }[] }>('AuthorizeSecurityGroupIngress', {
      GroupId,
      ...tcp(1, 22),
      ...tcp(2, 443, '0.0.0.0/0'),
    });
    expect(added.SecurityGroupRules.map((r) => [r.IsEgress, r.FromPort, r.CidrIpv4])).toEqual([
      [false, 22, '10.0.0.0/8'],
      [false, 443, '0.0.0.0/0'],
    ]);
    const shown = await group(GroupId);
    expect(shown).toMatchObject({ GroupName: 'web', Tags: [{ Key: 'team', Value: 'web' }] });
    expect(shown.IpPermissions.map((p) => p.FromPort).sort()).toEqual([22, 443]);
    expect(await sandbox.ec2('RevokeSecurityGroupIngress', { GroupId, ...tcp(1, 22) })).toEqual({ Return: true });
    expect((await group(GroupId)).IpPermissions.map((p) => p.FromPort)).toEqual([443]);
    expect(await sandbox.ec2('DeleteSecurityGroup', { GroupId })).toEqual({ Return: true, GroupId });
    expect(await errorOf(sandbox.ec2('DescribeSecurityGroups', { 'GroupId.1': GroupId }))).toEqual({ code: 'InvalidGroup.NotFound', status: 400 });
    for (const handler of handlers) expect(handler).not.toHaveBeenCalled();
  });

  it('shares one state: a group made and opened through ECS is the EC2 group; an EC2 rule is an ECS accept rule', async () => {
    const { SecurityGroupId } = await sandbox.ecs<{ SecurityGroupId: string }>('CreateSecurityGroup', { SecurityGroupName: 'shared' });
    await sandbox.ecs('AuthorizeSecurityGroup', { SecurityGroupId, IpProtocol: 'TCP', PortRange: '80/80', SourceCidrIp: '192.168.0.0/16' });
    const shown = await group(SecurityGroupId);
    expect(shown).toMatchObject({ GroupId: SecurityGroupId, GroupName: 'shared' });
    expect(shown.IpPermissions).toEqual([expect.objectContaining({ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '192.168.0.0/16' }] })]);

    await sandbox.ec2('AuthorizeSecurityGroupIngress', { GroupId: SecurityGroupId, ...tcp(1, 8080) });
    expect(await ecsRules(SecurityGroupId)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Direction: 'ingress', IpProtocol: 'TCP', PortRange: '8080/8080', SourceCidrIp: '10.0.0.0/8', Policy: 'Accept' }),
      ]),
    );
    // ECS succeeds on a rule the group already has; EC2 refuses it (InvalidPermission.Duplicate).
    await sandbox.ecs('AuthorizeSecurityGroup', { SecurityGroupId, IpProtocol: 'TCP', PortRange: '8080/8080', SourceCidrIp: '10.0.0.0/8' });
    const duplicate = await thrown(sandbox.ec2('AuthorizeSecurityGroupIngress', { GroupId: SecurityGroupId, ...tcp(1, 8080) }));
    expect(duplicate).toMatchObject({ code: 'InvalidPermission.Duplicate', status: 400 });
    expect((duplicate as Error).message).toContain('peer: 10.0.0.0/8, TCP, from port: 8080, to port: 8080');
    expect((await ecsRules(SecurityGroupId)).filter((r) => r.PortRange === '8080/8080')).toHaveLength(1);
  });

  it('keeps the ECS codes on the ECS door, each with its typed reason', async () => {
    const badName = await thrown(sandbox.ecs('CreateSecurityGroup', { SecurityGroupName: 'http://x' }));
    expect(badName).toMatchObject({ code: 'InvalidSecurityGroupName.Malformed', status: 400 });
    expect(isSecurityGroupError(badName) && badName.reason).toBe('invalidName');

    const { SecurityGroupId } = await sandbox.ecs<{ SecurityGroupId: string }>('CreateSecurityGroup', { SecurityGroupName: 'codes' });
    const badCidr = await thrown(
      sandbox.ecs('AuthorizeSecurityGroup', { SecurityGroupId, IpProtocol: 'TCP', PortRange: '22/22', SourceCidrIp: '10.0.0.300/8' }),
    );
    expect(badCidr).toMatchObject({ code: 'InvalidSourceCidrIp.Malformed', status: 400 });
    expect(isSecurityGroupError(badCidr) && badCidr.reason).toBe('malformedRule');

    const badRuleId = await thrown(sandbox.ecs('RevokeSecurityGroup', { SecurityGroupId, 'SecurityGroupRuleId.1': 'sgr-missing' }));
    expect(badRuleId).toMatchObject({ code: 'InvalidParam.SecurityGroupRuleId', status: 400 });
    expect(isSecurityGroupError(badRuleId) && badRuleId.reason).toBe('ruleIdNotFound');

    const missing = await thrown(sandbox.ecs('DeleteSecurityGroup', { SecurityGroupId: 'sg-missing' }));
    expect(missing).toMatchObject({ code: 'InvalidSecurityGroupId.NotFound', status: 404 });
    expect(isSecurityGroupError(missing) && missing.reason).toBe('notFound');

    const { SecurityGroupId: referrer } = await sandbox.ecs<{ SecurityGroupId: string }>('CreateSecurityGroup', { SecurityGroupName: 'referrer' });
    await sandbox.ecs('AuthorizeSecurityGroup', { SecurityGroupId: referrer, IpProtocol: 'ALL', PortRange: '-1/-1', SourceGroupId: SecurityGroupId });
    const referenced = await thrown(sandbox.ecs('DeleteSecurityGroup', { SecurityGroupId }));
    expect(referenced).toMatchObject({ code: 'DependencyViolation', status: 403 });
    expect(isSecurityGroupError(referenced) && referenced.reason).toBe('referencedByAnotherGroup');
  });

  it('maps the typed reasons to EC2 codes', async () => {
    const { GroupId } = await sandbox.ec2<{ GroupId: string }>('CreateSecurityGroup', { GroupName: 'app', GroupDescription: 'app' });
    expect(await errorOf(sandbox.ec2('CreateSecurityGroup', { GroupName: 'app', GroupDescription: 'again' }))).toEqual({
      code: 'InvalidGroup.Duplicate',
      status: 400,
    });
    expect(await errorOf(sandbox.ec2('CreateSecurityGroup', { GroupName: 'x', GroupDescription: 'x', VpcId: 'vpc-0123456789abcdef0' }))).toEqual({
      code: 'InvalidVpcID.NotFound',
      status: 400,
    });
    expect(await errorOf(sandbox.ec2('AuthorizeSecurityGroupIngress', { GroupId, ...tcp(1, 22, '10.0.0.300/8') }))).toEqual({
      code: 'InvalidPermission.Malformed',
      status: 400,
    });
    expect(
      await errorOf(
        sandbox.ec2('AuthorizeSecurityGroupIngress', {
          GroupId,
          'IpPermissions.1.IpProtocol': '-1',
          'IpPermissions.1.Groups.1.GroupId': 'sg-0123456789abcdef0',
        }),
      ),
    ).toEqual({ code: 'InvalidGroup.NotFound', status: 400 });
    expect(await errorOf(sandbox.ec2('RevokeSecurityGroupIngress', { GroupId, ...tcp(1, 22) }))).toEqual({ code: 'InvalidPermission.NotFound', status: 400 });

    const { GroupId: referrer } = await sandbox.ec2<{ GroupId: string }>('CreateSecurityGroup', { GroupName: 'referrer', GroupDescription: 'refers' });
    await sandbox.ec2('AuthorizeSecurityGroupIngress', { GroupId: referrer, 'IpPermissions.1.IpProtocol': '-1', 'IpPermissions.1.Groups.1.GroupId': GroupId });
    expect(await errorOf(sandbox.ec2('DeleteSecurityGroup', { GroupId }))).toEqual({ code: 'DependencyViolation', status: 400 });
    expect(await errorOf(sandbox.ec2('DeleteSecurityGroup', { GroupName: 'default' }))).toEqual({ code: 'CannotDelete', status: 400 });
  });

  it('authorizes all or nothing: one bad permission of two adds neither', async () => {
    const { GroupId } = await sandbox.ec2<{ GroupId: string }>('CreateSecurityGroup', { GroupName: 'atomic', GroupDescription: 'atomic' });
    expect(
      await errorOf(
        sandbox.ec2('AuthorizeSecurityGroupIngress', {
          GroupId,
          ...tcp(1, 22),
          'IpPermissions.2.IpProtocol': '-1',
          'IpPermissions.2.Groups.1.GroupId': 'sg-0123456789abcdef0',
        }),
      ),
    ).toEqual({ code: 'InvalidGroup.NotFound', status: 400 });
    expect((await group(GroupId)).IpPermissions).toEqual([]);
    expect(await errorOf(sandbox.ec2('CreateSecurityGroup', { GroupName: 'dry', GroupDescription: 'dry', DryRun: 'true' }))).toEqual({
      code: 'DryRunOperation',
      status: 412,
    });
    const names = (await sandbox.ec2<{ SecurityGroups: Ec2Group[] }>('DescribeSecurityGroups')).SecurityGroups.map((g) => g.GroupName);
    expect(names).not.toContain('dry');
  });

  it('EC2 egress: the default rule is shown until changed, then stored with a hidden drop rule, without an ECS action', async () => {
    const { GroupId } = await sandbox.ec2<{ GroupId: string }>('CreateSecurityGroup', { GroupName: 'out', GroupDescription: 'egress' });
    expect((await group(GroupId)).IpPermissionsEgress).toEqual([expect.objectContaining({ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] })]);
    const handlers = ecsHandlers();
    const allOut = { 'IpPermissions.1.IpProtocol': '-1', 'IpPermissions.1.IpRanges.1.CidrIp': '0.0.0.0/0' };
    expect(await errorOf(sandbox.ec2('AuthorizeSecurityGroupEgress', { GroupId, ...allOut }))).toEqual({ code: 'InvalidPermission.Duplicate', status: 400 });
    const added = await sandbox.ec2<{ SecurityGroupRules: { IsEgress: boolean; FromPort: number; CidrIpv4: string }[] }>('AuthorizeSecurityGroupEgress', {
      GroupId,
      ...tcp(1, 443),
    });
    expect(added.SecurityGroupRules.map((r) => [r.IsEgress, r.FromPort, r.CidrIpv4])).toEqual([[true, 443, '10.0.0.0/8']]);
    const revoked = await sandbox.ec2<{ RevokedSecurityGroupRules: { IsEgress: boolean; IpProtocol: string; CidrIpv4: string }[] }>(
      'RevokeSecurityGroupEgress',
      {
        GroupId,
        ...allOut,
      },
    );
    expect(revoked.RevokedSecurityGroupRules).toEqual([expect.objectContaining({ IsEgress: true, IpProtocol: '-1', CidrIpv4: '0.0.0.0/0' })]);
    expect(await errorOf(sandbox.ec2('RevokeSecurityGroupEgress', { GroupId, ...allOut }))).toEqual({ code: 'InvalidPermission.NotFound', status: 400 });
    for (const handler of handlers) expect(handler).not.toHaveBeenCalled();
    expect((await group(GroupId)).IpPermissionsEgress).toEqual([
      expect.objectContaining({ IpProtocol: 'tcp', FromPort: 443, IpRanges: [{ CidrIp: '10.0.0.0/8' }] }),
    ]);
    // ECS sees EC2's meaning: the allow rule and the hidden rule that drops the rest.
    const egress = (await ecsRules(GroupId)).filter((r) => r.Direction === 'egress').map((r) => [r.IpProtocol, r.PortRange, r.Policy]);
    expect(egress.sort()).toEqual([
      ['ALL', '-1/-1', 'Drop'],
      ['TCP', '443/443', 'Accept'],
    ]);
  });

  it('modifies rules by sgr- id in one unit: all or nothing, the default egress rule stored first, without an ECS action', async () => {
    const { GroupId } = await sandbox.ec2<{ GroupId: string }>('CreateSecurityGroup', { GroupName: 'mod', GroupDescription: 'modify' });
    const { GroupId: other } = await sandbox.ec2<{ GroupId: string }>('CreateSecurityGroup', { GroupName: 'other', GroupDescription: 'other' });
    await sandbox.ec2('AuthorizeSecurityGroupIngress', { GroupId, ...tcp(1, 22), ...tcp(2, 80) });
    const rules = async () =>
      (
        await sandbox.ec2<{ SecurityGroupRules: { SecurityGroupRuleId: string; IsEgress: boolean; FromPort: number; Description?: string }[] }>(
          'DescribeSecurityGroupRules',
          {
            'Filter.1.Name': 'group-id',
            'Filter.1.Value.1': GroupId,
          },
        )
      ).SecurityGroupRules;
    const before = await rules();
    const ssh = before.find((r) => r.FromPort === 22)!;
    const web = before.find((r) => r.FromPort === 80)!;
    const defaultEgress = before.find((r) => r.IsEgress)!;
    const handlers = [
      ...ecsHandlers(),
      ...['ModifySecurityGroupRule', 'ModifySecurityGroupEgressRule', 'AuthorizeSecurityGroupEgress'].map((n) => vi.spyOn(findAction(n)!, 'handler')),
    ];
    const change = (n: number, id: string, fields: Record<string, string>) =>
      Object.fromEntries([
        [`SecurityGroupRule.${n}.SecurityGroupRuleId`, id],
        ...Object.entries(fields).map(([k, v]) => [`SecurityGroupRule.${n}.SecurityGroupRule.${k}`, v]),
      ]);
    // The second change turns a CIDR rule into a group rule: refused, and the first is not kept either.
    expect(
      await errorOf(
        sandbox.ec2('ModifySecurityGroupRules', {
          GroupId,
          ...change(1, ssh.SecurityGroupRuleId, { IpProtocol: 'tcp', FromPort: '2222', ToPort: '2222', CidrIpv4: '10.0.0.0/8' }),
          ...change(2, web.SecurityGroupRuleId, { IpProtocol: 'tcp', FromPort: '80', ToPort: '80', ReferencedGroupId: other }),
        }),
      ),
    ).toEqual({ code: 'InvalidParameterValue', status: 400 });
    expect((await rules()).map((r) => r.FromPort).sort()).toEqual([-1, 22, 80]);
    expect(
      await sandbox.ec2('ModifySecurityGroupRules', {
        GroupId,
        ...change(1, ssh.SecurityGroupRuleId, { IpProtocol: 'tcp', FromPort: '2222', ToPort: '2222', CidrIpv4: '10.0.0.0/8' }),
      }),
    ).toEqual({ Return: true });
    expect(
      await sandbox.ec2('UpdateSecurityGroupRuleDescriptionsEgress', {
        GroupId,
        'SecurityGroupRuleDescription.1.SecurityGroupRuleId': defaultEgress.SecurityGroupRuleId,
        'SecurityGroupRuleDescription.1.Description': 'all out',
      }),
    ).toEqual({ Return: true });
    for (const handler of handlers) expect(handler).not.toHaveBeenCalled();
    const after = await rules();
    expect(after.find((r) => r.SecurityGroupRuleId === ssh.SecurityGroupRuleId)?.FromPort).toBe(2222);
    expect(after.filter((r) => r.IsEgress)).toEqual([expect.objectContaining({ Description: 'all out' })]);
    const egress = (await ecsRules(GroupId)).filter((r) => r.Direction === 'egress').map((r) => r.Policy);
    expect(egress.sort()).toEqual(['Accept', 'Drop']);
  });

  it('pages DescribeSecurityGroups through the query: every group once, the pending default group in its place', async () => {
    const made: string[] = [];
    for (let n = 0; n < 12; n++)
      made.push((await sandbox.ec2<{ GroupId: string }>('CreateSecurityGroup', { GroupName: `g${n}`, GroupDescription: 'paged' })).GroupId);
    const query = vi.spyOn(sandbox.store, 'query');
    const get = vi.spyOn(sandbox.store, 'get');
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await sandbox.ec2<{ SecurityGroups: Ec2Group[]; NextToken?: string }>('DescribeSecurityGroups', {
        MaxResults: '5',
        ...(token ? { NextToken: token } : {}),
      });
      expect(page.SecurityGroups.length).toBeLessThanOrEqual(5);
      seen.push(...page.SecurityGroups.map((g) => g.GroupId));
      token = page.NextToken;
      pages++;
    } while (token);
    // 12 made and the default VPC's default group (not stored until the first launch).
    expect(pages).toBe(3);
    expect(seen).toHaveLength(13);
    expect(new Set(seen).size).toBe(13);
    expect([...seen].sort()).toEqual(seen);
    expect(seen).toEqual(expect.arrayContaining(made));
    // A page of an unfiltered listing reads one page of the partition (limit + 1), not the region.
    for (const call of query.mock.calls) expect(call[0].limit).toBeLessThanOrEqual(6);
    // Whether the default group is stored is read off the pages themselves, not with a read of its own.
    expect(get.mock.calls.filter(([key]) => key.pk.endsWith('#security-group'))).toEqual([]);

    const byVpc = await sandbox.ec2<{ SecurityGroups: Ec2Group[] }>('DescribeSecurityGroups', { 'Filter.1.Name': 'group-name', 'Filter.1.Value.1': 'g1*' });
    expect(byVpc.SecurityGroups.map((g) => g.GroupName).sort()).toEqual(['g1', 'g10', 'g11']);
    const byName = await sandbox.ec2<{ SecurityGroups: Ec2Group[] }>('DescribeSecurityGroups', { 'GroupName.1': 'default' });
    expect(byName.SecurityGroups).toEqual([expect.objectContaining({ GroupName: 'default', IpPermissions: [expect.objectContaining({ IpProtocol: '-1' })] })]);
    expect(await errorOf(sandbox.ec2('DescribeSecurityGroups', { NextToken: 'bm90LWEtdG9rZW4' }))).toEqual({ code: 'InvalidNextToken', status: 400 });
  });
});
