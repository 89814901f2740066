import { Keys } from './keys';
import { RELEASED_INSTANCE, type ReleaseRecord } from './instances';
import type { StateStore } from './state-store';

/**
 * Read-only access to the release records `releaseInstance` keeps for 30 days. The EC2 dialect
 * shows a released instance as `terminated` (code 48) for a while, as EC2 does (about an hour),
 * and answers a repeated TerminateInstances for it; the ECS dialect never shows it again.
 */
export async function releasedInstancesSince(
  store: StateStore,
  accountId: string,
  regionId: string,
  since: Date,
): Promise<ReleaseRecord[]> {
  if (!accountId) return [];
  return store.queryAll<ReleaseRecord>({
    pk: Keys.resourcePartition(accountId, regionId, RELEASED_INSTANCE),
    filter: { expression: '#releasedAt >= :since', names: { '#releasedAt': 'releasedAt' }, values: { ':since': since.toISOString() } },
  });
}

export async function releasedInstancesById(
  store: StateStore,
  accountId: string,
  regionId: string,
  ids: readonly string[],
): Promise<ReleaseRecord[]> {
  const keys = ids.filter((id) => id !== '').map((id) => Keys.resource(accountId, regionId, RELEASED_INSTANCE, id));
  if (!accountId || keys.length === 0) return [];
  return store.getMany<ReleaseRecord>(keys);
}
