import {
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateVpcCommand,
  DescribeSecurityGroupReferencesCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  GetSecurityGroupsForVpcCommand,
  ModifySecurityGroupRulesCommand,
  RevokeSecurityGroupEgressCommand,
  UpdateSecurityGroupRuleDescriptionsEgressCommand,
  UpdateSecurityGroupRuleDescriptionsIngressCommand,
} from '@aws-sdk/client-ec2';
import { beforeAll, describe, expect, it } from 'vitest';
import { ec2Error, newEc2Account, type Ec2Account } from '../support/ec2';
import { Ecs } from '../support/ecs-client';

/**
 * Security group rules through @aws-sdk/client-ec2: outbound rules (the default allow-all rule
 * shown, replaced, revoked), rules by `sgr-` id (DescribeSecurityGroupRules, ModifySecurityGroupRules,
 * descriptions), EC2's 60-rule limit per direction, GetSecurityGroupsForVpc and
 * DescribeSecurityGroupReferences; the same rule set seen through ECS.
 */
let a: Ec2Account;

beforeAll(async () => {
  a = await newEc2Account();
});

const newGroup = async (name: string, vpcId?: string) =>
  (await a.ec2.send(new CreateSecurityGroupCommand({ GroupName: name, Description: 'rules test', VpcId: vpcId }))).GroupId!;

const egressOf = async (groupId: string) =>
  (await a.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }))).SecurityGroups![0]!.IpPermissionsEgress!;

const rulesOf = async (groupId: string) =>
  (await a.ec2.send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'group-id', Values: [groupId] }] }))).SecurityGroupRules!;

