import { ALL_REGIONS } from '../domain/catalogue/regions';
import type { DiskRecord } from '../domain/disk';
import {
  automaticallyDeletable,
  evictionPlan,
  isExpired,
  ledgerEntryOf,
  snapshotIndex,
  withLedgerEntry,
  withoutLedgerEntries,
  type SnapshotRecord,
} from '../domain/snapshot';
import { storage } from '../platform/config';
import { diskItem, stripKeys } from './instances';
import { Keys } from './keys';
import { pageOfPartition } from './partition-pages';
import type { Key, StateStore, Stored, UnitOfWork } from './state-store';

/**
 * Persistence of snapshots. A snapshot item lives in its account-region
 * partition; the disk it was taken from keeps a ledger of its snapshots (the
 * disk record's `snapshots`), so every write that adds or removes a snapshot
 * also rewrites that disk, in the same transaction and conditional on the
 * disk's version. A snapshot with a retention carries the byDue fields itself
 * (`dueKind = snapshotRetention`): the item is its own timer.
 */
export const SNAPSHOT = 'snapshot';

export const snapshotKey = (s: Pick<SnapshotRecord, 'accountId' | 'regionId' | 'snapshotId'>): Key =>
  Keys.resource(s.accountId, s.regionId, SNAPSHOT, s.snapshotId);

/** A snapshot of the account by id; without a region, every region is looked at in one BatchGet. */
export async function findSnapshot(
  store: StateStore,
  accountId: string,
  regionId: string | undefined,
  snapshotId: string,
): Promise<Stored<SnapshotRecord> | undefined> {
  if (regionId !== undefined) return store.get<SnapshotRecord>(Keys.resource(accountId, regionId, SNAPSHOT, snapshotId));
  const found = await store.getMany<SnapshotRecord>(ALL_REGIONS.map((r) => Keys.resource(accountId, r.regionId, SNAPSHOT, snapshotId)));
  return found[0];
}

/** A snapshot as readers see it at `now`: one whose retention ran out is gone. */
export async function findVisibleSnapshot(
  store: StateStore,
  accountId: string,
  regionId: string | undefined,
  snapshotId: string,
  now: Date,
): Promise<Stored<SnapshotRecord> | undefined> {
  const found = await findSnapshot(store, accountId, regionId, snapshotId);
  return found && !isExpired(found, now) ? found : undefined;
}

/** Snapshots by id, in the order asked, skipping unknown ids. */
export async function loadSnapshots(store: StateStore, accountId: string, regionId: string, ids: readonly string[]): Promise<Stored<SnapshotRecord>[]> {
  if (ids.length === 0) return [];
  const found = await store.getMany<SnapshotRecord>(ids.map((id) => Keys.resource(accountId, regionId, SNAPSHOT, id)));
  const byId = new Map(found.map((s) => [s.snapshotId, s]));
  return ids.map((id) => byId.get(id)).filter((s): s is Stored<SnapshotRecord> => s !== undefined);
}

export function listSnapshots(
  store: StateStore,
  accountId: string,
  regionId: string,
  opts: { now: Date; limit: number; afterId?: string; keep?: (s: SnapshotRecord) => boolean },
): Promise<{ items: SnapshotRecord[]; nextAfterId?: string }> {
  return pageOfPartition<SnapshotRecord, SnapshotRecord>(store, Keys.resourcePartition(accountId, regionId, SNAPSHOT), {
    limit: opts.limit,
    afterId: opts.afterId,
    keep: opts.keep,
    view: (raw) => (isExpired(raw, opts.now) ? undefined : stripKeys(raw)),
  });
}

/** The account's per-disk snapshot limit: the operator's override of `SnapshotsPerDisk`, else the configured default. */
export async function snapshotsPerDisk(store: StateStore, accountId: string): Promise<number> {
  const quota = await store.get<{ value: number }>(Keys.accountQuota(accountId, 'SnapshotsPerDisk'));
  return quota?.value ?? storage.snapshotsPerDisk;
}

export type AddSnapshotResult = { evicted: string[] } | { noRoom: true };

/**
 * Add `snapshot` of `disk` (read at `stored`, settled as `disk`) to the unit
 * of work: when the disk is at its limit, the oldest finished automatic
 * snapshots that no image uses are deleted first (docs/rules/ecs-user-guide.md#snapshot-quota); when none
 * can go, nothing is written and `noRoom` is returned. The disk is rewritten
 * with its new ledger (and any other change the caller made to `disk`).
 */
export async function addSnapshot(
  store: StateStore,
  tx: UnitOfWork,
  stored: Stored<DiskRecord>,
  disk: DiskRecord,
  snapshot: SnapshotRecord,
  limit: number,
  now: Date,
): Promise<AddSnapshotResult> {
  const plan = evictionPlan(disk, limit, now);
  const evicted: string[] = [];
  const removals: Stored<SnapshotRecord>[] = [];
  if (plan.needed > 0) {
    // Read a few more than needed: some candidates may be used by an image.
    for (let i = 0; i < plan.candidates.length && evicted.length < plan.needed; i += plan.needed + 4) {
      const batch = plan.candidates.slice(i, i + plan.needed + 4).map((e) => e.snapshotId);
      const found = new Map((await loadSnapshots(store, disk.accountId, disk.regionId, batch)).map((s) => [s.snapshotId, s]));
      for (const id of batch) {
        if (evicted.length === plan.needed) break;
        const s = found.get(id);
        if (s && !automaticallyDeletable(s)) continue;
        evicted.push(id); // a ledger entry without its item is dropped the same way
        if (s) removals.push(s);
      }
    }
    if (evicted.length < plan.needed) return { noRoom: true };
  }
  for (const s of removals) tx.remove(s);
  const next = withLedgerEntry(withoutLedgerEntries(disk, evicted), ledgerEntryOf(snapshot));
  tx.replace(stored, diskItem(next));
  tx.create(snapshotKey(snapshot), snapshotItem({ ...snapshot, status: 'progressing' }));
  return { evicted };
}

/** A snapshot with its byDue fields matching its completion, then its retention (snapshotIndex). */
export function snapshotItem(s: SnapshotRecord): SnapshotRecord {
  return { ...stripKeys(s), ...snapshotIndex(s) };
}

/** Replace a snapshot read at `stored` (its byDue fields follow its retention). */
export function saveSnapshot(tx: UnitOfWork, stored: Stored<SnapshotRecord>, next: SnapshotRecord): void {
  tx.replace(stored, snapshotItem(next));
}

/**
 * Delete snapshots of one disk and, when the disk still exists, drop them
 * from its ledger (`disk` is the disk as the caller wants it written).
 */
export function removeSnapshots(tx: UnitOfWork, snapshots: Stored<SnapshotRecord>[], disk?: { stored: Stored<DiskRecord>; current: DiskRecord }): void {
  for (const s of snapshots) tx.remove(s);
  if (disk) {
    tx.replace(
      disk.stored,
      diskItem(
        withoutLedgerEntries(
          disk.current,
          snapshots.map((s) => s.snapshotId),
        ),
      ),
    );
  }
}
