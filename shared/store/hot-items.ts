import { Keys } from './keys';
import type { Key, StateStore, Stored } from './state-store';

/**
 * A one-second cache of the items every request reads: the sandbox clock and the caller's
 * access key (README "Beyond one machine": each is one hot item, read by every call). A hit
 * saves a round trip on the request path; a deployed Lambda container may answer from a copy
 * up to a second old (an advanced clock or a revoked key reaches it at most a second later).
 *
 * Scope: the process, not the bundle. Locally every handler runs in one Node process
 * (serverless-offline `useInProcess`), each from its own bundle with its own module copies;
 * keeping the cache on `globalThis` lets the bundle that writes an item (AdvanceSandboxClock,
 * DeleteAccessKey, a policy change) drop the copy the others read, so one sandbox never serves a
 * stale clock or key. Every unit of work drops the copies of the items it writes
 * (dynamo-state-store.ts), whole-table work drops them all (bulk-state.ts).
 *
 * Only found items are kept: a key created a moment ago is never hidden by a cached miss.
 * Only the DynamoDB store caches (its `hotItemScope`); the in-memory store of the unit tests
 * reads through, so no test depends on this cache.
 */
export const HOT_ITEM_TTL_MS = 1_000;
/** Bounded: a flood of distinct access keys must not grow the container's memory without end. */
const MAX_ENTRIES = 10_000;

interface Entry {
  item: unknown;
  until: number;
}
interface HotItems {
  entries: Map<string, Entry>;
  /** Bumped by every drop: a read that started before a write must not store what it read. */
  generation: number;
}

const GLOBAL = Symbol.for('compute-sandbox.hot-items');

function hotItems(): HotItems {
  const g = globalThis as unknown as Record<symbol, HotItems | undefined>;
  return (g[GLOBAL] ??= { entries: new Map(), generation: 0 });
}

const entryId = (scope: string, key: Key) => `${scope}\u0000${key.pk}\u0000${key.sk}`;

const CLOCK = Keys.clock();
const ACCESS_KEY_SK = Keys.accessKey('-').sk;
const ACCESS_KEY_PK_PREFIX = Keys.accessKey('').pk;
/** The items that may be cached: the clock and access keys (writes of anything else drop nothing). */
const isHotKey = (key: Key): boolean => (key.pk === CLOCK.pk && key.sk === CLOCK.sk) || (key.sk === ACCESS_KEY_SK && key.pk.startsWith(ACCESS_KEY_PK_PREFIX));

/** A store that may be cached names its scope (its table on its DynamoDB); the others read through. */
export interface HotItemScope {
  readonly hotItemScope?: string;
}

/** The item at `key`, from a copy at most HOT_ITEM_TTL_MS old when there is one (consistent read otherwise). */
export async function readHotItem<T>(store: StateStore & HotItemScope, key: Key): Promise<Stored<T> | undefined> {
  const scope = store.hotItemScope;
  if (scope === undefined || !isHotKey(key)) return store.get<T>(key);
  const cache = hotItems();
  const id = entryId(scope, key);
  const hit = cache.entries.get(id);
  const now = Date.now();
  if (hit && hit.until > now) return hit.item as Stored<T>;
  const generation = cache.generation;
  const item = await store.get<T>(key);
  if (item !== undefined && cache.generation === generation) {
    if (cache.entries.size >= MAX_ENTRIES) cache.entries.clear();
    cache.entries.set(id, { item, until: now + HOT_ITEM_TTL_MS });
  }
  return item;
}

/** Drops the copies of these items (called with the keys of every unit of work, before and after it commits). */
export function dropHotItems(scope: string, keys: Iterable<Key>): void {
  const cache = hotItems();
  for (const key of keys) {
    if (!isHotKey(key)) continue;
    cache.generation++;
    cache.entries.delete(entryId(scope, key));
  }
}

/** Drops every copy (whole-table work: reset, import, batch recovery). */
export function dropAllHotItems(): void {
  const cache = hotItems();
  cache.generation++;
  cache.entries.clear();
}
