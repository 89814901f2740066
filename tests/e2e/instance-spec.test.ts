import { describe, expect, it } from 'vitest';
import { Ecs, sdkError } from '../support/ecs-client';
import { advanceSeconds, describeInstances, launchRunning, newAccount, REGION } from '../support/instances';

/** Changing type and bandwidth through the official SDK: pay-as-you-go and subscription rules. */
describe('instance type and bandwidth changes', () => {
  it('ModifyInstanceSpec: a pay-as-you-go type change needs Stopped; bandwidth changes while Running; not both at once', async () => {
    const account = await newAccount();
    const id = await launchRunning(account);
    const spec = (req: Record<string, unknown>) => account.client.modifyInstanceSpec(new Ecs.ModifyInstanceSpecRequest({ instanceId: id, ...req }));
    expect(await sdkError(spec({ instanceType: 'ecs.g7.xlarge' }))).toMatchObject({ code: 'InvalidInstanceStatus.NotStopped', statusCode: 400 });
    expect(await sdkError(spec({ instanceType: 'ecs.g7.xlarge', internetMaxBandwidthOut: 10 }))).toMatchObject({
      code: 'InvalidParameter.Mismatch',
      statusCode: 400,
    });
    await spec({ internetMaxBandwidthOut: 20 });
    expect((await describeInstances(account, [id]))[0]).toMatchObject({ internetMaxBandwidthOut: 20, instanceType: 'ecs.g7.large' });

    await account.client.stopInstance(new Ecs.StopInstanceRequest({ instanceId: id }));
    await advanceSeconds(5);
    expect(await sdkError(spec({ instanceType: 'ecs.nope.large' }))).toMatchObject({ code: 'InvalidInstanceType.ValueNotSupported', statusCode: 400 });
    await spec({ instanceType: 'ecs.g7.xlarge' });
    expect((await describeInstances(account, [id]))[0]).toMatchObject({ instanceType: 'ecs.g7.xlarge', cpu: 4, memory: 16384 });
  });

  it('ModifyInstanceSpec refuses a subscription instance; ModifyPrepayInstanceSpec upgrades Running, downgrades only Stopped', async () => {
    const account = await newAccount();
    const id = await launchRunning(account, { instanceChargeType: 'PrePaid', period: 1, periodUnit: 'Month' });
    expect(await sdkError(account.client.modifyInstanceSpec(new Ecs.ModifyInstanceSpecRequest({ instanceId: id, internetMaxBandwidthOut: 5 })))).toMatchObject({
      code: 'ChargeTypeViolation',
      statusCode: 403,
    });
    const prepay = (instanceType: string, operatorType: string) =>
      account.client.modifyPrepayInstanceSpec(new Ecs.ModifyPrepayInstanceSpecRequest({ regionId: REGION, instanceId: id, instanceType, operatorType }));
    const up = await prepay('ecs.g7.xlarge', 'upgrade');
    expect(up.body?.orderId).toBeTruthy();
    expect((await describeInstances(account, [id]))[0]!.instanceType).toBe('ecs.g7.xlarge');
    // A smaller type is not an upgrade; a downgrade needs Stopped.
    expect(await sdkError(prepay('ecs.g7.large', 'upgrade'))).toMatchObject({ code: 'InvalidParameter', statusCode: 400 });
    expect(await sdkError(prepay('ecs.g7.large', 'downgrade'))).toMatchObject({ code: 'InvalidStatus.NotStopped', statusCode: 400 });
    await account.client.stopInstance(new Ecs.StopInstanceRequest({ instanceId: id }));
    await advanceSeconds(5);
    await prepay('ecs.g7.large', 'downgrade');
    expect((await describeInstances(account, [id]))[0]!.instanceType).toBe('ecs.g7.large');
  });

  it('ModifyPrepayInstanceSpec refuses a pay-as-you-go instance; DescribeResourcesModification lists the possible types', async () => {
    const account = await newAccount();
    const payg = await launchRunning(account);
    expect(
      await sdkError(
        account.client.modifyPrepayInstanceSpec(new Ecs.ModifyPrepayInstanceSpecRequest({ regionId: REGION, instanceId: payg, instanceType: 'ecs.g7.xlarge' })),
      ),
    ).toMatchObject({ code: 'InvalidInstanceChargeType.ValueNotSupported', statusCode: 400 });
    const sub = await launchRunning(account, { instanceChargeType: 'PrePaid', period: 1, periodUnit: 'Month' });
    const list = async (resourceId: string, operationType: string) =>
      (
        await account.client.describeResourcesModification(
          new Ecs.DescribeResourcesModificationRequest({ regionId: REGION, resourceId, destinationResource: 'InstanceType', operationType }),
        )
      ).body!.availableZones!.availableZone![0]!.availableResources!.availableResource![0]!.supportedResources!.supportedResource!.map((r) => r.value);
    const ups = await list(sub, 'Upgrade');
    const downs = await list(sub, 'Downgrade');
    expect(ups).toContain('ecs.g7.xlarge');
    expect(ups).not.toContain('ecs.t1.small');
    expect(downs).toContain('ecs.t1.small');
    expect(downs).not.toContain('ecs.g7.large');
    expect(await list(payg, 'Upgrade')).toContain('ecs.t1.small');
  });
});
