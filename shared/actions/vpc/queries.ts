import { matchesTagFilter, type TagFilter } from '../../domain/tags';
import type { VpcRecord, VSwitchRecord } from '../../domain/vpc';
import { listRouteTables, listVpcs, listVSwitches, loadVpcs, loadVSwitches, recordOf } from '../../store/vpcs';
import { accountOf } from '../action';
import { requireRegion } from '../instances/common';
import { defineOperation } from '../operation';

/**
 * The network reads as typed queries (docs/operations.md): DescribeVpcs and DescribeVSwitches
 * (their ECS codecs: ./vpcs.ts, ./vswitches.ts) and EC2's DescribeVpcs, DescribeVpcAttribute and
 * DescribeSubnets. Named ids are one BatchGet; otherwise one Query of the account-region's VPC or
 * vSwitch partition (bounded by the Vpcs and VSwitchesPerVpc quotas), never a Scan. Filters are
 * fields of the query or, for a dialect's own filter names, one `matches` predicate; both are
 * applied before paging, so a page is full.
 */

/** NextToken-style paging: at most `limit` items after `afterId` (every item when no limit). */
export interface IdPaging {
  limit?: number;
  afterId?: string;
}

interface Paged<T> {
  items: T[];
  /** The id the next page continues after; undefined on the last page. */
  nextAfterId?: string;
}

function pageAfter<T>(sorted: T[], idOf: (t: T) => string, paging: IdPaging | undefined): Paged<T> {
  const after = paging?.afterId;
  const next = after === undefined ? 0 : sorted.findIndex((t) => idOf(t) > after);
  const from = next < 0 ? sorted.length : next;
  if (paging?.limit === undefined) return { items: sorted.slice(from) };
  const items = sorted.slice(from, from + paging.limit);
  return from + paging.limit < sorted.length ? { items, nextAfterId: idOf(items[items.length - 1]!) } : { items };
}

const missingOf = (ids: readonly string[] | undefined, found: readonly string[]) => (ids ?? []).filter((id) => !found.includes(id));

export interface VpcQuery {
  regionId: string;
  /** Only these VPCs (one BatchGet); the unknown ones come back in `missing`. */
  ids?: readonly string[];
  name?: string;
  isDefault?: boolean;
  dhcpOptionsId?: string;
  /** The owner asked for: another account's id finds nothing (VPCs are not shared here). */
  ownerId?: string;
  /** No VPC has IPv6 here: `true` finds none. */
  ipv6?: boolean;
  tags?: readonly TagFilter[];
  /** A dialect's filters with no field above (EC2 `Filter.N`), on the VPC as it is at `now`. */
  matches?: (vpc: VpcRecord, now: Date) => boolean;
  paging?: IdPaging;
  /** Also the ids of each listed VPC's vSwitches (the VPC API's `VSwitchIds`): one more Query. */
  withVSwitchIds?: boolean;
}

export interface VpcPage extends Paged<VpcRecord> {
  missing: string[];
  /** Per listed VPC, its vSwitch ids (filled when `withVSwitchIds`). */
  vSwitchIds: Record<string, string[]>;
  now: Date;
}

/** DescribeVpcs (https://www.alibabacloud.com/help/en/vpc/developer-reference/api-vpc-2016-04-28-describevpcs): filters combine with AND. */
export const describeVpcs = defineOperation<VpcQuery, VpcPage>({
  name: 'DescribeVpcs',
  run: async (q, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(q.regionId);
    const found = (q.ids ? await loadVpcs(ctx.store, accountId, regionId, q.ids) : await listVpcs(ctx.store, accountId, regionId)).map(recordOf);
    const chosen = found.filter(
      (v) =>
        (q.name === undefined || v.vpcName === q.name) &&
        (q.isDefault === undefined || v.isDefault === q.isDefault) &&
        (q.ownerId === undefined || q.ownerId === accountId) &&
        (q.dhcpOptionsId === undefined || v.dhcpOptionsId === q.dhcpOptionsId) &&
        (q.ipv6 === undefined || q.ipv6 === false) &&
        matchesTagFilter(v.tags, q.tags) &&
        (q.matches === undefined || q.matches(v, ctx.now)),
    );
    const page = pageAfter(chosen, (v) => v.vpcId, q.paging);
    const vSwitchIds: Record<string, string[]> = {};
    if (q.withVSwitchIds && page.items.length) {
      const vSwitches = await listVSwitches(ctx.store, accountId, regionId);
      for (const v of page.items) vSwitchIds[v.vpcId] = vSwitches.filter((s) => s.vpcId === v.vpcId).map((s) => s.vSwitchId);
    }
    return {
      ...page,
      missing: missingOf(
        q.ids,
        found.map((v) => v.vpcId),
      ),
      vSwitchIds,
      now: ctx.now,
    };
  },
});

