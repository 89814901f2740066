import { z } from 'zod';
import { defineAction } from '../action';
import { pageFields, pageOf } from '../paging';
import { commonFields, p } from '../params';
import { tagEntries, toTagFilter, toTagInputs } from '../tags/input';
import { idList, renderVpc } from './common';
import { describeVpcs as describeVpcsQuery } from './queries';
import { createVpc as createVpcOperation, deleteVpc as deleteVpcOperation, modifyVpc } from './vpc-operations';

/**
 * The VPC API's (2016-04-28) VPC actions: CreateVpc, DescribeVpcs, ModifyVpcAttribute, DeleteVpc
 * (https://www.alibabacloud.com/help/en/vpc/developer-reference/api-vpc-2016-04-28-createvpc and
 * siblings): the ECS codecs of the VPC operations (./vpc-operations.ts, ./queries.ts), which EC2's
 * VPC actions run too (shared/protocol/ec2/actions/vpcs-subnets.ts).
 */

export { refuseIpv6, requireVpc } from './lookups';

/** CreateVpc's UserCidr: up to three comma-separated blocks (https://www.alibabacloud.com/help/en/vpc/developer-reference/api-vpc-2016-04-28-createvpc). */
const userCidrsOf = (value: string | undefined): string[] => (value ? value.split(',').map((c) => c.trim()) : []);

export const createVpc = defineAction({
  name: 'CreateVpc',
  idempotent: true,
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    CidrBlock: p.string().optional(),
    VpcName: p.string().optional(),
    Description: p.string().optional(),
    Ipv6CidrBlock: p.string().optional(),
    EnableIpv6: p.bool().optional(),
    UserCidr: p.string().optional(),
    /** The VPC API's DNS hostname switch (CreateVpc / ModifyVpcAttribute `EnableDnsHostname`). */
    EnableDnsHostname: p.bool().optional(),
    ResourceGroupId: p.string().optional(),
    /** Sandbox extension (EC2's CreateDefaultVpc once used it; it now runs the operation): bring the region's default VPC back. */
    IsDefault: p.bool().optional(),
    Tag: tagEntries(),
    ClientToken: p.clientToken().optional(),
  }),
  handler: async (input, ctx) => {
    const { vpc } = await createVpcOperation.run(
      {
        regionId: input.RegionId,
        cidrBlock: input.CidrBlock,
        name: input.VpcName,
        description: input.Description,
        ipv6: [input.EnableIpv6, input.Ipv6CidrBlock],
        userCidrs: userCidrsOf(input.UserCidr),
        enableDnsHostnames: input.EnableDnsHostname,
        isDefault: input.IsDefault,
        tags: toTagInputs(input.Tag),
        ec2Rules: false,
      },
      ctx,
    );
    return { VpcId: vpc.vpcId, VRouterId: vpc.vRouterId, RouteTableId: vpc.routeTableId, ResourceGroupId: input.ResourceGroupId ?? '' };
  },
});

export const describeVpcs = defineAction({
  name: 'DescribeVpcs',
  input: z.object({
    ...commonFields,
    ...pageFields(50),
    RegionId: p.regionId(),
    VpcId: idList(20).optional(),
    VpcName: p.string().optional(),
    IsDefault: p.bool().optional(),
    DhcpOptionsSetId: p.string().optional(),
    ResourceGroupId: p.string().optional(),
    VpcOwnerId: p.string().optional(),
    EnableIpv6: p.bool().optional(),
    Tag: tagEntries(),
  }),
  handler: async (input, ctx) => {
    const found = await describeVpcsQuery.run(
      {
        regionId: input.RegionId,
        ids: input.VpcId?.length ? input.VpcId : undefined,
        name: input.VpcName,
        isDefault: input.IsDefault,
        ownerId: input.VpcOwnerId,
        dhcpOptionsId: input.DhcpOptionsSetId,
        ipv6: input.EnableIpv6,
        tags: toTagFilter(input.Tag),
        withVSwitchIds: true,
      },
      ctx,
    );
    const page = pageOf(found.items, input.PageNumber ?? 1, input.PageSize ?? 10);
    return {
      TotalCount: page.TotalCount,
      PageNumber: page.PageNumber,
      PageSize: page.PageSize,
      Vpcs: { Vpc: page.items.map((v) => renderVpc(v, found.vSwitchIds[v.vpcId] ?? [], found.now)) },
    };
  },
});

export const modifyVpcAttribute = defineAction({
  name: 'ModifyVpcAttribute',
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    VpcId: p.string({ min: 1 }),
    VpcName: p.string().optional(),
    Description: p.string().optional(),
    CidrBlock: p.string().optional(),
    EnableIPv6: p.bool().optional(),
    EnableDnsHostname: p.bool().optional(),
    /** Sandbox extensions (EC2's ModifyVpcAttribute once used them; it now runs the operation): the VPC's DNS attributes. */
    EnableDnsSupport: p.bool().optional(),
    EnableDnsHostnames: p.bool().optional(),
  }),
  handler: async (input, ctx) => {
    await modifyVpc.run(
      {
        regionId: input.RegionId,
        vpcId: input.VpcId,
        name: input.VpcName,
        description: input.Description,
        cidrBlock: input.CidrBlock,
        enableIpv6: input.EnableIPv6,
        enableDnsSupport: input.EnableDnsSupport,
        // The VPC API's own switch wins over the sandbox's older extension, as before.
        enableDnsHostnames: input.EnableDnsHostname ?? input.EnableDnsHostnames,
        ec2Rules: false,
      },
      ctx,
    );
    return {};
  },
});

export const deleteVpc = defineAction({
  name: 'DeleteVpc',
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    VpcId: p.string({ min: 1 }),
    ForceDelete: p.bool().optional(),
    ClientToken: p.clientToken().optional(),
  }),
  handler: async (input, ctx) => {
    await deleteVpcOperation.run({ regionId: input.RegionId, vpcId: input.VpcId }, ctx);
    return {};
  },
});
