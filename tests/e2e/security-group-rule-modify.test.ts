import { describe, expect, it } from 'vitest';
import { Ecs, sdkError } from '../support/ecs-client';
import { newAccount, REGION } from '../support/instances';

type Account = Awaited<ReturnType<typeof newAccount>>;

/** ModifySecurityGroupRule and ModifySecurityGroupEgressRule through the official SDK. */
describe('modifying security group rules', () => {
  const group = async (account: Account) =>
    (await account.client.createSecurityGroup(new Ecs.CreateSecurityGroupRequest({ regionId: REGION }))).body!.securityGroupId!;
  const permissions = async (account: Account, securityGroupId: string, direction: 'ingress' | 'egress') =>
    (await account.client.describeSecurityGroupAttribute(new Ecs.DescribeSecurityGroupAttributeRequest({ regionId: REGION, securityGroupId, direction }))).body!
      .permissions!.permission!;

  it('changes an inbound rule by id (ports, CIDR, policy, priority, description), keeping its id; refuses a kind change and a duplicate', async () => {
    const account = await newAccount();
    const sg = await group(account);
    const other = await group(account);
    const authorize = (portRange: string, sourceCidrIp: string) =>
      account.client.authorizeSecurityGroup(
        new Ecs.AuthorizeSecurityGroupRequest({
          regionId: REGION,
          securityGroupId: sg,
          permissions: [new Ecs.AuthorizeSecurityGroupRequestPermissions({ ipProtocol: 'TCP', portRange, sourceCidrIp })],
        }),
      );
    await authorize('22/22', '10.0.0.0/8');
    await authorize('443/443', '0.0.0.0/0');
    const ssh = (await permissions(account, sg, 'ingress')).find((r) => r.portRange === '22/22')!;
    const modify = (req: Record<string, unknown>) =>
      account.client.modifySecurityGroupRule(
        new Ecs.ModifySecurityGroupRuleRequest({ regionId: REGION, securityGroupId: sg, securityGroupRuleId: ssh.securityGroupRuleId, ...req }),
      );
    await modify({ portRange: '2222/2222', sourceCidrIp: '192.168.0.0/16', policy: 'drop', priority: '5', description: 'jump host' });
    const changed = (await permissions(account, sg, 'ingress')).find((r) => r.securityGroupRuleId === ssh.securityGroupRuleId)!;
    expect(changed).toMatchObject({
      portRange: '2222/2222',
      sourceCidrIp: '192.168.0.0/16',
      policy: 'Drop',
      priority: '5',
      description: 'jump host',
      ipProtocol: 'TCP',
      createTime: ssh.createTime,
    });

    expect(await sdkError(modify({ sourceGroupId: other }))).toMatchObject({ code: 'InvalidParameter', statusCode: 400 });
    expect(await sdkError(modify({ portRange: '443/443', sourceCidrIp: '0.0.0.0/0', policy: 'accept' }))).toMatchObject({
      code: 'InvalidParameter',
      statusCode: 400,
    });
    expect(await sdkError(modify({ portRange: '70000/70000' }))).toMatchObject({ code: 'InvalidIpPortRange.Malformed', statusCode: 400 });
    expect(
      await sdkError(
        account.client.modifySecurityGroupRule(
          new Ecs.ModifySecurityGroupRuleRequest({ regionId: REGION, securityGroupId: sg, securityGroupRuleId: 'sgr-doesnotexist', description: 'x' }),
        ),
      ),
    ).toMatchObject({ code: 'InvalidParam.SecurityGroupRuleId', statusCode: 400 });
    // Nothing the refused calls asked for was applied.
    expect((await permissions(account, sg, 'ingress')).find((r) => r.securityGroupRuleId === ssh.securityGroupRuleId)).toMatchObject({
      portRange: '2222/2222',
      sourceCidrIp: '192.168.0.0/16',
      policy: 'Drop',
    });
  });

  it('changes an outbound rule by id and, without an id, the description of the rule its attributes name', async () => {
    const account = await newAccount();
    const sg = await group(account);
    const target = await group(account);
    await account.client.authorizeSecurityGroupEgress(
      new Ecs.AuthorizeSecurityGroupEgressRequest({
        regionId: REGION,
        securityGroupId: sg,
        permissions: [new Ecs.AuthorizeSecurityGroupEgressRequestPermissions({ ipProtocol: 'UDP', portRange: '53/53', destCidrIp: '10.0.0.2/32' })],
      }),
    );
    const before = (await permissions(account, sg, 'egress')).find((r) => r.portRange === '53/53')!;
    await account.client.modifySecurityGroupEgressRule(
      new Ecs.ModifySecurityGroupEgressRuleRequest({
        regionId: REGION,
        securityGroupId: sg,
        securityGroupRuleId: before.securityGroupRuleId,
        destCidrIp: '10.0.0.3/32',
      }),
    );
    expect((await permissions(account, sg, 'egress')).find((r) => r.securityGroupRuleId === before.securityGroupRuleId)).toMatchObject({
      destCidrIp: '10.0.0.3/32',
      portRange: '53/53',
    });
    await account.client.modifySecurityGroupEgressRule(
      new Ecs.ModifySecurityGroupEgressRuleRequest({
        regionId: REGION,
        securityGroupId: sg,
        ipProtocol: 'udp',
        portRange: '53/53',
        destCidrIp: '10.0.0.3/32',
        description: 'resolver',
      }),
    );
    expect((await permissions(account, sg, 'egress')).find((r) => r.securityGroupRuleId === before.securityGroupRuleId)!.description).toBe('resolver');
    expect(
      await sdkError(
        account.client.modifySecurityGroupEgressRule(
          new Ecs.ModifySecurityGroupEgressRuleRequest({
            regionId: REGION,
            securityGroupId: sg,
            ipProtocol: 'udp',
            portRange: '54/54',
            destCidrIp: '10.0.0.3/32',
            description: 'x',
          }),
        ),
      ),
    ).toMatchObject({ code: 'InvalidSecurityGroupRule.NotFound', statusCode: 404 });
    // An inbound rule id is not an outbound rule.
    await account.client.authorizeSecurityGroup(
      new Ecs.AuthorizeSecurityGroupRequest({
        regionId: REGION,
        securityGroupId: sg,
        permissions: [new Ecs.AuthorizeSecurityGroupRequestPermissions({ ipProtocol: 'TCP', portRange: '80/80', sourceGroupId: target })],
      }),
    );
    const inbound = (await permissions(account, sg, 'ingress')).find((r) => r.sourceGroupId === target)!;
    expect(
      await sdkError(
        account.client.modifySecurityGroupEgressRule(
          new Ecs.ModifySecurityGroupEgressRuleRequest({
            regionId: REGION,
            securityGroupId: sg,
            securityGroupRuleId: inbound.securityGroupRuleId,
            description: 'x',
          }),
        ),
      ),
    ).toMatchObject({ code: 'InvalidParam.SecurityGroupRuleId', statusCode: 400 });
  });
});
