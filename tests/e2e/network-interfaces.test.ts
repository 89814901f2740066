import { beforeAll, describe, expect, it } from 'vitest';
import { Ecs, sdkError } from '../support/ecs-client';
import { advance, REGION, runningInstance } from '../support/network';
import { newAccount, sandbox, type TestAccount } from '../support/sandbox';
import { Vpc, vpcClient, type VpcClient } from '../support/vpc-client';

/**
 * ECS secondary network interfaces (ECS API 2014-05-26) through the official
 * @alicloud/ecs20140526 SDK: created in a vSwitch with an address of its block, attached to an
 * instance of the same VPC and zone within its type's interface count, detached, modified,
 * deleted; the instances' primary interfaces listed beside them and never detached.
 */
let a: TestAccount;
let vpc: VpcClient;
/** ecs.t6-c2m1.large takes 2 interfaces (its primary one and one more). */
const TWO_ENI_TYPE = 'ecs.t6-c2m1.large';

beforeAll(async () => {
  a = await newAccount();
  vpc = vpcClient(sandbox().endpoint, a);
});

async function defaultVSwitch(zoneIndex = 0) {
  const list = (await vpc.describeVSwitches(new Vpc.DescribeVSwitchesRequest({ regionId: REGION, isDefault: true }))).body!.vSwitches!.vSwitch!;
  return list.sort((x, y) => x.zoneId!.localeCompare(y.zoneId!))[zoneIndex]!;
}

const describeEni = async (query: Partial<Ecs.DescribeNetworkInterfacesRequest>) =>
  (await a.client.describeNetworkInterfaces(new Ecs.DescribeNetworkInterfacesRequest({ regionId: REGION, ...query }))).body!;

