import { describe, expect, it } from 'vitest';
import { callAction, Ecs, sdkError } from '../support/ecs-client';
import { advance, describeInstance, findInstance, forceDelete, OTHER_REGION, REGION, runInstances, runningInstance, stoppedInstance } from '../support/network';
import { newAccount, operatorClient, runScheduledJobs, type TestAccount } from '../support/sandbox';

/**
 * Public IPs and EIPs through the official SDK, and seed 000's story: releasing an instance loses
 * its static public IP for good; converting it into an EIP first (ConvertNatPublicIpToEip, the
 * mitigation the seed names) keeps the address, which survives the release as an Available EIP.
 */
type Eip = Ecs.DescribeEipAddressesResponseBodyEipAddressesEipAddress;

async function eips(account: TestAccount, extra: Record<string, unknown> = {}, regionId = REGION): Promise<Eip[]> {
  const res = await account.client.describeEipAddresses(new Ecs.DescribeEipAddressesRequest({ regionId, pageSize: 100, ...extra }));
  expect(res.body!.totalCount).toBe(res.body!.eipAddresses!.eipAddress!.length);
  return res.body!.eipAddresses!.eipAddress!;
}

async function instancesWithPublicIp(account: TestAccount, ip: string): Promise<string[]> {
  const res = await account.client.describeInstances(new Ecs.DescribeInstancesRequest({ regionId: REGION, publicIpAddresses: JSON.stringify([ip]) }));
  return res.body!.instances!.instance!.map((i) => i.instanceId!);
}

