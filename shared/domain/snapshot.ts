import type { DiskCategory, DiskRecord, DiskType, SnapshotLedgerEntry } from './disk';
import { lifecycle, storage } from '../platform/config';
import { SnapshotErrors } from './snapshot-errors';

export { isSnapshotError, SnapshotError, SnapshotErrors, type SnapshotErrorReason } from './snapshot-errors';

/**
 * Every rule about snapshots and nothing else: how long a copy takes (the
 * first snapshot of a disk is full, later ones incremental, docs/rules/ecs-user-guide.md#snapshot-manual),
 * progress while it runs, the per-disk limit and its eviction rule (guide
 * L1973), the overrun rule of automatic snapshots (docs/rules/ecs-user-guide.md#auto-snapshot-policy), a manual
 * snapshot waiting for a running automatic one (docs/rules/ecs-user-guide.md#auto-snapshot-policy), retention and
 * the deletion refusals. Pure functions over records.
 */
export type SnapshotType = 'auto' | 'user';
export type SnapshotStatus = 'progressing' | 'accomplished';
export type SnapshotCategory = 'Standard' | 'Flash';

/** The byDue kind under which a snapshot with a retention waits for the snapshotRetention job. */
export const RETENTION_DUE_KIND = 'snapshotRetention';
/** The byDue kind under which a snapshot being copied waits for the storageTransitions job to record its completion. */
export const COMPLETION_DUE_KIND = 'snapshotCompletion';

export interface SnapshotRecord {
  snapshotId: string;
  accountId: string;
  regionId: string;
  snapshotName: string;
  description: string;
  type: SnapshotType;
  /** The policy that took an automatic snapshot. */
  autoSnapshotPolicyId?: string;
  sourceDiskId: string;
  sourceDiskType: DiskType;
  sourceDiskSizeGiB: number;
  sourceDiskCategory: DiskCategory;
  /** The instance the disk was attached to when the snapshot was taken. */
  sourceInstanceId?: string;
  encrypted: boolean;
  category: SnapshotCategory;
  /** Requested (manual) or scheduled (automatic) time; the copy runs from startAt to completeAt. */
  creationTime: string;
  startAt: string;
  completeAt: string;
  /**
   * The status as last persisted: `progressing` until the storageTransitions job (or any later
   * write) records the completion at `completeAt`, which emits Snapshot.StateChanged. Readers
   * go by the clock (snapshotProgress), so what they see never waits for that write.
   */
  status?: SnapshotStatus;
  /** The first snapshot of a disk copies all of it; later ones only what changed. */
  full: boolean;
  /** What this snapshot itself stores (DescribeSnapshots `FullSnapshotSizeInBytes`; the billing ledger charges `sizeGiB`). */
  sizeGiB: number;
  sizeBytes: number;
  /** Days to keep (automatic: the policy's; manual: CreateSnapshot RetentionDays); absent or -1: until deleted. */
  retentionDays?: number;
  retentionUntil?: string;
  /** Custom images built from this snapshot (maintained by the images work); DeleteSnapshot refuses while any. */
  usedByImageIds: string[];
  /** Disks were created from it (DescribeSnapshots `Usage`; DeleteSnapshot needs Force). */
  usedByDisks: boolean;
  tags: { key: string; value: string }[];
  /** A copy (CopySnapshot, a policy's cross-region copy): where its source was (shared/domain/snapshot-copy.ts). */
  sourceRegionId?: string;
  sourceSnapshotId?: string;
  /** Taken by CreateSnapshotGroup (EC2 CreateSnapshots) with the other disks of its instance. */
  snapshotGroupId?: string;
  /** Sparse byDue index entry while the completion or a retention is pending (the snapshot item is its own timer). */
  dueKind?: typeof RETENTION_DUE_KIND | typeof COMPLETION_DUE_KIND;
  dueAt?: string;
}

export interface SnapshotTiming {
  secondsPerGiB: number;
  /** Every copy shows `progressing` for at least this long (one transition step). */
  minSeconds: number;
  incrementalPercent: number;
}

/** The configured timing: docs/rules/ecs-user-guide.md#replace-system-disk (40 GB ≈ 40 min), at least one transition step, the incremental share. */
export const snapshotTiming = (): SnapshotTiming => ({
  secondsPerGiB: storage.snapshotSecondsPerGiB,
  minSeconds: lifecycle.transitionSeconds,
  incrementalPercent: storage.incrementalSnapshotPercent,
});