describe('outbound rules', () => {
  it('a new group shows the allow-all egress rule; authorizing another keeps it; revoking it leaves only the new rule, in both dialects', async () => {
    const g = await newGroup('egress-1');
    expect(await egressOf(g)).toEqual([expect.objectContaining({ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] })]);
    const defaultRule = (await rulesOf(g)).find((r) => r.IsEgress)!;
    expect(defaultRule.SecurityGroupRuleId).toMatch(/^sgr-[0-9a-f]{17}$/);

    const out = await a.ec2.send(
      new AuthorizeSecurityGroupEgressCommand({
        GroupId: g,
        IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.0.0.0/8', Description: 'https out' }] }],
      }),
    );
    expect(out.Return).toBe(true);
    expect(out.SecurityGroupRules).toEqual([
      expect.objectContaining({ GroupId: g, IsEgress: true, IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIpv4: '10.0.0.0/8', Description: 'https out' }),
    ]);
    let egress = await egressOf(g);
    expect(egress.map((p) => p.IpProtocol).sort()).toEqual(['-1', 'tcp']);

    // The same rule twice is EC2's duplicate error; nothing changes.
    const dup = await ec2Error(
      a.ec2.send(
        new AuthorizeSecurityGroupEgressCommand({
          GroupId: g,
          IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.0.0.0/8' }] }],
        }),
      ),
    );
    expect(dup).toMatchObject({ name: 'InvalidPermission.Duplicate', status: 400 });

    const revoked = await a.ec2.send(
      new RevokeSecurityGroupEgressCommand({ GroupId: g, IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }),
    );
    expect(revoked.Return).toBe(true);
    egress = await egressOf(g);
    expect(egress).toEqual([expect.objectContaining({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443 })]);

    // ECS sees the same rule set: the 443 rule accepted, everything else dropped.
    const attr = await a.client.describeSecurityGroupAttribute(
      new Ecs.DescribeSecurityGroupAttributeRequest({ regionId: 'cn-hangzhou', securityGroupId: g, direction: 'egress' }),
    );
    const perms = attr.body!.permissions!.permission!;
    expect(perms.filter((p) => p.policy === 'Accept').map((p) => `${p.ipProtocol} ${p.portRange} ${p.destCidrIp}`)).toEqual(['TCP 443/443 10.0.0.0/8']);
    expect(perms.filter((p) => p.policy === 'Drop').map((p) => `${p.ipProtocol} ${p.destCidrIp}`)).toEqual(['ALL 0.0.0.0/0']);

    // Revoking the last shown rule leaves none (not the default again).
    await a.ec2.send(new RevokeSecurityGroupEgressCommand({ GroupId: g, SecurityGroupRuleIds: [out.SecurityGroupRules![0]!.SecurityGroupRuleId!] }));
    expect(await egressOf(g)).toEqual([]);
    const missing = await ec2Error(
      a.ec2.send(
        new RevokeSecurityGroupEgressCommand({
          GroupId: g,
          IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.0.0.0/8' }] }],
        }),
      ),
    );
    expect(missing).toMatchObject({ name: 'InvalidPermission.NotFound', status: 400 });
  });

  it('revoking the default rule by its id stores "nothing goes out"; egress needs a group id', async () => {
    const g = await newGroup('egress-2');
    const id = (await rulesOf(g)).find((r) => r.IsEgress)!.SecurityGroupRuleId!;
    const out = await a.ec2.send(new RevokeSecurityGroupEgressCommand({ GroupId: g, SecurityGroupRuleIds: [id] }));
    expect(out.RevokedSecurityGroupRules).toEqual([expect.objectContaining({ SecurityGroupRuleId: id, IsEgress: true, IpProtocol: '-1' })]);
    expect(await egressOf(g)).toEqual([]);
    expect(
      await ec2Error(
        a.ec2.send(new AuthorizeSecurityGroupEgressCommand({ IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] } as never)),
      ),
    ).toMatchObject({
      name: 'MissingParameter',
    });
    expect(await ec2Error(a.ec2.send(new RevokeSecurityGroupEgressCommand({ GroupId: g, SecurityGroupRuleIds: ['bogus'] })))).toMatchObject({
      name: 'InvalidSecurityGroupRuleId.Malformed',
    });
  });

  it('60 outbound rules per group: the 61st is RulesPerSecurityGroupLimitExceeded and adds nothing', async () => {
    const g = await newGroup('egress-limit');
    const cidrs = Array.from({ length: 59 }, (_, i) => ({ CidrIp: `10.1.${i}.0/24` }));
    await a.ec2.send(
      new AuthorizeSecurityGroupEgressCommand({ GroupId: g, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: cidrs }] }),
    );
    expect((await rulesOf(g)).filter((r) => r.IsEgress)).toHaveLength(60);
    const err = await ec2Error(
      a.ec2.send(
        new AuthorizeSecurityGroupEgressCommand({
          GroupId: g,
          IpPermissions: [{ IpProtocol: 'udp', FromPort: 53, ToPort: 53, IpRanges: [{ CidrIp: '10.2.0.0/16' }] }],
        }),
      ),
    );
    expect(err).toMatchObject({ name: 'RulesPerSecurityGroupLimitExceeded', status: 400 });
    expect((await rulesOf(g)).filter((r) => r.IsEgress)).toHaveLength(60);
  });
});

