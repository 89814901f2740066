import { describe, expect, it } from 'vitest';
import { callAction, Ecs, sdkError } from '../support/ecs-client';
import { advance, describeInstance, forceDelete, REGION, runInstances, runningInstance, stoppedInstance } from '../support/network';
import { newAccount, operatorClient, type TestAccount } from '../support/sandbox';

/**
 * Security groups through the official SDK: the seed-003 layout (bastion 22/3389, web 80/443,
 * batch with no ingress and only 443 egress) built and read back, identical rules stored once,
 * the guide's default group, membership limits, and the refused deletes.
 */
type Permission = Ecs.DescribeSecurityGroupAttributeResponseBodyPermissionsPermission;

async function createGroup(account: TestAccount, name: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await account.client.createSecurityGroup(
    new Ecs.CreateSecurityGroupRequest({ regionId: REGION, securityGroupName: name, description: `${name} tier`, ...extra }),
  );
  expect(res.body!.securityGroupId).toMatch(/^sg-bp[a-z0-9]{18}$/);
  return res.body!.securityGroupId!;
}

const ingress = (perm: Partial<Ecs.AuthorizeSecurityGroupRequestPermissions>) =>
  new Ecs.AuthorizeSecurityGroupRequestPermissions({ sourceCidrIp: '0.0.0.0/0', ...perm });
const egress = (perm: Partial<Ecs.AuthorizeSecurityGroupEgressRequestPermissions>) =>
  new Ecs.AuthorizeSecurityGroupEgressRequestPermissions({ destCidrIp: '0.0.0.0/0', ...perm });

async function authorize(account: TestAccount, id: string, perms: Ecs.AuthorizeSecurityGroupRequestPermissions[]) {
  await account.client.authorizeSecurityGroup(new Ecs.AuthorizeSecurityGroupRequest({ regionId: REGION, securityGroupId: id, permissions: perms }));
}
async function authorizeEgress(account: TestAccount, id: string, perms: Ecs.AuthorizeSecurityGroupEgressRequestPermissions[]) {
  await account.client.authorizeSecurityGroupEgress(new Ecs.AuthorizeSecurityGroupEgressRequest({ regionId: REGION, securityGroupId: id, permissions: perms }));
}

async function attribute(account: TestAccount, id: string, direction?: string) {
  const res = await account.client.describeSecurityGroupAttribute(
    new Ecs.DescribeSecurityGroupAttributeRequest({ regionId: REGION, securityGroupId: id, direction }),
  );
  return res.body!;
}

/** A rule as a compact line: `ingress TCP 22/22 0.0.0.0/0 Accept 1`. */
const line = (p: Permission) =>
  [p.direction, p.ipProtocol, p.portRange, p.sourceCidrIp || p.destCidrIp || p.sourceGroupId || p.destGroupId, p.policy, p.priority].join(' ');

async function groups(account: TestAccount, extra: Record<string, unknown> = {}) {
  const res = await account.client.describeSecurityGroups(new Ecs.DescribeSecurityGroupsRequest({ regionId: REGION, pageSize: 50, ...extra }));
  return res.body!;
}