describe('seed 000: the public IP goes with its instance; a converted EIP stays', () => {
  it('loses the public IP on release, and keeps the address converted to an EIP', async () => {
    const account = await newAccount();

    // 1. Released as it is: the static public IP is recycled with the instance.
    const plain = await runningInstance(account);
    const lostIp = (await describeInstance(account, plain)).publicIpAddress!.ipAddress![0]!;
    expect(lostIp).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(await instancesWithPublicIp(account, lostIp)).toEqual([plain]);
    await forceDelete(account, plain);
    expect(await findInstance(account, plain)).toBeUndefined();
    expect(await instancesWithPublicIp(account, lostIp)).toEqual([]);
    expect(await eips(account, { eipAddress: lostIp })).toEqual([]);

    // 2. Converted first: the same address becomes an EIP bound to the instance…
    const kept = await runningInstance(account);
    const keptIp = (await describeInstance(account, kept)).publicIpAddress!.ipAddress![0]!;
    await account.client.convertNatPublicIpToEip(new Ecs.ConvertNatPublicIpToEipRequest({ regionId: REGION, instanceId: kept }));
    const converted = await describeInstance(account, kept);
    expect(converted.publicIpAddress!.ipAddress).toEqual([]);
    expect(converted.eipAddress).toMatchObject({ ipAddress: keptIp, bandwidth: 5 });
    const [eip] = await eips(account);
    expect(eip).toMatchObject({ ipAddress: keptIp, status: 'InUse', instanceId: kept, instanceType: 'EcsInstance', bandwidth: '5' });
    expect(converted.eipAddress!.allocationId).toBe(eip!.allocationId);

    // …which cannot be released while the instance holds it…
    const busy = await sdkError(account.client.releaseEipAddress(new Ecs.ReleaseEipAddressRequest({ allocationId: eip!.allocationId })));
    expect(busy).toMatchObject({ code: 'IncorrectEipStatus', statusCode: 400 });
    // …and outlives the instance, Available for the next one.
    await forceDelete(account, kept);
    expect(await findInstance(account, kept)).toBeUndefined();
    const [survivor] = await eips(account);
    expect(survivor).toMatchObject({ allocationId: eip!.allocationId, ipAddress: keptIp, status: 'Available', instanceId: '' });

    const next = await stoppedInstance(account, { internetMaxBandwidthOut: 0 });
    await account.client.associateEipAddress(new Ecs.AssociateEipAddressRequest({ allocationId: eip!.allocationId, instanceId: next }));
    expect((await describeInstance(account, next)).eipAddress!.ipAddress).toBe(keptIp);
  });

  it('refuses to convert without a public IP, twice, or over the EIP quota', async () => {
    const account = await newAccount();
    const noIp = await stoppedInstance(account); // CreateInstance: bandwidth but no public IP yet
    const missing = await sdkError(account.client.convertNatPublicIpToEip(new Ecs.ConvertNatPublicIpToEipRequest({ regionId: REGION, instanceId: noIp })));
    expect(missing).toMatchObject({ code: 'InvalidInstance.IpAddressMissing', statusCode: 404 });
    const noBandwidth = await stoppedInstance(account, { internetMaxBandwidthOut: 0 });
    const zero = await sdkError(account.client.convertNatPublicIpToEip(new Ecs.ConvertNatPublicIpToEipRequest({ regionId: REGION, instanceId: noBandwidth })));
    expect(zero).toMatchObject({ code: 'InvalidInstance.ZeroBandwidth', statusCode: 404 });

    // AllocatePublicIpAddress gives the stopped instance its address (the same one when asked again).
    const first = await account.client.allocatePublicIpAddress(new Ecs.AllocatePublicIpAddressRequest({ instanceId: noIp }));
    const again = await account.client.allocatePublicIpAddress(new Ecs.AllocatePublicIpAddressRequest({ instanceId: noIp }));
    expect(again.body!.ipAddress).toBe(first.body!.ipAddress);
    expect((await describeInstance(account, noIp)).publicIpAddress!.ipAddress).toEqual([first.body!.ipAddress]);
    const zeroAllocate = await sdkError(account.client.allocatePublicIpAddress(new Ecs.AllocatePublicIpAddressRequest({ instanceId: noBandwidth })));
    expect(zeroAllocate).toMatchObject({ code: 'AllocateIpInvalidInstanceBandwidth', statusCode: 400 });

    await callAction(operatorClient(), 'ModifyAccountQuota', { AccountId: account.accountId, QuotaName: 'Eips', Value: 1 });
    await account.client.allocateEipAddress(new Ecs.AllocateEipAddressRequest({ regionId: REGION }));
    const over = await sdkError(account.client.convertNatPublicIpToEip(new Ecs.ConvertNatPublicIpToEipRequest({ regionId: REGION, instanceId: noIp })));
    expect(over).toMatchObject({ code: 'MaxEIPQuotaExceeded', statusCode: 403 });
    expect((await describeInstance(account, noIp)).publicIpAddress!.ipAddress).toEqual([first.body!.ipAddress]);

    await callAction(operatorClient(), 'ModifyAccountQuota', { AccountId: account.accountId, QuotaName: 'Eips', Value: 2 });
    await account.client.convertNatPublicIpToEip(new Ecs.ConvertNatPublicIpToEipRequest({ regionId: REGION, instanceId: noIp }));
    const twice = await sdkError(account.client.convertNatPublicIpToEip(new Ecs.ConvertNatPublicIpToEipRequest({ regionId: REGION, instanceId: noIp })));
    expect(twice).toMatchObject({ code: 'OperationDenied', statusCode: 403 });
    const allocateWithEip = await sdkError(account.client.allocatePublicIpAddress(new Ecs.AllocatePublicIpAddressRequest({ instanceId: noIp })));
    expect(allocateWithEip).toMatchObject({ code: 'AllocatedAlready', statusCode: 403 });
  });
});