describe('rules by id', () => {
  it('DescribeSecurityGroupRules by id and filter, with paging; an unknown id is InvalidSecurityGroupRuleId.NotFound', async () => {
    const g = await newGroup('by-id');
    const added = await a.ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: g,
        IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '192.168.0.0/16' }, { CidrIp: '172.16.0.0/12' }] }],
      }),
    );
    const ids = added.SecurityGroupRules!.map((r) => r.SecurityGroupRuleId!);
    expect(ids).toHaveLength(2);
    const one = await a.ec2.send(new DescribeSecurityGroupRulesCommand({ SecurityGroupRuleIds: [ids[0]!] }));
    expect(one.SecurityGroupRules).toEqual([expect.objectContaining({ SecurityGroupRuleId: ids[0], GroupId: g, IsEgress: false, FromPort: 22, ToPort: 22 })]);

    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await a.ec2.send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'group-id', Values: [g] }], MaxResults: 5, NextToken: token }));
      seen.push(...page.SecurityGroupRules!.map((r) => r.SecurityGroupRuleId!));
      token = page.NextToken;
    } while (token);
    expect(seen).toHaveLength(3); // two inbound, the default outbound
    expect(new Set(seen).size).toBe(3);

    expect(await ec2Error(a.ec2.send(new DescribeSecurityGroupRulesCommand({ SecurityGroupRuleIds: ['sgr-0000000000000000f'] })))).toMatchObject({
      name: 'InvalidSecurityGroupRuleId.NotFound',
      status: 400,
    });
  });

  it('ModifySecurityGroupRules replaces a rule in place (same id) and refuses a duplicate without changing anything', async () => {
    const g = await newGroup('modify');
    const added = await a.ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: g,
        IpPermissions: [
          { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '10.0.0.0/16' }] },
          { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.0.0.0/16' }] },
        ],
      }),
    );
    const [r80, r443] = added.SecurityGroupRules!;
    const ok = await a.ec2.send(
      new ModifySecurityGroupRulesCommand({
        GroupId: g,
        SecurityGroupRules: [
          {
            SecurityGroupRuleId: r80!.SecurityGroupRuleId,
            SecurityGroupRule: { IpProtocol: 'tcp', FromPort: 8080, ToPort: 8081, CidrIpv4: '10.0.0.0/16', Description: 'alt http' },
          },
        ],
      }),
    );
    expect(ok.Return).toBe(true);
    const now = (await a.ec2.send(new DescribeSecurityGroupRulesCommand({ SecurityGroupRuleIds: [r80!.SecurityGroupRuleId!] }))).SecurityGroupRules![0]!;
    expect(now).toMatchObject({ FromPort: 8080, ToPort: 8081, CidrIpv4: '10.0.0.0/16', Description: 'alt http' });

    const dup = await ec2Error(
      a.ec2.send(
        new ModifySecurityGroupRulesCommand({
          GroupId: g,
          SecurityGroupRules: [
            { SecurityGroupRuleId: r80!.SecurityGroupRuleId, SecurityGroupRule: { IpProtocol: 'tcp', FromPort: 9000, ToPort: 9000, CidrIpv4: '10.0.0.0/16' } },
            { SecurityGroupRuleId: r443!.SecurityGroupRuleId, SecurityGroupRule: { IpProtocol: 'tcp', FromPort: 8080, ToPort: 8081, CidrIpv4: '10.0.0.0/16' } },
          ],
        }),
      ),
    );
    expect(dup).toMatchObject({ name: 'InvalidPermission.Duplicate', status: 400 });
    // All or nothing: the first change of the refused call was not made.
    const after = (await a.ec2.send(new DescribeSecurityGroupRulesCommand({ SecurityGroupRuleIds: [r80!.SecurityGroupRuleId!] }))).SecurityGroupRules![0]!;
    expect(after).toMatchObject({ FromPort: 8080, ToPort: 8081 });
  });

  it('UpdateSecurityGroupRuleDescriptions by permission and by rule id, both directions', async () => {
    const g = await newGroup('descriptions');
    await a.ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: g,
        IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.9.0.0/16' }] }],
      }),
    );
    await a.ec2.send(
      new UpdateSecurityGroupRuleDescriptionsIngressCommand({
        GroupId: g,
        IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.9.0.0/16', Description: 'ssh from office' }] }],
      }),
    );
    const groups = await a.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [g] }));
    expect(groups.SecurityGroups![0]!.IpPermissions![0]!.IpRanges).toEqual([{ CidrIp: '10.9.0.0/16', Description: 'ssh from office' }]);

    const egressId = (await rulesOf(g)).find((r) => r.IsEgress)!.SecurityGroupRuleId!;
    await a.ec2.send(
      new UpdateSecurityGroupRuleDescriptionsEgressCommand({
        GroupId: g,
        SecurityGroupRuleDescriptions: [{ SecurityGroupRuleId: egressId, Description: 'all out' }],
      }),
    );
    const egress = await egressOf(g);
    expect(egress).toEqual([expect.objectContaining({ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'all out' }] })]);

    const notFound = await ec2Error(
      a.ec2.send(
        new UpdateSecurityGroupRuleDescriptionsIngressCommand({
          GroupId: g,
          IpPermissions: [{ IpProtocol: 'tcp', FromPort: 23, ToPort: 23, IpRanges: [{ CidrIp: '10.9.0.0/16', Description: 'x' }] }],
        }),
      ),
    );
    expect(notFound).toMatchObject({ name: 'InvalidPermission.NotFound', status: 400 });
  });

  it('60 inbound rules per group', async () => {
    const g = await newGroup('ingress-limit');
    const cidrs = Array.from({ length: 60 }, (_, i) => ({ CidrIp: `10.3.${i}.0/24` }));
    await a.ec2.send(
      new AuthorizeSecurityGroupIngressCommand({ GroupId: g, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: cidrs }] }),
    );
    const err = await ec2Error(
      a.ec2.send(
        new AuthorizeSecurityGroupIngressCommand({
          GroupId: g,
          IpPermissions: [{ IpProtocol: 'tcp', FromPort: 25, ToPort: 25, IpRanges: [{ CidrIp: '10.4.0.0/16' }] }],
        }),
      ),
    );
    expect(err).toMatchObject({ name: 'RulesPerSecurityGroupLimitExceeded', status: 400 });
  });

  it('60 inbound rules hold against concurrent calls: of eight calls for the last 4 places, 4 pass and the group ends at 60', async () => {
    const g = await newGroup('ingress-race');
    const cidrs = Array.from({ length: 56 }, (_, i) => ({ CidrIp: `10.5.${i}.0/24` }));
    await a.ec2.send(
      new AuthorizeSecurityGroupIngressCommand({ GroupId: g, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: cidrs }] }),
    );
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        a.ec2.send(
          new AuthorizeSecurityGroupIngressCommand({
            GroupId: g,
            IpPermissions: [{ IpProtocol: 'tcp', FromPort: 8000 + i, ToPort: 8000 + i, IpRanges: [{ CidrIp: '10.6.0.0/16' }] }],
          }),
        ),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(4);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ name: 'RulesPerSecurityGroupLimitExceeded' });
    expect((await rulesOf(g)).filter((r) => !r.IsEgress)).toHaveLength(60);
  });
});