describe('ECS network interfaces with the official SDK', () => {
  it('creates, attaches within the type quota, detaches, modifies and deletes a secondary interface', async () => {
    const vsw = await defaultVSwitch();
    const before = vsw.availableIpAddressCount!;
    const sg = (await a.client.createSecurityGroup(new Ecs.CreateSecurityGroupRequest({ regionId: REGION, vpcId: vsw.vpcId }))).body!.securityGroupId!;

    const created = (
      await a.client.createNetworkInterface(
        new Ecs.CreateNetworkInterfaceRequest({
          regionId: REGION,
          vSwitchId: vsw.vSwitchId,
          securityGroupId: sg,
          networkInterfaceName: 'data',
          description: 'second card',
        }),
      )
    ).body!;
    const eniId = created.networkInterfaceId!;
    expect(eniId).toMatch(/^eni-/);
    expect(created).toMatchObject({ status: 'Available', type: 'Secondary', vpcId: vsw.vpcId, vSwitchId: vsw.vSwitchId, zoneId: vsw.zoneId });
    expect(created.privateIpAddress).toMatch(/^172\.31\.\d+\.\d+$/);
    const after = (await vpc.describeVSwitches(new Vpc.DescribeVSwitchesRequest({ regionId: REGION, vSwitchId: vsw.vSwitchId }))).body!.vSwitches!.vSwitch![0]!;
    expect(after.availableIpAddressCount).toBe(before - 1);

    // A chosen address: outside the block, or already held, is refused and changes nothing.
    const taken = await sdkError(
      a.client.createNetworkInterface(
        new Ecs.CreateNetworkInterfaceRequest({ regionId: REGION, vSwitchId: vsw.vSwitchId, securityGroupId: sg, primaryIpAddress: created.privateIpAddress }),
      ),
    );
    expect(taken.code).toBe('InvalidIp.IpAssigned');
    const outside = await sdkError(
      a.client.createNetworkInterface(
        new Ecs.CreateNetworkInterfaceRequest({ regionId: REGION, vSwitchId: vsw.vSwitchId, securityGroupId: sg, primaryIpAddress: '10.9.9.9' }),
      ),
    );
    expect(outside.code).toBe('InvalidVSwitchId.IpInvalid');
    const unsupported = await sdkError(
      a.client.createNetworkInterface(
        new Ecs.CreateNetworkInterfaceRequest({ regionId: REGION, vSwitchId: vsw.vSwitchId, securityGroupId: sg, secondaryPrivateIpAddressCount: 2 }),
      ),
    );
    expect(unsupported.code).toBe('UnsupportedParameter');
    expect((await describeEni({ vSwitchId: vsw.vSwitchId, type: 'Secondary' })).totalCount).toBe(1);

    // The instance's primary interface is listed and stays with its instance.
    const instanceId = await runningInstance(a, { instanceType: TWO_ENI_TYPE, vSwitchId: vsw.vSwitchId, securityGroupId: sg });
    const primary = (await describeEni({ instanceId })).networkInterfaceSets!.networkInterfaceSet!;
    expect(primary).toEqual([expect.objectContaining({ type: 'Primary', status: 'InUse', instanceId, vSwitchId: vsw.vSwitchId })]);
    const primaryId = primary[0]!.networkInterfaceId!;
    expect(
      (await sdkError(a.client.detachNetworkInterface(new Ecs.DetachNetworkInterfaceRequest({ regionId: REGION, networkInterfaceId: primaryId, instanceId }))))
        .code,
    ).toBe('InvalidOperation.DetachPrimaryEniNotAllowed');
    expect(
      (await sdkError(a.client.deleteNetworkInterface(new Ecs.DeleteNetworkInterfaceRequest({ regionId: REGION, networkInterfaceId: primaryId })))).code,
    ).toBe('InvalidOperation.DetachPrimaryEniNotAllowed');

    await a.client.attachNetworkInterface(new Ecs.AttachNetworkInterfaceRequest({ regionId: REGION, networkInterfaceId: eniId, instanceId }));
    const attached = (await describeEni({ networkInterfaceId: [eniId] })).networkInterfaceSets!.networkInterfaceSet![0]!;
    expect(attached).toMatchObject({ status: 'InUse', instanceId, type: 'Secondary' });
    // An attached interface cannot be deleted.
    expect((await sdkError(a.client.deleteNetworkInterface(new Ecs.DeleteNetworkInterfaceRequest({ regionId: REGION, networkInterfaceId: eniId })))).code).toBe(
      'InvalidOperation.InvalidEniState',
    );

    // The type takes two interfaces: a third one is refused.
    const third = (
      await a.client.createNetworkInterface(new Ecs.CreateNetworkInterfaceRequest({ regionId: REGION, vSwitchId: vsw.vSwitchId, securityGroupId: sg }))
    ).body!.networkInterfaceId!;
    const over = await sdkError(
      a.client.attachNetworkInterface(new Ecs.AttachNetworkInterfaceRequest({ regionId: REGION, networkInterfaceId: third, instanceId })),
    );
    expect(over.code).toBe('EniPerInstanceLimitExceeded');
    expect((await describeEni({ networkInterfaceId: [third] })).networkInterfaceSets!.networkInterfaceSet![0]!.status).toBe('Available');

    // An interface of another zone cannot go to the instance.
    const otherZone = await defaultVSwitch(1);
    const far = (
      await a.client.createNetworkInterface(new Ecs.CreateNetworkInterfaceRequest({ regionId: REGION, vSwitchId: otherZone.vSwitchId, securityGroupId: sg }))
    ).body!.networkInterfaceId!;
    await a.client.detachNetworkInterface(new Ecs.DetachNetworkInterfaceRequest({ regionId: REGION, networkInterfaceId: eniId, instanceId }));
    const mismatch = await sdkError(
      a.client.attachNetworkInterface(new Ecs.AttachNetworkInterfaceRequest({ regionId: REGION, networkInterfaceId: far, instanceId })),
    );
    expect(mismatch.code).toBe('InvalidOperation.AvailabilityZoneMismatch');

    await a.client.modifyNetworkInterfaceAttribute(
      new Ecs.ModifyNetworkInterfaceAttributeRequest({ regionId: REGION, networkInterfaceId: eniId, networkInterfaceName: 'renamed', description: 'changed' }),
    );
    const renamed = (await describeEni({ networkInterfaceName: 'renamed' })).networkInterfaceSets!.networkInterfaceSet!;
    expect(renamed).toEqual([expect.objectContaining({ networkInterfaceId: eniId, description: 'changed', status: 'Available' })]);
    const badName = await sdkError(
      a.client.modifyNetworkInterfaceAttribute(
        new Ecs.ModifyNetworkInterfaceAttributeRequest({ regionId: REGION, networkInterfaceId: eniId, networkInterfaceName: 'http://x' }),
      ),
    );
    expect(badName.code).toBe('InvalidNetworkInterfaceName.Malformed');

    for (const id of [eniId, third, far])
      await a.client.deleteNetworkInterface(new Ecs.DeleteNetworkInterfaceRequest({ regionId: REGION, networkInterfaceId: id }));
    expect((await sdkError(a.client.deleteNetworkInterface(new Ecs.DeleteNetworkInterfaceRequest({ regionId: REGION, networkInterfaceId: eniId })))).code).toBe(
      'InvalidEniId.NotFound',
    );
    // The addresses are back: only the instance holds one of this vSwitch.
    const end = (await vpc.describeVSwitches(new Vpc.DescribeVSwitchesRequest({ regionId: REGION, vSwitchId: vsw.vSwitchId }))).body!.vSwitches!.vSwitch![0]!;
    expect(end.availableIpAddressCount).toBe(before - 1);
  });

  it('leaves an attached interface Available when its instance is released (DeleteOnRelease false)', async () => {
    await advance(1);
    const vsw = await defaultVSwitch(2);
    const sg = (await a.client.createSecurityGroup(new Ecs.CreateSecurityGroupRequest({ regionId: REGION, vpcId: vsw.vpcId }))).body!.securityGroupId!;
    const eniId = (
      await a.client.createNetworkInterface(
        new Ecs.CreateNetworkInterfaceRequest({ regionId: REGION, vSwitchId: vsw.vSwitchId, securityGroupId: sg, deleteOnRelease: false }),
      )
    ).body!.networkInterfaceId!;
    const instanceId = await runningInstance(a, { instanceType: TWO_ENI_TYPE, vSwitchId: vsw.vSwitchId, securityGroupId: sg });
    await a.client.attachNetworkInterface(new Ecs.AttachNetworkInterfaceRequest({ regionId: REGION, networkInterfaceId: eniId, instanceId }));
    await a.client.deleteInstances(new Ecs.DeleteInstancesRequest({ regionId: REGION, instanceId: [instanceId], force: true }));
    const left = (await describeEni({ networkInterfaceId: [eniId] })).networkInterfaceSets!.networkInterfaceSet![0]!;
    expect(left).toMatchObject({ status: 'Available', instanceId: '' });
    expect((await describeEni({ instanceId })).totalCount).toBe(0);
  });

  it('deletes an attached interface with its instance when DeleteOnRelease is true, returning its address', async () => {
    await advance(1);
    const vsw = await defaultVSwitch(2);
    const sg = (await a.client.createSecurityGroup(new Ecs.CreateSecurityGroupRequest({ regionId: REGION, vpcId: vsw.vpcId }))).body!.securityGroupId!;
    const available = async () =>
      (await vpc.describeVSwitches(new Vpc.DescribeVSwitchesRequest({ regionId: REGION, vSwitchId: vsw.vSwitchId }))).body!.vSwitches!.vSwitch![0]!
        .availableIpAddressCount!;
    const before = await available();
    // DeleteOnRelease defaults to true through ECS.
    const eniId = (
      await a.client.createNetworkInterface(new Ecs.CreateNetworkInterfaceRequest({ regionId: REGION, vSwitchId: vsw.vSwitchId, securityGroupId: sg }))
    ).body!.networkInterfaceId!;
    expect((await describeEni({ networkInterfaceId: [eniId] })).networkInterfaceSets!.networkInterfaceSet![0]!.deleteOnRelease).toBe(true);
    // A vSwitch holding a network interface (no instance) answers the reference's generic code.
    const dependent = await sdkError(vpc.deleteVSwitch(new Vpc.DeleteVSwitchRequest({ regionId: REGION, vSwitchId: vsw.vSwitchId })));
    expect(dependent.code).toBe('DependencyViolation');
    const instanceId = await runningInstance(a, { instanceType: TWO_ENI_TYPE, vSwitchId: vsw.vSwitchId, securityGroupId: sg });
    await a.client.attachNetworkInterface(new Ecs.AttachNetworkInterfaceRequest({ regionId: REGION, networkInterfaceId: eniId, instanceId }));
    expect(await available()).toBe(before - 2);
    await a.client.deleteInstances(new Ecs.DeleteInstancesRequest({ regionId: REGION, instanceId: [instanceId], force: true }));
    expect((await describeEni({ networkInterfaceId: [eniId] })).totalCount).toBe(0);
    expect((await sdkError(a.client.deleteNetworkInterface(new Ecs.DeleteNetworkInterfaceRequest({ regionId: REGION, networkInterfaceId: eniId })))).code).toBe(
      'InvalidEniId.NotFound',
    );
    // Both addresses, the instance's and the interface's, are back.
    expect(await available()).toBe(before);
  });
});
