import { describe, expect, it } from 'vitest';
import { PolicyErrors } from '../../shared/domain/auto-snapshot-policy';
import type { SnapshotRecord } from '../../shared/domain/snapshot';
import { planSnapshotCopy, policyCopies, validateCrossRegionCopy } from '../../shared/domain/snapshot-copy';
import { expectApiError } from '../support/api-error';

const timing = { secondsPerGiB: 60, minSeconds: 5, incrementalPercent: 10 };
const source: SnapshotRecord = {
  snapshotId: 's-src',
  accountId: '1',
  regionId: 'cn-hangzhou',
  snapshotName: 'auto_20240301',
  description: '',
  type: 'auto',
  sourceDiskId: 'd-1',
  sourceDiskType: 'data',
  sourceDiskSizeGiB: 40,
  sourceDiskCategory: 'cloud_essd',
  encrypted: false,
  category: 'Standard',
  creationTime: '2024-03-01T00:00:00.000Z',
  startAt: '2024-03-01T00:00:00.000Z',
  completeAt: '2024-03-01T00:04:00.000Z',
  full: false,
  sizeGiB: 4,
  sizeBytes: 4 * 1024 ** 3,
  usedByImageIds: [],
  usedByDisks: false,
  tags: [],
};

describe('planSnapshotCopy', () => {
  it('copies the whole source disk into the destination region, remembering the source', () => {
    const now = new Date('2024-03-01T01:00:00.000Z');
    const copy = planSnapshotCopy(source, { snapshotId: 's-copy', destinationRegionId: 'cn-shanghai', retentionDays: 3 }, now, timing);
    expect(copy).toMatchObject({ regionId: 'cn-shanghai', sourceRegionId: 'cn-hangzhou', sourceSnapshotId: 's-src', type: 'user', full: true, sizeGiB: 40 });
    expect(copy.completeAt).toBe('2024-03-01T01:40:00.000Z');
    expect(copy.retentionUntil).toBe('2024-03-04T01:00:00.000Z');
  });

  it('refuses an unfinished source (unless it is a policy copy waiting for it) and an unknown region', () => {
    const early = new Date('2024-03-01T00:01:00.000Z');
    expectApiError(() => planSnapshotCopy(source, { snapshotId: 's-c', destinationRegionId: 'cn-shanghai' }, early, timing), 'InvalidSnapshotId.NotReady', 403);
    expectApiError(
      () => planSnapshotCopy(source, { snapshotId: 's-c', destinationRegionId: 'xx' }, new Date('2024-03-02T00:00:00Z'), timing),
      'InvalidDestinationRegionId.NotFound',
      404,
    );
    const waiting = planSnapshotCopy(source, { snapshotId: 's-c', destinationRegionId: 'cn-shanghai', waitForSource: true }, early, timing);
    expect(waiting.startAt).toBe(source.completeAt);
  });
});

describe("automatic snapshot policies' cross-region copies", () => {
  const policy = { autoSnapshotPolicyId: 'sp-1', enableCrossRegionCopy: true, targetCopyRegions: ['cn-shanghai'], copiedSnapshotsRetentionDays: -1 };

  it('one copy per target region when enabled, none when disabled; kept until deleted with -1', () => {
    const copies = policyCopies(source, policy, new Date(source.creationTime), timing, (r) => `s-${r}`);
    expect(copies.map((c) => [c.snapshotId, c.type, c.autoSnapshotPolicyId, c.retentionDays])).toEqual([['s-cn-shanghai', 'auto', 'sp-1', undefined]]);
    expect(policyCopies(source, { ...policy, enableCrossRegionCopy: false }, new Date(), timing, (r) => r)).toEqual([]);
  });

  it('takes one known destination other than the policy region, and -1 or 1-65536 days', () => {
    const check =
      (enable: boolean, targets: string[], days = -1) =>
      () =>
        validateCrossRegionCopy('cn-hangzhou', enable, targets, days, PolicyErrors.crossRegionCopy);
    check(true, ['cn-shanghai'])();
    check(false, [])();
    for (const bad of [
      check(true, []),
      check(true, ['cn-hangzhou']),
      check(true, ['nowhere']),
      check(true, ['cn-shanghai', 'cn-beijing']),
      check(true, ['cn-shanghai'], 0),
    ]) {
      expectApiError(bad, 'ParameterInvalid', 403);
    }
  });
});
