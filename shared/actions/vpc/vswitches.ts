import { z } from 'zod';
import { defineAction } from '../action';
import { pageFields, pageOf } from '../paging';
import { commonFields, p } from '../params';
import { tagEntries, toTagFilter, toTagInputs } from '../tags/input';
import { idList, renderVSwitch } from './common';
import { describeVSwitches as describeVSwitchesQuery } from './queries';
import { createVSwitch as createVSwitchOperation, deleteVSwitch as deleteVSwitchOperation, modifyVSwitch } from './vswitch-operations';

/**
 * The VPC API's vSwitch actions: CreateVSwitch, DescribeVSwitches, ModifyVSwitchAttribute,
 * DeleteVSwitch (https://www.alibabacloud.com/help/en/vpc/developer-reference/api-vpc-2016-04-28-createvswitch
 * and siblings): the ECS codecs of the vSwitch operations (./vswitch-operations.ts, ./queries.ts).
 * An EC2 subnet is a vSwitch.
 */

export { requireVSwitch } from './lookups';

export const createVSwitch = defineAction({
  name: 'CreateVSwitch',
  idempotent: true,
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    ZoneId: p.string({ min: 1 }),
    CidrBlock: p.string({ min: 1 }),
    VpcId: p.string({ min: 1 }),
    VSwitchName: p.string().optional(),
    Description: p.string().optional(),
    Ipv6CidrBlock: p.int().optional(),
    VpcOwnerId: p.string().optional(),
    /** Sandbox extension (EC2's CreateDefaultSubnet once used it; it now runs the operation): the zone's default vSwitch. */
    IsDefault: p.bool().optional(),
    Tag: tagEntries(),
    ClientToken: p.clientToken().optional(),
  }),
  handler: async (input, ctx) => {
    const { vSwitch } = await createVSwitchOperation.run(
      {
        regionId: input.RegionId,
        vpcId: input.VpcId,
        zoneId: input.ZoneId,
        cidrBlock: input.CidrBlock,
        name: input.VSwitchName,
        description: input.Description,
        ipv6: input.Ipv6CidrBlock,
        isDefault: input.IsDefault,
        tags: toTagInputs(input.Tag),
        ec2Rules: false,
      },
      ctx,
    );
    return { VSwitchId: vSwitch.vSwitchId };
  },
});

export const describeVSwitches = defineAction({
  name: 'DescribeVSwitches',
  input: z.object({
    ...commonFields,
    ...pageFields(50),
    RegionId: p.regionId(),
    VpcId: p.string().optional(),
    VSwitchId: idList(20).optional(),
    ZoneId: p.string().optional(),
    VSwitchName: p.string().optional(),
    IsDefault: p.bool().optional(),
    RouteTableId: p.string().optional(),
    ResourceGroupId: p.string().optional(),
    VSwitchOwnerId: p.string().optional(),
    EnableIpv6: p.bool().optional(),
    Tag: tagEntries(),
  }),
  handler: async (input, ctx) => {
    const found = await describeVSwitchesQuery.run(
      {
        regionId: input.RegionId,
        ids: input.VSwitchId?.length ? input.VSwitchId : undefined,
        vpcId: input.VpcId,
        zoneId: input.ZoneId,
        name: input.VSwitchName,
        isDefault: input.IsDefault,
        routeTableId: input.RouteTableId,
        ownerId: input.VSwitchOwnerId,
        ipv6: input.EnableIpv6,
        tags: toTagFilter(input.Tag),
        withRouteTables: true,
      },
      ctx,
    );
    const page = pageOf(found.items, input.PageNumber ?? 1, input.PageSize ?? 10);
    return {
      TotalCount: page.TotalCount,
      PageNumber: page.PageNumber,
      PageSize: page.PageSize,
      VSwitches: {
        VSwitch: page.items.map((s) => renderVSwitch(s, found.routeTables[s.vSwitchId] ?? { id: '', type: 'System' }, found.now)),
      },
    };
  },
});

export const modifyVSwitchAttribute = defineAction({
  name: 'ModifyVSwitchAttribute',
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    VSwitchId: p.string({ min: 1 }),
    VSwitchName: p.string().optional(),
    Description: p.string().optional(),
    EnableIPv6: p.bool().optional(),
    /** Sandbox extension (EC2's ModifySubnetAttribute once used it; it now runs the operation): map public addresses on launch. */
    MapPublicIpOnLaunch: p.bool().optional(),
  }),
  handler: async (input, ctx) => {
    await modifyVSwitch.run(
      {
        regionId: input.RegionId,
        vSwitchId: input.VSwitchId,
        name: input.VSwitchName,
        description: input.Description,
        enableIpv6: input.EnableIPv6,
        mapPublicIpOnLaunch: input.MapPublicIpOnLaunch,
      },
      ctx,
    );
    return {};
  },
});

export const deleteVSwitch = defineAction({
  name: 'DeleteVSwitch',
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    VSwitchId: p.string({ min: 1 }),
    ClientToken: p.clientToken().optional(),
  }),
  handler: async (input, ctx) => {
    await deleteVSwitchOperation.run({ regionId: input.RegionId, vSwitchId: input.VSwitchId }, ctx);
    return {};
  },
});
