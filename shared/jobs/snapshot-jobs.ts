import { slotsBetween, type AutoSnapshotPolicyRecord } from '../domain/auto-snapshot-policy';
import { autoSnapshotEligible, settleDisk, type DiskRecord } from '../domain/disk';
import {
  automaticallyDeletable,
  planCopy,
  RETENTION_DUE_KIND,
  retentionUntil,
  slotOverrun,
  slotTaken,
  snapshotTiming,
  type SnapshotRecord,
} from '../domain/snapshot';
import { storage } from '../platform/config';
import { newResourceId } from '../platform/ids';
import { AUTO_SNAPSHOT_DUE_KIND, loadPolicy, policyTimerKey, schedulePolicy, type PolicyTimerItem } from '../store/auto-snapshot-policies';
import { disksWithPolicy } from '../store/disks';
import { diskKey, stripKeys } from '../store/instances';
import { addSnapshot, removeSnapshots, snapshotKey, snapshotsPerDisk } from '../store/snapshots';
import { WriteConflict, type StateStore, type Stored } from '../store/state-store';
import type { JobReport, ScheduledJob } from './job';

/**
 * The snapshot jobs.
 *
 * autoSnapshot: each policy has one timer in the byDue index at its next
 * slot (UTC+8 hour × weekday). A due timer's policy takes the automatic
 * snapshot of every disk it is applied to, for every slot that passed since
 * (at most the per-disk limit of them, and none already expired), then moves
 * the timer to the next slot. A slot is skipped for a disk whose previous
 * snapshot is still being copied (guide L1974), that is an unused basic disk
 * (guide L2013), or that got the policy after the slot. One transaction per
 * disk and slot (the snapshot, the disk's ledger, any eviction), so a run
 * stopped half-way is finished by the next with no double snapshot (a slot
 * already in the ledger is not taken again).
 *
 * snapshotRetention: a snapshot with a retention is its own timer; when due
 * it is deleted with its ledger entry, unless an image uses it.
 */
const CONCURRENCY = 8;
const PAGE = 100;
const DAY_MS = 86_400_000;

async function runPool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(workers);
}

/** `auto_<yyyyMMdd>_<HH>` in UTC+8, like the names the cloud gives automatic snapshots. */
function autoName(slot: Date): string {
  const local = new Date(slot.getTime() + 8 * 3_600_000).toISOString();
  return `auto_${local.slice(0, 10).replace(/-/g, '')}_${local.slice(11, 13)}`;
}

type SlotOutcome = 'taken' | 'skipped' | 'overrun' | 'full' | 'gone';

/** One automatic snapshot of one disk for one slot, in its own transaction (retried on a conflict). */
async function takeSlot(
  store: StateStore,
  diskId: string,
  policy: AutoSnapshotPolicyRecord,
  slot: Date,
  now: Date,
  limit: number,
  first: Stored<DiskRecord> | undefined,
): Promise<SlotOutcome> {
  let stored = first;
  for (let attempt = 1; attempt <= 5; attempt++) {
    stored ??= await store.get<DiskRecord>(diskKey({ accountId: policy.accountId, regionId: policy.regionId, diskId }));
    if (!stored) return 'gone';
    const disk = settleDisk(stripKeys(stored), now);
    if (disk.autoSnapshotPolicyId !== policy.autoSnapshotPolicyId || !disk.enableAutoSnapshot) return 'gone';
    const slotMs = slot.getTime();
    if (disk.autoSnapshotPolicyAppliedAt && Date.parse(disk.autoSnapshotPolicyAppliedAt) > slotMs) return 'skipped';
    if (Date.parse(disk.creationTime) > slotMs || !autoSnapshotEligible(disk) || slotTaken(disk, slot)) return 'skipped';
    if (slotOverrun(disk, slot)) return 'overrun';
    const creationTime = slot.toISOString();
    const snapshot: SnapshotRecord = {
      snapshotId: newResourceId('s', disk.regionId),
      accountId: disk.accountId,
      regionId: disk.regionId,
      snapshotName: autoName(slot),
      description: '',
      type: 'auto',
      autoSnapshotPolicyId: policy.autoSnapshotPolicyId,
      sourceDiskId: disk.diskId,
      sourceDiskType: disk.type,
      sourceDiskSizeGiB: disk.sizeGiB,
      sourceDiskCategory: disk.category,
      sourceInstanceId: disk.instanceId,
      encrypted: disk.encrypted,
      category: 'Standard',
      creationTime,
      ...planCopy(disk, slot, 'auto', snapshotTiming()),
      retentionDays: policy.retentionDays,
      retentionUntil: retentionUntil(creationTime, policy.retentionDays),
      usedByImageIds: [],
      usedByDisks: false,
      tags: [],
    };
    const tx = store.unitOfWork(now);
    const added = await addSnapshot(store, tx, stored, disk, snapshot, limit, now);
    if ('noRoom' in added) return 'full';
    try {
      await tx.commit();
      return 'taken';
    } catch (e) {
      if (!(e instanceof WriteConflict)) throw e;
      stored = undefined; // changed meanwhile: read it again
    }
  }
  return 'skipped';
}