describe('security groups: the seed-003 web / bastion / batch layout', () => {
  it('builds the security table, reads it back rule by rule, and stores an identical rule once', async () => {
    const account = await newAccount();
    const bastion = await createGroup(account, 'bastion-sg');
    const web = await createGroup(account, 'web-sg');
    // Batch: no ingress at all and only HTTPS out. An advanced (enterprise) group drops everything
    // that no rule accepts, in both directions, so one egress rule says it all.
    const batch = await createGroup(account, 'batch-sg', { securityGroupType: 'enterprise' });

    await authorize(account, bastion, [ingress({ ipProtocol: 'TCP', portRange: '22/22' }), ingress({ ipProtocol: 'TCP', portRange: '3389/3389' })]);
    await authorizeEgress(account, bastion, [egress({ ipProtocol: 'ALL', portRange: '-1/-1' })]);
    await authorize(account, web, [ingress({ ipProtocol: 'tcp', portRange: '80/80' }), ingress({ ipProtocol: 'TCP', portRange: '443/443' })]);
    await authorizeEgress(account, web, [egress({ ipProtocol: 'ALL', portRange: '-1/-1' })]);
    await authorizeEgress(account, batch, [egress({ ipProtocol: 'TCP', portRange: '443/443', description: 'API calls only' })]);

    const b = await attribute(account, bastion);
    expect(b.innerAccessPolicy).toBe('Accept');
    expect(b.permissions!.permission!.map(line).sort()).toEqual([
      'egress ALL -1/-1 0.0.0.0/0 Accept 1',
      'ingress TCP 22/22 0.0.0.0/0 Accept 1',
      'ingress TCP 3389/3389 0.0.0.0/0 Accept 1',
    ]);
    const w = await attribute(account, web);
    expect(w.permissions!.permission!.map(line).sort()).toEqual([
      'egress ALL -1/-1 0.0.0.0/0 Accept 1',
      'ingress TCP 443/443 0.0.0.0/0 Accept 1',
      'ingress TCP 80/80 0.0.0.0/0 Accept 1',
    ]);
    const bt = await attribute(account, batch);
    expect(bt.innerAccessPolicy).toBe('Drop');
    expect(bt.permissions!.permission!.map(line)).toEqual(['egress TCP 443/443 0.0.0.0/0 Accept 1']);
    expect(bt.permissions!.permission![0]!.description).toBe('API calls only');
    expect(bt.permissions!.permission![0]!.securityGroupRuleId).toMatch(/^sgr-/);
    expect((await attribute(account, batch, 'ingress')).permissions!.permission).toEqual([]);
    expect(bt.vpcId).toMatch(/^vpc-/);

    // The same rule again (protocol case and all): accepted, stored once.
    await authorize(account, web, [ingress({ ipProtocol: 'TCP', portRange: '80/80' })]);
    await authorize(account, web, [ingress({ ipProtocol: 'TCP', portRange: '80/80', priority: '1' }), ingress({ ipProtocol: 'TCP', portRange: '80/80' })]);
    expect((await attribute(account, web)).permissions!.permission!.length).toBe(3);

    // One instance per tier, placed by SecurityGroupIds.N / SecurityGroupId.
    const [webVm] = await runInstances(account, { securityGroupIds: [web], instanceName: 'web-1' });
    const [bastionVm] = await runInstances(account, { securityGroupId: bastion, instanceName: 'bastion-1' });
    const [batchVm] = await runInstances(account, { securityGroupIds: [batch], internetMaxBandwidthOut: 0 });
    expect((await describeInstance(account, webVm!)).securityGroupIds!.securityGroupId).toEqual([web]);
    expect((await describeInstance(account, bastionVm!)).securityGroupIds!.securityGroupId).toEqual([bastion]);
    expect((await describeInstance(account, batchVm!)).securityGroupIds!.securityGroupId).toEqual([batch]);

    const listed = await groups(account);
    const byName = new Map(listed.securityGroups!.securityGroup!.map((g) => [g.securityGroupName, g]));
    expect([...byName.keys()].sort()).toEqual(['bastion-sg', 'batch-sg', 'web-sg']);
    expect(byName.get('batch-sg')).toMatchObject({ securityGroupType: 'enterprise', ecsCount: 1, ruleCount: 1, availableInstanceAmount: 999 });
    expect(byName.get('web-sg')).toMatchObject({ securityGroupType: 'normal', ecsCount: 1, ruleCount: 3, description: 'web-sg tier' });
    expect(listed.totalCount).toBe(3);
    const filtered = await groups(account, { securityGroupType: 'enterprise' });
    expect(filtered.securityGroups!.securityGroup!.map((g) => g.securityGroupId)).toEqual([batch]);
  });

  it('refuses to delete a group with instances in it or referenced by another group, then deletes it once free', async () => {
    const account = await newAccount();
    const bastion = await createGroup(account, 'bastion-sg');
    const web = await createGroup(account, 'web-sg');
    // Web accepts SSH only from the bastion's group.
    await authorize(account, web, [new Ecs.AuthorizeSecurityGroupRequestPermissions({ ipProtocol: 'TCP', portRange: '22/22', sourceGroupId: bastion })]);
    const perm = (await attribute(account, web)).permissions!.permission![0]!;
    expect(perm).toMatchObject({ sourceGroupId: bastion, sourceGroupName: 'bastion-sg', sourceCidrIp: '' });

    const vm = await runningInstance(account, { securityGroupIds: [web] });

    const inUse = await sdkError(account.client.deleteSecurityGroup(new Ecs.DeleteSecurityGroupRequest({ regionId: REGION, securityGroupId: web })));
    expect(inUse).toMatchObject({ code: 'DependencyViolation', statusCode: 403 });
    expect(inUse.message).toContain('There is still instance(s) in the specified security group.');

    const referenced = await sdkError(account.client.deleteSecurityGroup(new Ecs.DeleteSecurityGroupRequest({ regionId: REGION, securityGroupId: bastion })));
    expect(referenced).toMatchObject({ code: 'DependencyViolation', statusCode: 403 });
    expect(referenced.message).toContain('The specified security group has been authorized in another one.');

    // Revoke the reference: the bastion group may go.
    await account.client.revokeSecurityGroup(
      new Ecs.RevokeSecurityGroupRequest({ regionId: REGION, securityGroupId: web, securityGroupRuleId: [perm.securityGroupRuleId!] }),
    );
    await account.client.deleteSecurityGroup(new Ecs.DeleteSecurityGroupRequest({ regionId: REGION, securityGroupId: bastion }));

    // Release the instance: the web group is empty and may go too.
    await forceDelete(account, vm);
    expect((await groups(account)).securityGroups!.securityGroup!.find((g) => g.securityGroupId === web)!.ecsCount).toBe(0);
    await account.client.deleteSecurityGroup(new Ecs.DeleteSecurityGroupRequest({ regionId: REGION, securityGroupId: web }));
    expect((await groups(account)).totalCount).toBe(0);

    const gone = await sdkError(
      account.client.describeSecurityGroupAttribute(new Ecs.DescribeSecurityGroupAttributeRequest({ regionId: REGION, securityGroupId: web })),
    );
    expect(gone).toMatchObject({ code: 'InvalidSecurityGroupId.NotFound', statusCode: 404 });
    const again = await sdkError(account.client.deleteSecurityGroup(new Ecs.DeleteSecurityGroupRequest({ regionId: REGION, securityGroupId: web })));
    expect(again).toMatchObject({ code: 'InvalidSecurityGroupId.NotFound', statusCode: 404 });
  });
});

