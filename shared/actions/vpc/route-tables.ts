import { createHash } from 'node:crypto';
import { z } from 'zod';
import { parseCidr } from '../../domain/cidr';
import { Errors } from '../../domain/errors';
import { checkName, VpcErrors, type RouteTableRecord } from '../../domain/vpc';
import { newResourceId } from '../../platform/ids';
import { loadNatGateway } from '../../store/nat-gateways';
import { loadNetworkInterface } from '../../store/network-interfaces';
import { natStateAt } from '../../domain/nat-gateway';
import { loadInternetGateway } from '../../store/gateways';
import { loadInstance } from '../../store/instances';
import { quotaLimit } from '../../store/quota-counters';
import type { Stored } from '../../store/state-store';
import { deleteNetworkItem, listRouteTables, listVSwitches, loadRouteTable, recordOf, routeTableKey, saveNetworkItem } from '../../store/vpcs';
import { accountOf, defineAction, type ActionContext } from '../action';
import { requireRegion } from '../instances/common';
import { pageFields, pageOf } from '../paging';
import { commonFields, p } from '../params';
import { validateTags } from '../../domain/tags';
import { tagEntries, toTagInputs } from '../tags/input';
import { availableAtFor, renderRouteEntry, routeEntriesOf } from './common';
import { requireVpc } from './vpcs';
import { requireVSwitch } from './vswitches';

/**
 * Route tables and entries of the VPC API: DescribeRouteTables, CreateRouteEntry,
 * DeleteRouteEntry, DescribeRouteEntryList, and the custom tables (CreateRouteTable,
 * DeleteRouteTable, AssociateRouteTable, UnassociateRouteTable)
 * (https://www.alibabacloud.com/help/en/vpc/developer-reference/api-vpc-2016-04-28-createrouteentry
 * and siblings). Every VPC has a system (EC2: main) table; its system entries are the vSwitches'
 * blocks, derived on read.
 */

export async function requireRouteTable(ctx: ActionContext, regionId: string, id: string): Promise<Stored<RouteTableRecord>> {
  const t = await loadRouteTable(ctx.store, accountOf(ctx), regionId, id);
  if (!t) throw VpcErrors.routeTableNotFound();
  return t;
}

/** EC2's association id of a vSwitch with a table (derived: the pair is the association). */
export const associationIdOf = (routeTableId: string, vSwitchId: string) =>
  `rtbassoc-${createHash('sha256').update(`${routeTableId}|${vSwitchId}`).digest('hex').slice(0, 17)}`;

const NEXT_HOP_TYPES = ['Instance', 'Ipv4Gateway', 'NetworkInterface', 'HaVip', 'VpnGateway', 'RouterInterface', 'NatGateway', 'IPv6Gateway', 'Attachment', 'VpcPeer'];

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
    /** Sandbox extension for the EC2 adapter: tables of one VPC. */
    VpcId: p.string().optional(),
  }),
  handler: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.RegionId);
    const [tables, vSwitches] = await Promise.all([listRouteTables(ctx.store, accountId, regionId), listVSwitches(ctx.store, accountId, regionId)]);
    const router = input.VRouterId ?? input.RouterId;
    const chosen = tables.filter(
      (t) =>
        (input.RouteTableId === undefined || t.routeTableId === input.RouteTableId) &&
        (router === undefined || t.vRouterId === router) &&
        (input.VpcId === undefined || t.vpcId === input.VpcId) &&
        (input.RouteTableName === undefined || t.name === input.RouteTableName) &&
        (input.Type === undefined || (t.main ? 'System' : 'Custom') === input.Type),
    );
    const page = pageOf(chosen, input.PageNumber ?? 1, input.PageSize ?? 10);
    const rendered = [];
    for (const t of page.items) {
      const inVpc = vSwitches.filter((s) => s.vpcId === t.vpcId);
      const vpc = await requireVpc(ctx, regionId, t.vpcId).catch(() => undefined);
      if (!vpc) continue;
      const associated = t.main ? inVpc.filter((s) => !tables.some((o) => !o.main && o.vSwitchIds.includes(s.vSwitchId))) : inVpc.filter((s) => t.vSwitchIds.includes(s.vSwitchId));
      rendered.push({
        VRouterId: t.vRouterId,
        RouteTableId: t.routeTableId,
        RouteTableType: t.main ? 'System' : 'Custom',
        RouteTableName: t.name,
        Description: t.description,
        VpcId: t.vpcId,
        CreationTime: t.createdAt.replace(/\.\d{3}Z$/, 'Z'),
        ResourceGroupId: '',
        Status: 'Available',
        VSwitchIds: { VSwitchId: associated.map((s) => s.vSwitchId) },
        Tags: { Tag: (t.tags ?? []).map((x) => ({ Key: x.key, Value: x.value })) },
        RouteEntrys: { RouteEntry: routeEntriesOf(t, vpc, inVpc).map((e) => renderRouteEntry(e, t, ctx.now)) },
      });
    }
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
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.RegionId);
    const table = await requireRouteTable(ctx, regionId, input.RouteTableId);
    const dest = parseCidr(input.DestinationCidrBlock);
    if (!dest) throw Errors.invalid('InvalidDestinationCidrBlock.Malformed', 'Specified destination CIDR block is not valid.');
    const nextHopType = input.NextHopType ?? 'Instance';
    if (!NEXT_HOP_TYPES.includes(nextHopType)) throw Errors.invalid('InvalidNextHopType.NotSupport', 'Specified next hop type is not supported.');
    if (!input.NextHopId) throw Errors.missingParameter('NextHopId');
    checkName(input.RouteEntryName, 'InvalidRouteEntryName.Malformed', 'Specified route entry name is not valid.');
    await checkNextHop(ctx, regionId, table, nextHopType, input.NextHopId);
    const vSwitches = await listVSwitches(ctx.store, accountId, regionId, table.vpcId);
    const vpc = await requireVpc(ctx, regionId, table.vpcId);
    if (routeEntriesOf(table, vpc, vSwitches).some((e) => e.destinationCidrBlock === input.DestinationCidrBlock)) throw VpcErrors.routeConflict();
    const limit = await quotaLimit(ctx.store, accountId, 'RouteEntriesPerTable');
    if (table.entries.length >= limit) throw VpcErrors.routeEntryQuota(limit);
    const entry = {
      routeEntryId: newResourceId('rte', regionId),
      destinationCidrBlock: input.DestinationCidrBlock,
      type: 'Custom' as const,
      nextHopType,
      nextHopId: input.NextHopId,
      name: input.RouteEntryName ?? '',
      description: input.Description ?? '',
      createdAt: ctx.now.toISOString(),
      availableAt: availableAtFor(ctx.now),
    };
    saveNetworkItem(ctx.tx, table, { ...recordOf(table), entries: [...table.entries, entry] });
    return { RouteEntryId: entry.routeEntryId };
  },
});

