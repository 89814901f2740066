import { describe, expect, it } from 'vitest';
import { diskTransitionIndex, settleDisk, type DiskRecord } from '../../shared/domain/disk';
import { deriveEvents, type StateChange } from '../../shared/domain/events';
import { settleSnapshot, snapshotIndex, type SnapshotRecord } from '../../shared/domain/snapshot';

/**
 * Disk steps and snapshot completions are persisted timed changes (shared/jobs/storage-transitions.ts):
 * the items carry their own byDue entry, and the write that moves the stored status yields exactly
 * one StateChanged event, dated at the due time.
 */
const T0 = Date.parse('2026-06-01T00:00:00Z');
const at = (s: number) => new Date(T0 + s * 1000);
const iso = (s: number) => at(s).toISOString();

const disk = (extra: Partial<DiskRecord> = {}): DiskRecord => ({
  diskId: 'd-1',
  accountId: '100000000001',
  regionId: 'cn-hangzhou',
  zoneId: 'cn-hangzhou-i',
  type: 'data',
  category: 'cloud_essd',
  sizeGiB: 40,
  status: 'Creating',
  plan: [{ status: 'Available', at: iso(5) }],
  deleteWithInstance: false,
  deleteAutoSnapshot: true,
  enableAutoSnapshot: true,
  chargeType: 'PostPaid',
  diskName: '',
  description: '',
  encrypted: false,
  creationTime: iso(0),
  tags: [],
  billing: { pricePerGiBHourUsd: 0.0002, chargingSince: iso(0) },
  ...extra,
});

const snapshot = (extra: Partial<SnapshotRecord> = {}): SnapshotRecord => ({
  snapshotId: 's-1',
  accountId: '100000000001',
  regionId: 'cn-hangzhou',
  snapshotName: 'n',
  description: '',
  type: 'user',
  sourceDiskId: 'd-1',
  sourceDiskType: 'data',
  sourceDiskSizeGiB: 40,
  sourceDiskCategory: 'cloud_essd',
  encrypted: false,
  category: 'Standard',
  creationTime: iso(0),
  startAt: iso(0),
  completeAt: iso(20),
  full: true,
  sizeGiB: 40,
  sizeBytes: 40 * 1024 ** 3,
  usedByImageIds: [],
  usedByDisks: false,
  tags: [],
  status: 'progressing',
  ...extra,
});

const item = (pkType: string, id: string, record: object, changedAt: string) => ({
  ...record,
  pk: `RES#100000000001#cn-hangzhou#${pkType}`,
  sk: id,
  version: 1,
  changedAt,
});

const modify = (oldItem: Record<string, unknown>, newItem: Record<string, unknown>): StateChange => ({
  kind: 'MODIFY',
  sequence: '42',
  oldItem,
  newItem,
  fallbackTime: String(newItem.changedAt),
});

describe('disk steps as timers', () => {
  it("a planned step is the disk's byDue entry; a settled disk has none", () => {
    expect(diskTransitionIndex(disk())).toEqual({ dueKind: 'diskTransition', dueAt: `${iso(5)}#d-1` });
    const settled = settleDisk(disk(), at(5));
    expect(settled.status).toBe('Available');
    expect(diskTransitionIndex(settled)).toEqual({ dueKind: undefined, dueAt: undefined });
  });

  it('persisting the step yields one Disk.StateChanged dated at the step, not at the write', () => {
    const before = item('disk', 'd-1', disk(), iso(0));
    const after = item('disk', 'd-1', settleDisk(disk(), at(6)), iso(6.8));
    const events = deriveEvents(modify(before, after));
    expect(events.map((e) => [e.EventName, e.EventTime, e.Detail.PreviousStatus, e.Detail.CurrentStatus])).toEqual([
      ['Disk.StateChanged', iso(5), 'Creating', 'Available'],
    ]);
  });

  it('a later write of the already settled disk (a tag, a name) yields no second StateChanged', () => {
    const settled = settleDisk(disk(), at(6));
    const events = deriveEvents(modify(item('disk', 'd-1', settled, iso(6)), item('disk', 'd-1', { ...settled, diskName: 'x' }, iso(9))));
    expect(events.filter((e) => e.EventName === 'Disk.StateChanged')).toEqual([]);
  });

  it('a write before the step is due keeps the plan and reports nothing', () => {
    const d = disk();
    const events = deriveEvents(modify(item('disk', 'd-1', d, iso(0)), item('disk', 'd-1', { ...d, diskName: 'x' }, iso(2))));
    expect(events.map((e) => e.EventName)).toEqual([]);
  });
});

describe('snapshot completion as a timer', () => {
  it('waits under snapshotCompletion until recorded accomplished, then under its retention', () => {
    const s = snapshot({ retentionUntil: iso(86_400) });
    expect(snapshotIndex(s)).toEqual({ dueKind: 'snapshotCompletion', dueAt: `${iso(20)}#s-1` });
    expect(settleSnapshot(s, at(19))).toBe(s);
    const done = settleSnapshot(s, at(20));
    expect(done.status).toBe('accomplished');
    expect(snapshotIndex(done)).toEqual({ dueKind: 'snapshotRetention', dueAt: `${iso(86_400)}#s-1` });
    expect(snapshotIndex({ ...done, retentionUntil: undefined }).dueKind).toBeUndefined();
  });

  it('an item stored without a status (an older export) is still completed by the job', () => {
    expect(snapshotIndex(snapshot({ status: undefined })).dueKind).toBe('snapshotCompletion');
    expect(settleSnapshot(snapshot({ status: undefined }), at(30)).status).toBe('accomplished');
  });

  it('recording the completion yields one Snapshot.StateChanged dated at completeAt', () => {
    const s = snapshot();
    const events = deriveEvents(modify(item('snapshot', 's-1', s, iso(0)), item('snapshot', 's-1', settleSnapshot(s, at(21)), iso(21.4))));
    expect(events.map((e) => [e.EventName, e.EventTime, e.Detail.PreviousStatus, e.Detail.CurrentStatus])).toEqual([
      ['Snapshot.StateChanged', iso(20), 'progressing', 'accomplished'],
    ]);
    const again = settleSnapshot(s, at(21));
    expect(deriveEvents(modify(item('snapshot', 's-1', again, iso(21)), item('snapshot', 's-1', { ...again, description: 'x' }, iso(30))))).toEqual([]);
  });
});
