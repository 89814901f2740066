import { ALL_REGIONS } from '../domain/catalogue/regions';
import type { EipRecord } from '../domain/eip';
import { Keys } from './keys';
import { stripKeys } from './instances';
import type { Key, StateStore, Stored, UnitOfWork } from './state-store';

/**
 * Persistence of EIPs: one item per EIP (`RES#<account>#<region>#eip` / `<allocation id>`). The
 * association is recorded on both sides, the EIP (`instanceId`, `status`) and the instance
 * (`eip`), and both are written in one transaction whenever it changes.
 */
export const EIP = 'eip';

export const eipKey = (accountId: string, regionId: string, allocationId: string): Key => Keys.resource(accountId, regionId, EIP, allocationId);

export function loadEip(store: StateStore, accountId: string, regionId: string, allocationId: string): Promise<Stored<EipRecord> | undefined> {
  return store.get<EipRecord>(eipKey(accountId, regionId, allocationId));
}

/** Actions whose RegionId is optional look in every region at once: one BatchGetItem. */
export async function findEip(
  store: StateStore,
  accountId: string,
  regionId: string | undefined,
  allocationId: string,
): Promise<Stored<EipRecord> | undefined> {
  if (regionId !== undefined) return loadEip(store, accountId, regionId, allocationId);
  const found = await store.getMany<EipRecord>(ALL_REGIONS.map((r) => eipKey(accountId, r.regionId, allocationId)));
  return found[0];
}

/** Every EIP of an account in a region, in allocation-id order (one Query; bounded by the quota). */
export function listEips(store: StateStore, accountId: string, regionId: string): Promise<Stored<EipRecord>[]> {
  return store.queryAll<EipRecord>({ pk: Keys.resourcePartition(accountId, regionId, EIP) });
}

export function createEip(tx: UnitOfWork, eip: EipRecord): void {
  tx.create(eipKey(eip.accountId, eip.regionId, eip.allocationId), eip);
}

export function saveEip(tx: UnitOfWork, stored: Stored<EipRecord>, next: EipRecord): void {
  tx.replace(stored, stripKeys(next));
}
