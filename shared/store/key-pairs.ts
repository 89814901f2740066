import type { KeyPairRecord } from '../domain/key-pair';
import { Keys } from './keys';
import { stripKeys } from './instances';
import type { Key, StateStore, Stored, UnitOfWork } from './state-store';

/**
 * Persistence of SSH key pairs. A key pair is identified by its name within an account and
 * region (`RES#<account>#<region>#key-pair` / `<name>`). Alibaba keeps only the public key; the
 * private key of CreateKeyPair is never stored.
 *
 * Beside each key pair: `boundInstances`, how many instances are bound to it, kept in the key
 * pair's own item (a launch, an attach, a detach, a release write it, conditional on its
 * version). Deleting a key pair that is still bound retires its name for good (guide
 * L3471-3475): a `key-pair-retired` item with the name, which Create/Import consult.
 */
export const KEY_PAIR = 'key-pair';
export const RETIRED_KEY_PAIR_NAME = 'key-pair-retired';

export interface KeyPairItem extends KeyPairRecord {
  boundInstances: number;
}

export interface RetiredKeyPairName {
  keyPairName: string;
  retiredAt: string;
  /** Instances that still carried the name when the key pair was deleted. */
  boundInstances: number;
}

export const keyPairKey = (accountId: string, regionId: string, name: string): Key => Keys.resource(accountId, regionId, KEY_PAIR, name);
export const retiredNameKey = (accountId: string, regionId: string, name: string): Key => Keys.resource(accountId, regionId, RETIRED_KEY_PAIR_NAME, name);

export function loadKeyPair(store: StateStore, accountId: string, regionId: string, name: string): Promise<Stored<KeyPairItem> | undefined> {
  return store.get<KeyPairItem>(keyPairKey(accountId, regionId, name));
}

export async function loadKeyPairs(
  store: StateStore,
  accountId: string,
  regionId: string,
  names: readonly string[],
): Promise<Map<string, Stored<KeyPairItem>>> {
  const unique = [...new Set(names)];
  if (unique.length === 0) return new Map();
  const found = await store.getMany<KeyPairItem>(unique.map((n) => keyPairKey(accountId, regionId, n)));
  return new Map(found.map((k) => [k.keyPairName, k]));
}

export async function isRetiredName(store: StateStore, accountId: string, regionId: string, name: string): Promise<boolean> {
  return (await store.get(retiredNameKey(accountId, regionId, name))) !== undefined;
}

/** Every key pair of an account in a region, in name order (one Query; bounded by the quota). */
export function listKeyPairs(store: StateStore, accountId: string, regionId: string): Promise<Stored<KeyPairItem>[]> {
  return store.queryAll<KeyPairItem>({ pk: Keys.resourcePartition(accountId, regionId, KEY_PAIR) });
}

export function saveKeyPair(tx: UnitOfWork, stored: Stored<KeyPairItem>, next: KeyPairItem): void {
  tx.replace(stored, stripKeys(next));
}

export const keyPairOf = (stored: Stored<KeyPairItem>): KeyPairItem => stripKeys(stored);

/** Move `delta` bound instances on each named key pair that still exists (one write per key pair). */
export async function adjustBindings(
  tx: UnitOfWork,
  store: StateStore,
  accountId: string,
  regionId: string,
  deltas: Map<string, number>,
  preloaded: Map<string, Stored<KeyPairItem>> = new Map(),
): Promise<void> {
  const names = [...deltas.keys()].filter((n) => deltas.get(n) !== 0);
  const missing = names.filter((n) => !preloaded.has(n));
  const loaded = missing.length > 0 ? await loadKeyPairs(store, accountId, regionId, missing) : new Map<string, Stored<KeyPairItem>>();
  for (const name of names) {
    const kp = preloaded.get(name) ?? loaded.get(name);
    if (!kp) continue; // deleted while bound: its name stays on the instances (docs/rules/ecs-user-guide.md#key-pairs)
    saveKeyPair(tx, kp, { ...keyPairOf(kp), boundInstances: Math.max(0, kp.boundInstances + deltas.get(name)!) });
  }
}
