import type { Key, StateStore, Stored } from './state-store';

/**
 * A release record (shared/store/instances.ts `releaseInstance`) is written in
 * the release's own transaction with `dueKind = releaseEffects`: it is the
 * outbox of what must follow the release exactly once (the Instance.Released
 * event, the ledger closes of the instance and its disks, the webhook). Whoever
 * applies it (the stream handler, or the `releaseEffects` job when the stream
 * lost it in a crash) clears the two attributes afterwards; applying it twice
 * changes nothing (docs/atomicity.md), so clearing last is safe.
 */
export const RELEASE_EFFECTS_KIND = 'releaseEffects';

export function releaseOutboxFields(releasedAt: string, instanceId: string, wallClockMs: number) {
  return { dueKind: RELEASE_EFFECTS_KIND, dueAt: `${releasedAt}#${instanceId}`, outboxWrittenMs: wallClockMs };
}

export interface OutboxItem {
  outboxWrittenMs?: number;
}

export function dueReleaseRecords<T>(store: StateStore, now: Date, limit: number): Promise<{ items: Stored<T & OutboxItem>[] }> {
  return store.queryDue<T & OutboxItem>(RELEASE_EFFECTS_KIND, now.toISOString(), limit);
}

/** The record's effects are applied: it leaves the outbox (a record already gone or cleared is fine). */
export async function markReleaseEffectsApplied(store: StateStore, key: Key): Promise<void> {
  await store.removeAttributesIf(key, ['dueKind', 'dueAt', 'outboxWrittenMs'], { attribute: 'dueKind', equals: RELEASE_EFFECTS_KIND });
}
