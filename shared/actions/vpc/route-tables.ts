import { z } from 'zod';
import { defineAction } from '../action';
import { pageFields, pageOf } from '../paging';
import { commonFields, p } from '../params';
import { Errors } from '../../domain/errors';
import { requireRegion } from '../instances/common';
import { tagEntries, toTagInputs } from '../tags/input';
import { renderRouteEntry, routeEntriesOf } from './common';
import { describeRouteTables as describeRouteTablesQuery } from './route-table-queries';
import {
  associateRouteTable as associateOperation,
  createRouteEntry as createRouteEntryOperation,
  createRouteTable as createRouteTableOperation,
  deleteRouteEntry as deleteRouteEntryOperation,
  deleteRouteTable as deleteRouteTableOperation,
  modifyRouteEntry as modifyRouteEntryOperation,
  requireRouteTable,
  unassociateRouteTable as unassociateOperation,
} from './route-table-operations';
import { requireVpc } from './lookups';
import { listVSwitches } from '../../store/vpcs';
import { accountOf } from '../action';

/**
 * Route tables and entries of the VPC API: DescribeRouteTables, CreateRouteEntry,
 * DeleteRouteEntry, DescribeRouteEntryList, and the custom tables (CreateRouteTable,
 * DeleteRouteTable, AssociateRouteTable, UnassociateRouteTable)
 * (https://www.alibabacloud.com/help/en/vpc/developer-reference/api-vpc-2016-04-28-createrouteentry
 * and siblings): the ECS codecs of the route table operations (./route-table-operations.ts,
 * ./route-table-queries.ts). Every VPC has a system (EC2: main) table; its system entries are the
 * vSwitches' blocks, derived on read.
 */

export { associationIdOf, requireRouteTable } from './route-table-operations';

export const describeRouteTables = defineAction({
  name: 'DescribeRouteTables',
  input: z.object({
    ...commonFields,
    ...pageFields(50),
    RegionId: p.regionId(),
    RouteTableId: p.string().optional(),
    VRouterId: p.string().optional(),
    RouterType: p.string().optional(),
    RouterId: p.string().optional(),
    RouteTableName: p.string().optional(),
    Type: p.string().optional(),
    ResourceGroupId: p.string().optional(),
    /** Sandbox extension: tables of one VPC. */
    VpcId: p.string().optional(),
  }),
  handler: async (input, ctx) => {
    const found = await describeRouteTablesQuery.run(
      {
        regionId: input.RegionId,
        ids: input.RouteTableId === undefined ? undefined : [input.RouteTableId],
        routerId: input.VRouterId ?? input.RouterId,
        vpcId: input.VpcId,
        name: input.RouteTableName,
        type: input.Type === undefined ? undefined : (input.Type as 'System' | 'Custom'),
      },
      ctx,
    );
    const page = pageOf(found.items, input.PageNumber ?? 1, input.PageSize ?? 10);
    const rendered = page.items.map(({ table: t, vSwitchIds, entries }) => ({
      VRouterId: t.vRouterId,
      RouteTableId: t.routeTableId,
      RouteTableType: t.main ? 'System' : 'Custom',
      RouteTableName: t.name,
      Description: t.description,
      VpcId: t.vpcId,
      CreationTime: t.createdAt.replace(/\.\d{3}Z$/, 'Z'),
      ResourceGroupId: '',
      Status: 'Available',
      VSwitchIds: { VSwitchId: vSwitchIds },
      Tags: { Tag: (t.tags ?? []).map((x) => ({ Key: x.key, Value: x.value })) },
      RouteEntrys: { RouteEntry: entries.map((e) => renderRouteEntry(e, t, found.now)) },
    }));
    return { TotalCount: page.TotalCount, PageNumber: page.PageNumber, PageSize: page.PageSize, RouteTables: { RouteTable: rendered } };
  },
});

export const createRouteEntry = defineAction({
  name: 'CreateRouteEntry',
  idempotent: true,
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    RouteTableId: p.string({ min: 1 }),
    DestinationCidrBlock: p.string({ min: 1 }),
    NextHopType: p.string().optional(),
    NextHopId: p.string().optional(),
    RouteEntryName: p.string().optional(),
    Description: p.string().optional(),
    ClientToken: p.clientToken().optional(),
  }),
  handler: async (input, ctx) => {
    const { entry } = await createRouteEntryOperation.run(
      {
        regionId: input.RegionId,
        routeTableId: input.RouteTableId,
        destinationCidrBlock: input.DestinationCidrBlock,
        nextHopType: input.NextHopType,
        nextHopId: input.NextHopId,
        name: input.RouteEntryName,
        description: input.Description,
        ec2Rules: false,
      },
      ctx,
    );
    return { RouteEntryId: entry.routeEntryId };
  },
});

export const deleteRouteEntry = defineAction({
  name: 'DeleteRouteEntry',
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    RouteTableId: p.string().optional(),
    RouteEntryId: p.string().optional(),
    DestinationCidrBlock: p.string().optional(),
    NextHopId: p.string().optional(),
  }),
  handler: async (input, ctx) => {
    requireRegion(input.RegionId);
    if (!input.RouteTableId) throw Errors.missingParameter('RouteTableId');
    await deleteRouteEntryOperation.run(
      {
        regionId: input.RegionId,
        routeTableId: input.RouteTableId,
        routeEntryId: input.RouteEntryId,
        destinationCidrBlock: input.DestinationCidrBlock,
        nextHopId: input.NextHopId,
      },
      ctx,
    );
    return {};
  },
});

