import { createHash } from 'node:crypto';
import { parseCidr } from '../../domain/cidr';
import { Errors } from '../../domain/errors';
import { natStateAt } from '../../domain/nat-gateway';
import { validateTags, type TagInput } from '../../domain/tags';
import { checkName, VpcErrors, type RouteEntryRecord, type RouteTableRecord, type VpcRecord } from '../../domain/vpc';
import { newResourceId } from '../../platform/ids';
import { loadInternetGateway } from '../../store/gateways';
import { loadInstance } from '../../store/instances';
import { loadNatGateway } from '../../store/nat-gateways';
import { loadNetworkInterface } from '../../store/network-interfaces';
import { quotaLimit } from '../../store/quota-counters';
import type { Stored } from '../../store/state-store';
import { deleteNetworkItem, listRouteTables, listVSwitches, loadRouteTable, recordOf, routeTableKey, saveNetworkItem } from '../../store/vpcs';
import { accountOf, type ActionContext } from '../action';
import { requireRegion } from '../instances/common';
import { defineOperation } from '../operation';
import { pendingUntil, routeEntriesOf } from './common';
import { requireVpc, requireVSwitch } from './lookups';

/**
 * The route table operations (docs/operations.md, docs/network.md): custom tables, their vSwitch
 * associations and custom entries, shared by the VPC API's codecs (./route-tables.ts) and EC2's
 * route table and route actions (shared/protocol/ec2/actions/route-tables-gateways.ts). Typed
 * errors: `VpcErrors` (shared/domain/vpc.ts). Where the clouds differ the input names the rule
 * (`ec2Rules`: a route usable at once).
 */

export async function requireRouteTable(ctx: ActionContext, regionId: string, id: string): Promise<Stored<RouteTableRecord>> {
  const t = await loadRouteTable(ctx.store, accountOf(ctx), regionId, id);
  if (!t) throw VpcErrors.routeTableNotFound();
  return t;
}

/** EC2's association id of a vSwitch with a table (derived: the pair is the association). */
export const associationIdOf = (routeTableId: string, vSwitchId: string) =>
  `rtbassoc-${createHash('sha256').update(`${routeTableId}|${vSwitchId}`).digest('hex').slice(0, 17)}`;

const NEXT_HOP_TYPES = [
  'Instance',
  'Ipv4Gateway',
  'NetworkInterface',
  'HaVip',
  'VpnGateway',
  'RouterInterface',
  'NatGateway',
  'IPv6Gateway',
  'Attachment',
  'VpcPeer',
];

/** A next hop of the table's VPC that exists (a NAT gateway not going away); the simulated types only. */
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
    throw VpcErrors.nextHopTypeUnsupported(`Next hop type ${type} is not simulated by this sandbox.`);
  }
}

export interface NewRouteTable {
  regionId: string;
  vpcId: string;
  name?: string;
  description?: string;
  tags: readonly TagInput[];
}

/**
 * CreateRouteTable (https://www.alibabacloud.com/help/en/vpc/developer-reference/api-vpc-2016-04-28-createroutetable,
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateRouteTable.html): a custom table, no vSwitch, no custom entry.
 */
export const createRouteTable = defineOperation<NewRouteTable, { table: RouteTableRecord; vpc: VpcRecord }>({
  name: 'CreateRouteTable',
  run: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.regionId);
    const vpc = await requireVpc(ctx, regionId, input.vpcId);
    checkName(input.name, 'InvalidRouteTableName.Malformed', 'Specified route table name is not valid.');
    const tags = validateTags(input.tags).map((t) => ({ key: t.key, value: t.value }));
    const table: RouteTableRecord = {
      routeTableId: newResourceId('vtb', regionId),
      vpcId: vpc.vpcId,
      vRouterId: vpc.vRouterId,
      accountId,
      regionId,
      main: false,
      name: input.name ?? '',
      description: input.description ?? '',
      createdAt: ctx.now.toISOString(),
      entries: [],
      vSwitchIds: [],
      tags,
    };
    // Touch the VPC: a concurrent DeleteVpc conflicts with this create instead of missing it.
    saveNetworkItem(ctx.tx, vpc, recordOf(vpc));
    ctx.tx.create(routeTableKey(accountId, regionId, table.routeTableId), table);
    return { table, vpc: recordOf(vpc) };
  },
});

