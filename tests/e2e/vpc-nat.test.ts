import { beforeAll, describe, expect, it } from 'vitest';
import { callAction, Ecs, sdkError } from '../support/ecs-client';
import { advance, REGION } from '../support/network';
import { reportLines, storedOf } from '../support/job-reports';
import { newAccount, operatorClient, runScheduledJobs, sandbox, type TestAccount } from '../support/sandbox';
import { Vpc, vpcClient, type VpcClient } from '../support/vpc-client';

/**
 * NAT gateways through the VPC API (2016-04-28) with the official @alicloud/vpc20160428 SDK:
 * Creating → Available on the sandbox clock, an address of its vSwitch, the route entry that
 * points at it blocking its deletion, Deleting → gone.
 */
let a: TestAccount;
let vpc: VpcClient;

beforeAll(async () => {
  a = await newAccount();
  vpc = vpcClient(sandbox().endpoint, a);
});

describe('VPC API NAT gateways with the official SDK', () => {
  it('creates a gateway Creating then Available, routes to it, and deletes it once the route is gone', async () => {
    const { vpcId, routeTableId } = (await vpc.createVpc(new Vpc.CreateVpcRequest({ regionId: REGION, cidrBlock: '10.30.0.0/16' }))).body!;
    await advance(21);
    const zone = (await a.client.describeZones(new Ecs.DescribeZonesRequest({ regionId: REGION }))).body!.zones!.zone![0]!.zoneId!;
    const { vSwitchId } = (await vpc.createVSwitch(new Vpc.CreateVSwitchRequest({ regionId: REGION, vpcId, zoneId: zone, cidrBlock: '10.30.0.0/24' }))).body!;
    await advance(21);

    // Only the enhanced type exists, and it needs its vSwitch.
    const normal = await sdkError(vpc.createNatGateway(new Vpc.CreateNatGatewayRequest({ regionId: REGION, vpcId, vSwitchId, natType: 'Normal' })));
    expect(normal.code).toBe('InvalidParameter.NatType');
    const noSwitch = await sdkError(vpc.createNatGateway(new Vpc.CreateNatGatewayRequest({ regionId: REGION, vpcId, natType: 'Enhanced' })));
    expect(noSwitch.code).toBe('MissingParameter');
    expect((await vpc.describeNatGateways(new Vpc.DescribeNatGatewaysRequest({ regionId: REGION, vpcId }))).body!.totalCount).toBe(0);

    const created = (
      await vpc.createNatGateway(
        new Vpc.CreateNatGatewayRequest({ regionId: REGION, vpcId, vSwitchId, natType: 'Enhanced', name: 'egress', networkType: 'internet' }),
      )
    ).body!;
    const natGatewayId = created.natGatewayId!;
    expect(natGatewayId).toMatch(/^ngw-/);
    const read = async () =>
      (await vpc.describeNatGateways(new Vpc.DescribeNatGatewaysRequest({ regionId: REGION, natGatewayId }))).body!.natGateways!.natGateway!;
    const [creating] = await read();
    expect(creating).toMatchObject({ status: 'Creating', vpcId, name: 'egress', natType: 'Enhanced', networkType: 'internet' });
    expect(creating!.natGatewayPrivateInfo).toMatchObject({ vswitchId: vSwitchId });
    expect(creating!.natGatewayPrivateInfo!.privateIpAddress).toMatch(/^10\.30\.0\.\d+$/);
    const vsw = (await vpc.describeVSwitches(new Vpc.DescribeVSwitchesRequest({ regionId: REGION, vSwitchId }))).body!.vSwitches!.vSwitch![0]!;
    expect(vsw.availableIpAddressCount).toBe(256 - 7 - 1);
    // A gateway still Creating cannot be deleted.
    expect((await sdkError(vpc.deleteNatGateway(new Vpc.DeleteNatGatewayRequest({ regionId: REGION, natGatewayId })))).code).toBe('IncorrectStatus.NatGateway');
    type StoredNat = { persistedState?: string; version: number };
    const stored = async () => (await storedOf<StoredNat>(a.accountId, 'nat-gateway', natGatewayId))!;
    const creatingVersion = (await stored()).version;
    await advance(6);
    expect((await read())[0]!.status).toBe('Available');
    // The natGatewayLifecycle job writes the transition down once, however often it runs and
    // whoever runs it: these two runs, or the minute schedule that may have run just before them
    // (tests/support/job-reports.ts). Once: the item moved one version, and no run reported it twice.
    const writtenOnce = async (state: string, fromVersion: number) => {
      const runs = [await runScheduledJobs(), await runScheduledJobs()];
      expect(reportLines(runs, 'natGatewayLifecycle', (d) => d === `${natGatewayId}: ${state}`).length).toBeLessThanOrEqual(1);
      expect(await stored()).toMatchObject({ persistedState: state, version: fromVersion + 1 });
    };
    await writtenOnce('available', creatingVersion);

    const entry = await vpc.createRouteEntry(
      new Vpc.CreateRouteEntryRequest({
        regionId: REGION,
        routeTableId,
        destinationCidrBlock: '0.0.0.0/0',
        nextHopType: 'NatGateway',
        nextHopId: natGatewayId,
      }),
    );
    const blocked = await sdkError(vpc.deleteNatGateway(new Vpc.DeleteNatGatewayRequest({ regionId: REGION, natGatewayId })));
    expect(blocked.code).toBe('DependencyViolation.RouterEntry');
    expect((await read())[0]!.status).toBe('Available');
    await advance(21);
    await vpc.deleteRouteEntry(new Vpc.DeleteRouteEntryRequest({ regionId: REGION, routeTableId, routeEntryId: entry.body!.routeEntryId }));

    await vpc.deleteNatGateway(new Vpc.DeleteNatGatewayRequest({ regionId: REGION, natGatewayId }));
    expect((await read())[0]!.status).toBe('Deleting');
    const deletingVersion = (await stored()).version;
    await advance(6);
    expect(await read()).toEqual([]);
    await writtenOnce('deleted', deletingVersion);
    expect((await sdkError(vpc.deleteNatGateway(new Vpc.DeleteNatGatewayRequest({ regionId: REGION, natGatewayId })))).code).toBe(
      'InvalidNatGatewayId.NotFound',
    );
    // Its address is back, and the network can go.
    expect(
      (await vpc.describeVSwitches(new Vpc.DescribeVSwitchesRequest({ regionId: REGION, vSwitchId }))).body!.vSwitches!.vSwitch![0]!.availableIpAddressCount,
    ).toBe(249);
    await vpc.deleteVSwitch(new Vpc.DeleteVSwitchRequest({ regionId: REGION, vSwitchId }));
    await vpc.deleteVpc(new Vpc.DeleteVpcRequest({ regionId: REGION, vpcId }));
  });

  it('keeps the NAT gateway and network interface quotas the operator sets', async () => {
    const b = await newAccount();
    const vpcB = vpcClient(sandbox().endpoint, b);
    const vsw = (await vpcB.describeVSwitches(new Vpc.DescribeVSwitchesRequest({ regionId: REGION, isDefault: true }))).body!.vSwitches!.vSwitch![0]!;
    await callAction(operatorClient(), 'ModifyAccountQuota', { AccountId: b.accountId, QuotaName: 'NatGatewaysPerZone', Value: 1 });
    await callAction(operatorClient(), 'ModifyAccountQuota', { AccountId: b.accountId, QuotaName: 'NetworkInterfaces', Value: 1 });
    const nat = () =>
      vpcB.createNatGateway(new Vpc.CreateNatGatewayRequest({ regionId: REGION, vpcId: vsw.vpcId, vSwitchId: vsw.vSwitchId, natType: 'Enhanced' }));
    await nat();
    expect((await sdkError(nat())).code).toBe('QuotaExceeded.NatGateway');
    const sg = (await b.client.createSecurityGroup(new Ecs.CreateSecurityGroupRequest({ regionId: REGION, vpcId: vsw.vpcId }))).body!.securityGroupId!;
    const eni = () =>
      b.client.createNetworkInterface(new Ecs.CreateNetworkInterfaceRequest({ regionId: REGION, vSwitchId: vsw.vSwitchId, securityGroupId: sg }));
    const first = (await eni()).body!.networkInterfaceId!;
    expect((await sdkError(eni())).code).toBe('MaxEniCountExceeded');
    // Deleting gives the slot back.
    await b.client.deleteNetworkInterface(new Ecs.DeleteNetworkInterfaceRequest({ regionId: REGION, networkInterfaceId: first }));
    expect((await eni()).body!.networkInterfaceId).toMatch(/^eni-/);
  });
});