describe('security groups: rules', () => {
  it('validates rules with their documented codes and revokes by rule id and by attributes', async () => {
    const account = await newAccount();
    const sg = await createGroup(account, 'rules-sg');
    const bad = async (perm: Partial<Ecs.AuthorizeSecurityGroupRequestPermissions>) =>
      sdkError(
        account.client.authorizeSecurityGroup(new Ecs.AuthorizeSecurityGroupRequest({ regionId: REGION, securityGroupId: sg, permissions: [ingress(perm)] })),
      );

    expect(await bad({ ipProtocol: 'TCP', portRange: '22/22', priority: '0' })).toMatchObject({ code: 'InvalidPriority.ValueNotSupported', statusCode: 400 });
    expect(await bad({ ipProtocol: 'TCP', portRange: '22/22', priority: '101' })).toMatchObject({ code: 'InvalidPriority.ValueNotSupported' });
    expect(await bad({ ipProtocol: 'TCP', portRange: '-1/-1' })).toMatchObject({ code: 'OperationDenied', statusCode: 400 });
    expect(await bad({ ipProtocol: 'TCP', portRange: '0/70000' })).toMatchObject({ code: 'InvalidIpPortRange.Malformed' });
    expect(await bad({ ipProtocol: 'SCTP', portRange: '1/2' })).toMatchObject({ code: 'InvalidIpProtocol.ValueNotSupported' });
    expect(await bad({ ipProtocol: 'TCP', portRange: '22/22', policy: 'allow' })).toMatchObject({ code: 'InvalidPolicy.Malformed' });
    expect(await bad({ ipProtocol: 'TCP', portRange: '22/22', sourceCidrIp: '10.0.0.300/8' })).toMatchObject({ code: 'InvalidSourceCidrIp.Malformed' });
    expect(await bad({ ipProtocol: 'TCP', portRange: '22/22', sourceCidrIp: undefined })).toMatchObject({ code: 'MissingParameter.Source' });
    expect(await bad({ ipProtocol: 'TCP', portRange: '22/22', sourceCidrIp: undefined, sourceGroupId: 'sg-bp000000000000000000' })).toMatchObject({
      code: 'InvalidSourceGroupId.NotFound',
      statusCode: 404,
    });
    expect(await bad({ ipProtocol: 'TCP', portRange: '22/22', sourceCidrIp: undefined, sourceGroupId: sg })).toMatchObject({
      code: 'InvalidParamter.Conflict',
    });
    const unknownGroup = await sdkError(
      account.client.authorizeSecurityGroup(
        new Ecs.AuthorizeSecurityGroupRequest({
          regionId: REGION,
          securityGroupId: 'sg-bp111111111111111111',
          permissions: [ingress({ ipProtocol: 'TCP', portRange: '22/22' })],
        }),
      ),
    );
    expect(unknownGroup).toMatchObject({ code: 'InvalidSecurityGroupId.NotFound', statusCode: 404 });
    expect((await attribute(account, sg)).permissions!.permission).toEqual([]);

    // Guide L3008-3049: only 1.2.3.4 may reach port 22 (accept at 1, drop everyone else at 2).
    await authorize(account, sg, [
      ingress({ ipProtocol: 'TCP', portRange: '22/22', sourceCidrIp: '1.2.3.4/32', priority: '1' }),
      ingress({ ipProtocol: 'TCP', portRange: '22/22', policy: 'drop', priority: '2' }),
    ]);
    await authorizeEgress(account, sg, [egress({ ipProtocol: 'UDP', portRange: '53/53', destCidrIp: '100.100.2.136/32' })]);
    let rules = (await attribute(account, sg)).permissions!.permission!;
    expect(rules.map(line).sort()).toEqual([
      'egress UDP 53/53 100.100.2.136/32 Accept 1',
      'ingress TCP 22/22 0.0.0.0/0 Drop 2',
      'ingress TCP 22/22 1.2.3.4/32 Accept 1',
    ]);

    // An unknown rule id refuses the whole revoke.
    const unknownRule = await sdkError(
      account.client.revokeSecurityGroup(new Ecs.RevokeSecurityGroupRequest({ regionId: REGION, securityGroupId: sg, securityGroupRuleId: ['sgr-nope'] })),
    );
    expect(unknownRule).toMatchObject({ code: 'InvalidParam.SecurityGroupRuleId', statusCode: 400 });

    // By attributes (drop rule), and egress by attributes.
    await account.client.revokeSecurityGroup(
      new Ecs.RevokeSecurityGroupRequest({
        regionId: REGION,
        securityGroupId: sg,
        permissions: [new Ecs.RevokeSecurityGroupRequestPermissions({ ipProtocol: 'TCP', portRange: '22/22', sourceCidrIp: '0.0.0.0/0', policy: 'drop' })],
      }),
    );
    await account.client.revokeSecurityGroupEgress(
      new Ecs.RevokeSecurityGroupEgressRequest({
        regionId: REGION,
        securityGroupId: sg,
        permissions: [new Ecs.RevokeSecurityGroupEgressRequestPermissions({ ipProtocol: 'UDP', portRange: '53/53', destCidrIp: '100.100.2.136/32' })],
      }),
    );
    rules = (await attribute(account, sg)).permissions!.permission!;
    expect(rules.map(line)).toEqual(['ingress TCP 22/22 1.2.3.4/32 Accept 1']);
  });

  it('holds at most 100 rules per group (AuthorizationLimitExceed), all or nothing', async () => {
    const account = await newAccount();
    const sg = await createGroup(account, 'full-sg');
    const ports = (from: number, n: number) => Array.from({ length: n }, (_, i) => ingress({ ipProtocol: 'TCP', portRange: `${from + i}/${from + i}` }));
    await authorize(account, sg, ports(1000, 60));
    const over = await sdkError(
      account.client.authorizeSecurityGroup(new Ecs.AuthorizeSecurityGroupRequest({ regionId: REGION, securityGroupId: sg, permissions: ports(2000, 41) })),
    );
    expect(over).toMatchObject({ code: 'AuthorizationLimitExceed', statusCode: 403 });
    expect((await attribute(account, sg)).permissions!.permission!.length).toBe(60);
    await authorize(account, sg, ports(2000, 40));
    expect((await groups(account)).securityGroups!.securityGroup![0]!.ruleCount).toBe(100);
  });
});

