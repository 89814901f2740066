import { beforeAll, describe, expect, it } from 'vitest';
import { Ecs, sdkError } from '../support/ecs-client';
import { advance, LINUX_IMAGE, REGION, TYPE } from '../support/network';
import { newAccount, sandbox, type TestAccount } from '../support/sandbox';
import { Vpc, vpcClient, type VpcClient } from '../support/vpc-client';

/**
 * The VPC API (2016-04-28) through the official @alicloud/vpc20160428 SDK, unmodified (only the
 * endpoint changed), on the same endpoint as ECS; and the ECS instances that launch into it.
 */
let a: TestAccount;
let vpc: VpcClient;

beforeAll(async () => {
  a = await newAccount();
  vpc = vpcClient(sandbox().endpoint, a);
});

const zoneOf = async () => (await a.client.describeZones(new Ecs.DescribeZonesRequest({ regionId: REGION }))).body!.zones!.zone![0]!.zoneId!;

describe('VPC API 2016-04-28 with the official SDK', () => {
  it('shows the default VPC (172.31.0.0/16) and a /20 default vSwitch per zone', async () => {
    const vpcs = await vpc.describeVpcs(new Vpc.DescribeVpcsRequest({ regionId: REGION }));
    expect(vpcs.body!.totalCount).toBe(1);
    const d = vpcs.body!.vpcs!.vpc![0]!;
    expect(d).toMatchObject({ isDefault: true, cidrBlock: '172.31.0.0/16', status: 'Available', regionId: REGION });
    const vsw = await vpc.describeVSwitches(new Vpc.DescribeVSwitchesRequest({ regionId: REGION, vpcId: d.vpcId }));
    const list = vsw.body!.vSwitches!.vSwitch!;
    expect(list.length).toBe(3);
    expect(list.map((s) => s.cidrBlock).sort()).toEqual(['172.31.0.0/20', '172.31.16.0/20', '172.31.32.0/20']);
    // First and last three reserved by Alibaba Cloud, first four by AWS: 4096 - 7.
    expect(list.every((s) => s.isDefault && s.availableIpAddressCount === 4089 && s.status === 'Available')).toBe(true);
    expect(d.vSwitchIds!.vSwitchId!.sort()).toEqual(list.map((s) => s.vSwitchId).sort());
  });

  it('creates a VPC Pending then Available, a vSwitch in it, and refuses to delete either while in use', async () => {
    const created = await vpc.createVpc(new Vpc.CreateVpcRequest({ regionId: REGION, cidrBlock: '10.0.0.0/16', vpcName: 'app' }));
    const vpcId = created.body!.vpcId!;
    expect(vpcId).toMatch(/^vpc-/);
    expect(created.body!.routeTableId).toMatch(/^vtb-/);
    const status = async () => (await vpc.describeVpcs(new Vpc.DescribeVpcsRequest({ regionId: REGION, vpcId }))).body!.vpcs!.vpc![0]!.status;
    expect(await status()).toBe('Pending');
    const zone = await zoneOf();
    // A vSwitch needs an Available VPC.
    const early = await sdkError(vpc.createVSwitch(new Vpc.CreateVSwitchRequest({ regionId: REGION, vpcId, zoneId: zone, cidrBlock: '10.0.1.0/24' })));
    expect(early.code).toBe('IncorrectVpcStatus');
    await advance(21);
    expect(await status()).toBe('Available');

    const sw = await vpc.createVSwitch(new Vpc.CreateVSwitchRequest({ regionId: REGION, vpcId, zoneId: zone, cidrBlock: '10.0.1.0/24', vSwitchName: 'web' }));
    const vSwitchId = sw.body!.vSwitchId!;
    expect(vSwitchId).toMatch(/^vsw-/);
    for (const [cidr, code] of [
      ['10.0.1.128/25', 'InvalidCidrBlock.Overlapped'],
      ['10.1.0.0/24', 'InvalidParameter'],
      ['10.0.2.0/30', 'InvalidParameter'],
    ] as const) {
      const e = await sdkError(vpc.createVSwitch(new Vpc.CreateVSwitchRequest({ regionId: REGION, vpcId, zoneId: zone, cidrBlock: cidr })));
      expect(e.code).toBe(code);
    }
    const missing = await sdkError(
      vpc.createVSwitch(new Vpc.CreateVSwitchRequest({ regionId: REGION, vpcId: 'vpc-nope', zoneId: zone, cidrBlock: '10.0.3.0/24' })),
    );
    expect(missing.code).toBe('InvalidVpcId.NotFound');
    await advance(21);

    // The instance goes into the vSwitch: its VPC, vSwitch and an address from the block.
    const run = await a.client.runInstances(new Ecs.RunInstancesRequest({ regionId: REGION, imageId: LINUX_IMAGE, instanceType: TYPE, vSwitchId, amount: 2 }));
    const ids = run.body!.instanceIdSets!.instanceIdSet!;
    const desc = await a.client.describeInstances(new Ecs.DescribeInstancesRequest({ regionId: REGION, instanceIds: JSON.stringify(ids) }));
    const attrs = desc.body!.instances!.instance!.map((i) => i.vpcAttributes!);
    expect(attrs.every((v) => v.vpcId === vpcId && v.vSwitchId === vSwitchId)).toBe(true);
    const ips = attrs.map((v) => v.privateIpAddress!.ipAddress![0]!);
    expect(new Set(ips).size).toBe(2);
    expect(ips.every((ip) => /^10\.0\.1\.\d+$/.test(ip))).toBe(true);
    const after = await vpc.describeVSwitches(new Vpc.DescribeVSwitchesRequest({ regionId: REGION, vSwitchId }));
    expect(after.body!.vSwitches!.vSwitch![0]!.availableIpAddressCount).toBe(256 - 7 - 2);

    expect((await sdkError(vpc.deleteVSwitch(new Vpc.DeleteVSwitchRequest({ regionId: REGION, vSwitchId })))).code).toBe('DependencyViolation.Instance');
    expect((await sdkError(vpc.deleteVpc(new Vpc.DeleteVpcRequest({ regionId: REGION, vpcId })))).code).toBe('DependencyViolation.VSwitch');

    // Released instances give their addresses back; then both go.
    await advance(11);
    await a.client.deleteInstances(new Ecs.DeleteInstancesRequest({ regionId: REGION, instanceId: ids, force: true }));
    const freed = await vpc.describeVSwitches(new Vpc.DescribeVSwitchesRequest({ regionId: REGION, vSwitchId }));
    expect(freed.body!.vSwitches!.vSwitch![0]!.availableIpAddressCount).toBe(256 - 7);
    await vpc.deleteVSwitch(new Vpc.DeleteVSwitchRequest({ regionId: REGION, vSwitchId }));
    // The VPC's default security group, made by the launch, goes with the VPC.
    await vpc.deleteVpc(new Vpc.DeleteVpcRequest({ regionId: REGION, vpcId }));
    expect((await vpc.describeVpcs(new Vpc.DescribeVpcsRequest({ regionId: REGION, vpcId }))).body!.totalCount).toBe(0);
    expect((await sdkError(vpc.deleteVpc(new Vpc.DeleteVpcRequest({ regionId: REGION, vpcId })))).code).toBe('InvalidVpcId.NotFound');
  });

  it('modifies names and descriptions and validates them; a bad CIDR changes nothing', async () => {
    const bad = await sdkError(vpc.createVpc(new Vpc.CreateVpcRequest({ regionId: REGION, cidrBlock: '8.8.8.0/24' })));
    expect(bad.code).toBe('InvalidCidrBlock.Malformed');
    expect((await vpc.describeVpcs(new Vpc.DescribeVpcsRequest({ regionId: REGION }))).body!.totalCount).toBe(1);
    const { vpcId } = (await vpc.createVpc(new Vpc.CreateVpcRequest({ regionId: REGION, cidrBlock: '192.168.0.0/16' }))).body!;
    await vpc.modifyVpcAttribute(new Vpc.ModifyVpcAttributeRequest({ regionId: REGION, vpcId, vpcName: 'renamed', description: 'for tests' }));
    const got = (await vpc.describeVpcs(new Vpc.DescribeVpcsRequest({ regionId: REGION, vpcName: 'renamed' }))).body!.vpcs!.vpc!;
    expect(got).toEqual([expect.objectContaining({ vpcId, vpcName: 'renamed', description: 'for tests', isDefault: false })]);
    const name = await sdkError(vpc.modifyVpcAttribute(new Vpc.ModifyVpcAttributeRequest({ regionId: REGION, vpcId, vpcName: 'http://x' })));
    expect(name.code).toBe('InvalidVpcName.Malformed');
    await advance(21);
    await vpc.deleteVpc(new Vpc.DeleteVpcRequest({ regionId: REGION, vpcId }));
  });

  it('lists route tables and manages custom route entries to an instance, Pending then Available', async () => {
    const { vpcId, routeTableId } = (await vpc.createVpc(new Vpc.CreateVpcRequest({ regionId: REGION, cidrBlock: '10.8.0.0/16' }))).body!;
    await advance(21);
    const zone = await zoneOf();
    const { vSwitchId } = (await vpc.createVSwitch(new Vpc.CreateVSwitchRequest({ regionId: REGION, vpcId, zoneId: zone, cidrBlock: '10.8.0.0/24' }))).body!;
    await advance(21);
    const tables = await vpc.describeRouteTables(new Vpc.DescribeRouteTablesRequest({ regionId: REGION, routeTableId }));
    const table = tables.body!.routeTables!.routeTable![0]!;
    expect(table).toMatchObject({ routeTableId, routeTableType: 'System' });
    expect(table.routeEntrys!.routeEntry!.map((e) => [e.destinationCidrBlock, e.type])).toEqual([['10.8.0.0/24', 'System']]);

    const [instanceId] = (await a.client.runInstances(new Ecs.RunInstancesRequest({ regionId: REGION, imageId: LINUX_IMAGE, instanceType: TYPE, vSwitchId })))
      .body!.instanceIdSets!.instanceIdSet!;
    const entry = await vpc.createRouteEntry(
      new Vpc.CreateRouteEntryRequest({ regionId: REGION, routeTableId, destinationCidrBlock: '0.0.0.0/0', nextHopType: 'Instance', nextHopId: instanceId }),
    );
    expect(entry.body!.routeEntryId).toMatch(/^rte-/);
    const list = async () =>
      (await vpc.describeRouteEntryList(new Vpc.DescribeRouteEntryListRequest({ regionId: REGION, routeTableId, routeEntryType: 'Custom' }))).body!.routeEntrys!
        .routeEntry!;
    expect((await list())[0]).toMatchObject({ destinationCidrBlock: '0.0.0.0/0', status: 'Pending', type: 'Custom' });
    await advance(21);
    expect((await list())[0]!.status).toBe('Available');
    const dup = await sdkError(
      vpc.createRouteEntry(new Vpc.CreateRouteEntryRequest({ regionId: REGION, routeTableId, destinationCidrBlock: '0.0.0.0/0', nextHopId: instanceId })),
    );
    expect(dup.code).toBe('InvalidCIDRBlock.Duplicate');
    const hop = await sdkError(
      vpc.createRouteEntry(new Vpc.CreateRouteEntryRequest({ regionId: REGION, routeTableId, destinationCidrBlock: '1.0.0.0/8', nextHopId: 'i-nothere' })),
    );
    expect(hop.code).toBe('InvalidNextHop.NotFound');
    await vpc.deleteRouteEntry(new Vpc.DeleteRouteEntryRequest({ regionId: REGION, routeTableId, routeEntryId: entry.body!.routeEntryId }));
    expect(await list()).toEqual([]);
    const gone = await sdkError(
      vpc.deleteRouteEntry(new Vpc.DeleteRouteEntryRequest({ regionId: REGION, routeTableId, routeEntryId: entry.body!.routeEntryId })),
    );
    expect(gone.code).toBe('InvalidRouteEntry.NotFound');
  });

  it('answers an ECS-only action signed for the VPC API with InvalidAction.NotFound, and modifies a vSwitch', async () => {
    const vsw = (await vpc.describeVSwitches(new Vpc.DescribeVSwitchesRequest({ regionId: REGION, isDefault: true }))).body!.vSwitches!.vSwitch![0]!;
    await vpc.modifyVSwitchAttribute(new Vpc.ModifyVSwitchAttributeRequest({ regionId: REGION, vSwitchId: vsw.vSwitchId, vSwitchName: 'default-a' }));
    const got = (await vpc.describeVSwitches(new Vpc.DescribeVSwitchesRequest({ regionId: REGION, vSwitchName: 'default-a' }))).body!.vSwitches!.vSwitch!;
    expect(got.map((s) => s.vSwitchId)).toEqual([vsw.vSwitchId]);
    const params = new (await import('@alicloud/openapi-core')).$OpenApiUtil.Params({
      action: 'DescribeInstances',
      version: '2016-04-28',
      protocol: 'HTTPS',
      pathname: '/',
      method: 'POST',
      authType: 'AK',
      style: 'RPC',
      reqBodyType: 'formData',
      bodyType: 'json',
    });
    const { OpenApiRequest } = (await import('@alicloud/openapi-core')).$OpenApiUtil;
    const { RuntimeOptions } = await import('@darabonba/typescript');
    const e = await sdkError(vpc.callApi(params, new OpenApiRequest({ query: { RegionId: REGION } }), new RuntimeOptions({})));
    expect(e.code).toBe('InvalidApi.NotFound');
  });
});
