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
import { disksWithPolicy, loadDisks } from '../store/disks';
import { diskKey, stripKeys } from '../store/instances';
import { addSnapshot, removeSnapshots, snapshotKey, snapshotsPerDisk, snapshotItem } from '../store/snapshots';
import { policyCopies } from '../domain/snapshot-copy';
import { WriteConflict, type StateStore, type Stored, type UnitOfWork } from '../store/state-store';
import type { JobReport, ScheduledJob } from './job';
import { runPool } from '../platform/pool';
import { crashPoint } from '../platform/crash-points';

/**
 * The snapshot jobs.
 *
 * autoSnapshot: each policy has one timer in the byDue index at its next
 * slot (UTC+8 hour × weekday). A due timer's policy takes the automatic
 * snapshot of every disk it is applied to, for every slot that passed since
 * (at most the per-disk limit of them, and none already expired), then moves
 * the timer to the next slot. A slot is skipped for a disk whose previous
 * snapshot is still being copied (docs/rules/ecs-user-guide.md#auto-snapshot-policy), that is an unused basic disk
 * (docs/rules/ecs-user-guide.md#auto-snapshot-policy), or that got the policy after the slot. Each disk's
 * snapshot, ledger and evictions are written together (50 disks share one
 * TransactWriteItems; a conflict retries them one by one), so a run stopped
 * half-way is finished by the next with no double snapshot (a slot already
 * in a disk's ledger is not taken again).
 *
 * snapshotRetention: a snapshot with a retention is its own timer; when due
 * it is deleted with its ledger entry, unless an image uses it.
 */
const CONCURRENCY = 4;
const PAGE = 100;
const DAY_MS = 86_400_000;

/** `auto_<yyyyMMdd>_<HH>` in UTC+8, like the names the cloud gives automatic snapshots. */
function autoName(slot: Date): string {
  const local = new Date(slot.getTime() + 8 * 3_600_000).toISOString();
  return `auto_${local.slice(0, 10).replace(/-/g, '')}_${local.slice(11, 13)}`;
}

type SlotOutcome = 'taken' | 'skipped' | 'overrun' | 'full' | 'gone';

/** What a slot means for one disk: a snapshot to take, or why not. */
function planSlot(
  stored: Stored<DiskRecord>,
  policy: AutoSnapshotPolicyRecord,
  slot: Date,
  now: Date,
): { disk: DiskRecord; snapshot: SnapshotRecord; copies: SnapshotRecord[] } | SlotOutcome {
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
  // The policy's cross-region copies are written with their source: made exactly once.
  const copies = policyCopies(snapshot, policy, slot, snapshotTiming(), (regionId) => newResourceId('s', regionId));
  return { disk, snapshot, copies };
}

function writeCopies(tx: UnitOfWork, copies: SnapshotRecord[]): void {
  for (const c of copies) tx.create(snapshotKey(c), snapshotItem({ ...c, status: 'progressing' }));
}

/** One disk, one slot, its own transaction, re-read and retried on a conflict. */
async function takeSlot(store: StateStore, diskId: string, policy: AutoSnapshotPolicyRecord, slot: Date, now: Date, limit: number): Promise<SlotOutcome> {
  for (let attempt = 1; attempt <= 5; attempt++) {
    const stored = await store.get<DiskRecord>(diskKey({ accountId: policy.accountId, regionId: policy.regionId, diskId }));
    if (!stored) return 'gone';
    const plan = planSlot(stored, policy, slot, now);
    if (typeof plan === 'string') return plan;
    const tx = store.unitOfWork(now);
    const added = await addSnapshot(store, tx, stored, plan.disk, plan.snapshot, limit, now);
    if ('noRoom' in added) return 'full';
    writeCopies(tx, plan.copies);
    try {
      await tx.commit();
      return 'taken';
    } catch (e) {
      if (!(e instanceof WriteConflict)) throw e;
    }
  }
  return 'skipped';
}

/**
 * One slot for a batch of disks (read at the versions given) in one
 * TransactWriteItems: each disk's snapshot, ledger and evictions are a group
 * of the unit of work, so a batch never splits a disk. DynamoDB takes at most
 * 100 operations per transaction, hence batches of 50 disks (2 operations
 * each, more with evictions, which the unit of work moves to a next chunk).
 * When anything of the batch changed meanwhile, its disks are taken one by
 * one on fresh reads: a disk whose slot is already in its ledger is skipped.
 */
async function takeSlotForBatch(
  store: StateStore,
  batch: Stored<DiskRecord>[],
  policy: AutoSnapshotPolicyRecord,
  slot: Date,
  now: Date,
  limit: number,
  count: (outcome: SlotOutcome, diskId: string) => void,
): Promise<void> {
  const tx = store.unitOfWork(now);
  const planned: string[] = [];
  for (const stored of batch) {
    const plan = planSlot(stored, policy, slot, now);
    if (typeof plan === 'string') {
      count(plan, stored.diskId);
      continue;
    }
    tx.group();
    const added = await addSnapshot(store, tx, stored, plan.disk, plan.snapshot, limit, now);
    if ('noRoom' in added) {
      count('full', stored.diskId);
    } else {
      writeCopies(tx, plan.copies);
      planned.push(stored.diskId);
    }
  }
  try {
    await tx.commit();
    crashPoint('sweep.snapshots');
    for (const id of planned) count('taken', id);
  } catch (e) {
    if (!(e instanceof WriteConflict)) throw e;
    for (const id of planned) count(await takeSlot(store, id, policy, slot, now, limit), id);
  }
}