describe('security groups: the default group, membership and limits', () => {
  it('creates the default group with the guide rules on the first launch without a group', async () => {
    const account = await newAccount();
    expect((await groups(account)).totalCount).toBe(0);
    const [id] = await runInstances(account);
    const listed = (await groups(account)).securityGroups!.securityGroup!;
    expect(listed.length).toBe(1);
    const def = listed[0]!;
    expect((await describeInstance(account, id!)).securityGroupIds!.securityGroupId).toEqual([def.securityGroupId]);
    expect(def).toMatchObject({ securityGroupType: 'normal', ecsCount: 1 });
    const rules = (await attribute(account, def.securityGroupId!)).permissions!.permission!;
    expect(rules.map(line).sort()).toEqual([
      'ingress ICMP -1/-1 0.0.0.0/0 Accept 110',
      'ingress TCP 22/22 0.0.0.0/0 Accept 110',
      'ingress TCP 3389/3389 0.0.0.0/0 Accept 110',
    ]);
    // A second launch joins the same group.
    await runInstances(account);
    expect((await groups(account)).securityGroups!.securityGroup!.map((g) => g.ecsCount)).toEqual([2]);
  });

  it('joins and leaves within 1 to 5 groups, Running or Stopped, never mixing basic and advanced', async () => {
    const account = await newAccount();
    const ids = [];
    for (let i = 0; i < 6; i++) ids.push(await createGroup(account, `g${i}-sg`));
    const enterprise = await createGroup(account, 'adv-sg', { securityGroupType: 'enterprise' });
    const join = (instanceId: string, securityGroupId: string) =>
      account.client.joinSecurityGroup(new Ecs.JoinSecurityGroupRequest({ regionId: REGION, instanceId, securityGroupId }));
    const leave = (instanceId: string, securityGroupId: string) =>
      account.client.leaveSecurityGroup(new Ecs.LeaveSecurityGroupRequest({ regionId: REGION, instanceId, securityGroupId }));

    const [pending] = await runInstances(account, { securityGroupId: ids[0] });
    expect(await sdkError(join(pending!, ids[1]!))).toMatchObject({ code: 'IncorrectInstanceStatus', statusCode: 403 });
    await advance(11);
    const vm = pending!;

    for (const id of ids.slice(1, 5)) await join(vm, id);
    expect((await describeInstance(account, vm)).securityGroupIds!.securityGroupId).toEqual(ids.slice(0, 5));
    expect(await sdkError(join(vm, ids[5]!))).toMatchObject({ code: 'InstanceSecurityGroupLimitExceeded', statusCode: 400 });
    expect(await sdkError(join(vm, ids[1]!))).toMatchObject({ code: 'InvalidInstanceId.AlreadyExists', statusCode: 403 });

    for (const id of ids.slice(1, 5)) await leave(vm, id);
    expect(await sdkError(leave(vm, ids[0]!))).toMatchObject({ code: 'InstanceLastSecurityGroup', statusCode: 403 });
    expect(await sdkError(leave(vm, ids[5]!))).toMatchObject({ code: 'InvalidSecurityGroupAssociation.NotFound' });
    expect(await sdkError(join(vm, enterprise))).toMatchObject({ code: 'InvalidParameter.Conflict', statusCode: 400 });
    expect(await sdkError(join(vm, 'sg-bp999999999999999999'))).toMatchObject({ code: 'InvalidSecurityGroupId.NotFound', statusCode: 404 });

    const counts = new Map((await groups(account)).securityGroups!.securityGroup!.map((g) => [g.securityGroupId, g.ecsCount]));
    expect(ids.map((id) => counts.get(id))).toEqual([1, 0, 0, 0, 0, 0]);

    // ModifyInstanceAttribute replaces the whole set, with the same rules.
    await account.client.modifyInstanceAttribute(new Ecs.ModifyInstanceAttributeRequest({ instanceId: vm, securityGroupIds: [ids[2]!, ids[3]!] }));
    const after = new Map((await groups(account)).securityGroups!.securityGroup!.map((g) => [g.securityGroupId, g.ecsCount]));
    expect(ids.map((id) => after.get(id))).toEqual([0, 0, 1, 1, 0, 0]);
    const mixed = await sdkError(
      account.client.modifyInstanceAttribute(new Ecs.ModifyInstanceAttributeRequest({ instanceId: vm, securityGroupIds: [ids[2]!, enterprise] })),
    );
    expect(mixed).toMatchObject({ code: 'InvalidParameter.Conflict' });
    const unknown = await sdkError(
      account.client.modifyInstanceAttribute(new Ecs.ModifyInstanceAttributeRequest({ instanceId: vm, securityGroupIds: ['sg-bp999999999999999999'] })),
    );
    expect(unknown).toMatchObject({ code: 'InvalidSecurityGroupId.NotFound', statusCode: 404 });

    // A launch names 1 to 5 existing groups.
    const six = await sdkError(runInstances(account, { securityGroupIds: ids }));
    expect(six).toMatchObject({ code: 'JoinedGroupLimitExceed', statusCode: 400 });
    const missing = await sdkError(runInstances(account, { securityGroupId: 'sg-bp999999999999999999' }));
    expect(missing).toMatchObject({ code: 'InvalidSecurityGroupId.NotFound', statusCode: 404 });

    // A Stopped instance may join too.
    const stopped = await stoppedInstance(account, { securityGroupId: ids[4] });
    await join(stopped, ids[5]!);
    expect((await describeInstance(account, stopped)).securityGroupIds!.securityGroupId).toEqual([ids[4], ids[5]]);
  });

  it('counts groups against the per-region quota (QuotaExceed.SecurityGroup), raised by the operator', async () => {
    const account = await newAccount();
    await callAction(operatorClient(), 'ModifyAccountQuota', { AccountId: account.accountId, QuotaName: 'SecurityGroups', Value: 2 });
    const first = await createGroup(account, 'one-sg');
    await createGroup(account, 'two-sg');
    const over = await sdkError(account.client.createSecurityGroup(new Ecs.CreateSecurityGroupRequest({ regionId: REGION })));
    expect(over).toMatchObject({ code: 'QuotaExceed.SecurityGroup', statusCode: 403 });
    // Another region has its own count.
    await account.client.createSecurityGroup(new Ecs.CreateSecurityGroupRequest({ regionId: 'cn-shanghai' }));
    // Deleting one frees its slot.
    await account.client.deleteSecurityGroup(new Ecs.DeleteSecurityGroupRequest({ regionId: REGION, securityGroupId: first }));
    await createGroup(account, 'three-sg');
  });

  it('validates names, descriptions and tags, modifies them, and filters by tag', async () => {
    const account = await newAccount();
    const badName = await sdkError(account.client.createSecurityGroup(new Ecs.CreateSecurityGroupRequest({ regionId: REGION, securityGroupName: '1abc' })));
    expect(badName).toMatchObject({ code: 'InvalidSecurityGroupName.Malformed', statusCode: 400 });
    const badDesc = await sdkError(
      account.client.createSecurityGroup(new Ecs.CreateSecurityGroupRequest({ regionId: REGION, description: 'http://example.com' })),
    );
    expect(badDesc).toMatchObject({ code: 'InvalidDescription.Malformed' });
    const badTag = await sdkError(
      account.client.createSecurityGroup(
        new Ecs.CreateSecurityGroupRequest({ regionId: REGION, tag: [new Ecs.CreateSecurityGroupRequestTag({ key: 'aliyun:x', value: 'v' })] }),
      ),
    );
    expect(badTag).toMatchObject({ code: 'InvalidTagKey.Malformed' });
    const badVpc = await sdkError(account.client.createSecurityGroup(new Ecs.CreateSecurityGroupRequest({ regionId: REGION, vpcId: 'vpc-other' })));
    expect(badVpc).toMatchObject({ code: 'InvalidVpcId.NotFound', statusCode: 404 });
    // The SDK's model has no DryRun for this action; the common parameter still works on the wire.
    const dry = await sdkError(callAction(account.client, 'CreateSecurityGroup', { RegionId: REGION, SecurityGroupName: 'dry-sg', DryRun: true }));
    expect(dry).toMatchObject({ code: 'DryRunOperation', statusCode: 400 });
    expect((await groups(account)).totalCount).toBe(0);

    // ClientToken: a retry returns the first answer and creates nothing more.
    const token = `sg-token-${account.accountId}`;
    const once = await account.client.createSecurityGroup(
      new Ecs.CreateSecurityGroupRequest({ regionId: REGION, securityGroupName: 'once-sg', clientToken: token }),
    );
    const twice = await account.client.createSecurityGroup(
      new Ecs.CreateSecurityGroupRequest({ regionId: REGION, securityGroupName: 'once-sg', clientToken: token }),
    );
    expect(twice.body!.securityGroupId).toBe(once.body!.securityGroupId);
    expect((await groups(account)).totalCount).toBe(1);
    await account.client.deleteSecurityGroup(new Ecs.DeleteSecurityGroupRequest({ regionId: REGION, securityGroupId: once.body!.securityGroupId }));

    const sg = await createGroup(account, 'tagged-sg', { tag: [new Ecs.CreateSecurityGroupRequestTag({ key: 'tier', value: 'web' })] });
    await createGroup(account, 'plain-sg');
    const byTag = await groups(account, { tag: [new Ecs.DescribeSecurityGroupsRequestTag({ key: 'tier', value: 'web' })] });
    expect(byTag.securityGroups!.securityGroup!.map((g) => g.securityGroupId)).toEqual([sg]);
    expect(byTag.securityGroups!.securityGroup![0]!.tags!.tag).toEqual([expect.objectContaining({ tagKey: 'tier', tagValue: 'web' })]);

    await account.client.modifySecurityGroupAttribute(
      new Ecs.ModifySecurityGroupAttributeRequest({ regionId: REGION, securityGroupId: sg, securityGroupName: 'renamed-sg', description: 'now described' }),
    );
    const attr = await attribute(account, sg);
    expect(attr).toMatchObject({ securityGroupName: 'renamed-sg', description: 'now described' });
    const badModify = await sdkError(
      account.client.modifySecurityGroupAttribute(
        new Ecs.ModifySecurityGroupAttributeRequest({ regionId: REGION, securityGroupId: sg, securityGroupName: 'x' }),
      ),
    );
    expect(badModify).toMatchObject({ code: 'InvalidSecurityGroupName.Malformed' });
  });
});
