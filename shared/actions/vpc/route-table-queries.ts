import { natStateAt } from '../../domain/nat-gateway';
import type { RouteEntryRecord, RouteTableRecord, VpcRecord } from '../../domain/vpc';
import { listNatGateways } from '../../store/nat-gateways';
import { listRouteTables, listVpcs, listVSwitches, loadRouteTables, recordOf } from '../../store/vpcs';
import { accountOf } from '../action';
import { requireRegion } from '../instances/common';
import { defineOperation } from '../operation';
import { routeEntriesOf } from './common';

/**
 * Route tables as a typed query (docs/operations.md): the VPC API's DescribeRouteTables (codec:
 * ./route-tables.ts) and EC2's DescribeRouteTables, CreateRouteTable's answer and
 * DisassociateRouteTable's lookup. Named ids are one BatchGet; otherwise one Query of the
 * account-region's route-table partition, with the VPC and vSwitch partitions (bounded by quotas).
 */

/** A route table with what both views show of it. */
export interface RouteTableView {
  table: RouteTableRecord;
  vpc: VpcRecord;
  /** A custom table's vSwitches; for the system (main) table, every vSwitch of the VPC no custom table holds. */
  vSwitchIds: string[];
  /** The system entries (one per vSwitch block) then the custom ones. */
  entries: RouteEntryRecord[];
  /**
   * Custom entries whose NAT gateway is deleting, deleted or failed (AWS shows such a route
   * `blackhole`, docs/network.md); filled when `withRouteStates`.
   */
  blackholeEntryIds: string[];
}

export interface RouteTableQuery {
  regionId: string;
  /** Only these tables (one BatchGet); the unknown ones come back in `missing`. */
  ids?: readonly string[];
  vpcId?: string;
  /** The VPC's router (the VPC API's VRouterId / RouterId). */
  routerId?: string;
  name?: string;
  type?: 'System' | 'Custom';
  /** Whether NAT gateway targets still work (one more Query of the NAT gateway partition). */
  withRouteStates?: boolean;
  /** A dialect's filters with no field above (EC2 `Filter.N`). */
  matches?: (view: RouteTableView) => boolean;
}

/** DescribeRouteTables (https://www.alibabacloud.com/help/en/vpc/developer-reference/api-vpc-2016-04-28-describeroutetables); a table whose VPC is gone is left out. */
export const describeRouteTables = defineOperation<RouteTableQuery, { items: RouteTableView[]; missing: string[]; now: Date }>({
  name: 'DescribeRouteTables',
  run: async (q, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(q.regionId);
    const [tables, allTables, vpcs, vSwitches, nats] = await Promise.all([
      q.ids ? loadRouteTables(ctx.store, accountId, regionId, q.ids) : listRouteTables(ctx.store, accountId, regionId),
      // The main table's vSwitches are those no custom table holds: every table is needed for that.
      listRouteTables(ctx.store, accountId, regionId),
      listVpcs(ctx.store, accountId, regionId),
      listVSwitches(ctx.store, accountId, regionId),
      q.withRouteStates ? listNatGateways(ctx.store, accountId, regionId) : Promise.resolve([]),
    ]);
    const working = new Set(nats.filter((n) => ['pending', 'available'].includes(natStateAt(n, ctx.now))).map((n) => n.natGatewayId));
    const items: RouteTableView[] = [];
    for (const stored of tables) {
      const table = recordOf(stored);
      const vpc = vpcs.find((v) => v.vpcId === table.vpcId);
      if (!vpc) continue;
      if (q.vpcId !== undefined && table.vpcId !== q.vpcId) continue;
      if (q.routerId !== undefined && table.vRouterId !== q.routerId) continue;
      if (q.name !== undefined && table.name !== q.name) continue;
      if (q.type !== undefined && (table.main ? 'System' : 'Custom') !== q.type) continue;
      const inVpc = vSwitches.filter((s) => s.vpcId === table.vpcId);
      const held = table.main
        ? inVpc.filter((s) => !allTables.some((o) => !o.main && o.vSwitchIds.includes(s.vSwitchId)))
        : inVpc.filter((s) => table.vSwitchIds.includes(s.vSwitchId));
      const entries = routeEntriesOf(table, recordOf(vpc), inVpc);
      const blackholeEntryIds = q.withRouteStates
        ? table.entries.filter((e) => e.nextHopType === 'NatGateway' && !working.has(e.nextHopId)).map((e) => e.routeEntryId)
        : [];
      const view = { table, vpc: recordOf(vpc), vSwitchIds: held.map((s) => s.vSwitchId), entries, blackholeEntryIds };
      if (q.matches && !q.matches(view)) continue;
      items.push(view);
    }
    const found = tables.map((t) => t.routeTableId);
    return { items, missing: (q.ids ?? []).filter((id) => !found.includes(id)), now: ctx.now };
  },
});
