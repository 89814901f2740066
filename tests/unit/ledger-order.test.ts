import { describe, expect, it } from 'vitest';
import { applyRate, closeAt, isCharging, type LedgerEntry } from '../../shared/domain/ledger';

/**
 * A release is final in the ledger (docs/atomicity.md): the releaseEffects job may close an entry
 * before the stream has applied the resource's earlier changes; those are fitted in before the
 * release and never reopen the entry.
 */
const empty: LedgerEntry = { accountId: 'a', regionId: 'r', resourceType: 'Instance', resourceId: 'i-1', segments: [] };

describe('ledger order', () => {
  it('in order: open, rate change, release', () => {
    let e = applyRate(empty, 1, '2026-01-01T00:00:00.000Z');
    e = applyRate(e, 2, '2026-01-01T01:00:00.000Z');
    e = closeAt(e, '2026-01-01T02:00:00.000Z');
    expect(isCharging(e)).toBe(false);
    expect(e.segments).toEqual([
      { from: '2026-01-01T00:00:00.000Z', to: '2026-01-01T01:00:00.000Z', ratePerHourUsd: 1 },
      { from: '2026-01-01T01:00:00.000Z', to: '2026-01-01T02:00:00.000Z', ratePerHourUsd: 2 },
    ]);
  });

  it('the release first, then the earlier changes: same segments, never charging again', () => {
    let e = closeAt(empty, '2026-01-01T02:00:00.000Z');
    e = applyRate(e, 1, '2026-01-01T00:00:00.000Z');
    e = applyRate(e, 2, '2026-01-01T01:00:00.000Z');
    // A change dated after the release (a late record of the removal) changes nothing.
    expect(applyRate(e, 3, '2026-01-01T03:00:00.000Z')).toBe(e);
    expect(isCharging(e)).toBe(false);
    expect(e.segments).toEqual([
      { from: '2026-01-01T00:00:00.000Z', to: '2026-01-01T01:00:00.000Z', ratePerHourUsd: 1 },
      { from: '2026-01-01T01:00:00.000Z', to: '2026-01-01T02:00:00.000Z', ratePerHourUsd: 2 },
    ]);
  });

  it('applying the same changes twice changes nothing', () => {
    let e = closeAt(applyRate(empty, 1, '2026-01-01T00:00:00.000Z'), '2026-01-01T02:00:00.000Z');
    const again = closeAt(applyRate(e, 1, '2026-01-01T00:00:00.000Z'), '2026-01-01T02:00:00.000Z');
    expect(again).toEqual(e);
    e = closeAt(e, '2026-01-01T03:00:00.000Z');
    expect(e.releasedAt).toBe('2026-01-01T02:00:00.000Z');
  });
});