describe('EIPs', () => {
  it('allocates, associates with one instance of the same region at a time, unassociates and releases', async () => {
    const account = await newAccount();
    const alloc = await account.client.allocateEipAddress(new Ecs.AllocateEipAddressRequest({ regionId: REGION, bandwidth: '10' }));
    const id = alloc.body!.allocationId!;
    expect(id).toMatch(/^eip-/);
    expect(alloc.body!.eipAddress).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(await eips(account)).toEqual([
      expect.objectContaining({ allocationId: id, status: 'Available', bandwidth: '10', internetChargeType: 'PayByBandwidth', chargeType: 'PostPaid' }),
    ]);

    const a = await stoppedInstance(account, { internetMaxBandwidthOut: 0 });
    const b = await stoppedInstance(account, { internetMaxBandwidthOut: 0 });
    const withPublicIp = await runningInstance(account);
    const elsewhere = await stoppedInstance(account, { regionId: OTHER_REGION, internetMaxBandwidthOut: 0 });

    const crossRegion = await sdkError(account.client.associateEipAddress(new Ecs.AssociateEipAddressRequest({ allocationId: id, instanceId: elsewhere })));
    expect(crossRegion).toMatchObject({ code: 'InvalidParameter.Mismatch', statusCode: 400 });
    const hasIp = await sdkError(account.client.associateEipAddress(new Ecs.AssociateEipAddressRequest({ allocationId: id, instanceId: withPublicIp })));
    expect(hasIp).toMatchObject({ code: 'InvalidAssociation.Duplicated', statusCode: 400 });
    const badType = await sdkError(
      account.client.associateEipAddress(new Ecs.AssociateEipAddressRequest({ allocationId: id, instanceId: a, instanceType: 'Nat' })),
    );
    expect(badType).toMatchObject({ code: 'InvalidInstanceType.ValueNotSupported' });

    await account.client.associateEipAddress(new Ecs.AssociateEipAddressRequest({ regionId: REGION, allocationId: id, instanceId: a }));
    expect(await eips(account, { status: 'InUse' })).toEqual([expect.objectContaining({ allocationId: id, instanceId: a })]);
    expect((await describeInstance(account, a)).eipAddress).toMatchObject({ allocationId: id, bandwidth: 10 });

    // One instance at a time, and one EIP per instance.
    const taken = await sdkError(account.client.associateEipAddress(new Ecs.AssociateEipAddressRequest({ allocationId: id, instanceId: b })));
    expect(taken).toMatchObject({ code: 'IncorrectEipStatus', statusCode: 400 });
    const second = (await account.client.allocateEipAddress(new Ecs.AllocateEipAddressRequest({ regionId: REGION }))).body!.allocationId!;
    const duplicated = await sdkError(account.client.associateEipAddress(new Ecs.AssociateEipAddressRequest({ allocationId: second, instanceId: a })));
    expect(duplicated).toMatchObject({ code: 'InvalidAssociation.Duplicated' });

    const wrongInstance = await sdkError(account.client.unassociateEipAddress(new Ecs.UnassociateEipAddressRequest({ allocationId: id, instanceId: b })));
    expect(wrongInstance).toMatchObject({ code: 'InvalidBindingStatus', statusCode: 400 });
    const inUse = await sdkError(account.client.releaseEipAddress(new Ecs.ReleaseEipAddressRequest({ allocationId: id })));
    expect(inUse).toMatchObject({ code: 'IncorrectEipStatus' });

    await account.client.unassociateEipAddress(new Ecs.UnassociateEipAddressRequest({ allocationId: id, instanceId: a }));
    expect((await describeInstance(account, a)).eipAddress!.allocationId).toBe('');
    expect(await eips(account, { allocationId: id })).toEqual([expect.objectContaining({ status: 'Available', instanceId: '' })]);
    const notBound = await sdkError(account.client.unassociateEipAddress(new Ecs.UnassociateEipAddressRequest({ allocationId: id, instanceId: a })));
    expect(notBound).toMatchObject({ code: 'IncorrectEipStatus' });

    await account.client.releaseEipAddress(new Ecs.ReleaseEipAddressRequest({ allocationId: id }));
    await account.client.releaseEipAddress(new Ecs.ReleaseEipAddressRequest({ regionId: REGION, allocationId: second }));
    expect(await eips(account)).toEqual([]);
    const gone = await sdkError(account.client.releaseEipAddress(new Ecs.ReleaseEipAddressRequest({ allocationId: id })));
    expect(gone).toMatchObject({ code: 'InvalidAllocationId.NotFound', statusCode: 404 });
    // EIPs are regional.
    expect(await eips(account, {}, OTHER_REGION)).toEqual([]);
  });

  it('holds 20 EIPs per account across regions (QuotaExceeded.Eip) and validates the allocation', async () => {
    const account = await newAccount();
    const badBandwidth = await sdkError(account.client.allocateEipAddress(new Ecs.AllocateEipAddressRequest({ regionId: REGION, bandwidth: '201' })));
    expect(badBandwidth).toMatchObject({ code: 'InvalidParameter', statusCode: 400 });
    const badCharge = await sdkError(
      account.client.allocateEipAddress(new Ecs.AllocateEipAddressRequest({ regionId: REGION, internetChargeType: 'PayByHour' })),
    );
    expect(badCharge).toMatchObject({ code: 'InvalidParameter' });

    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const regionId = i % 2 === 0 ? REGION : OTHER_REGION;
      ids.push((await account.client.allocateEipAddress(new Ecs.AllocateEipAddressRequest({ regionId }))).body!.allocationId!);
    }
    const over = await sdkError(account.client.allocateEipAddress(new Ecs.AllocateEipAddressRequest({ regionId: REGION })));
    expect(over).toMatchObject({ code: 'QuotaExceeded.Eip', statusCode: 400 });
    expect((await eips(account)).length).toBe(10);
    expect((await eips(account, {}, OTHER_REGION)).length).toBe(10);
    await account.client.releaseEipAddress(new Ecs.ReleaseEipAddressRequest({ allocationId: ids[1]! }));
    await account.client.allocateEipAddress(new Ecs.AllocateEipAddressRequest({ regionId: REGION }));

    const badFilter = await sdkError(account.client.describeEipAddresses(new Ecs.DescribeEipAddressesRequest({ regionId: REGION, chargeType: 'Free' })));
    expect(badFilter).toMatchObject({ code: 'InvalidChargeType.ValueNotSupported', statusCode: 400 });
  });

  it('gives a released instance’s EIP back as Available (DeleteInstances, several at once)', async () => {
    const account = await newAccount();
    const [x, y] = await runInstances(account, { internetMaxBandwidthOut: 0 }, 2);
    await advance(11); // Pending → Starting → Running on the sandbox clock
    const e1 = (await account.client.allocateEipAddress(new Ecs.AllocateEipAddressRequest({ regionId: REGION }))).body!.allocationId!;
    const e2 = (await account.client.allocateEipAddress(new Ecs.AllocateEipAddressRequest({ regionId: REGION }))).body!.allocationId!;
    await account.client.associateEipAddress(new Ecs.AssociateEipAddressRequest({ allocationId: e1, instanceId: x! }));
    await account.client.associateEipAddress(new Ecs.AssociateEipAddressRequest({ allocationId: e2, instanceId: y! }));
    await account.client.deleteInstances(new Ecs.DeleteInstancesRequest({ regionId: REGION, instanceId: [x!, y!], force: true }));
    const after = await eips(account);
    expect(after.map((e) => [e.allocationId, e.status, e.instanceId]).sort()).toEqual(
      [
        [e1, 'Available', ''],
        [e2, 'Available', ''],
      ].sort(),
    );
  });
  it('lets the auto-release sweep give back the EIP, the group membership and the key pair binding', async () => {
    const account = await newAccount();
    const sg = (await account.client.createSecurityGroup(new Ecs.CreateSecurityGroupRequest({ regionId: REGION }))).body!.securityGroupId!;
    await account.client.createKeyPair(new Ecs.CreateKeyPairRequest({ regionId: REGION, keyPairName: 'sweep_key' }));
    const vm = await runningInstance(account, { securityGroupId: sg, keyPairName: 'sweep_key', internetMaxBandwidthOut: 0 });
    const allocationId = (await account.client.allocateEipAddress(new Ecs.AllocateEipAddressRequest({ regionId: REGION }))).body!.allocationId!;
    await account.client.associateEipAddress(new Ecs.AssociateEipAddressRequest({ allocationId, instanceId: vm }));

    const now = new Date(String((await callAction(operatorClient(), 'DescribeSandboxClock')).Now));
    const at = new Date(now.getTime() + 31 * 60_000).toISOString().slice(0, 19) + 'Z';
    await account.client.modifyInstanceAutoReleaseTime(new Ecs.ModifyInstanceAutoReleaseTimeRequest({ instanceId: vm, autoReleaseTime: at }));
    await advance(32 * 60);
    await runScheduledJobs();

    expect(await findInstance(account, vm)).toBeUndefined();
    expect(await eips(account)).toEqual([expect.objectContaining({ allocationId, status: 'Available', instanceId: '' })]);
    const groups = await account.client.describeSecurityGroups(new Ecs.DescribeSecurityGroupsRequest({ regionId: REGION, securityGroupId: sg }));
    expect(groups.body!.securityGroups!.securityGroup![0]!.ecsCount).toBe(0);
    await account.client.deleteSecurityGroup(new Ecs.DeleteSecurityGroupRequest({ regionId: REGION, securityGroupId: sg }));
    // No instance is bound to the key pair any more: deleting it does not retire its name.
    await account.client.deleteKeyPairs(new Ecs.DeleteKeyPairsRequest({ regionId: REGION, keyPairNames: JSON.stringify(['sweep_key']) }));
    await account.client.createKeyPair(new Ecs.CreateKeyPairRequest({ regionId: REGION, keyPairName: 'sweep_key' }));
  });
});
