import { describe, expect, it } from 'vitest';
import { Ecs, sdkError } from '../support/ecs-client';
import { describeInstance, OTHER_REGION, REGION, runInstances } from '../support/network';
import { newAccount, type TestAccount } from '../support/sandbox';

/**
 * Tags through the official SDK: TagResources / UntagResources / ListTagResources on instances,
 * security groups and key pairs; the key and value rules, the per-call and per-resource limits;
 * tags are regional; ListTagResources by resource and by tag.
 */
const tag = (key: string, value?: string) => new Ecs.TagResourcesRequestTag({ key, value });

async function tagResources(account: TestAccount, resourceType: string, resourceId: string[], tags: Ecs.TagResourcesRequestTag[], regionId = REGION) {
  await account.client.tagResources(new Ecs.TagResourcesRequest({ regionId, resourceType, resourceId, tag: tags }));
}

async function list(account: TestAccount, req: Record<string, unknown>, regionId = REGION) {
  const res = await account.client.listTagResources(new Ecs.ListTagResourcesRequest({ regionId, ...req }));
  return res.body!.tagResources!.tagResource!.map((t) => `${t.resourceType}:${t.resourceId}:${t.tagKey}=${t.tagValue}`).sort();
}

async function newGroup(account: TestAccount, regionId = REGION, tags: { key: string; value: string }[] = []) {
  const res = await account.client.createSecurityGroup(
    new Ecs.CreateSecurityGroupRequest({ regionId, tag: tags.map((t) => new Ecs.CreateSecurityGroupRequestTag(t)) }),
  );
  return res.body!.securityGroupId!;
}