export interface RouteTableOfVSwitch {
  id: string;
  type: 'System' | 'Custom';
}

export interface VSwitchQuery {
  regionId: string;
  /** Only these vSwitches (one BatchGet); the unknown ones come back in `missing`. */
  ids?: readonly string[];
  vpcId?: string;
  zoneId?: string;
  name?: string;
  isDefault?: boolean;
  /** vSwitches whose route table (custom, else their VPC's system table) is this one. */
  routeTableId?: string;
  ownerId?: string;
  ipv6?: boolean;
  tags?: readonly TagFilter[];
  matches?: (vSwitch: VSwitchRecord, now: Date) => boolean;
  paging?: IdPaging;
  /** Also each listed vSwitch's route table (the VPC API's `RouteTable`): one more Query. */
  withRouteTables?: boolean;
}

export interface VSwitchPage extends Paged<VSwitchRecord> {
  missing: string[];
  /** Per listed vSwitch, its route table (filled when `withRouteTables`). */
  routeTables: Record<string, RouteTableOfVSwitch>;
  now: Date;
}

/** DescribeVSwitches (https://www.alibabacloud.com/help/en/vpc/developer-reference/api-vpc-2016-04-28-describevswitches): filters combine with AND. */
export const describeVSwitches = defineOperation<VSwitchQuery, VSwitchPage>({
  name: 'DescribeVSwitches',
  run: async (q, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(q.regionId);
    const found = (q.ids ? await loadVSwitches(ctx.store, accountId, regionId, q.ids) : await listVSwitches(ctx.store, accountId, regionId, q.vpcId)).map(
      recordOf,
    );
    const tables = q.withRouteTables || q.routeTableId !== undefined ? await listRouteTables(ctx.store, accountId, regionId) : [];
    const tableOf = (s: VSwitchRecord): RouteTableOfVSwitch => {
      const custom = tables.find((t) => !t.main && t.vSwitchIds.includes(s.vSwitchId));
      if (custom) return { id: custom.routeTableId, type: 'Custom' };
      const main = tables.find((t) => t.main && t.vpcId === s.vpcId);
      return { id: main?.routeTableId ?? '', type: 'System' };
    };
    const chosen = found.filter(
      (s) =>
        (q.vpcId === undefined || s.vpcId === q.vpcId) &&
        (q.zoneId === undefined || s.zoneId === q.zoneId) &&
        (q.name === undefined || s.vSwitchName === q.name) &&
        (q.isDefault === undefined || s.isDefault === q.isDefault) &&
        (q.routeTableId === undefined || tableOf(s).id === q.routeTableId) &&
        (q.ownerId === undefined || q.ownerId === accountId) &&
        (q.ipv6 === undefined || q.ipv6 === false) &&
        matchesTagFilter(s.tags, q.tags) &&
        (q.matches === undefined || q.matches(s, ctx.now)),
    );
    const page = pageAfter(chosen, (s) => s.vSwitchId, q.paging);
    const routeTables: Record<string, RouteTableOfVSwitch> = {};
    if (q.withRouteTables) for (const s of page.items) routeTables[s.vSwitchId] = tableOf(s);
    return {
      ...page,
      missing: missingOf(
        q.ids,
        found.map((s) => s.vSwitchId),
      ),
      routeTables,
      now: ctx.now,
    };
  },
});