describe('group listings', () => {
  it('GetSecurityGroupsForVpc lists the groups of one VPC; an unknown VPC is InvalidVpcID.NotFound', async () => {
    const vpcId = (await a.ec2.send(new CreateVpcCommand({ CidrBlock: '10.50.0.0/16' }))).Vpc!.VpcId!;
    const inVpc = await newGroup('in-vpc', vpcId);
    await newGroup('elsewhere');
    const out = await a.ec2.send(new GetSecurityGroupsForVpcCommand({ VpcId: vpcId }));
    expect(out.SecurityGroupForVpcs!.map((g) => g.GroupId)).toContain(inVpc);
    expect(out.SecurityGroupForVpcs!.every((g) => g.PrimaryVpcId === vpcId)).toBe(true);
    expect(out.SecurityGroupForVpcs!.some((g) => g.GroupName === 'elsewhere')).toBe(false);
    expect(await ec2Error(a.ec2.send(new GetSecurityGroupsForVpcCommand({ VpcId: 'vpc-0123456789abcdef0' })))).toMatchObject({ name: 'InvalidVpcID.NotFound' });
  });

  it('DescribeSecurityGroupReferences: no reference from another VPC; an unknown group is InvalidGroup.NotFound', async () => {
    const g = await newGroup('referenced');
    const h = await newGroup('referencing');
    await a.ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: h,
        IpPermissions: [{ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, UserIdGroupPairs: [{ GroupId: g }] }],
      }),
    );
    const out = await a.ec2.send(new DescribeSecurityGroupReferencesCommand({ GroupId: [g] }));
    expect(out.SecurityGroupReferenceSet).toEqual([]);
    expect(await ec2Error(a.ec2.send(new DescribeSecurityGroupReferencesCommand({ GroupId: ['sg-0123456789abcdef0'] })))).toMatchObject({
      name: 'InvalidGroup.NotFound',
    });
  });
});