async function checkNextHop(ctx: ActionContext, regionId: string, table: RouteTableRecord, type: string, id: string): Promise<void> {
  const accountId = accountOf(ctx);
  if (type === 'Instance') {
    const inst = await loadInstance(ctx.store, accountId, regionId, id);
    if (!inst || inst.vpcId !== table.vpcId) throw VpcErrors.nextHopNotFound();
  } else if (type === 'Ipv4Gateway') {
    const gw = await loadInternetGateway(ctx.store, accountId, regionId, id);
    if (!gw || gw.vpcId !== table.vpcId) throw VpcErrors.nextHopNotFound();
  } else if (type === 'NatGateway') {
    const nat = await loadNatGateway(ctx.store, accountId, regionId, id);
    if (!nat || nat.vpcId !== table.vpcId || ['deleting', 'deleted'].includes(natStateAt(nat, ctx.now))) throw VpcErrors.nextHopNotFound();
  } else if (type === 'NetworkInterface') {
    const eni = await loadNetworkInterface(ctx.store, accountId, regionId, id);
    if (!eni || eni.vpcId !== table.vpcId) throw VpcErrors.nextHopNotFound();
  } else {
    throw Errors.invalid('InvalidNextHopType.NotSupport', `Next hop type ${type} is not simulated by this sandbox.`);
  }
}

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
    const regionId = requireRegion(input.RegionId);
    if (!input.RouteTableId) throw Errors.missingParameter('RouteTableId');
    const table = await requireRouteTable(ctx, regionId, input.RouteTableId);
    if (!input.RouteEntryId && !input.DestinationCidrBlock) throw Errors.missingParameter('DestinationCidrBlock');
    const entry = table.entries.find(
      (e) =>
        (input.RouteEntryId === undefined || e.routeEntryId === input.RouteEntryId) &&
        (input.DestinationCidrBlock === undefined || e.destinationCidrBlock === input.DestinationCidrBlock) &&
        (input.NextHopId === undefined || e.nextHopId === input.NextHopId),
    );
    if (!entry) throw VpcErrors.routeEntryNotFound();
    saveNetworkItem(ctx.tx, table, { ...recordOf(table), entries: table.entries.filter((e) => e !== entry) });
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
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.RegionId);
    const vpc = await requireVpc(ctx, regionId, input.VpcId);
    checkName(input.RouteTableName, 'InvalidRouteTableName.Malformed', 'Specified route table name is not valid.');
    const tags = validateTags(toTagInputs(input.Tag)).map((t) => ({ key: t.key, value: t.value }));
    const table: RouteTableRecord = {
      routeTableId: newResourceId('vtb', regionId),
      vpcId: vpc.vpcId,
      vRouterId: vpc.vRouterId,
      accountId,
      regionId,
      main: false,
      name: input.RouteTableName ?? '',
      description: input.Description ?? '',
      createdAt: ctx.now.toISOString(),
      entries: [],
      vSwitchIds: [],
      tags,
    };
    saveNetworkItem(ctx.tx, vpc, recordOf(vpc));
    ctx.tx.create(routeTableKey(accountId, regionId, table.routeTableId), table);
    // The answer is RequestId and RouteTableId only (the @alicloud/vpc20160428 CreateRouteTableResponseBody model;
    // https://www.alibabacloud.com/help/en/vpc/developer-reference/api-vpc-2016-04-28-createroutetable).
    return { RouteTableId: table.routeTableId };
  },
});