describe('tags', () => {
  it('tags instances, security groups and key pairs; lists by resource and by tag; overwrites a key; untags', async () => {
    const account = await newAccount();
    const [vm] = await runInstances(account, { tag: [new Ecs.RunInstancesRequestTag({ key: 'env', value: 'prod' })] });
    const sg = await newGroup(account, REGION, [{ key: 'env', value: 'prod' }]);
    const other = await newGroup(account);
    await account.client.createKeyPair(new Ecs.CreateKeyPairRequest({ regionId: REGION, keyPairName: 'tagged_key' }));

    await tagResources(account, 'instance', [vm!], [tag('team', 'web'), tag('cost', '')]);
    await tagResources(account, 'securitygroup', [sg, other], [tag('team', 'web')]);
    await tagResources(account, 'keypair', ['tagged_key'], [tag('team', 'ops')]);

    expect(await list(account, { resourceType: 'instance', resourceId: [vm] })).toEqual(
      [`instance:${vm}:cost=`, `instance:${vm}:env=prod`, `instance:${vm}:team=web`].sort(),
    );
    expect((await describeInstance(account, vm!)).tags!.tag!.map((t) => `${t.tagKey}=${t.tagValue}`).sort()).toEqual(['cost=', 'env=prod', 'team=web']);

    // By tag: key and value (exact), key alone (any value); tags combine with AND.
    expect(await list(account, { resourceType: 'securitygroup', tag: [new Ecs.ListTagResourcesRequestTag({ key: 'env', value: 'prod' })] })).toEqual([
      `securitygroup:${sg}:env=prod`,
      `securitygroup:${sg}:team=web`,
    ]);
    const byKey = await list(account, { resourceType: 'securitygroup', tag: [new Ecs.ListTagResourcesRequestTag({ key: 'team' })] });
    expect(byKey).toEqual([`securitygroup:${other}:team=web`, `securitygroup:${sg}:env=prod`, `securitygroup:${sg}:team=web`].sort());
    const fuzzy = await list(account, { resourceType: 'keypair', tagFilter: [new Ecs.ListTagResourcesRequestTagFilter({ tagKey: 'te*' })] });
    expect(fuzzy).toEqual(['keypair:tagged_key:team=ops']);

    // Binding an existing key overwrites its value.
    await tagResources(account, 'securitygroup', [sg], [tag('env', 'staging')]);
    expect(await list(account, { resourceType: 'securitygroup', resourceId: [sg] })).toEqual([
      `securitygroup:${sg}:env=staging`,
      `securitygroup:${sg}:team=web`,
    ]);
    const groups = await account.client.describeSecurityGroups(new Ecs.DescribeSecurityGroupsRequest({ regionId: REGION, securityGroupId: sg }));
    expect(groups.body!.securityGroups!.securityGroup![0]!.tags!.tag!.map((t) => `${t.tagKey}=${t.tagValue}`)).toEqual(['env=staging', 'team=web']);

    await account.client.untagResources(
      new Ecs.UntagResourcesRequest({ regionId: REGION, resourceType: 'securitygroup', resourceId: [sg, other], tagKey: ['team', 'nope'] }),
    );
    expect(await list(account, { resourceType: 'securitygroup', resourceId: [sg, other] })).toEqual([`securitygroup:${sg}:env=staging`]);
    await account.client.untagResources(new Ecs.UntagResourcesRequest({ regionId: REGION, resourceType: 'instance', resourceId: [vm!], all: true }));
    expect(await list(account, { resourceType: 'instance', resourceId: [vm] })).toEqual([]);
  });

  it('keeps tags regional', async () => {
    const account = await newAccount();
    const here = await newGroup(account);
    const there = await newGroup(account, OTHER_REGION);
    await tagResources(account, 'securitygroup', [there], [tag('site', 'shanghai')], OTHER_REGION);
    expect(await list(account, { resourceType: 'securitygroup', tag: [new Ecs.ListTagResourcesRequestTag({ key: 'site' })] })).toEqual([]);
    expect(await list(account, { resourceType: 'securitygroup', tag: [new Ecs.ListTagResourcesRequestTag({ key: 'site' })] }, OTHER_REGION)).toEqual([
      `securitygroup:${there}:site=shanghai`,
    ]);
    // A resource of another region is not found here, and nothing of the call is applied.
    const wrongRegion = await sdkError(
      account.client.tagResources(
        new Ecs.TagResourcesRequest({ regionId: REGION, resourceType: 'securitygroup', resourceId: [here, there], tag: [tag('a', 'b')] }),
      ),
    );
    expect(wrongRegion).toMatchObject({ code: 'InvalidResourceId.NotFound', statusCode: 404 });
    expect(await list(account, { resourceType: 'securitygroup', resourceId: [here] })).toEqual([]);
  });

  it('enforces key and value rules, the per-call and per-resource limits, with their documented codes', async () => {
    const account = await newAccount();
    const sg = await newGroup(account);
    const call = (tags: Ecs.TagResourcesRequestTag[], extra: Record<string, unknown> = {}) =>
      sdkError(
        account.client.tagResources(new Ecs.TagResourcesRequest({ regionId: REGION, resourceType: 'securitygroup', resourceId: [sg], tag: tags, ...extra })),
      );

    expect(await call([tag('aliyun-owned', 'x')])).toMatchObject({ code: 'InvalidTagKey.Malformed', statusCode: 400 });
    expect(await call([tag('acs:thing', 'x')])).toMatchObject({ code: 'InvalidTagKey.Malformed' });
    expect(await call([tag('k'.repeat(129), 'x')])).toMatchObject({ code: 'InvalidTagKey.Malformed' });
    expect(await call([tag('ok', 'v'.repeat(129))])).toMatchObject({ code: 'InvalidTagValue.Malformed' });
    expect(await call([tag('ok', 'see https://example.com')])).toMatchObject({ code: 'InvalidTagValue.Malformed' });
    expect(await call([tag('dup', '1'), tag('dup', '2')])).toMatchObject({ code: 'Duplicate.TagKey' });
    expect(await call(Array.from({ length: 21 }, (_, i) => tag(`k${i}`, 'v')))).toMatchObject({ code: 'InvalidTagCount', statusCode: 400 });
    expect(await call([tag('a', 'b')], { resourceType: 'spaceship' })).toMatchObject({ code: 'InvalidResourceType.NotFound', statusCode: 404 });
    expect(await call([tag('a', 'b')], { resourceId: Array.from({ length: 51 }, (_, i) => `sg-${i}`) })).toMatchObject({ code: 'NumberExceed.ResourceIds' });
    expect(await call([])).toMatchObject({ code: 'MissingParameter.Tags' });

    // 20 tags per resource: 15 + 5 fit, one more does not (and changes nothing).
    await tagResources(
      account,
      'securitygroup',
      [sg],
      Array.from({ length: 15 }, (_, i) => tag(`a${i}`, 'v')),
    );
    await tagResources(
      account,
      'securitygroup',
      [sg],
      Array.from({ length: 5 }, (_, i) => tag(`b${i}`, 'v')),
    );
    expect(await call([tag('c0', 'v'), tag('a0', 'changed')])).toMatchObject({ code: 'QuotaExceed.Tags', statusCode: 403 });
    const tags = await list(account, { resourceType: 'securitygroup', resourceId: [sg] });
    expect(tags.length).toBe(20);
    expect(tags).toContain(`securitygroup:${sg}:a0=v`);
    // Overwriting an existing key never counts as a new tag.
    await tagResources(account, 'securitygroup', [sg], [tag('a0', 'changed')]);

    const none = await sdkError(account.client.listTagResources(new Ecs.ListTagResourcesRequest({ regionId: REGION, resourceType: 'securitygroup' })));
    expect(none).toMatchObject({ code: 'MissingParameter.Tags' });
  });
});