async function runPolicy(store: StateStore, timer: Stored<PolicyTimerItem>, now: Date, report: JobReport): Promise<void> {
  const { accountId, regionId, autoSnapshotPolicyId } = timer.target;
  const stored = await loadPolicy(store, accountId, regionId, autoSnapshotPolicyId);
  if (!stored) {
    const tx = store.unitOfWork(now);
    tx.removeIfPresent(policyTimerKey(autoSnapshotPolicyId));
    await tx.commit();
    return;
  }
  const policy = stripKeys(stored);
  // Slots from the timer's on; none whose snapshot would already have expired; at most the per-disk limit.
  let after = Date.parse(timer.slot) - 1;
  if (policy.retentionDays > 0) after = Math.max(after, now.getTime() - policy.retentionDays * DAY_MS);
  const slots = slotsBetween(policy, new Date(after), now, storage.snapshotsPerDisk);
  if (slots.length > 0) {
    const [disks, limit] = await Promise.all([
      disksWithPolicy(store, accountId, regionId, autoSnapshotPolicyId),
      snapshotsPerDisk(store, accountId),
    ]);
    const counts: Record<SlotOutcome, number> = { taken: 0, skipped: 0, overrun: 0, full: 0, gone: 0 };
    await runPool(disks, CONCURRENCY, async (disk) => {
      let first: Stored<DiskRecord> | undefined = disk;
      for (const slot of slots) {
        const outcome = await takeSlot(store, disk.diskId, policy, slot, now, limit, first);
        first = undefined;
        counts[outcome]++;
        if (outcome === 'gone') break;
      }
    });
    report.Processed += counts.taken;
    if (report.Details.length < 200) {
      const extra = [
        counts.overrun ? `${counts.overrun} skipped (previous snapshot still running)` : '',
        counts.full ? `${counts.full} skipped (snapshot limit, nothing to evict)` : '',
      ].filter(Boolean);
      report.Details.push(
        `${autoSnapshotPolicyId}: ${counts.taken} automatic snapshot(s) of ${disks.length} disk(s) for ${slots.length} slot(s)${extra.length ? `; ${extra.join('; ')}` : ''}`,
      );
    }
  }
  const tx = store.unitOfWork(now);
  schedulePolicy(tx, policy, now);
  await tx.commit();
}

async function runAutoSnapshot(store: StateStore, now: Date): Promise<JobReport> {
  const report: JobReport = { Name: 'autoSnapshot', Processed: 0, Details: [] };
  const seen = new Set<string>();
  for (;;) {
    const page = await store.queryDue<PolicyTimerItem>(AUTO_SNAPSHOT_DUE_KIND, now.toISOString(), PAGE);
    const todo = page.items.filter((t) => !seen.has(t.dueAt));
    if (todo.length === 0) break;
    todo.forEach((t) => seen.add(t.dueAt));
    for (const timer of todo) await runPolicy(store, timer, now, report);
  }
  return report;
}

async function runRetention(store: StateStore, now: Date): Promise<JobReport> {
  const report: JobReport = { Name: 'snapshotRetention', Processed: 0, Details: [] };
  const seen = new Set<string>();
  for (;;) {
    const page = await store.queryDue<SnapshotRecord>(RETENTION_DUE_KIND, now.toISOString(), PAGE);
    const todo = page.items.filter((s) => !seen.has(s.dueAt!));
    if (todo.length === 0) break;
    todo.forEach((s) => seen.add(s.dueAt!));
    await runPool(todo, CONCURRENCY, async (indexed) => {
      // The index is eventually consistent: decide on the item itself.
      const snapshot = await store.get<SnapshotRecord>(snapshotKey(indexed));
      if (!snapshot?.retentionUntil || Date.parse(snapshot.retentionUntil) > now.getTime()) return;
      if (!automaticallyDeletable(snapshot)) return; // an image uses it: it stays until the image goes
      const disk = await store.get<DiskRecord>(diskKey({ accountId: snapshot.accountId, regionId: snapshot.regionId, diskId: snapshot.sourceDiskId }));
      const tx = store.unitOfWork(now);
      removeSnapshots(tx, [snapshot], disk && { stored: disk, current: stripKeys(disk) });
      try {
        await tx.commit();
      } catch (e) {
        if (e instanceof WriteConflict) return; // changed meanwhile; the next run looks again
        throw e;
      }
      report.Processed++;
      if (report.Details.length < 200) {
        report.Details.push(`deleted ${snapshot.snapshotId} (${snapshot.type === 'auto' ? 'automatic' : 'manual'}, retention ${snapshot.retentionDays} day(s))`);
      }
    });
  }
  return report;
}

export const autoSnapshotJob: ScheduledJob = {
  name: 'autoSnapshot',
  rate: 'rate(1 minute)',
  run: (store, now) => runAutoSnapshot(store, now),
};

export const snapshotRetentionJob: ScheduledJob = {
  name: 'snapshotRetention',
  rate: 'rate(1 minute)',
  run: (store, now) => runRetention(store, now),
};
