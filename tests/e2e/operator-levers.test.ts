import { describe, expect, it } from 'vitest';
import { callAction, Ecs, sdkError } from '../support/ecs-client';
import { describeInstances, launch, launchRunning, newAccount, REGION } from '../support/instances';
import { operatorClient } from '../support/sandbox';
import { ZONE } from '../support/storage';

/**
 * The operator levers for what release protection cannot stop (seed 000): a security lock, an
 * overdue account, and the forced releases that follow, with the errors an account then sees.
 */
const locksOf = async (account: Awaited<ReturnType<typeof newAccount>>, id: string) =>
  (await describeInstances(account, [id]))[0]?.operationLocks?.lockReason?.map((l) => l.lockReason) ?? [];

describe('operator levers', () => {
  it('a security lock stops the instance and refuses operations (InstanceLockedForSecurity) until lifted', async () => {
    const account = await newAccount();
    const id = await launchRunning(account);
    const out = await callAction(operatorClient(), 'LockInstanceForSecurity', { AccountId: account.accountId, RegionId: REGION, InstanceId: id });
    expect(out).toMatchObject({ InstanceId: id, Status: 'Stopped' });
    expect((await describeInstances(account, [id]))[0]!.status).toBe('Stopped');
    expect(await locksOf(account, id)).toEqual(['security']);
    for (const call of [
      () => account.client.startInstance(new Ecs.StartInstanceRequest({ instanceId: id })),
      () => account.client.modifyInstanceAttribute(new Ecs.ModifyInstanceAttributeRequest({ instanceId: id, instanceName: 'renamed' })),
      () => account.client.deleteInstance(new Ecs.DeleteInstanceRequest({ instanceId: id })),
    ]) {
      expect(await sdkError(call())).toMatchObject({ code: 'InstanceLockedForSecurity', statusCode: 403 });
    }
    await callAction(operatorClient(), 'LockInstanceForSecurity', { AccountId: account.accountId, RegionId: REGION, InstanceId: id, Locked: false });
    expect(await locksOf(account, id)).toEqual([]);
    await account.client.startInstance(new Ecs.StartInstanceRequest({ instanceId: id }));
  });

  it('a security violation releases a protected instance all the same', async () => {
    const account = await newAccount();
    const id = await launchRunning(account, { deletionProtection: true });
    await callAction(operatorClient(), 'LockInstanceForSecurity', { AccountId: account.accountId, RegionId: REGION, InstanceId: id, Release: true });
    expect(await describeInstances(account, [id])).toEqual([]);
  });

  it('an overdue account: pay-as-you-go instances stop with a financial lock; cleared, they start again; Release reclaims them despite protection', async () => {
    const account = await newAccount();
    const payg = await launchRunning(account, { deletionProtection: true });
    const sub = await launchRunning(account, { instanceChargeType: 'PrePaid', period: 1, periodUnit: 'Month' });
    const out = (await callAction(operatorClient(), 'ModifyAccountOverdue', { AccountId: account.accountId, Overdue: true })) as any;
    expect(out.InstanceIds.InstanceId).toEqual([payg]);
    const [p, s] = await describeInstances(account, [payg, sub]).then((l) => [l.find((i) => i.instanceId === payg)!, l.find((i) => i.instanceId === sub)!]);
    expect(p).toMatchObject({ status: 'Stopped' });
    expect(s).toMatchObject({ status: 'Running' });
    expect(await locksOf(account, payg)).toEqual(['financial']);
    expect(await sdkError(account.client.startInstance(new Ecs.StartInstanceRequest({ instanceId: payg })))).toMatchObject({
      code: 'InstanceExpiredOrInArrears',
      statusCode: 403,
    });
    await callAction(operatorClient(), 'ModifyAccountOverdue', { AccountId: account.accountId, Overdue: false });
    expect(await locksOf(account, payg)).toEqual([]);
    await account.client.startInstance(new Ecs.StartInstanceRequest({ instanceId: payg }));

    await callAction(operatorClient(), 'ModifyAccountOverdue', { AccountId: account.accountId, Overdue: true, Release: true });
    expect((await describeInstances(account)).map((i) => i.instanceId)).toEqual([sub]);
  });

  it('an overdue account buys nothing new (Account.Arrearage) but may still read and release; cleared, it launches again', async () => {
    const account = await newAccount();
    const payg = await launchRunning(account);
    await callAction(operatorClient(), 'ModifyAccountOverdue', { AccountId: account.accountId, Overdue: true });
    const arrearage = { code: 'Account.Arrearage', statusCode: 400 };
    expect(await sdkError(launch(account))).toMatchObject(arrearage);
    expect(
      await sdkError(account.client.createDisk(new Ecs.CreateDiskRequest({ regionId: REGION, zoneId: ZONE, size: 20, diskCategory: 'cloud_essd' }))),
    ).toMatchObject(arrearage);
    expect(await sdkError(account.client.allocateEipAddress(new Ecs.AllocateEipAddressRequest({ regionId: REGION })))).toMatchObject(arrearage);
    // Nothing was created by the refused calls.
    expect((await describeInstances(account)).map((i) => i.instanceId)).toEqual([payg]);
    const disks = await account.client.describeDisks(new Ecs.DescribeDisksRequest({ regionId: REGION }));
    expect(disks.body!.disks!.disk!.map((d) => d.type)).toEqual(['system']);
    // Releasing is still allowed.
    await account.client.deleteInstance(new Ecs.DeleteInstanceRequest({ instanceId: payg, force: true }));
    expect(await describeInstances(account)).toEqual([]);

    await callAction(operatorClient(), 'ModifyAccountOverdue', { AccountId: account.accountId, Overdue: false });
    const [fresh] = await launch(account);
    expect((await describeInstances(account)).map((i) => i.instanceId)).toEqual([fresh]);
  });

  it('only the operator may pull the levers; an unknown account or instance is NotFound', async () => {
    const account = await newAccount();
    const id = await launchRunning(account);
    expect(
      await sdkError(callAction(account.client, 'LockInstanceForSecurity', { AccountId: account.accountId, RegionId: REGION, InstanceId: id })),
    ).toMatchObject({
      code: 'Forbidden.RAM',
      statusCode: 403,
    });
    expect(await sdkError(callAction(operatorClient(), 'ModifyAccountOverdue', { AccountId: '999999999999', Overdue: true }))).toMatchObject({
      code: 'InvalidAccount.NotFound',
      statusCode: 404,
    });
    expect(
      await sdkError(callAction(operatorClient(), 'LockInstanceForSecurity', { AccountId: account.accountId, RegionId: REGION, InstanceId: 'i-nothere' })),
    ).toMatchObject({ code: 'InvalidInstanceId.NotFound', statusCode: 404 });
    expect((await describeInstances(account, [id]))[0]!.status).toBe('Running');
  });
});
