import { findRegion } from '../domain/catalogue/regions';
import {
  defaultRouteTableId,
  defaultVpcId,
  derivedDefaultRouteTable,
  derivedDefaultVpc,
  derivedDefaultVSwitch,
  zoneOfDefaultVSwitch,
  type RouteTableRecord,
  type VpcRecord,
  type VSwitchRecord,
} from '../domain/vpc';
import { stripKeys } from './instances';
import { Keys } from './keys';
import type { Key, StateStore, Stored, UnitOfWork } from './state-store';

/**
 * Persistence of the network model: one partition per account, region and type (`vpc`,
 * `vswitch`, `route-table`), one item per resource. The default VPC, its vSwitches and its
 * route table are derived until first written: a loader returns the derived record with
 * version 0, and `saveNetworkItem` creates the item instead of replacing it. A deleted default
 * leaves a tombstone (`deleted: true`) so that it stays deleted.
 *
 * Listing is one Query per partition (bounded by the quotas); vSwitches of one VPC are a
 * FilterExpression on that Query (never a Scan).
 */
export const VPC = 'vpc';
export const VSWITCH = 'vswitch';
export const ROUTE_TABLE = 'route-table';

export const vpcKey = (a: string, r: string, id: string): Key => Keys.resource(a, r, VPC, id);
export const vSwitchKey = (a: string, r: string, id: string): Key => Keys.resource(a, r, VSWITCH, id);
export const routeTableKey = (a: string, r: string, id: string): Key => Keys.resource(a, r, ROUTE_TABLE, id);

const derived = <T extends object>(key: Key, record: T): Stored<T> => ({ ...record, ...key, version: 0 });
const live = <T extends { deleted?: boolean }>(item: Stored<T> | undefined): Stored<T> | undefined => (item?.deleted ? undefined : item);

export async function loadVpc(store: StateStore, accountId: string, regionId: string, vpcId: string): Promise<Stored<VpcRecord> | undefined> {
  const key = vpcKey(accountId, regionId, vpcId);
  const item = await store.get<VpcRecord>(key);
  if (item) return live(item);
  return vpcId === defaultVpcId(accountId, regionId) ? derived(key, derivedDefaultVpc(accountId, regionId)) : undefined;
}

export async function loadVSwitch(store: StateStore, accountId: string, regionId: string, vSwitchId: string): Promise<Stored<VSwitchRecord> | undefined> {
  const key = vSwitchKey(accountId, regionId, vSwitchId);
  const item = await store.get<VSwitchRecord>(key);
  if (item) return live(item);
  const zone = zoneOfDefaultVSwitch(accountId, regionId, vSwitchId);
  if (!zone) return undefined;
  // The derived default vSwitches go with a deleted default VPC.
  if (!(await loadVpc(store, accountId, regionId, defaultVpcId(accountId, regionId)))) return undefined;
  return derived(key, derivedDefaultVSwitch(accountId, regionId, zone));
}

export async function loadRouteTable(
  store: StateStore,
  accountId: string,
  regionId: string,
  routeTableId: string,
): Promise<Stored<RouteTableRecord> | undefined> {
  const key = routeTableKey(accountId, regionId, routeTableId);
  const item = await store.get<RouteTableRecord>(key);
  if (item) return live(item);
  if (routeTableId !== defaultRouteTableId(accountId, regionId)) return undefined;
  if (!(await loadVpc(store, accountId, regionId, defaultVpcId(accountId, regionId)))) return undefined;
  return derived(key, derivedDefaultRouteTable(accountId, regionId));
}

/** The named VPCs (one BatchGet; the derived default when named and not deleted; unknown ids left out), in id order. */
export async function loadVpcs(store: StateStore, accountId: string, regionId: string, ids: readonly string[]): Promise<Stored<VpcRecord>[]> {
  const wanted = [...new Set(ids)];
  const items = await store.getMany<VpcRecord>(wanted.map((id) => vpcKey(accountId, regionId, id)));
  const defaultId = defaultVpcId(accountId, regionId);
  const all =
    wanted.includes(defaultId) && !items.some((v) => v.vpcId === defaultId)
      ? [...items, derived(vpcKey(accountId, regionId, defaultId), derivedDefaultVpc(accountId, regionId))]
      : items;
  return all.filter((v) => !v.deleted).sort((a, b) => a.vpcId.localeCompare(b.vpcId));
}

/** The named vSwitches (one BatchGet, plus the default VPC for derived default vSwitches), in id order. */
export async function loadVSwitches(store: StateStore, accountId: string, regionId: string, ids: readonly string[]): Promise<Stored<VSwitchRecord>[]> {
  const wanted = [...new Set(ids)];
  const items = await store.getMany<VSwitchRecord>(wanted.map((id) => vSwitchKey(accountId, regionId, id)));
  const derivedZones = wanted
    .filter((id) => !items.some((v) => v.vSwitchId === id))
    .map((id) => zoneOfDefaultVSwitch(accountId, regionId, id))
    .filter((z): z is string => z !== undefined);
  const all = [...items];
  // The derived default vSwitches go with a deleted default VPC.
  if (derivedZones.length && (await loadVpc(store, accountId, regionId, defaultVpcId(accountId, regionId)))) {
    for (const z of derivedZones) {
      const d = derivedDefaultVSwitch(accountId, regionId, z);
      all.push(derived(vSwitchKey(accountId, regionId, d.vSwitchId), d));
    }
  }
  return all.filter((v) => !v.deleted).sort((a, b) => a.vSwitchId.localeCompare(b.vSwitchId));
}

