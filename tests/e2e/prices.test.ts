import { describe, expect, it } from 'vitest';
import { Ecs, sdkError } from '../support/ecs-client';
import { launchRunning, newAccount, REGION } from '../support/instances';

/** DescribePrice and DescribeRenewalPrice through the official SDK, against what launches charge. */
describe('prices', () => {
  it('DescribePrice: the instance line is what RunInstances charges (TradePrice), by the hour and by the month', async () => {
    const account = await newAccount();
    const price = async (req: Record<string, unknown>) =>
      (await account.client.describePrice(new Ecs.DescribePriceRequest({ regionId: REGION, instanceType: 'ecs.g7.large', ...req }))).body!.priceInfo!.price!;
    const hourly = await price({});
    const instanceLine = (p: typeof hourly) => p.detailInfos!.detailInfo!.find((d) => d.resource === 'instanceType')!.tradePrice;
    expect(hourly.currency).toBe('USD');
    expect(instanceLine(hourly)).toBe(0.118);
    expect(hourly.tradePrice).toBeCloseTo(0.118 + 40 * 0.00006, 6);
    const run = await account.client.runInstances(
      new Ecs.RunInstancesRequest({ regionId: REGION, imageId: 'aliyun_3_x64_20G_alibase_20240528.vhd', instanceType: 'ecs.g7.large' }),
    );
    expect(run.body?.tradePrice).toBe(instanceLine(hourly));

    const twoMonths = await price({ priceUnit: 'Month', period: 2, amount: 3 });
    expect(instanceLine(twoMonths)).toBeCloseTo(60.3 * 2 * 3, 4);
    const sub = await account.client.runInstances(
      new Ecs.RunInstancesRequest({
        regionId: REGION,
        imageId: 'aliyun_3_x64_20G_alibase_20240528.vhd',
        instanceType: 'ecs.g7.large',
        instanceChargeType: 'PrePaid',
        period: 2,
        periodUnit: 'Month',
        amount: 3,
      }),
    );
    expect(sub.body?.tradePrice).toBeCloseTo(instanceLine(twoMonths)!, 2);
  });

  it('DescribePrice: disks alone; unknown type and missing type are refused', async () => {
    const account = await newAccount();
    const disk = await account.client.describePrice(
      new Ecs.DescribePriceRequest({
        regionId: REGION,
        resourceType: 'disk',
        dataDisk: [new Ecs.DescribePriceRequestDataDisk({ category: 'cloud_essd', size: 100 })],
      }),
    );
    expect(disk.body!.priceInfo!.price!.tradePrice).toBeCloseTo(100 * 0.00021, 6);
    expect(await sdkError(account.client.describePrice(new Ecs.DescribePriceRequest({ regionId: REGION, instanceType: 'ecs.nope' })))).toMatchObject({
      code: 'InvalidInstanceType.ValueNotSupported',
      statusCode: 400,
    });
    expect(await sdkError(account.client.describePrice(new Ecs.DescribePriceRequest({ regionId: REGION })))).toMatchObject({
      code: 'MissingParameter',
      statusCode: 400,
    });
  });

  it('DescribeRenewalPrice: a subscription renews at its monthly price; a pay-as-you-go instance is refused', async () => {
    const account = await newAccount();
    const sub = await launchRunning(account, { instanceChargeType: 'PrePaid', period: 1, periodUnit: 'Month' });
    const renewal = await account.client.describeRenewalPrice(
      new Ecs.DescribeRenewalPriceRequest({ regionId: REGION, resourceId: sub, resourceType: 'instance', period: 1, priceUnit: 'Year' }),
    );
    expect(renewal.body!.priceInfo!.price!.tradePrice).toBeCloseTo(60.3 * 12, 4);
    const payg = await launchRunning(account);
    expect(
      await sdkError(
        account.client.describeRenewalPrice(new Ecs.DescribeRenewalPriceRequest({ regionId: REGION, resourceId: payg, resourceType: 'instance' })),
      ),
    ).toMatchObject({ code: 'ChargeTypeViolation', statusCode: 403 });
  });
});