/** DeleteRouteTable: a custom table with no vSwitch. */
export const deleteRouteTable = defineOperation<{ regionId: string; routeTableId: string }, { routeTableId: string }>({
  name: 'DeleteRouteTable',
  run: async (input, ctx) => {
    const regionId = requireRegion(input.regionId);
    const table = await requireRouteTable(ctx, regionId, input.routeTableId);
    if (table.main) throw VpcErrors.systemRouteTable('The system route table cannot be deleted.');
    if (table.vSwitchIds.length > 0) throw VpcErrors.routeTableInUse();
    deleteNetworkItem(ctx.tx, table, false);
    return { routeTableId: table.routeTableId };
  },
});

export interface NewRouteEntry {
  regionId: string;
  routeTableId: string;
  destinationCidrBlock: string;
  /** Default `Instance` (the VPC API's). */
  nextHopType?: string;
  nextHopId?: string;
  name?: string;
  description?: string;
  /** AWS's rule: the route is usable at once (the VPC API's is Pending a moment). */
  ec2Rules: boolean;
}

/**
 * CreateRouteEntry (https://www.alibabacloud.com/help/en/vpc/developer-reference/api-vpc-2016-04-28-createrouteentry,
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateRoute.html): one destination per table, to a next hop of its VPC.
 */
export const createRouteEntry = defineOperation<NewRouteEntry, { entry: RouteEntryRecord }>({
  name: 'CreateRouteEntry',
  run: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.regionId);
    const table = await requireRouteTable(ctx, regionId, input.routeTableId);
    if (!parseCidr(input.destinationCidrBlock)) throw VpcErrors.destinationMalformed();
    const nextHopType = input.nextHopType ?? 'Instance';
    if (!NEXT_HOP_TYPES.includes(nextHopType)) throw VpcErrors.nextHopTypeUnsupported();
    if (!input.nextHopId) throw Errors.missingParameter('NextHopId');
    checkName(input.name, 'InvalidRouteEntryName.Malformed', 'Specified route entry name is not valid.');
    await checkNextHop(ctx, regionId, table, nextHopType, input.nextHopId);
    const vSwitches = await listVSwitches(ctx.store, accountId, regionId, table.vpcId);
    const vpc = await requireVpc(ctx, regionId, table.vpcId);
    if (routeEntriesOf(table, vpc, vSwitches).some((e) => e.destinationCidrBlock === input.destinationCidrBlock)) throw VpcErrors.routeConflict();
    const limit = await quotaLimit(ctx.store, accountId, 'RouteEntriesPerTable');
    if (table.entries.length >= limit) throw VpcErrors.routeEntryQuota(limit);
    const entry: RouteEntryRecord = {
      routeEntryId: newResourceId('rte', regionId),
      destinationCidrBlock: input.destinationCidrBlock,
      type: 'Custom',
      nextHopType,
      nextHopId: input.nextHopId,
      name: input.name ?? '',
      description: input.description ?? '',
      createdAt: ctx.now.toISOString(),
      availableAt: pendingUntil(ctx.now, input.ec2Rules),
    };
    saveNetworkItem(ctx.tx, table, { ...recordOf(table), entries: [...table.entries, entry] });
    return { entry };
  },
});

/** An entry named by id, or by destination (and next hop); DeleteRouteEntry, EC2's DeleteRoute. */
export interface RouteEntryRef {
  regionId: string;
  routeTableId: string;
  routeEntryId?: string;
  destinationCidrBlock?: string;
  nextHopId?: string;
}

export const deleteRouteEntry = defineOperation<RouteEntryRef, { routeEntryId: string }>({
  name: 'DeleteRouteEntry',
  run: async (input, ctx) => {
    const regionId = requireRegion(input.regionId);
    const table = await requireRouteTable(ctx, regionId, input.routeTableId);
    if (!input.routeEntryId && !input.destinationCidrBlock) throw Errors.missingParameter('DestinationCidrBlock');
    const entry = table.entries.find(
      (e) =>
        (input.routeEntryId === undefined || e.routeEntryId === input.routeEntryId) &&
        (input.destinationCidrBlock === undefined || e.destinationCidrBlock === input.destinationCidrBlock) &&
        (input.nextHopId === undefined || e.nextHopId === input.nextHopId),
    );
    if (!entry) throw VpcErrors.routeEntryNotFound();
    saveNetworkItem(ctx.tx, table, { ...recordOf(table), entries: table.entries.filter((e) => e !== entry) });
    return { routeEntryId: entry.routeEntryId };
  },
});

