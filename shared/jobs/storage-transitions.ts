import { DISK_TRANSITION_DUE_KIND, diskTransitionIndex, settleDisk, type DiskRecord } from '../domain/disk';
import { COMPLETION_DUE_KIND, settleSnapshot, snapshotIndex, type SnapshotRecord } from '../domain/snapshot';
import { runPool } from '../platform/pool';
import { diskItem, stripKeys } from '../store/instances';
import { snapshotItem } from '../store/snapshots';
import { WriteConflict, type StateStore, type Stored } from '../store/state-store';
import type { JobReport, ScheduledJob } from './job';

/**
 * storageTransitions: persists what readers already see at the sandbox clock's now for disks and
 * snapshots, so their events go out at the due time with nobody reading (README "Due times kept"):
 *
 * - a disk's planned step (Creating → Available or In_use, Attaching → In_use, Detaching →
 *   Available, ReIniting → In_use) is written as the disk's status: Disk.StateChanged, dated at
 *   the step's time;
 * - a snapshot whose copy has ended is written as `accomplished`: Snapshot.StateChanged, dated
 *   at its completeAt (its byDue entry then moves on to its retention, when it has one).
 *
 * Both items are their own timers (byDue kinds diskTransition and snapshotCompletion, written
 * with every change of the item). Each item is rewritten in its own write, conditional on the
 * version read, so a run stopped half-way is finished by the next, a concurrent run or a user's
 * write that settled it first simply wins (the event comes from whichever write moved the
 * stored status, so it is emitted exactly once), and a timer left stale is set right.
 */
const CONCURRENCY = 8;
const PAGE = 100;

interface Kind<T> {
  dueKind: string;
  settle: (item: T, now: Date) => T;
  /** The item as written (keys stripped, byDue fields following the item). */
  written: (item: T) => T;
  index: (item: T) => { dueKind?: string; dueAt?: string };
  moved: (before: T, after: T) => boolean;
  line: (before: T, after: T) => string;
}

const DISKS: Kind<DiskRecord> = {
  dueKind: DISK_TRANSITION_DUE_KIND,
  settle: settleDisk,
  written: diskItem,
  index: diskTransitionIndex,
  moved: (before, after) => before.status !== after.status || (before.plan?.length ?? 0) !== (after.plan?.length ?? 0),
  line: (before, after) => `${after.diskId}: ${before.status}->${after.status}`,
};

const SNAPSHOTS: Kind<SnapshotRecord> = {
  dueKind: COMPLETION_DUE_KIND,
  settle: settleSnapshot,
  written: snapshotItem,
  index: snapshotIndex,
  moved: (before, after) => before.status !== after.status,
  line: (_before, after) => `${after.snapshotId}: accomplished`,
};

async function sweep<T extends object>(kind: Kind<T>, store: StateStore, now: Date, report: JobReport): Promise<void> {
  const seen = new Set<string>();
  for (;;) {
    const page = await store.queryDue<T & { dueAt: string }>(kind.dueKind, now.toISOString(), PAGE);
    const todo = page.items.filter((t) => !seen.has(t.dueAt));
    if (todo.length === 0) return;
    todo.forEach((t) => seen.add(t.dueAt));
    await runPool(todo, CONCURRENCY, async (indexed) => {
      const line = await settleOne(kind, store, indexed, now);
      if (line) {
        report.Processed++;
        if (report.Details.length < 200) report.Details.push(line);
      }
    });
  }
}

async function settleOne<T extends object>(kind: Kind<T>, store: StateStore, indexed: Stored<T>, now: Date): Promise<string | undefined> {
  // The index is eventually consistent: decide on a fresh read of the item.
  const stored = await store.get<T>({ pk: indexed.pk, sk: indexed.sk });
  if (!stored) return undefined;
  const current = stripKeys(stored);
  const settled = kind.settle(current, now);
  const moved = kind.moved(current, settled);
  const index = kind.index(settled);
  const held = stored as { dueKind?: string; dueAt?: string };
  if (!moved && index.dueKind === held.dueKind && index.dueAt === held.dueAt) return undefined; // not due yet
  const tx = store.unitOfWork(now);
  tx.replace(stored, kind.written(settled));
  try {
    await tx.commit();
    return moved ? kind.line(current, settled) : undefined;
  } catch (e) {
    if (e instanceof WriteConflict) return undefined; // changed meanwhile: that write carried the change
    throw e;
  }
}

export const storageTransitionsJob: ScheduledJob = {
  name: 'storageTransitions',
  rate: 'rate(1 minute)',
  run: async (store, now) => {
    const report: JobReport = { Name: 'storageTransitions', Processed: 0, Details: [] };
    await Promise.all([sweep(DISKS, store, now, report), sweep(SNAPSHOTS, store, now, report)]);
    return report;
  },
};
