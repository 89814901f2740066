import { describe, expect, it } from 'vitest';
import { Ecs, sdkError } from '../support/ecs-client';
import { launchRunning, newAccount, REGION } from '../support/instances';

/** Discovery through the official SDK: DescribeAvailableResource and DescribeAccountAttributes. */
describe('discovery', () => {
  it('DescribeAvailableResource: zones offering a type; types of a zone by billing method; disk categories with sizes', async () => {
    const account = await newAccount();
    const zones = await account.client.describeAvailableResource(
      new Ecs.DescribeAvailableResourceRequest({ regionId: REGION, destinationResource: 'Zone', instanceType: 'ecs.g7.large' }),
    );
    const zoneList = zones.body!.availableZones!.availableZone!;
    expect(zoneList.length).toBeGreaterThan(0);
    expect(zoneList[0]).toMatchObject({ regionId: REGION, status: 'Available', statusCategory: 'WithStock' });
    const zoneId = zoneList[0]!.zoneId!;

    const typesOf = async (chargeType: string) =>
      (
        await account.client.describeAvailableResource(
          new Ecs.DescribeAvailableResourceRequest({ regionId: REGION, zoneId, destinationResource: 'InstanceType', instanceChargeType: chargeType }),
        )
      ).body!.availableZones!.availableZone![0]!.availableResources!.availableResource![0]!.supportedResources!.supportedResource!.map((r) => r.value);
    const postPaid = await typesOf('PostPaid');
    const prePaid = await typesOf('PrePaid');
    expect(postPaid).toContain('ecs.g7.large');
    // gn5 is offered but not pay-as-you-go without a ticket (guide Q4): only the subscription list may carry it.
    expect(postPaid.some((t) => t?.startsWith('ecs.gn5'))).toBe(false);
    expect(prePaid.length).toBeGreaterThanOrEqual(postPaid.length);

    const disks = await account.client.describeAvailableResource(
      new Ecs.DescribeAvailableResourceRequest({
        regionId: REGION,
        zoneId,
        destinationResource: 'SystemDisk',
        instanceType: 'ecs.g7.large',
        systemDiskCategory: 'cloud_essd',
      }),
    );
    expect(disks.body!.availableZones!.availableZone![0]!.availableResources!.availableResource![0]).toMatchObject({
      type: 'SystemDisk',
      supportedResources: { supportedResource: [{ value: 'cloud_essd', min: 20, max: 500, unit: 'GiB' }] },
    });
  });

  it('DescribeAvailableResource: an unknown destination is InvalidParameter, a missing one MissingParameter, an unknown type finds nothing', async () => {
    const account = await newAccount();
    expect(
      await sdkError(account.client.describeAvailableResource(new Ecs.DescribeAvailableResourceRequest({ regionId: REGION, destinationResource: 'Moon' }))),
    ).toMatchObject({
      code: 'InvalidParameter',
      statusCode: 400,
    });
    expect(await sdkError(account.client.describeAvailableResource(new Ecs.DescribeAvailableResourceRequest({ regionId: REGION })))).toMatchObject({
      code: 'MissingParameter',
      statusCode: 400,
    });
    const none = await account.client.describeAvailableResource(
      new Ecs.DescribeAvailableResourceRequest({ regionId: REGION, destinationResource: 'Zone', instanceType: 'ecs.nope.large' }),
    );
    expect(none.body?.availableZones?.availableZone ?? []).toEqual([]);
  });

  it('DescribeAccountAttributes: security group quota, pay-as-you-go types and the vCPUs in use', async () => {
    const account = await newAccount();
    await launchRunning(account);
    const out = await account.client.describeAccountAttributes(
      new Ecs.DescribeAccountAttributesRequest({
        regionId: REGION,
        attributeName: ['max-security-groups', 'used-postpaid-instance-vcpu-count', 'supported-postpaid-instance-types', 'max-dedicated-hosts'],
      }),
    );
    const items = Object.fromEntries(
      out.body!.accountAttributeItems!.accountAttributeItem!.map((i) => [i.attributeName, i.attributeValues!.valueItem!.map((v) => v.value)]),
    );
    expect(items['max-security-groups']).toEqual(['100']);
    expect(items['used-postpaid-instance-vcpu-count']).toEqual(['2']);
    expect(items['supported-postpaid-instance-types']).toContain('ecs.g7.large');
    expect(items['max-dedicated-hosts']).toBeUndefined();
    expect(
      await sdkError(account.client.describeAccountAttributes(new Ecs.DescribeAccountAttributesRequest({ regionId: REGION, attributeName: ['max-unicorns'] }))),
    ).toMatchObject({ code: 'InvalidParameter', statusCode: 400 });
  });
});
