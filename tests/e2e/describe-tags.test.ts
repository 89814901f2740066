import { describe, expect, it } from 'vitest';
import { Ecs, sdkError } from '../support/ecs-client';
import { launch, newAccount, REGION } from '../support/instances';

/** DescribeTags through the official SDK: distinct tags with per-type resource counts. */
describe('DescribeTags', () => {
  it('counts the resources of each type that carry each tag; filters by type, id and tag; System finds none', async () => {
    const account = await newAccount();
    const tag = [new Ecs.RunInstancesRequestTag({ key: 'env', value: 'prod' })];
    const [a, b] = (await launch(account, { amount: 2, tag })) as [string, string];
    await account.client.tagResources(
      new Ecs.TagResourcesRequest({
        regionId: REGION,
        resourceType: 'instance',
        resourceId: [a],
        tag: [new Ecs.TagResourcesRequestTag({ key: 'team', value: 'web' })],
      }),
    );
    const describeTags = async (req: Record<string, unknown> = {}) =>
      (await account.client.describeTags(new Ecs.DescribeTagsRequest({ regionId: REGION, ...req }))).body!;
    const all = await describeTags();
    expect(all.totalCount).toBe(2);
    const env = all.tags!.tag!.find((t) => t.tagKey === 'env')!;
    expect(env).toMatchObject({ tagValue: 'prod', resourceTypeCount: { instance: 2, disk: 0 } });
    const one = await describeTags({ resourceType: 'instance', resourceId: b });
    expect(one.tags!.tag!.map((t) => t.tagKey)).toEqual(['env']);
    const byTag = await describeTags({ tag: [new Ecs.DescribeTagsRequestTag({ key: 'team' })] });
    expect(byTag.tags!.tag!.map((t) => [t.tagKey, t.tagValue, t.resourceTypeCount?.instance])).toEqual([['team', 'web', 1]]);
    expect((await describeTags({ category: 'System' })).totalCount).toBe(0);
    expect(await sdkError(account.client.describeTags(new Ecs.DescribeTagsRequest({ regionId: REGION, resourceId: a })))).toMatchObject({
      code: 'MissingParameter',
      statusCode: 400,
    });
  });
});
