import { describe, expect, it } from 'vitest';
import { callAction, Ecs, sdkError } from '../support/ecs-client';
import { eventually } from '../support/receiver';
import { advanceSeconds, describeInstances, launchRunning, newAccount, REGION } from '../support/instances';
import type { TestAccount } from '../support/sandbox';
import { createDisk, disk, disksOf } from '../support/storage';

type Charges = { Charges: { Charge: { ResourceId: string; RatePerHourUsd: number }[] } };
const rateOf = async (account: TestAccount, resourceId: string): Promise<number | undefined> =>
  ((await callAction(account.client, 'DescribeResourceCharges', { RegionId: REGION, ResourceId: resourceId })) as Charges).Charges.Charge[0]?.RatePerHourUsd;

/** ModifyInstanceNetworkSpec and ModifyDiskSpec through the official SDK. */
describe('ModifyInstanceNetworkSpec', () => {
  it('changes a pay-as-you-go instance bandwidth within 0-100, bills a bandwidth by bandwidth, refuses out-of-range values and empty requests', async () => {
    const account = await newAccount();
    const id = await launchRunning(account);
    const spec = (req: Record<string, unknown>) =>
      account.client.modifyInstanceNetworkSpec(new Ecs.ModifyInstanceNetworkSpecRequest({ instanceId: id, ...req }));
    expect(await sdkError(spec({ internetMaxBandwidthOut: 150, networkChargeType: 'PayByBandwidth' }))).toMatchObject({
      code: 'InvalidInternetMaxBandwidthOut.ValueNotSupported',
      statusCode: 400,
    });
    expect(await sdkError(spec({ internetMaxBandwidthIn: 500 }))).toMatchObject({ code: 'InvalidInternetMaxBandwidthIn.ValueNotSupported', statusCode: 400 });
    expect(await sdkError(spec({}))).toMatchObject({ code: 'MissingParameter', statusCode: 400 });
    expect((await describeInstances(account, [id]))[0]).toMatchObject({ internetMaxBandwidthOut: 5, internetChargeType: 'PayByTraffic' });

    const before = await eventually(() => rateOf(account, id), 'the instance ledger entry');
    const out = await spec({ internetMaxBandwidthOut: 20, networkChargeType: 'PayByBandwidth' });
    expect(out.body?.orderId).toBeTruthy();
    expect((await describeInstances(account, [id]))[0]).toMatchObject({ internetMaxBandwidthOut: 20, internetChargeType: 'PayByBandwidth' });
    // 20 Mbit/s at the sandbox's 0.0125 USD per Mbit/s-hour are added to the instance's hourly rate.
    const after = await eventually(async () => {
      const rate = await rateOf(account, id);
      return rate !== undefined && rate > before ? rate : undefined;
    }, 'the bandwidth charge on the ledger');
    expect(after - before).toBeCloseTo(0.25, 6);
  });

  it('raising a subscription instance from 0 gives it a public IP; a pay-as-you-go one needs AllocatePublicIp', async () => {
    const account = await newAccount();
    const sub = await launchRunning(account, { internetMaxBandwidthOut: 0, instanceChargeType: 'PrePaid', period: 1, periodUnit: 'Month' });
    const payg = await launchRunning(account, { internetMaxBandwidthOut: 0 });
    const spec = (instanceId: string, req: Record<string, unknown>) =>
      account.client.modifyInstanceNetworkSpec(new Ecs.ModifyInstanceNetworkSpecRequest({ instanceId, ...req }));
    const publicIps = async (instanceId: string) => (await describeInstances(account, [instanceId]))[0]!.publicIpAddress?.ipAddress ?? [];
    expect(await publicIps(sub)).toEqual([]);

    await spec(sub, { internetMaxBandwidthOut: 200, networkChargeType: 'PayByBandwidth' });
    expect(await publicIps(sub)).toHaveLength(1);

    await spec(payg, { internetMaxBandwidthOut: 5 });
    expect(await publicIps(payg)).toEqual([]);
    expect(await sdkError(spec(payg, { internetMaxBandwidthOut: 0, allocatePublicIp: true }))).toMatchObject({
      code: 'InvalidParameter.Conflict',
      statusCode: 400,
    });
    await spec(payg, { internetMaxBandwidthOut: 5, allocatePublicIp: true });
    expect(await publicIps(payg)).toHaveLength(1);
  });
});

describe('ModifyDiskSpec', () => {
  it('moves a pay-as-you-go ESSD among performance levels its size allows, never down to PL0, and changes categories', async () => {
    const account = await newAccount();
    const big = await createDisk(account, { size: 500 });
    await advanceSeconds(10);
    const modify = (diskId: string, req: Record<string, unknown>) => account.client.modifyDiskSpec(new Ecs.ModifyDiskSpecRequest({ diskId, ...req }));
    expect(await sdkError(modify(big, { performanceLevel: 'PL3' }))).toMatchObject({ code: 'InvalidPerformanceLevel.ValueNotSupported', statusCode: 400 });
    expect((await disk(account, big))!.performanceLevel).toBe('PL1');
    await modify(big, { performanceLevel: 'PL2' });
    expect((await disk(account, big))!.performanceLevel).toBe('PL2');
    expect(await sdkError(modify(big, { performanceLevel: 'PL0' }))).toMatchObject({ code: 'InvalidPerformanceLevel.ValueNotSupported', statusCode: 400 });
    await modify(big, { performanceLevel: 'PL1' });
    expect((await disk(account, big))!.performanceLevel).toBe('PL1');

    await modify(big, { diskCategory: 'cloud_ssd' });
    expect(await disk(account, big)).toMatchObject({ category: 'cloud_ssd' });
    expect(await sdkError(modify(big, { performanceLevel: 'PL2' }))).toMatchObject({ code: 'InvalidPerformanceLevel.ValueNotSupported', statusCode: 400 });
    expect(await sdkError(modify(big, { diskCategory: 'cloud' }))).toMatchObject({ code: 'InvalidDiskCategory.ValueNotSupported', statusCode: 400 });
    expect(await disk(account, big)).toMatchObject({ category: 'cloud_ssd' });
  });

  it("a subscription ESSD only goes up, with an order; the attached instance's state is checked", async () => {
    const account = await newAccount();
    const dataDisk = [new Ecs.RunInstancesRequestDataDisk({ category: 'cloud_essd', size: 500 })];
    const sub = await launchRunning(account, { instanceChargeType: 'PrePaid', period: 1, periodUnit: 'Month', dataDisk });
    const [data] = (await disksOf(account, sub)).data;
    const modify = (req: Record<string, unknown>) => account.client.modifyDiskSpec(new Ecs.ModifyDiskSpecRequest({ diskId: data!.diskId, ...req }));
    const up = await modify({ performanceLevel: 'PL2' });
    expect(up.body?.orderId).toBeTruthy();
    expect((await disk(account, data!.diskId!))!.performanceLevel).toBe('PL2');
    expect(await sdkError(modify({ performanceLevel: 'PL1' }))).toMatchObject({ code: 'InvalidPerformanceLevel.ValueNotSupported', statusCode: 400 });
    expect((await disk(account, data!.diskId!))!.performanceLevel).toBe('PL2');
    expect(await sdkError(account.client.modifyDiskSpec(new Ecs.ModifyDiskSpecRequest({ diskId: 'd-doesnotexist00000000' })))).toMatchObject({
      code: 'InvalidDiskId.NotFound',
      statusCode: 404,
    });
  });
});