export const deleteRouteTable = defineAction({
  name: 'DeleteRouteTable',
  input: z.object({ ...commonFields, RegionId: p.regionId(), RouteTableId: p.string({ min: 1 }) }),
  handler: async (input, ctx) => {
    const regionId = requireRegion(input.RegionId);
    const table = await requireRouteTable(ctx, regionId, input.RouteTableId);
    if (table.main) throw Errors.invalid('OperationUnsupported.SystemRouteTable', 'The system route table cannot be deleted.');
    if (table.vSwitchIds.length > 0) throw Errors.invalid('DependencyViolation.VSwitch', 'The route table still has associated vSwitches.');
    deleteNetworkItem(ctx.tx, table, false);
    return {};
  },
});

export const associateRouteTable = defineAction({
  name: 'AssociateRouteTable',
  idempotent: true,
  input: z.object({ ...commonFields, RegionId: p.regionId(), RouteTableId: p.string({ min: 1 }), VSwitchId: p.string({ min: 1 }), ClientToken: p.clientToken().optional() }),
  handler: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.RegionId);
    const table = await requireRouteTable(ctx, regionId, input.RouteTableId);
    const v = await requireVSwitch(ctx, regionId, input.VSwitchId);
    if (v.vpcId !== table.vpcId) throw Errors.invalid('InvalidVSwitchId.NotInSameVpc', 'The vSwitch and the route table are not in the same VPC.');
    if (table.main) throw Errors.invalid('OperationUnsupported.SystemRouteTable', 'A vSwitch is in the system route table unless it is associated with a custom one.');
    const tables = await listRouteTables(ctx.store, accountId, regionId);
    if (tables.some((t) => t.vSwitchIds.includes(v.vSwitchId))) {
      throw Errors.invalid('Resource.AlreadyAssociated', `The vSwitch ${v.vSwitchId} is already associated with a route table.`);
    }
    saveNetworkItem(ctx.tx, table, { ...recordOf(table), vSwitchIds: [...table.vSwitchIds, v.vSwitchId] });
    return { AssociationId: associationIdOf(table.routeTableId, v.vSwitchId) };
  },
});

export const unassociateRouteTable = defineAction({
  name: 'UnassociateRouteTable',
  idempotent: true,
  input: z.object({ ...commonFields, RegionId: p.regionId(), RouteTableId: p.string({ min: 1 }), VSwitchId: p.string({ min: 1 }), ClientToken: p.clientToken().optional() }),
  handler: async (input, ctx) => {
    const regionId = requireRegion(input.RegionId);
    const table = await requireRouteTable(ctx, regionId, input.RouteTableId);
    if (!table.vSwitchIds.includes(input.VSwitchId)) throw Errors.invalid('InvalidVSwitchId.NotAssociated', 'The vSwitch is not associated with the route table.');
    saveNetworkItem(ctx.tx, table, { ...recordOf(table), vSwitchIds: table.vSwitchIds.filter((id) => id !== input.VSwitchId) });
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
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.RegionId);
    if (!input.RouteEntryId && !(input.RouteTableId && input.DestinationCidrBlock)) throw Errors.missingParameter('RouteEntryId');
    const tables = input.RouteTableId ? [await requireRouteTable(ctx, regionId, input.RouteTableId)] : await listRouteTables(ctx.store, accountId, regionId);
    const table = tables.find((t) =>
      t.entries.some((e) => (input.RouteEntryId ? e.routeEntryId === input.RouteEntryId : e.destinationCidrBlock === input.DestinationCidrBlock)),
    );
    if (!table) throw VpcErrors.routeEntryNotFound();
    checkName(input.RouteEntryName, 'InvalidRouteEntryName.Malformed', 'Specified route entry name is not valid.');
    const nextHopType = input.NewNextHopType ?? (input.NewNextHopId ? 'Instance' : undefined);
    if (nextHopType && !NEXT_HOP_TYPES.includes(nextHopType)) throw Errors.invalid('InvalidNextHopType.NotSupport', 'Specified next hop type is not supported.');
    if (input.NewNextHopId) await checkNextHop(ctx, regionId, table, nextHopType!, input.NewNextHopId);
    const entries = table.entries.map((e) =>
      (input.RouteEntryId ? e.routeEntryId === input.RouteEntryId : e.destinationCidrBlock === input.DestinationCidrBlock)
        ? {
            ...e,
            name: input.RouteEntryName ?? e.name,
            description: input.Description ?? e.description,
            ...(input.NewNextHopId ? { nextHopId: input.NewNextHopId, nextHopType: nextHopType! } : {}),
          }
        : e,
    );
    saveNetworkItem(ctx.tx, table, { ...recordOf(table), entries });
    return {};
  },
});