export interface RouteEntryChanges {
  regionId: string;
  /** The entry by id (in any table)… */
  routeEntryId?: string;
  /** …or by table and destination (EC2's ReplaceRoute). */
  routeTableId?: string;
  destinationCidrBlock?: string;
  name?: string;
  description?: string;
  newNextHopId?: string;
  newNextHopType?: string;
}

/** ModifyRouteEntry: name, description, or a new next hop of a custom entry (EC2's ReplaceRoute, https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ReplaceRoute.html). */
export const modifyRouteEntry = defineOperation<RouteEntryChanges, Record<string, never>>({
  name: 'ModifyRouteEntry',
  run: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.regionId);
    if (!input.routeEntryId && !(input.routeTableId && input.destinationCidrBlock)) throw Errors.missingParameter('RouteEntryId');
    const tables = input.routeTableId ? [await requireRouteTable(ctx, regionId, input.routeTableId)] : await listRouteTables(ctx.store, accountId, regionId);
    const named = (e: RouteEntryRecord) => (input.routeEntryId ? e.routeEntryId === input.routeEntryId : e.destinationCidrBlock === input.destinationCidrBlock);
    const table = tables.find((t) => t.entries.some(named));
    if (!table) throw VpcErrors.routeEntryNotFound();
    checkName(input.name, 'InvalidRouteEntryName.Malformed', 'Specified route entry name is not valid.');
    const nextHopType = input.newNextHopType ?? (input.newNextHopId ? 'Instance' : undefined);
    if (nextHopType && !NEXT_HOP_TYPES.includes(nextHopType)) throw VpcErrors.nextHopTypeUnsupported();
    if (input.newNextHopId) await checkNextHop(ctx, regionId, table, nextHopType!, input.newNextHopId);
    const entries = table.entries.map((e) =>
      named(e)
        ? {
            ...e,
            name: input.name ?? e.name,
            description: input.description ?? e.description,
            ...(input.newNextHopId ? { nextHopId: input.newNextHopId, nextHopType: nextHopType! } : {}),
          }
        : e,
    );
    saveNetworkItem(ctx.tx, table, { ...recordOf(table), entries });
    return {};
  },
});

/** AssociateRouteTable: a vSwitch of the same VPC, in no other custom table, into a custom table. */
export const associateRouteTable = defineOperation<{ regionId: string; routeTableId: string; vSwitchId: string }, { associationId: string }>({
  name: 'AssociateRouteTable',
  run: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.regionId);
    const table = await requireRouteTable(ctx, regionId, input.routeTableId);
    const v = await requireVSwitch(ctx, regionId, input.vSwitchId);
    if (v.vpcId !== table.vpcId) throw VpcErrors.notInSameVpc();
    if (table.main) throw VpcErrors.systemRouteTable('A vSwitch is in the system route table unless it is associated with a custom one.');
    const tables = await listRouteTables(ctx.store, accountId, regionId);
    if (tables.some((t) => t.vSwitchIds.includes(v.vSwitchId))) throw VpcErrors.alreadyAssociated(v.vSwitchId);
    saveNetworkItem(ctx.tx, table, { ...recordOf(table), vSwitchIds: [...table.vSwitchIds, v.vSwitchId] });
    return { associationId: associationIdOf(table.routeTableId, v.vSwitchId) };
  },
});

/** UnassociateRouteTable: the vSwitch goes back to its VPC's system table. */
export const unassociateRouteTable = defineOperation<{ regionId: string; routeTableId: string; vSwitchId: string }, Record<string, never>>({
  name: 'UnassociateRouteTable',
  run: async (input, ctx) => {
    const regionId = requireRegion(input.regionId);
    const table = await requireRouteTable(ctx, regionId, input.routeTableId);
    if (!table.vSwitchIds.includes(input.vSwitchId)) throw VpcErrors.notAssociated();
    saveNetworkItem(ctx.tx, table, { ...recordOf(table), vSwitchIds: table.vSwitchIds.filter((id) => id !== input.vSwitchId) });
    return {};
  },
});
