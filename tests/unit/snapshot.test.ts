import { describe, expect, it } from 'vitest';
import type { DiskRecord, SnapshotLedgerEntry } from '../../shared/domain/disk';
import {
  checkDeleteSnapshot,
  checkManualSnapshot,
  evictionPlan,
  GIB,
  isExpired,
  planCopy,
  retentionIndex,
  retentionUntil,
  slotOverrun,
  slotTaken,
  snapshotProgress,
  usageOf,
  validateSnapshotName,
  withLedgerEntry,
  withoutLedgerEntries,
  type SnapshotRecord,
} from '../../shared/domain/snapshot';
import { expectApiError } from '../support/api-error';

const T0 = Date.parse('2024-06-01T00:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
const timing = { secondsPerGiB: 60, minSeconds: 5, incrementalPercent: 10 };

function disk(snapshots: SnapshotLedgerEntry[] = [], extra: Partial<DiskRecord> = {}): DiskRecord {
  return {
    diskId: 'd-1',
    accountId: 'a',
    regionId: 'cn-hangzhou',
    zoneId: 'cn-hangzhou-i',
    type: 'data',
    category: 'cloud_essd',
    sizeGiB: 40,
    status: 'In_use',
    instanceId: 'i-1',
    device: '/dev/xvdb',
    deleteWithInstance: true,
    deleteAutoSnapshot: true,
    enableAutoSnapshot: true,
    chargeType: 'PostPaid',
    diskName: '',
    description: '',
    encrypted: false,
    creationTime: at(-1000).toISOString(),
    attachedTime: at(-1000).toISOString(),
    tags: [],
    billing: { pricePerGiBHourUsd: 0, chargingSince: at(-1000).toISOString() },
    snapshots,
    ...extra,
  };
}

const entry = (id: string, type: 'auto' | 'user', createdMin: number, durationMin: number): SnapshotLedgerEntry => ({
  snapshotId: id,
  type,
  createdAt: at(createdMin).toISOString(),
  startAt: at(createdMin).toISOString(),
  completeAt: at(createdMin + durationMin).toISOString(),
});

describe('copies: the first snapshot is full, later ones incremental (guide L1936-1937)', () => {
  it('a first snapshot copies the whole disk at 60 s per GiB (guide L1693: 40 GB ≈ 40 min)', () => {
    const copy = planCopy(disk(), at(0), 'user', timing);
    expect(copy.full).toBe(true);
    expect(copy.sizeBytes).toBe(40 * GIB);
    expect(copy.sizeGiB).toBe(40);
    expect(Date.parse(copy.completeAt) - Date.parse(copy.startAt)).toBe(40 * 60_000);
  });

  it('a later one copies the changed share only, and is quicker', () => {
    const copy = planCopy(disk([entry('s-1', 'user', -100, 40)]), at(0), 'user', timing);
    expect(copy.full).toBe(false);
    expect(copy.sizeBytes).toBe(4 * GIB);
    expect(Date.parse(copy.completeAt) - Date.parse(copy.startAt)).toBe(4 * 60_000);
  });

  it('after a re-initialisation the next one is full again; snapshots taken later than the request do not count', () => {
    const wiped = disk([entry('s-1', 'user', -100, 40)], { snapshotChainSince: at(-10).toISOString() });
    expect(planCopy(wiped, at(0), 'user', timing).full).toBe(true);
    expect(planCopy(disk([entry('s-1', 'auto', 10, 4)]), at(0), 'auto', timing).full).toBe(true);
  });

  it('a manual snapshot waits for a running automatic one (guide L2014), and shows 0% meanwhile', () => {
    const running = disk([entry('s-a', 'auto', -2, 40)]);
    const copy = planCopy(running, at(0), 'user', timing);
    expect(copy.startAt).toBe(at(38).toISOString());
    expect(snapshotProgress(copy, at(10))).toMatchObject({ status: 'progressing', progress: 0 });
    expect(snapshotProgress(copy, at(40))).toMatchObject({ status: 'progressing', progress: 50 });
    expect(snapshotProgress(copy, at(42))).toEqual({ status: 'accomplished', progress: 100, remainSeconds: 0 });
    // An automatic copy never waits.
    expect(planCopy(running, at(0), 'auto', timing).startAt).toBe(at(0).toISOString());
  });

  it('the shortest copy still shows progressing for one transition step', () => {
    const tiny = planCopy(disk([], { sizeGiB: 1 }), at(0), 'user', { ...timing, secondsPerGiB: 0 });
    expect(Date.parse(tiny.completeAt) - Date.parse(tiny.startAt)).toBe(5000);
  });
});

describe('ledger rules', () => {
  it('a second manual snapshot is refused while the first is copied; a running automatic one does not refuse', () => {
    expectApiError(() => checkManualSnapshot(disk([entry('s-1', 'user', -1, 40)]), at(0)), 'IncorrectDiskStatus.CreatingSnapshot', 403);
    expect(() => checkManualSnapshot(disk([entry('s-1', 'auto', -1, 40)]), at(0))).not.toThrow();
    expect(() => checkManualSnapshot(disk([entry('s-1', 'user', -100, 40)]), at(0))).not.toThrow();
  });

  it('overrun rule (guide L1974): a slot is skipped while the previous snapshot is still being copied', () => {
    // 09:00 takes 70 minutes: 10:00 is skipped, 11:00 runs.
    const d = disk([entry('s-9', 'auto', 9 * 60, 70)]);
    expect(slotOverrun(d, at(10 * 60))).toBe(true);
    expect(slotOverrun(d, at(11 * 60))).toBe(false);
    expect(slotTaken(d, at(9 * 60))).toBe(true);
    expect(slotTaken(d, at(11 * 60))).toBe(false);
  });

  it('eviction (guide L1973): at the limit the oldest finished automatic snapshots go, never manual or running ones', () => {
    const d = disk([entry('u-1', 'user', 0, 1), entry('a-2', 'auto', 60, 1), entry('a-1', 'auto', 30, 1), entry('a-3', 'auto', 90, 100)]);
    const plan = evictionPlan(d, 4, at(120));
    expect(plan.needed).toBe(1);
    expect(plan.candidates.map((c) => c.snapshotId)).toEqual(['a-1', 'a-2']);
    expect(evictionPlan(d, 5, at(120)).needed).toBe(0);
    expect(evictionPlan(d, 2, at(120)).needed).toBe(3);
  });

  it('keeps the ledger ordered by creation and drops entries by id', () => {
    let d = withLedgerEntry(disk([entry('a', 'auto', 10, 1)]), entry('b', 'user', 5, 1));
    expect(d.snapshots!.map((e) => e.snapshotId)).toEqual(['b', 'a']);
    d = withoutLedgerEntries(d, ['a']);
    expect(d.snapshots!.map((e) => e.snapshotId)).toEqual(['b']);
  });
});

describe('retention, deletion, names', () => {
  const snapshot = (extra: Partial<SnapshotRecord> = {}): SnapshotRecord => ({
    snapshotId: 's-1',
    accountId: 'a',
    regionId: 'cn-hangzhou',
    snapshotName: '',
    description: '',
    type: 'auto',
    sourceDiskId: 'd-1',
    sourceDiskType: 'data',
    sourceDiskSizeGiB: 40,
    sourceDiskCategory: 'cloud_essd',
    encrypted: false,
    category: 'Standard',
    creationTime: at(0).toISOString(),
    startAt: at(0).toISOString(),
    completeAt: at(4).toISOString(),
    full: false,
    sizeGiB: 4,
    sizeBytes: 4 * GIB,
    usedByImageIds: [],
    usedByDisks: false,
    tags: [],
    ...extra,
  });

  it('retention counts whole days from creation; -1 or none keeps it', () => {
    expect(retentionUntil(at(0).toISOString(), 2)).toBe(new Date(T0 + 2 * 86_400_000).toISOString());
    expect(retentionUntil(at(0).toISOString(), -1)).toBeUndefined();
    expect(retentionUntil(at(0).toISOString(), undefined)).toBeUndefined();
    expect(retentionIndex({ snapshotId: 's-1', retentionUntil: at(5).toISOString() })).toEqual({
      dueKind: 'snapshotRetention',
      dueAt: `${at(5).toISOString()}#s-1`,
    });
    expect(retentionIndex({ snapshotId: 's-1' }).dueKind).toBeUndefined();
  });

  it('an expired snapshot is gone for readers unless an image uses it', () => {
    const s = snapshot({ retentionUntil: at(60).toISOString() });
    expect(isExpired(s, at(59))).toBe(false);
    expect(isExpired(s, at(60))).toBe(true);
    expect(isExpired({ ...s, usedByImageIds: ['m-1'] }, at(60))).toBe(false);
  });

  it('DeleteSnapshot: SnapshotCreatedImage while an image uses it; SnapshotCreatedDisk without Force', () => {
    expectApiError(() => checkDeleteSnapshot(snapshot({ usedByImageIds: ['m-1'] }), true), 'SnapshotCreatedImage', 403);
    expectApiError(() => checkDeleteSnapshot(snapshot({ usedByDisks: true }), false), 'SnapshotCreatedDisk', 403);
    expect(() => checkDeleteSnapshot(snapshot({ usedByDisks: true }), true)).not.toThrow();
    expect(usageOf(snapshot({ usedByDisks: true, usedByImageIds: ['m'] }))).toBe('image_disk');
    expect(usageOf(snapshot())).toBe('none');
  });

  it('manual snapshot names cannot start with "auto"', () => {
    expect(() => validateSnapshotName('nightly-1')).not.toThrow();
    expectApiError(() => validateSnapshotName('auto_20240601'), 'InvalidSnapshotName.Malformed', 400);
    expectApiError(() => validateSnapshotName('x'), 'InvalidSnapshotName.Malformed', 400);
  });
});