export const GIB = 1024 ** 3;
const DAY_MS = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** SnapshotName: 2–128 characters, starting with a letter, not with `auto` (reserved for automatic ones) nor a URL. */
export function validateSnapshotName(name: string): void {
  if (!/^\p{L}[\p{L}\p{N}.:_-]{1,127}$/u.test(name) || /^auto/i.test(name) || /^https?:\/\//i.test(name)) {
    throw SnapshotErrors.nameMalformed();
  }
}

// ---------------------------------------------------------------- progress

export interface SnapshotProgress {
  status: SnapshotStatus;
  /** 0–100. */
  progress: number;
  /** Seconds until accomplished. */
  remainSeconds: number;
}

/** The state of a snapshot at `now`, from its copy window (a waiting snapshot shows 0%). */
export function snapshotProgress(s: Pick<SnapshotRecord, 'startAt' | 'completeAt'>, now: Date): SnapshotProgress {
  const nowMs = now.getTime();
  const start = Date.parse(s.startAt);
  const end = Date.parse(s.completeAt);
  if (nowMs >= end) return { status: 'accomplished', progress: 100, remainSeconds: 0 };
  const done = nowMs <= start ? 0 : Math.floor(((nowMs - start) / (end - start)) * 100);
  return { status: 'progressing', progress: Math.min(99, done), remainSeconds: Math.ceil((end - nowMs) / 1000) };
}

export const isAccomplished = (s: Pick<SnapshotRecord, 'completeAt'>, now: Date): boolean => Date.parse(s.completeAt) <= now.getTime();

// ---------------------------------------------------------------- copy plan

export interface SnapshotCopy {
  full: boolean;
  sizeGiB: number;
  sizeBytes: number;
  startAt: string;
  completeAt: string;
}

/**
 * The copy of a new snapshot of `disk` requested at `at`: full when the disk
 * has no earlier snapshot since its data was last wiped, else the changed
 * share; it takes `secondsPerGiB` per GiB copied. A manual snapshot starts
 * once the automatic snapshots running at `at` are done (docs/rules/ecs-user-guide.md#auto-snapshot-policy).
 */
export function planCopy(disk: DiskRecord, at: Date, type: SnapshotType, timing: SnapshotTiming): SnapshotCopy {
  const atMs = at.getTime();
  const since = disk.snapshotChainSince ? Date.parse(disk.snapshotChainSince) : -Infinity;
  const ledger = disk.snapshots ?? [];
  const full = !ledger.some((e) => Date.parse(e.createdAt) < atMs && Date.parse(e.createdAt) >= since);
  const gib = full ? disk.sizeGiB : Math.min(disk.sizeGiB, Math.max(1, Math.ceil((disk.sizeGiB * timing.incrementalPercent) / 100)));
  let startMs = atMs;
  if (type === 'user') {
    for (const e of ledger) {
      if (e.type === 'auto' && Date.parse(e.createdAt) <= atMs) startMs = Math.max(startMs, Date.parse(e.completeAt));
    }
  }
  const seconds = Math.max(timing.minSeconds, gib * timing.secondsPerGiB);
  return { full, sizeGiB: gib, sizeBytes: gib * GIB, startAt: iso(startMs), completeAt: iso(startMs + seconds * 1000) };
}

// ---------------------------------------------------------------- rules on the disk's ledger

/** A manual snapshot is refused while another manual one of the disk is still being copied. */
export function checkManualSnapshot(disk: DiskRecord, now: Date): void {
  if ((disk.snapshots ?? []).some((e) => e.type === 'user' && Date.parse(e.completeAt) > now.getTime())) {
    throw SnapshotErrors.manualRunning();
  }
}

/**
 * The overrun rule (docs/rules/ecs-user-guide.md#auto-snapshot-policy): an automatic slot is skipped when the
 * previous snapshot of the disk is still being copied at the slot's time.
 */
export function slotOverrun(disk: DiskRecord, slot: Date): boolean {
  const t = slot.getTime();
  return (disk.snapshots ?? []).some((e) => Date.parse(e.createdAt) <= t && Date.parse(e.completeAt) > t);
}

/** Whether the disk already has the automatic snapshot of this slot (a job re-run must not take it twice). */
export function slotTaken(disk: DiskRecord, slot: Date): boolean {
  const at = slot.toISOString();
  return (disk.snapshots ?? []).some((e) => e.type === 'auto' && e.createdAt === at);
}

/**
 * How many snapshots must go before one more fits under `limit`, and the
 * automatic ones that may go, oldest first (docs/rules/ecs-user-guide.md#snapshot-quota: "the oldest
 * automatic snapshot is deleted"). Snapshots still being copied never go.
 */
