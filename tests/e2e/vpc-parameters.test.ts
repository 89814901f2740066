import { beforeAll, describe, expect, it } from 'vitest';
import { sdkError } from '../support/ecs-client';
import { advance, REGION } from '../support/network';
import { newAccount, sandbox, type TestAccount } from '../support/sandbox';
import { Vpc, vpcClient, type VpcClient } from '../support/vpc-client';

/**
 * The VPC API's parameters beyond the basics, through the official @alicloud/vpc20160428 SDK:
 * each one honoured (EnableDnsHostname, UserCidr, ClientToken of route table associations) or
 * refused with the answer the README lists (IPv6, ECMP next-hop lists), never dropped.
 */
let a: TestAccount;
let vpc: VpcClient;

beforeAll(async () => {
  a = await newAccount();
  vpc = vpcClient(sandbox().endpoint, a);
});

describe('VPC API parameters with the official SDK', () => {
  it('honours EnableDnsHostname and UserCidr, and refuses IPv6 and next-hop lists without creating anything', async () => {
    const { vpcId, routeTableId } = (
      await vpc.createVpc(
        new Vpc.CreateVpcRequest({ regionId: REGION, cidrBlock: '10.50.0.0/16', enableDnsHostname: true, userCidr: '10.60.0.0/16,10.61.0.0/16' }),
      )
    ).body!;
    const read = async () => (await vpc.describeVpcs(new Vpc.DescribeVpcsRequest({ regionId: REGION, vpcId }))).body!.vpcs!.vpc![0]!;
    const created = await read();
    expect(created.dnsHostnameStatus).toBe('ENABLED');
    expect(created.userCidrs!.userCidr).toEqual(['10.60.0.0/16', '10.61.0.0/16']);
    await advance(21);
    await vpc.modifyVpcAttribute(new Vpc.ModifyVpcAttributeRequest({ regionId: REGION, vpcId, enableDnsHostname: false }));
    expect((await read()).dnsHostnameStatus).toBe('DISABLED');

    const count = async () => (await vpc.describeVpcs(new Vpc.DescribeVpcsRequest({ regionId: REGION }))).body!.totalCount;
    const before = await count();
    expect((await sdkError(vpc.createVpc(new Vpc.CreateVpcRequest({ regionId: REGION, cidrBlock: '10.51.0.0/16', userCidr: 'nope' })))).code).toBe(
      'InvalidParameter',
    );
    expect(
      (await sdkError(vpc.createVpc(new Vpc.CreateVpcRequest({ regionId: REGION, cidrBlock: '10.51.0.0/16', ipv6CidrBlock: '2408:4005:300::/56' })))).code,
    ).toBe('UnsupportedFeature.Ipv6');
    expect((await sdkError(vpc.createVpc(new Vpc.CreateVpcRequest({ regionId: REGION, cidrBlock: '10.51.0.0/16', ipv6CidrMask: 56 })))).code).toBe(
      'UnsupportedParameter',
    );
    expect(await count()).toBe(before);
    expect((await sdkError(vpc.modifyVpcAttribute(new Vpc.ModifyVpcAttributeRequest({ regionId: REGION, vpcId, enableIPv6: true })))).code).toBe(
      'UnsupportedFeature.Ipv6',
    );
    // No VPC has IPv6: the filter finds none.
    expect((await vpc.describeVpcs(new Vpc.DescribeVpcsRequest({ regionId: REGION, enableIpv6: true }))).body!.totalCount).toBe(0);

    const ecmp = await sdkError(
      vpc.createRouteEntry(
        new Vpc.CreateRouteEntryRequest({
          regionId: REGION,
          routeTableId,
          destinationCidrBlock: '0.0.0.0/0',
          nextHopType: 'Instance',
          nextHopList: [new Vpc.CreateRouteEntryRequestNextHopList({ nextHopId: 'i-one', nextHopType: 'Instance' })],
        }),
      ),
    );
    expect(ecmp.code).toBe('UnsupportedParameter');
    expect(
      (await vpc.describeRouteEntryList(new Vpc.DescribeRouteEntryListRequest({ regionId: REGION, routeTableId, routeEntryType: 'Custom' }))).body!.routeEntrys!
        .routeEntry,
    ).toEqual([]);
  });
});
