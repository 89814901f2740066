import { describe, expect, it } from 'vitest';
import {
  isSlot,
  nextSlotAfter,
  parseRepeatWeekdays,
  parseTimePoints,
  renderNumberList,
  scheduleClock,
  slotsBetween,
  validatePolicyName,
  validateRetentionDays,
} from '../../shared/domain/auto-snapshot-policy';
import { expectApiError } from '../support/api-error';

describe('automatic snapshot policy parameters (guide L1964-1967, ecs-api.md CreateAutoSnapshotPolicy)', () => {
  it('timePoints: a JSON array of hours 0–23 (strings or numbers), sorted, each once', () => {
    expect(parseTimePoints('["23","0","9"]')).toEqual([0, 9, 23]);
    expect(parseTimePoints('[1, 2]')).toEqual([1, 2]);
    expect(parseTimePoints(JSON.stringify(Array.from({ length: 24 }, (_, i) => String(i))))).toHaveLength(24);
    for (const bad of ['[]', '["24"]', '["-1"]', '["1","1"]', '["1.5"]', 'nonsense', '{"a":1}']) {
      expectApiError(() => parseTimePoints(bad), 'ParameterInvalid', 403);
    }
  });

  it('repeatWeekdays: 1 (Monday) to 7 (Sunday)', () => {
    expect(parseRepeatWeekdays('["7","1"]')).toEqual([1, 7]);
    expectApiError(() => parseRepeatWeekdays('["0"]'), 'ParameterInvalid', 403);
    expectApiError(() => parseRepeatWeekdays('["8"]'), 'ParameterInvalid', 403);
  });

  it('retentionDays: -1 (forever) or 1 … the maximum (guide: 65,536)', () => {
    expect(validateRetentionDays(-1, 65_536)).toBe(-1);
    expect(validateRetentionDays(1, 65_536)).toBe(1);
    expect(validateRetentionDays(65_536, 65_536)).toBe(65_536);
    expectApiError(() => validateRetentionDays(0, 65_536), 'ParameterInvalid', 403);
    expectApiError(() => validateRetentionDays(65_537, 65_536), 'ParameterInvalid', 403);
    expectApiError(() => validateRetentionDays(-2, 65_536), 'ParameterInvalid', 403);
  });

  it('names: 2–128 characters starting with a letter (kana and kanji too), then digits . _ -', () => {
    expect(validatePolicyName('nightly-backup_1.0')).toBe('nightly-backup_1.0');
    expect(validatePolicyName('毎日のバックアップ')).toBe('毎日のバックアップ');
    for (const bad of ['a', '1abc', '_x', 'has space', 'x'.repeat(129), 'http://x']) {
      expectApiError(() => validatePolicyName(bad), 'ParameterInvalid', 403);
    }
  });

  it('renders lists as JSON arrays of strings', () => {
    expect(renderNumberList([0, 23])).toBe('["0","23"]');
  });
});

describe('the schedule is in UTC+8 (guide L1968, L2141)', () => {
  const policy = { timePoints: [2], repeatWeekdays: [1] }; // Mondays 02:00 China time

  it('reads the China wall clock of an instant', () => {
    // 2024-06-02T18:00Z is Monday 2024-06-03 02:00 in UTC+8.
    expect(scheduleClock(new Date('2024-06-02T18:00:00Z'))).toEqual({ hour: 2, weekday: 1 });
    expect(scheduleClock(new Date('2024-06-02T15:59:59Z'))).toEqual({ hour: 23, weekday: 7 });
  });

  it('finds the next slot strictly after an instant', () => {
    expect(nextSlotAfter(policy, new Date('2024-06-01T00:00:00Z'))?.toISOString()).toBe('2024-06-02T18:00:00.000Z');
    // Exactly on a slot: the next one is a week later.
    expect(nextSlotAfter(policy, new Date('2024-06-02T18:00:00Z'))?.toISOString()).toBe('2024-06-09T18:00:00.000Z');
    expect(isSlot(policy, new Date('2024-06-02T18:00:00Z'))).toBe(true);
    expect(isSlot(policy, new Date('2024-06-02T18:00:01Z'))).toBe(false);
  });

  it('lists the slots of a window, oldest first, keeping only the newest `max`', () => {
    const hourly = { timePoints: Array.from({ length: 24 }, (_, i) => i), repeatWeekdays: [1, 2, 3, 4, 5, 6, 7] };
    const from = new Date('2024-06-01T00:00:00Z');
    const slots = slotsBetween(hourly, from, new Date('2024-06-01T05:30:00Z'), 64);
    expect(slots.map((s) => s.toISOString().slice(11, 16))).toEqual(['01:00', '02:00', '03:00', '04:00', '05:00']);
    const capped = slotsBetween(hourly, from, new Date('2024-06-10T00:00:00Z'), 3);
    expect(capped.map((s) => s.toISOString())).toEqual(['2024-06-09T22:00:00.000Z', '2024-06-09T23:00:00.000Z', '2024-06-10T00:00:00.000Z']);
    expect(slotsBetween(policy, from, new Date('2024-06-02T17:59:59Z'), 64)).toEqual([]);
  });
});
