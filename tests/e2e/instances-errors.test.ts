import { describe, expect, it } from 'vitest';
import { callAction, Ecs, sdkError } from '../support/ecs-client';
import {
  advanceSeconds,
  create,
  describeInstances,
  launch,
  launchRunning,
  newAccount,
  patientOperator,
  REGION,
  requestTime,
  sandboxNow,
  totalCount,
} from '../support/instances';

/**
 * Every error code of the instances issue, as the official SDK receives it:
 * the code and the HTTP status (ecs-api.md §2.1–2.4, §3.1 error tables).
 */
describe('instance errors through the SDK', () => {
  it('IncorrectInstanceStatus (403): start a Running one, stop or reboot a Stopped one, delete a Running one without Force', async () => {
    const account = await newAccount();
    const id = await launchRunning(account);
    expect(await sdkError(account.client.startInstance(new Ecs.StartInstanceRequest({ instanceId: id })))).toMatchObject({
      code: 'IncorrectInstanceStatus',
      statusCode: 403,
    });
    expect(await sdkError(account.client.deleteInstance(new Ecs.DeleteInstanceRequest({ instanceId: id })))).toMatchObject({
      code: 'IncorrectInstanceStatus',
      statusCode: 403,
    });
    await account.client.stopInstance(new Ecs.StopInstanceRequest({ instanceId: id }));
    // Stopping is not Running either.
    expect(await sdkError(account.client.stopInstance(new Ecs.StopInstanceRequest({ instanceId: id })))).toMatchObject({
      code: 'IncorrectInstanceStatus',
      statusCode: 403,
    });
    await advanceSeconds(5);
    expect(await sdkError(account.client.stopInstance(new Ecs.StopInstanceRequest({ instanceId: id })))).toMatchObject({
      code: 'IncorrectInstanceStatus',
      statusCode: 403,
    });
    expect(await sdkError(account.client.rebootInstance(new Ecs.RebootInstanceRequest({ instanceId: id })))).toMatchObject({
      code: 'IncorrectInstanceStatus',
      statusCode: 403,
    });
    expect((await describeInstances(account, [id]))[0]!.status).toBe('Stopped');
  });

  it('IncorrectInstanceStatus.Initializing (403): a Pending instance cannot be released, even with Force', async () => {
    const account = await newAccount();
    const [id] = await launch(account);
    const err = await sdkError(account.client.deleteInstance(new Ecs.DeleteInstanceRequest({ instanceId: id, force: true })));
    expect(err).toMatchObject({ code: 'IncorrectInstanceStatus.Initializing', statusCode: 403 });
  });

  it('InvalidOperation.DeletionProtection (403) for DeleteInstance and DeleteInstances, which then releases none', async () => {
    const account = await newAccount();
    const [a, b] = (await launch(account, { amount: 2 })) as [string, string];
    await advanceSeconds(10);
    await account.client.modifyInstanceAttribute(new Ecs.ModifyInstanceAttributeRequest({ instanceId: b, deletionProtection: true }));
    await account.client.stopInstances(new Ecs.StopInstancesRequest({ regionId: REGION, instanceId: [a, b] }));
    await advanceSeconds(5);
    expect(await sdkError(account.client.deleteInstance(new Ecs.DeleteInstanceRequest({ instanceId: b })))).toMatchObject({
      code: 'InvalidOperation.DeletionProtection',
      statusCode: 403,
    });
    const batch = await sdkError(account.client.deleteInstances(new Ecs.DeleteInstancesRequest({ regionId: REGION, instanceId: [a, b] })));
    expect(batch).toMatchObject({ code: 'InvalidOperation.DeletionProtection', statusCode: 403 });
    expect((await describeInstances(account)).map((i) => i.instanceId).sort()).toEqual([a, b].sort());
    // Protection off: the release goes through.
    await account.client.modifyInstanceAttribute(new Ecs.ModifyInstanceAttributeRequest({ instanceId: b, deletionProtection: false }));
    await account.client.deleteInstances(new Ecs.DeleteInstancesRequest({ regionId: REGION, instanceId: [a, b] }));
    expect(await totalCount(account)).toBe(0);
  });

  it('ChargeTypeViolation (403): DeleteInstance on an unexpired PrePaid instance, ModifyInstanceAutoReleaseTime on PrePaid, RenewInstance on PostPaid', async () => {
    const account = await newAccount();
    const id = await launchRunning(account, { instanceChargeType: 'PrePaid', period: 1, periodUnit: 'Month' });
    for (const opts of [{}, { force: true }, { force: true, terminateSubscription: true }]) {
      const err = await sdkError(account.client.deleteInstance(new Ecs.DeleteInstanceRequest({ instanceId: id, ...opts })));
      expect(err).toMatchObject({ code: 'ChargeTypeViolation', statusCode: 403 });
    }
    const now = await sandboxNow();
    const release = await sdkError(
      account.client.modifyInstanceAutoReleaseTime(
        new Ecs.ModifyInstanceAutoReleaseTimeRequest({ instanceId: id, autoReleaseTime: requestTime(new Date(now.getTime() + 2 * 3600_000)) }),
      ),
    );
    expect(release).toMatchObject({ code: 'ChargeTypeViolation', statusCode: 403 });
    // Also at launch: a subscription cannot carry an auto-release time.
    const atLaunch = await sdkError(
      launch(account, { instanceChargeType: 'PrePaid', period: 1, autoReleaseTime: requestTime(new Date(now.getTime() + 2 * 3600_000)) }),
    );
    expect(atLaunch).toMatchObject({ code: 'ChargeTypeViolation', statusCode: 403 });
    expect((await describeInstances(account, [id]))[0]).toMatchObject({ status: 'Running', autoReleaseTime: '' });
    // And the other way round: a pay-as-you-go instance has nothing to renew.
    const payg = await launchRunning(account);
    const renew = await sdkError(account.client.renewInstance(new Ecs.RenewInstanceRequest({ instanceId: payg, period: 1 })));
    expect(renew).toMatchObject({ code: 'ChargeTypeViolation', statusCode: 403 });
  });

  it('InvalidAutoReleaseTime (400) under 30 minutes or over 3 years ahead; InvalidAutoReleaseTime.Malformed (400)', async () => {
    const account = await newAccount();
    const id = await launchRunning(account);
    const now = await sandboxNow();
    const set = (value: string) =>
      account.client.modifyInstanceAutoReleaseTime(new Ecs.ModifyInstanceAutoReleaseTimeRequest({ instanceId: id, autoReleaseTime: value }));
    const minutes = (n: number) => requestTime(new Date(now.getTime() + n * 60_000));

    expect(await sdkError(set(minutes(10)))).toMatchObject({ code: 'InvalidAutoReleaseTime', statusCode: 400 });
    expect(await sdkError(set(minutes(-60)))).toMatchObject({ code: 'InvalidAutoReleaseTime', statusCode: 400 });
    expect(await sdkError(set(minutes((3 * 366 + 1) * 24 * 60)))).toMatchObject({ code: 'InvalidAutoReleaseTime', statusCode: 400 });
    for (const bad of ['tomorrow', '2030-13-01T00:00:00Z', '2030-02-30T00:00:00Z', '2030-01-01 00:00:00', '2030-01-01T00:00:00+08:00']) {
      expect(await sdkError(set(bad))).toMatchObject({ code: 'InvalidAutoReleaseTime.Malformed', statusCode: 400 });
    }
    // At RunInstances too.
    expect(await sdkError(launch(account, { autoReleaseTime: minutes(5) }))).toMatchObject({ code: 'InvalidAutoReleaseTime', statusCode: 400 });
    expect(await sdkError(launch(account, { autoReleaseTime: 'soon' }))).toMatchObject({ code: 'InvalidAutoReleaseTime.Malformed', statusCode: 400 });
    // Nothing was set or created by the refusals; a valid time is accepted.
    expect((await describeInstances(account, [id]))[0]!.autoReleaseTime).toBe('');
    expect(await totalCount(account)).toBe(1);
    await set(minutes(45));
    expect((await describeInstances(account, [id]))[0]!.autoReleaseTime).not.toBe('');
  });

  it('QuotaExceed.AfterpayInstance (400) for the 11th pay-as-you-go instance, until the operator raises the quota', async () => {
    const account = await newAccount();
    await launch(account, { amount: 6 });
    await launch(account, { amount: 4 });
    expect(await totalCount(account)).toBe(10);
    const eleventh = await sdkError(launch(account));
    expect(eleventh).toMatchObject({ code: 'QuotaExceed.AfterpayInstance', statusCode: 400 });
    // Across all regions (guide Q5): another region is no way around it.
    const elsewhere = await sdkError(launch(account, { regionId: 'cn-shanghai' }));
    expect(elsewhere).toMatchObject({ code: 'QuotaExceed.AfterpayInstance', statusCode: 400 });
    // A subscription does not count against it.
    await launch(account, { instanceChargeType: 'PrePaid', period: 1 });
    expect(await totalCount(account)).toBe(11);

    await callAction(patientOperator(), 'ModifyAccountQuota', { AccountId: account.accountId, QuotaName: 'PostPaidInstances', Value: 12 });
    await launch(account);
    expect(await totalCount(account)).toBe(12);
    // Two more would pass 12: refused as a whole, nothing created.
    expect(await sdkError(launch(account, { amount: 2 }))).toMatchObject({ code: 'QuotaExceed.AfterpayInstance', statusCode: 400 });
    await launch(account);
    expect(await sdkError(launch(account))).toMatchObject({ code: 'QuotaExceed.AfterpayInstance', statusCode: 400 });
    expect(await totalCount(account)).toBe(13);
  });

  it('InvalidInstanceId.NotFound (404) on every single-instance action and batch action', async () => {
    const account = await newAccount();
    const ghost = 'i-bp1nosuchinstance00';
    const calls: (() => Promise<unknown>)[] = [
      () => account.client.describeInstanceAttribute(new Ecs.DescribeInstanceAttributeRequest({ instanceId: ghost })),
      () => account.client.startInstance(new Ecs.StartInstanceRequest({ instanceId: ghost })),
      () => account.client.stopInstance(new Ecs.StopInstanceRequest({ instanceId: ghost })),
      () => account.client.rebootInstance(new Ecs.RebootInstanceRequest({ instanceId: ghost })),
      () => account.client.deleteInstance(new Ecs.DeleteInstanceRequest({ instanceId: ghost, force: true })),
      () => account.client.deleteInstances(new Ecs.DeleteInstancesRequest({ regionId: REGION, instanceId: [ghost] })),
      () => account.client.stopInstances(new Ecs.StopInstancesRequest({ regionId: REGION, instanceId: [ghost] })),
      () => account.client.modifyInstanceAttribute(new Ecs.ModifyInstanceAttributeRequest({ instanceId: ghost, deletionProtection: true })),
      () => account.client.modifyInstanceAutoReleaseTime(new Ecs.ModifyInstanceAutoReleaseTimeRequest({ instanceId: ghost })),
      () => account.client.renewInstance(new Ecs.RenewInstanceRequest({ instanceId: ghost, period: 1 })),
      () =>
        account.client.modifyInstanceChargeType(
          new Ecs.ModifyInstanceChargeTypeRequest({ regionId: REGION, instanceIds: JSON.stringify([ghost]), instanceChargeType: 'PrePaid', period: 1 }),
        ),
    ];
    for (const call of calls) expect(await sdkError(call())).toMatchObject({ code: 'InvalidInstanceId.NotFound', statusCode: 404 });

    // Another account's instance is just as unknown.
    const other = await newAccount();
    const theirs = await launchRunning(other);
    expect(await sdkError(account.client.stopInstance(new Ecs.StopInstanceRequest({ instanceId: theirs })))).toMatchObject({
      code: 'InvalidInstanceId.NotFound',
      statusCode: 404,
    });
    expect((await describeInstances(other, [theirs]))[0]!.status).toBe('Running');
    // An unknown id in DescribeInstances is no error: it is simply absent.
    expect(await describeInstances(account, [ghost, theirs])).toEqual([]);
  });

  it('an empty id in an id list is an unknown instance, never a 5xx', async () => {
    const account = await newAccount();
    const id = await launchRunning(account, { instanceChargeType: 'PrePaid', period: 1 });
    // `InstanceId.2=` unflattens to a list holding one empty id.
    const described = await callAction(account.client, 'DescribeInstanceAutoRenewAttribute', { RegionId: REGION, 'InstanceId.2': '' });
    expect(described).toMatchObject({ TotalCount: 0 });
    const modified = await sdkError(callAction(account.client, 'ModifyInstanceAutoRenewAttribute', { RegionId: REGION, 'InstanceId.2': '', AutoRenew: true }));
    expect(modified).toMatchObject({ code: 'InvalidParameter.InvalidInstanceId', statusCode: 403 });
    const mixed = await callAction(account.client, 'DescribeInstanceAutoRenewAttribute', { RegionId: REGION, 'InstanceId.1': id, 'InstanceId.2': '' });
    expect(mixed).toMatchObject({ TotalCount: 1 });
  });

  it('InvalidImageId.NotFound (404) and the InvalidInstanceType codes', async () => {
    const account = await newAccount();
    expect(await sdkError(launch(account, { imageId: 'm-bp1nosuchimage0000' }))).toMatchObject({ code: 'InvalidImageId.NotFound', statusCode: 404 });
    expect(await sdkError(create(account, { imageId: 'centos_5_x64_20G.vhd' }))).toMatchObject({ code: 'InvalidImageId.NotFound', statusCode: 404 });
    expect(await sdkError(launch(account, { instanceType: 'ecs.nosuch.large' }))).toMatchObject({
      code: 'InvalidInstanceType.ValueNotSupported',
      statusCode: 400,
    });
    // Not on the default pay-as-you-go list (guide Q4): a ticket is needed, but a subscription is fine.
    expect(await sdkError(launch(account, { instanceType: 'ecs.m1.small' }))).toMatchObject({
      code: 'InvalidInstanceType.ValueUnauthorized',
      statusCode: 400,
    });
    await launch(account, { instanceType: 'ecs.m1.small', instanceChargeType: 'PrePaid', period: 1 });
    // gn5 is not sold in Qingdao (guide L859).
    expect(
      await sdkError(launch(account, { regionId: 'cn-qingdao', instanceType: 'ecs.gn5-c4g1.xlarge', instanceChargeType: 'PrePaid', period: 1 })),
    ).toMatchObject({ code: 'InvalidInstanceType.ZoneNotSupported', statusCode: 403 });
    expect(await totalCount(account)).toBe(1);
  });

  it('InvalidParameter.Conflict (400): a 32-bit image on a type with 4 GiB of memory or more', async () => {
    const account = await newAccount();
    const images = await account.client.describeImages(
      new Ecs.DescribeImagesRequest({ regionId: REGION, architecture: 'i386', OSType: 'linux', pageSize: 100 }),
    );
    const image = images.body!.images!.image!.find((i) => i.architecture === 'i386' && i.OSType === 'linux');
    expect(image).toBeDefined();
    const conflict = await sdkError(launch(account, { imageId: image!.imageId, instanceType: 'ecs.s2.large' }));
    expect(conflict).toMatchObject({ code: 'InvalidParameter.Conflict', statusCode: 400 });
    const big = await sdkError(launch(account, { imageId: image!.imageId, instanceType: 'ecs.g7.large' }));
    expect(big).toMatchObject({ code: 'InvalidParameter.Conflict', statusCode: 400 });
    // Under 4 GiB it runs.
    const [id] = await launch(account, { imageId: image!.imageId, instanceType: 'ecs.s2.small' });
    expect((await describeInstances(account, [id!]))[0]).toMatchObject({ imageId: image!.imageId, instanceType: 'ecs.s2.small' });
  });

  it('ReleaseTimeHaveBeenSet (400): no conversion to PrePaid while an auto-release time is set', async () => {
    const account = await newAccount();
    const id = await launchRunning(account);
    const now = await sandboxNow();
    await account.client.modifyInstanceAutoReleaseTime(
      new Ecs.ModifyInstanceAutoReleaseTimeRequest({ instanceId: id, autoReleaseTime: requestTime(new Date(now.getTime() + 5 * 3600_000)) }),
    );
    const convert = () =>
      account.client.modifyInstanceChargeType(
        new Ecs.ModifyInstanceChargeTypeRequest({ regionId: REGION, instanceIds: JSON.stringify([id]), instanceChargeType: 'PrePaid', period: 1 }),
      );
    expect(await sdkError(convert())).toMatchObject({ code: 'ReleaseTimeHaveBeenSet', statusCode: 400 });
    expect((await describeInstances(account, [id]))[0]!.instanceChargeType).toBe('PostPaid');
    // Cancel the release, and the conversion goes through.
    await account.client.modifyInstanceAutoReleaseTime(new Ecs.ModifyInstanceAutoReleaseTimeRequest({ instanceId: id }));
    await convert();
    expect((await describeInstances(account, [id]))[0]!.instanceChargeType).toBe('PrePaid');
  });

  it('MissingParameter (400) for a missing required parameter', async () => {
    const account = await newAccount();
    const noType = await sdkError(
      account.client.runInstances(new Ecs.RunInstancesRequest({ regionId: REGION, imageId: 'aliyun_3_x64_20G_alibase_20240528.vhd' })),
    );
    expect(noType).toMatchObject({ code: 'MissingParameter', statusCode: 400 });
    expect(noType.message).toContain('InstanceType');
    const noImage = await sdkError(account.client.runInstances(new Ecs.RunInstancesRequest({ regionId: REGION, instanceType: 'ecs.g7.large' })));
    expect(noImage).toMatchObject({ code: 'MissingParameter', statusCode: 400 });
    expect(noImage.message).toContain('ImageId');
    const noRegion = await sdkError(
      account.client.runInstances(new Ecs.RunInstancesRequest({ imageId: 'aliyun_3_x64_20G_alibase_20240528.vhd', instanceType: 'ecs.g7.large' })),
    );
    expect(noRegion).toMatchObject({ code: 'MissingParameter', statusCode: 400 });
    const noPeriod = await sdkError(launch(account, { instanceChargeType: 'PrePaid' }));
    expect(noPeriod).toMatchObject({ code: 'MissingParameter', statusCode: 400 });
    expect(noPeriod.message).toContain('Period');
    const noId = await sdkError(account.client.deleteInstance(new Ecs.DeleteInstanceRequest({})));
    expect(noId).toMatchObject({ code: 'MissingParameter', statusCode: 400 });
    const noIds = await sdkError(account.client.stopInstances(new Ecs.StopInstancesRequest({ regionId: REGION })));
    expect(noIds).toMatchObject({ code: 'MissingParameter', statusCode: 400 });
    expect(await totalCount(account)).toBe(0);
  });

  it('InvalidPeriod and InvalidPeriodUnit.ValueNotSupported (400) for a bad subscription period; a valid one stops and starts normally', async () => {
    const account = await newAccount();
    expect(await sdkError(launch(account, { instanceChargeType: 'PrePaid', period: 10, periodUnit: 'Month' }))).toMatchObject({
      code: 'InvalidPeriod',
      statusCode: 400,
    });
    expect(await sdkError(launch(account, { instanceChargeType: 'PrePaid', period: 1, periodUnit: 'Day' }))).toMatchObject({
      code: 'InvalidPeriodUnit.ValueNotSupported',
      statusCode: 400,
    });
    const id = await launchRunning(account, { instanceChargeType: 'PrePaid', period: 1 });
    await account.client.stopInstance(new Ecs.StopInstanceRequest({ instanceId: id }));
    await advanceSeconds(5);
    await account.client.startInstance(new Ecs.StartInstanceRequest({ instanceId: id }));
    expect((await describeInstances(account, [id]))[0]!.status).toBe('Starting');
  });
});