export function evictionPlan(disk: DiskRecord, limit: number, now: Date): { needed: number; candidates: SnapshotLedgerEntry[] } {
  const ledger = disk.snapshots ?? [];
  const needed = Math.max(0, ledger.length - limit + 1);
  const candidates = ledger
    .filter((e) => e.type === 'auto' && Date.parse(e.completeAt) <= now.getTime())
    .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.snapshotId.localeCompare(b.snapshotId));
  return { needed, candidates };
}

export function withLedgerEntry(disk: DiskRecord, entry: SnapshotLedgerEntry): DiskRecord {
  const snapshots = [...(disk.snapshots ?? []).filter((e) => e.snapshotId !== entry.snapshotId), entry].sort(
    (a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.snapshotId.localeCompare(b.snapshotId),
  );
  return { ...disk, snapshots };
}

export function withoutLedgerEntries(disk: DiskRecord, snapshotIds: readonly string[]): DiskRecord {
  const gone = new Set(snapshotIds);
  return { ...disk, snapshots: (disk.snapshots ?? []).filter((e) => !gone.has(e.snapshotId)) };
}

export function ledgerEntryOf(s: SnapshotRecord): SnapshotLedgerEntry {
  return { snapshotId: s.snapshotId, type: s.type, createdAt: s.creationTime, startAt: s.startAt, completeAt: s.completeAt };
}

// ---------------------------------------------------------------- retention and deletion

/** When a snapshot kept `days` days from `creation` is due for deletion; undefined for forever (-1 or none). */
export function retentionUntil(creation: string, days: number | undefined): string | undefined {
  if (days === undefined || days < 0) return undefined;
  return iso(Date.parse(creation) + days * DAY_MS);
}

/** The byDue fields of a snapshot's retention: present while one is pending. */
export function retentionIndex(s: Pick<SnapshotRecord, 'snapshotId' | 'retentionUntil'>): Pick<SnapshotRecord, 'dueKind' | 'dueAt'> {
  return s.retentionUntil ? { dueKind: RETENTION_DUE_KIND, dueAt: `${s.retentionUntil}#${s.snapshotId}` } : { dueKind: undefined, dueAt: undefined };
}

/**
 * The byDue fields of a snapshot: its completion while it is not recorded as accomplished,
 * then its retention while one is pending (a snapshot whose retention ran out before its copy
 * ended is deleted once its completion is recorded: RunScheduledJobs runs storageTransitions just
 * before snapshotRetention; the ticker, running jobs side by side, a tick later).
 */
export function snapshotIndex(s: Pick<SnapshotRecord, 'snapshotId' | 'retentionUntil' | 'status' | 'completeAt'>): Pick<SnapshotRecord, 'dueKind' | 'dueAt'> {
  if (s.status !== 'accomplished') return { dueKind: COMPLETION_DUE_KIND, dueAt: `${s.completeAt}#${s.snapshotId}` };
  return retentionIndex(s);
}

/** The snapshot with its completion recorded when it is due at `now` (unchanged otherwise). */
export function settleSnapshot(s: SnapshotRecord, now: Date): SnapshotRecord {
  return s.status !== 'accomplished' && isAccomplished(s, now) ? { ...s, status: 'accomplished' } : s;
}

/**
 * A snapshot whose retention has run out is gone for every reader, even
 * before the snapshotRetention job deletes it (one an image uses stays).
 */
export function isExpired(s: SnapshotRecord, now: Date): boolean {
  return s.retentionUntil !== undefined && Date.parse(s.retentionUntil) <= now.getTime() && automaticallyDeletable(s);
}

/** DeleteSnapshot (docs/rules/ecs-user-guide.md#snapshot-delete, https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-deletesnapshot): not while an image uses it; disks made from it need Force. */
export function checkDeleteSnapshot(s: SnapshotRecord, force: boolean): void {
  if (s.usedByImageIds.length > 0) throw SnapshotErrors.createdImage();
  if (s.usedByDisks && !force) throw SnapshotErrors.createdDisk();
}

/** Whether an automatic deletion (retention, eviction, a cascade) may take the snapshot: never one an image uses. */
export const automaticallyDeletable = (s: SnapshotRecord): boolean => s.usedByImageIds.length === 0;

/** DescribeSnapshots `Usage`. */
export function usageOf(s: SnapshotRecord): 'image' | 'disk' | 'image_disk' | 'none' {
  const image = s.usedByImageIds.length > 0;
  if (image && s.usedByDisks) return 'image_disk';
  if (image) return 'image';
  return s.usedByDisks ? 'disk' : 'none';
}
