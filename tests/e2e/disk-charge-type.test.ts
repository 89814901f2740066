import { describe, expect, it } from 'vitest';
import { Ecs, sdkError } from '../support/ecs-client';
import { launchRunning, newAccount, REGION } from '../support/instances';

/** ModifyDiskChargeType through the official SDK. */
describe('ModifyDiskChargeType', () => {
  it("moves a subscription instance's data disks between billing methods; refuses the system disk and a pay-as-you-go instance", async () => {
    const account = await newAccount();
    const dataDisk = [new Ecs.RunInstancesRequestDataDisk({ category: 'cloud_essd', size: 20 })];
    const sub = await launchRunning(account, { instanceChargeType: 'PrePaid', period: 1, periodUnit: 'Month', dataDisk });
    const disks = async (instanceId: string) =>
      (await account.client.describeDisks(new Ecs.DescribeDisksRequest({ regionId: REGION, instanceId }))).body!.disks!.disk!;
    const data = (await disks(sub)).find((d) => d.type === 'data')!;
    const system = (await disks(sub)).find((d) => d.type === 'system')!;
    const change = (instanceId: string, ids: string[], diskChargeType?: string) =>
      account.client.modifyDiskChargeType(new Ecs.ModifyDiskChargeTypeRequest({ regionId: REGION, instanceId, diskIds: JSON.stringify(ids), diskChargeType }));

    await change(sub, [data.diskId!], 'PostPaid');
    expect((await disks(sub)).find((d) => d.type === 'data')!.diskChargeType).toBe('PostPaid');
    const out = await change(sub, [data.diskId!]);
    expect(out.body?.orderId).toBeTruthy();
    expect((await disks(sub)).find((d) => d.type === 'data')!.diskChargeType).toBe('PrePaid');

    expect(await sdkError(change(sub, [data.diskId!, system.diskId!], 'PostPaid'))).toMatchObject({ code: 'InvalidParameter', statusCode: 400 });
    expect((await disks(sub)).find((d) => d.type === 'data')!.diskChargeType).toBe('PrePaid');
    const payg = await launchRunning(account, { dataDisk });
    const paygData = (await disks(payg)).find((d) => d.type === 'data')!;
    expect(await sdkError(change(payg, [paygData.diskId!]))).toMatchObject({ code: 'ChargeTypeViolation', statusCode: 403 });
    expect(await sdkError(change(sub, [paygData.diskId!]))).toMatchObject({ code: 'InvalidParameter.DiskNotBelongToInstance', statusCode: 400 });
  });
});
