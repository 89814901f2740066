import { describe, expect, it } from 'vitest';
import { Ecs, sdkError } from '../support/ecs-client';
import { newAccount, REGION } from '../support/instances';

/** ModifySecurityGroupPolicy and DescribeSecurityGroupReferences through the official SDK. */
describe('security group policy and references', () => {
  const group = async (account: Awaited<ReturnType<typeof newAccount>>, type?: string) =>
    (await account.client.createSecurityGroup(new Ecs.CreateSecurityGroupRequest({ regionId: REGION, securityGroupType: type }))).body!.securityGroupId!;

  it('ModifySecurityGroupPolicy switches whether members reach each other; an advanced group refuses Accept', async () => {
    const account = await newAccount();
    const id = await group(account);
    const policy = async () =>
      (await account.client.describeSecurityGroupAttribute(new Ecs.DescribeSecurityGroupAttributeRequest({ regionId: REGION, securityGroupId: id }))).body!
        .innerAccessPolicy;
    expect(await policy()).toBe('Accept');
    await account.client.modifySecurityGroupPolicy(
      new Ecs.ModifySecurityGroupPolicyRequest({ regionId: REGION, securityGroupId: id, innerAccessPolicy: 'Drop' }),
    );
    expect(await policy()).toBe('Drop');
    const advanced = await group(account, 'enterprise');
    expect(
      await sdkError(
        account.client.modifySecurityGroupPolicy(
          new Ecs.ModifySecurityGroupPolicyRequest({ regionId: REGION, securityGroupId: advanced, innerAccessPolicy: 'Accept' }),
        ),
      ),
    ).toMatchObject({ code: 'InvalidParameter', statusCode: 400 });
    expect(
      await sdkError(
        account.client.modifySecurityGroupPolicy(
          new Ecs.ModifySecurityGroupPolicyRequest({ regionId: REGION, securityGroupId: 'sg-nothere', innerAccessPolicy: 'Drop' }),
        ),
      ),
    ).toMatchObject({ code: 'InvalidSecurityGroupId.NotFound', statusCode: 404 });
  });

  it('DescribeSecurityGroupReferences names the groups whose rules name a group', async () => {
    const account = await newAccount();
    const [a, b, c] = [await group(account), await group(account), await group(account)];
    await account.client.authorizeSecurityGroup(
      new Ecs.AuthorizeSecurityGroupRequest({
        regionId: REGION,
        securityGroupId: a,
        permissions: [new Ecs.AuthorizeSecurityGroupRequestPermissions({ ipProtocol: 'TCP', portRange: '22/22', sourceGroupId: b })],
      }),
    );
    const out = await account.client.describeSecurityGroupReferences(
      new Ecs.DescribeSecurityGroupReferencesRequest({ regionId: REGION, securityGroupId: [b, c] }),
    );
    const refs = out.body!.securityGroupReferences!.securityGroupReference!;
    expect(refs.map((r) => r.securityGroupId)).toEqual([b]);
    expect(refs[0]!.referencingSecurityGroups!.referencingSecurityGroup).toEqual([{ aliUid: account.accountId, securityGroupId: a }]);
  });
});
