import { afterEach, describe, expect, it } from 'vitest';
import { copySeconds, IMAGE_TIMING } from '../../shared/domain/image';
import { planCopy, snapshotTiming } from '../../shared/domain/snapshot';
import { lifecycle, storage } from '../../shared/platform/config';
import { activeDurations, applyDurations } from '../../shared/platform/durations';
import { belongsToAccount, type Item } from '../../shared/store/bulk-state';

describe('duration profiles', () => {
  afterEach(() => applyDurations('quick'));

  it('quick: a 40 GiB image (its snapshot) within 30 s, a copy of it within 60 s, an instance step within 5 s', () => {
    applyDurations('quick');
    const disk = { sizeGiB: 40, snapshots: [] } as never;
    const copy = planCopy(disk, new Date(0), 'user', snapshotTiming());
    const seconds = (Date.parse(copy.completeAt) - Date.parse(copy.startAt)) / 1000;
    expect(seconds).toBeLessThanOrEqual(30);
    const smaller = planCopy({ sizeGiB: 20, snapshots: [] } as never, new Date(0), 'user', snapshotTiming());
    expect(Date.parse(smaller.completeAt)).toBeLessThan(Date.parse(copy.completeAt)); // still grows with size
    expect(copySeconds(40, lifecycle.transitionSeconds)).toBeLessThanOrEqual(60);
    expect(copySeconds(80, lifecycle.transitionSeconds)).toBeGreaterThan(copySeconds(40, lifecycle.transitionSeconds));
    expect(lifecycle.transitionSeconds).toBeLessThanOrEqual(5);
  });

  it('realistic: the guide figures (60 s per GiB, "40 GB ≈ 40 min")', () => {
    applyDurations('realistic');
    const copy = planCopy({ sizeGiB: 40, snapshots: [] } as never, new Date(0), 'user', snapshotTiming());
    expect((Date.parse(copy.completeAt) - Date.parse(copy.startAt)) / 1000).toBe(2400);
    expect(IMAGE_TIMING.copySecondsPerGiB).toBe(60);
    expect(activeDurations()).toMatchObject({ Profile: 'realistic', snapshotSecondsPerGiB: 60 });
  });

  it('an explicit SANDBOX_SNAPSHOT_SECONDS_PER_GIB wins over either profile', () => {
    process.env.SANDBOX_SNAPSHOT_SECONDS_PER_GIB = '7';
    try {
      applyDurations('realistic');
      applyDurations('quick');
      expect(storage.snapshotSecondsPerGiB).toBe(7);
    } finally {
      delete process.env.SANDBOX_SNAPSHOT_SECONDS_PER_GIB;
    }
  });
});

describe('what an account reset removes', () => {
  const item = (pk: string, sk: string, extra: Record<string, unknown> = {}): Item => ({ pk, sk, ...extra });
  const A = '100000000123';

  it('takes the account’s resources, counters, timers, events, ledger and deliveries', () => {
    for (const i of [
      item(`RES#${A}#cn-hangzhou#instance`, 'i-1'),
      item(`ACCOUNT#${A}`, 'USAGE#PostPaidInstances'),
      item('TIMER#i-1', 'instanceTransition', { target: { accountId: A } }),
      item(`EVENTS#${A}`, 't#e'),
      item(`EVENTS#${A}#RES#i-1`, 't#e'),
      item(`LEDGER#${A}`, 'x'),
      item('DELIVERIES#wh-1', 't#e', { event: { AccountId: A } }),
      item(`CLIENTTOKEN#${A}#RunInstances#tok`, 'CLIENTTOKEN'),
      item('IMAGESHARE#100000000999#cn-hangzhou', 'm-1', { ownerAccountId: A }),
    ]) {
      expect(belongsToAccount(i, A), i.pk).toBe(true);
    }
  });

  it('keeps its identity and everything of other accounts', () => {
    for (const i of [
      item(`ACCOUNT#${A}`, 'ACCOUNT'),
      item(`ACCOUNT#${A}`, 'ACCESSKEY#k'),
      item(`ACCOUNT#${A}`, 'QUOTA#PostPaidInstances'),
      item('ACCESSKEY#k', 'ACCESSKEY', { accountId: A }),
      item('APITOKEN#h', 'APITOKEN', { accessKeyId: 'k' }),
      item(`RES#${A}9#cn-hangzhou#instance`, 'i-2'),
      item('RES#100000000999#cn-hangzhou#instance', 'i-3', { accountId: '100000000999' }),
      item(`IMAGESHARE#${A}#cn-hangzhou`, 'm-2', { ownerAccountId: '100000000999' }),
      item('SANDBOX', 'CLOCK'),
    ]) {
      expect(belongsToAccount(i, A), `${i.pk} ${i.sk}`).toBe(false);
    }
  });
});
