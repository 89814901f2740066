import { Keys } from './keys';
import { RELEASED_INSTANCE, RELEASED_INSTANCE_BY_TIME, type ReleaseRecord } from './instances';
import type { StateStore } from './state-store';

/**
 * Read-only access to the release records `releaseInstance` keeps for 30 days. The EC2 dialect
 * shows a released instance as `terminated` (code 48) for a while, as EC2 does (about an hour),
 * and answers a repeated TerminateInstances for it; the ECS dialect never shows it again.
 */
export async function releasedInstancesSince(store: StateStore, accountId: string, regionId: string, since: Date): Promise<ReleaseRecord[]> {
  if (!accountId) return [];
  // The key condition takes only the records released at or after `since` (sk `<releasedAt>#<id>`
  // sorts by time; `skAfter` is inclusive): the read is bounded by the hour, not by the 30 days
  // of records. Release records written before this copy existed are not read here: they only
  // showed for an hour, so at most the hour after the upgrade misses them (docs/performance.md).
  const copies = await store.queryAll<ReleaseRecord>({
    pk: Keys.resourcePartition(accountId, regionId, RELEASED_INSTANCE_BY_TIME),
    skAfter: since.toISOString(),
  });
  // In id order, as the by-id partition answered; one record per instance.
  const byId = new Map(copies.map((c) => [c.instanceId, c] as const));
  return [...byId.values()].sort((a, b) => (a.instanceId < b.instanceId ? -1 : a.instanceId > b.instanceId ? 1 : 0));
}

export async function releasedInstancesById(store: StateStore, accountId: string, regionId: string, ids: readonly string[]): Promise<ReleaseRecord[]> {
  const keys = ids.filter((id) => id !== '').map((id) => Keys.resource(accountId, regionId, RELEASED_INSTANCE, id));
  if (!accountId || keys.length === 0) return [];
  return store.getMany<ReleaseRecord>(keys);
}