/** The named route tables (one BatchGet; the default VPC's derived table while that VPC lives), in id order. */
export async function loadRouteTables(store: StateStore, accountId: string, regionId: string, ids: readonly string[]): Promise<Stored<RouteTableRecord>[]> {
  const wanted = [...new Set(ids)];
  const items = await store.getMany<RouteTableRecord>(wanted.map((id) => routeTableKey(accountId, regionId, id)));
  const all = [...items];
  const d = defaultRouteTableId(accountId, regionId);
  if (wanted.includes(d) && !items.some((t) => t.routeTableId === d) && (await loadVpc(store, accountId, regionId, defaultVpcId(accountId, regionId)))) {
    all.push(derived(routeTableKey(accountId, regionId, d), derivedDefaultRouteTable(accountId, regionId)));
  }
  return all.filter((t) => !t.deleted).sort((a, b) => a.routeTableId.localeCompare(b.routeTableId));
}

/** Every VPC of the account in the region, the derived default included (id order). */
export async function listVpcs(store: StateStore, accountId: string, regionId: string): Promise<Stored<VpcRecord>[]> {
  const items = await store.queryAll<VpcRecord>({ pk: Keys.resourcePartition(accountId, regionId, VPC) });
  const defaultId = defaultVpcId(accountId, regionId);
  const all = items.some((v) => v.vpcId === defaultId)
    ? items
    : [...items, derived(vpcKey(accountId, regionId, defaultId), derivedDefaultVpc(accountId, regionId))];
  return all.filter((v) => !v.deleted).sort((a, b) => a.vpcId.localeCompare(b.vpcId));
}

/** Every vSwitch of the region (or of one VPC), the derived defaults included while the default VPC lives. */
export async function listVSwitches(store: StateStore, accountId: string, regionId: string, vpcId?: string): Promise<Stored<VSwitchRecord>[]> {
  const items = await store.queryAll<VSwitchRecord>({
    pk: Keys.resourcePartition(accountId, regionId, VSWITCH),
    ...(vpcId ? { filter: { expression: '#vpc = :vpc', names: { '#vpc': 'vpcId' }, values: { ':vpc': vpcId } } } : {}),
  });
  const all = [...items];
  const defaultId = defaultVpcId(accountId, regionId);
  if (vpcId === undefined || vpcId === defaultId) {
    if (await loadVpc(store, accountId, regionId, defaultId)) {
      for (const z of findRegion(regionId)?.zones ?? []) {
        const d = derivedDefaultVSwitch(accountId, regionId, z.zoneId);
        if (!items.some((v) => v.vSwitchId === d.vSwitchId)) all.push(derived(vSwitchKey(accountId, regionId, d.vSwitchId), d));
      }
    }
  }
  return all.filter((v) => !v.deleted).sort((a, b) => a.vSwitchId.localeCompare(b.vSwitchId));
}

export async function listRouteTables(store: StateStore, accountId: string, regionId: string): Promise<Stored<RouteTableRecord>[]> {
  const items = await store.queryAll<RouteTableRecord>({ pk: Keys.resourcePartition(accountId, regionId, ROUTE_TABLE) });
  const all = [...items];
  const d = defaultRouteTableId(accountId, regionId);
  if (!items.some((t) => t.routeTableId === d) && (await loadVpc(store, accountId, regionId, defaultVpcId(accountId, regionId)))) {
    all.push(derived(routeTableKey(accountId, regionId, d), derivedDefaultRouteTable(accountId, regionId)));
  }
  return all.filter((t) => !t.deleted).sort((a, b) => a.routeTableId.localeCompare(b.routeTableId));
}

/** Create or replace: a derived default (version 0) becomes a stored item on its first write. */
export function saveNetworkItem<T extends object>(tx: UnitOfWork, stored: Stored<T>, next: T): void {
  const clean = stripKeys(next);
  if (stored.version === 0) tx.create({ pk: stored.pk, sk: stored.sk }, clean);
  else tx.replace(stored, clean);
}

/** Delete: a stored item goes, a derived default is tombstoned. */
export function deleteNetworkItem<T extends { deleted?: boolean }>(tx: UnitOfWork, stored: Stored<T>, isDefault: boolean): void {
  if (isDefault) saveNetworkItem(tx, stored, { ...stripKeys(stored), deleted: true });
  else tx.remove(stored);
}

export const recordOf = <T extends object>(stored: Stored<T>): T => stripKeys(stored);
