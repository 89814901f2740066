import { z } from 'zod';
import { natStateAt, natVpcStatus, type NatGatewayRecord } from '../../domain/nat-gateway';
import { matchesTagFilter } from '../../domain/tags';
import { defineAction } from '../action';
import { pageFields, pageOf } from '../paging';
import { commonFields, p } from '../params';
import { tagEntries, toTagFilter, toTagInputs } from '../tags/input';
import { createNatGateway, deleteNatGateway, natGatewaysOfRegion } from './nat-gateway-operations';

/**
 * NAT gateways through the VPC API (CreateNatGateway, DescribeNatGateways, DeleteNatGateway,
 * https://www.alibabacloud.com/help/en/vpc/developer-reference/api-vpc-2016-04-28-createnatgateway
 * and siblings): codecs of ./nat-gateway-operations.ts, which EC2's Create/Describe/DeleteNatGateway
 * run too (shared/protocol/ec2/actions/nat-gateways.ts). The model and its lifecycle:
 * shared/domain/nat-gateway.ts. Only the enhanced type exists (the VPC API's `Normal` type can no
 * longer be bought); SNAT/DNAT tables and bandwidth packages are not simulated.
 */

export { requireNatGateway } from './nat-gateway-operations';

export const createNatGatewayAction = defineAction({
  name: 'CreateNatGateway',
  idempotent: true,
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    VpcId: p.string({ min: 1 }),
    VSwitchId: p.string().optional(),
    Name: p.string().optional(),
    Description: p.string().optional(),
    NatType: p.string().optional(),
    NetworkType: p.string().optional(),
    /** Pay-as-you-go is the only way to buy one (subscriptions are no longer sold). */
    InstanceChargeType: p.enum(['PostPaid']).optional(),
    InternetChargeType: p.enum(['PayByLcu']).optional(),
    /** "No longer used" (the reference): accepted and ignored, as the real API does. */
    Spec: p.string().optional(),
    Tag: tagEntries(),
    ClientToken: p.clientToken().optional(),
    /** Sandbox extension for EC2's CreateNatGateway: the public gateway's Elastic IP. */
    AllocationId: p.string().optional(),
  }),
  handler: async (input, ctx) => {
    const { gateway } = await createNatGateway.run(
      {
        regionId: input.RegionId,
        vpcId: input.VpcId,
        vSwitchId: input.VSwitchId,
        name: input.Name,
        description: input.Description,
        natType: input.NatType,
        networkType: input.NetworkType,
        allocationId: input.AllocationId,
        tags: toTagInputs(input.Tag),
        ec2Rules: false,
      },
      ctx,
    );
    return {
      NatGatewayId: gateway.natGatewayId,
      ForwardTableIds: { ForwardTableId: [] as string[] },
      SnatTableIds: { SnatTableId: [] as string[] },
      FullNatTableIds: { FullNatTableId: [] as string[] },
    };
  },
});

export function renderNatGateway(n: NatGatewayRecord, now: Date) {
  return {
    NatGatewayId: n.natGatewayId,
    RegionId: n.regionId,
    VpcId: n.vpcId,
    Name: n.name,
    Description: n.description,
    Status: natVpcStatus(natStateAt(n, now)) ?? 'Deleting',
    BusinessStatus: 'Normal',
    NatType: 'Enhanced',
    NetworkType: n.connectivity === 'private' ? 'intranet' : 'internet',
    InstanceChargeType: 'PostPaid',
    InternetChargeType: 'PayByLcu',
    Spec: '',
    CreationTime: n.createdAt.replace(/\.\d{3}Z$/, 'Z'),
    ExpiredTime: '',
    DeletionProtection: false,
    EcsMetricEnabled: false,
    ForwardTableIds: { ForwardTableId: [] as string[] },
    SnatTableIds: { SnatTableId: [] as string[] },
    FullNatTableIds: { FullNatTableId: [] as string[] },
    IpLists: {
      IpList: n.publicIp
        ? [{ AllocationId: n.allocationId, IpAddress: n.publicIp, UsingStatus: 'UsedBySnat', PrivateIpAddress: n.privateIp, SnatEntryEnabled: false }]
        : [],
    },
    NatGatewayPrivateInfo: {
      VswitchId: n.vSwitchId,
      IzNo: n.zoneId,
      PrivateIpAddress: n.privateIp,
      EniInstanceId: '',
      EniType: 'indirect',
      MaxBandwidth: 5120,
      MaxSessionQuota: 2000000,
      MaxSessionEstablishRate: 100000,
    },
    ResourceGroupId: '',
    Tags: { Tag: n.tags.map((t) => ({ TagKey: t.key, TagValue: t.value })) },
  };
}

export const describeNatGatewaysAction = defineAction({
  name: 'DescribeNatGateways',
  input: z.object({
    ...commonFields,
    ...pageFields(50),
    RegionId: p.regionId(),
    NatGatewayId: p.string().optional(),
    VpcId: p.string().optional(),
    Name: p.string().optional(),
    NatType: p.string().optional(),
    NetworkType: p.string().optional(),
    Status: p.string().optional(),
    ZoneId: p.string().optional(),
    InstanceChargeType: p.string().optional(),
    Spec: p.string().optional(),
    ResourceGroupId: p.string().optional(),
    Tag: tagEntries(),
  }),
  handler: async (input, ctx) => {
    const tagFilter = toTagFilter(input.Tag);
    const { gateways, now } = await natGatewaysOfRegion.run({ regionId: input.RegionId }, ctx);
    // Deleted and failed gateways are not listed by the VPC API.
    const chosen = gateways
      .filter((n) => natVpcStatus(natStateAt(n, now)) !== undefined)
      .filter(
        (n) =>
          (input.NatGatewayId === undefined || n.natGatewayId === input.NatGatewayId) &&
          (input.VpcId === undefined || n.vpcId === input.VpcId) &&
          (input.Name === undefined || n.name === input.Name) &&
          (input.NatType === undefined || input.NatType === 'Enhanced') &&
          (input.NetworkType === undefined || (n.connectivity === 'private' ? 'intranet' : 'internet') === input.NetworkType) &&
          (input.Status === undefined || natVpcStatus(natStateAt(n, now)) === input.Status) &&
          (input.ZoneId === undefined || n.zoneId === input.ZoneId) &&
          (input.InstanceChargeType === undefined || input.InstanceChargeType === 'PostPaid') &&
          (input.ResourceGroupId === undefined || input.ResourceGroupId === '') &&
          matchesTagFilter(n.tags, tagFilter),
      );
    const page = pageOf(chosen, input.PageNumber ?? 1, input.PageSize ?? 10);
    return {
      TotalCount: page.TotalCount,
      PageNumber: page.PageNumber,
      PageSize: page.PageSize,
      NatGateways: { NatGateway: page.items.map((n) => renderNatGateway(n, now)) },
    };
  },
});

export const deleteNatGatewayAction = defineAction({
  name: 'DeleteNatGateway',
  input: z.object({ ...commonFields, RegionId: p.regionId(), NatGatewayId: p.string({ min: 1 }), Force: p.bool().optional() }),
  handler: async (input, ctx) => {
    await deleteNatGateway.run({ regionId: input.RegionId, natGatewayId: input.NatGatewayId, force: input.Force, ec2Rules: false }, ctx);
    return {};
  },
});