const BATCH = 50;

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
    const [disks, limit] = await Promise.all([disksWithPolicy(store, accountId, regionId, autoSnapshotPolicyId), snapshotsPerDisk(store, accountId)]);
    const counts: Record<SlotOutcome, number> = { taken: 0, skipped: 0, overrun: 0, full: 0, gone: 0 };
    const gone = new Set<string>();
    let current = disks;
    for (const [i, slot] of slots.entries()) {
      // Each slot after the first works on fresh versions (the previous slot rewrote every ledger).
      if (i > 0)
        current = await loadDisks(
          store,
          accountId,
          regionId,
          current.map((d) => d.diskId).filter((id) => !gone.has(id)),
        );
      const batches: Stored<DiskRecord>[][] = [];
      for (let b = 0; b < current.length; b += BATCH) batches.push(current.slice(b, b + BATCH));
      await runPool(batches, CONCURRENCY, (batch) =>
        takeSlotForBatch(store, batch, policy, slot, now, limit, (outcome, diskId) => {
          counts[outcome]++;
          if (outcome === 'gone') gone.add(diskId);
        }),
      );
    }
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

/** Snapshots of one disk due for deletion, with the disk whose ledger they leave (when it still exists). */
interface RetentionGroup {
  snapshots: Stored<SnapshotRecord>[];
  disk?: Stored<DiskRecord>;
}

const isDue = (s: SnapshotRecord | undefined, now: Date): s is SnapshotRecord =>
  s?.retentionUntil !== undefined && Date.parse(s.retentionUntil) <= now.getTime() && automaticallyDeletable(s); // one an image uses stays

/** Read the due snapshots (the index is eventually consistent: decide on the items) and their disks, grouped by disk. */
async function retentionGroups(store: StateStore, indexed: SnapshotRecord[], now: Date): Promise<RetentionGroup[]> {
  const fresh = (await store.getMany<SnapshotRecord>(indexed.map((s) => snapshotKey(s)))).filter((s) => isDue(s, now));
  const byDisk = new Map<string, Stored<SnapshotRecord>[]>();
  for (const s of fresh) {
    const key = `${s.accountId}#${s.regionId}#${s.sourceDiskId}`;
    byDisk.set(key, [...(byDisk.get(key) ?? []), s]);
  }
  const diskKeys = [...byDisk.values()].map(([s]) => diskKey({ accountId: s!.accountId, regionId: s!.regionId, diskId: s!.sourceDiskId }));
  const disks = new Map((await store.getMany<DiskRecord>(diskKeys)).map((d) => [`${d.accountId}#${d.regionId}#${d.diskId}`, d]));
  return [...byDisk.entries()].map(([key, snapshots]) => ({ snapshots, disk: disks.get(key) }));
}

function removeGroup(tx: UnitOfWork, g: RetentionGroup): void {
  tx.group();
  removeSnapshots(tx, g.snapshots, g.disk && { stored: g.disk, current: stripKeys(g.disk) });
}

/**
 * Delete the due snapshots: the snapshots of about 30 disks (each disk's
 * ledger and its snapshots one group) per TransactWriteItems; on a conflict
 * each disk's group is tried alone on fresh reads, and one still changing is
 * left to the next run.
 */
async function runRetention(store: StateStore, now: Date): Promise<JobReport> {
  const report: JobReport = { Name: 'snapshotRetention', Processed: 0, Details: [] };
  const done = (g: RetentionGroup) => {
    report.Processed += g.snapshots.length;
    for (const s of g.snapshots) {
      if (report.Details.length < 200) {
        report.Details.push(`deleted ${s.snapshotId} (${s.type === 'auto' ? 'automatic' : 'manual'}, retention ${s.retentionDays} day(s))`);
      }
    }
  };
  const seen = new Set<string>();
  for (;;) {
    const page = await store.queryDue<SnapshotRecord>(RETENTION_DUE_KIND, now.toISOString(), PAGE);
    const todo = page.items.filter((s) => !seen.has(s.dueAt!));
    if (todo.length === 0) break;
    todo.forEach((s) => seen.add(s.dueAt!));
    const groups = await retentionGroups(store, todo, now);
    const batches: RetentionGroup[][] = [];
    for (let b = 0; b < groups.length; b += 30) batches.push(groups.slice(b, b + 30));
    await runPool(batches, CONCURRENCY, async (batch) => {
      const tx = store.unitOfWork(now);
      batch.forEach((g) => removeGroup(tx, g));
      try {
        await tx.commit();
        batch.forEach(done);
        return;
      } catch (e) {
        if (!(e instanceof WriteConflict)) throw e;
      }
      for (const g of batch) {
        const [again] = await retentionGroups(store, g.snapshots, now);
        if (!again) continue; // already gone
        const single = store.unitOfWork(now);
        removeGroup(single, again);
        try {
          await single.commit();
          done(again);
        } catch (e) {
          if (!(e instanceof WriteConflict)) throw e; // changed meanwhile; the next run looks again
        }
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
