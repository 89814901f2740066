import { describe, expect, it } from 'vitest';
import { RequestTiming } from '../../shared/platform/request-timing';
import {
  breakdownNote,
  p50Breakdown,
  parseServerTiming,
  recordServerTiming,
  takeServerTimings,
  withServerOverFloor,
  withServerTimings,
} from '../../scripts/bench/server-timing';

describe('bench: Server-Timing breakdown', () => {
  it('reads the header the sandbox writes', () => {
    const header = new RequestTiming().header();
    const b = parseServerTiming(header);
    expect(Object.keys(b!)).toEqual(['auth', 'read', 'settle', 'app', 'write', 'render', 'total']);
    expect(parseServerTiming('auth;dur=1.50, read;dur=4.00, settle;dur=0.25, app;dur=2.00, write;dur=0.00, render;dur=0.75, total;dur=8.50')).toEqual({
      auth: 1.5,
      read: 4,
      settle: 0.25,
      app: 2,
      write: 0,
      render: 0.75,
      total: 8.5,
    });
  });

  it('ignores headers that are not the sandbox’s (a stage missing, none at all)', () => {
    expect(parseServerTiming(undefined)).toBeUndefined();
    expect(parseServerTiming('db;dur=53, app;dur=47.2')).toBeUndefined();
    recordServerTiming('cache;desc="Cache Read";dur=23.2');
    expect(takeServerTimings()).toEqual([]);
  });

  it('gives each stage its p50 over the recorded calls, in the row and its note', () => {
    for (const read of [1, 9, 3]) {
      recordServerTiming(`auth;dur=1.00, read;dur=${read}.00, settle;dur=0.00, app;dur=1.00, write;dur=0.00, render;dur=1.00, total;dur=${read + 3}.00`);
    }
    const taken = takeServerTimings();
    expect(taken).toHaveLength(3);
    expect(takeServerTimings()).toEqual([]);
    expect(p50Breakdown(taken)).toEqual({ auth: 1, read: 3, settle: 0, app: 1, write: 0, render: 1, total: 6 });
    const row = withServerTimings<{ note?: string; serverTimingP50Ms?: Record<string, number> }>({ note: 'first' }, taken);
    expect(row.serverTimingP50Ms?.read).toBe(3);
    expect(row.note).toBe(`first; ${breakdownNote(p50Breakdown(taken)!)}`);
    expect(row.note).toContain('read 3.0');
    expect(withServerTimings({ note: 'kept' }, [])).toEqual({ note: 'kept' });
  });
});

describe('bench: the server time over the same-items floor', () => {
  it('divides the server total p50 by the floor p50 and notes it; leaves a row without either as it is', () => {
    const row = { note: 'x', serverTimingP50Ms: { total: 30 }, sameItemsQueryP50Ms: 20 };
    expect(withServerOverFloor(row)).toMatchObject({ serverOverSameItemsQuery: 1.5, note: 'x; server total p50 / same items = 1.5×' });
    expect(withServerOverFloor({ serverTimingP50Ms: { total: 30 } })).toEqual({ serverTimingP50Ms: { total: 30 } });
    expect(withServerOverFloor({ sameItemsQueryP50Ms: 20 })).toEqual({ sameItemsQueryP50Ms: 20 });
  });
});