export const describeRouteEntryList = defineAction({
  name: 'DescribeRouteEntryList',
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    RouteTableId: p.string({ min: 1 }),
    RouteEntryId: p.string().optional(),
    RouteEntryName: p.string().optional(),
    DestinationCidrBlock: p.string().optional(),
    RouteEntryType: p.string().optional(),
    NextHopId: p.string().optional(),
    NextHopType: p.string().optional(),
    IpVersion: p.string().optional(),
    MaxResult: p.int({ min: 20, max: 100 }).optional(),
    NextToken: p.string().optional(),
  }),
  handler: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.RegionId);
    const table = await requireRouteTable(ctx, regionId, input.RouteTableId);
    const vpc = await requireVpc(ctx, regionId, table.vpcId);
    const vSwitches = await listVSwitches(ctx.store, accountId, regionId, table.vpcId);
    const all = routeEntriesOf(table, vpc, vSwitches).filter(
      (e) =>
        (input.RouteEntryId === undefined || e.routeEntryId === input.RouteEntryId) &&
        (input.RouteEntryName === undefined || e.name === input.RouteEntryName) &&
        (input.DestinationCidrBlock === undefined || e.destinationCidrBlock === input.DestinationCidrBlock) &&
        (input.RouteEntryType === undefined || e.type === input.RouteEntryType) &&
        (input.NextHopId === undefined || e.nextHopId === input.NextHopId) &&
        (input.NextHopType === undefined || e.nextHopType === input.NextHopType),
    );
    const size = input.MaxResult ?? 50;
    let start = 0;
    if (input.NextToken) {
      start = Number(Buffer.from(input.NextToken, 'base64url').toString('utf8').replace(/^rte:/, ''));
      if (!Number.isInteger(start) || start < 0) throw Errors.invalid('InvalidNextToken.Malformed', 'The specified NextToken is not valid.');
    }
    const items = all.slice(start, start + size);
    const next = start + size < all.length ? Buffer.from(`rte:${start + size}`).toString('base64url') : '';
    return { TotalCount: all.length, NextToken: next, RouteEntrys: { RouteEntry: items.map((e) => renderRouteEntry(e, table, ctx.now)) } };
  },
});

export const createRouteTable = defineAction({
  name: 'CreateRouteTable',
  idempotent: true,
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    VpcId: p.string({ min: 1 }),
    RouteTableName: p.string().optional(),
    Description: p.string().optional(),
    AssociateType: p.string().optional(),
    Tag: tagEntries(),
    ClientToken: p.clientToken().optional(),
  }),
  handler: async (input, ctx) => {
    const { table } = await createRouteTableOperation.run(
      { regionId: input.RegionId, vpcId: input.VpcId, name: input.RouteTableName, description: input.Description, tags: toTagInputs(input.Tag) },
      ctx,
    );
    // The answer is RequestId and RouteTableId only (the @alicloud/vpc20160428 CreateRouteTableResponseBody model;
    // https://www.alibabacloud.com/help/en/vpc/developer-reference/api-vpc-2016-04-28-createroutetable).
    return { RouteTableId: table.routeTableId };
  },
});

export const deleteRouteTable = defineAction({
  name: 'DeleteRouteTable',
  input: z.object({ ...commonFields, RegionId: p.regionId(), RouteTableId: p.string({ min: 1 }) }),
  handler: async (input, ctx) => {
    await deleteRouteTableOperation.run({ regionId: input.RegionId, routeTableId: input.RouteTableId }, ctx);
    return {};
  },
});

export const associateRouteTable = defineAction({
  name: 'AssociateRouteTable',
  idempotent: true,
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    RouteTableId: p.string({ min: 1 }),
    VSwitchId: p.string({ min: 1 }),
    ClientToken: p.clientToken().optional(),
  }),
  handler: async (input, ctx) => {
    const { associationId } = await associateOperation.run({ regionId: input.RegionId, routeTableId: input.RouteTableId, vSwitchId: input.VSwitchId }, ctx);
    return { AssociationId: associationId };
  },
});

export const unassociateRouteTable = defineAction({
  name: 'UnassociateRouteTable',
  idempotent: true,
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    RouteTableId: p.string({ min: 1 }),
    VSwitchId: p.string({ min: 1 }),
    ClientToken: p.clientToken().optional(),
  }),
  handler: async (input, ctx) => {
    await unassociateOperation.run({ regionId: input.RegionId, routeTableId: input.RouteTableId, vSwitchId: input.VSwitchId }, ctx);
    return {};
  },
});

/** ModifyRouteEntry: name, description, or a new next hop of a custom entry (EC2's ReplaceRoute). */
export const modifyRouteEntry = defineAction({
  name: 'ModifyRouteEntry',
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    RouteEntryId: p.string().optional(),
    /** Sandbox extension for EC2's ReplaceRoute, which names the entry by table and destination. */
    RouteTableId: p.string().optional(),
    DestinationCidrBlock: p.string().optional(),
    RouteEntryName: p.string().optional(),
    Description: p.string().optional(),
    NewNextHopId: p.string().optional(),
    NewNextHopType: p.string().optional(),
  }),
  handler: async (input, ctx) => {
    await modifyRouteEntryOperation.run(
      {
        regionId: input.RegionId,
        routeEntryId: input.RouteEntryId,
        routeTableId: input.RouteTableId,
        destinationCidrBlock: input.DestinationCidrBlock,
        name: input.RouteEntryName,
        description: input.Description,
        newNextHopId: input.NewNextHopId,
        newNextHopType: input.NewNextHopType,
      },
      ctx,
    );
    return {};
  },
});
