import { ApiError } from './errors';

/**
 * Automatic snapshot policies (docs/rules/ecs-user-guide.md#auto-snapshot-policy, https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-overview
 * CreateAutoSnapshotPolicy …): validation of the lower-camel parameters and
 * the schedule. Time points are whole hours 00–23 and weekdays 1–7 (Monday
 * first) in UTC+8, whatever the caller's time zone (docs/rules/ecs-user-guide.md#auto-snapshot-policy).
 * Pure functions.
 */
export interface AutoSnapshotPolicyRecord {
  autoSnapshotPolicyId: string;
  accountId: string;
  regionId: string;
  name: string;
  /** Hours 0–23, UTC+8, ascending. */
  timePoints: number[];
  /** 1 (Monday) – 7 (Sunday), ascending. */
  repeatWeekdays: number[];
  /** Days to keep each automatic snapshot; -1 keeps them until deleted. */
  retentionDays: number;
  creationTime: string;
  enableCrossRegionCopy: boolean;
  targetCopyRegions: string[];
  copiedSnapshotsRetentionDays: number;
  resourceGroupId: string;
  tags: { key: string; value: string }[];
}

/** UTC+8: the schedule's time zone (docs/rules/ecs-user-guide.md#auto-snapshot-policy). */
export const SCHEDULE_OFFSET_MS = 8 * 3_600_000;
const HOUR_MS = 3_600_000;

const invalid = (what: string, status = 403) => new ApiError('ParameterInvalid', status, `The specified ${what} parameter is invalid.`);

export const PolicyErrors = {
  /** Cross-region copy settings (shared/domain/snapshot-copy.ts#validateCrossRegionCopy). */
  crossRegionCopy: (what: string) => invalid(what),
  timePoints: () => invalid('TimePoints'),
  repeatWeekdays: () => invalid('RepeatWeekDays'),
  retentionDays: () => invalid('RetentionDays'),
  name: () => invalid('AutoSnapshotPolicyName'),
  notFound: () => new ApiError('ParameterInvalid', 404, 'The specified automatic snapshot policy does not exist in the region.'),
  quota: (limit: number) =>
    new ApiError('AutoSnapshotPolicy.QuotaExceed', 403, `The maximum number of automatic snapshot policy has been reached (${limit} per region).`),
  diskIds: () => invalid('DiskIds'),
};

/**
 * A JSON array string of whole numbers in [min, max] (`["0","1"]` or `[0, 1]`),
 * each at most once, at least one: sorted. Anything else is `error()`.
 */
function parseNumberList(raw: unknown, min: number, max: number, error: () => ApiError): number[] {
  let list: unknown = raw;
  if (typeof raw === 'string') {
    try {
      list = JSON.parse(raw);
    } catch {
      // A bare comma list ("0,1") is what some hand-written callers send.
      list = raw.split(',').map((s) => s.trim());
    }
  }
  if (!Array.isArray(list) || list.length === 0) throw error();
  const out = new Set<number>();
  for (const v of list) {
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? Number(v) : NaN;
    if (!Number.isInteger(n) || n < min || n > max || out.has(n)) throw error();
    out.add(n);
  }
  return [...out].sort((a, b) => a - b);
}

/** `timePoints`: 1 to 24 hours of the day, 0–23 (UTC+8). */
export const parseTimePoints = (raw: unknown): number[] => parseNumberList(raw, 0, 23, PolicyErrors.timePoints);
/** `repeatWeekdays`: 1 to 7 days, 1 = Monday … 7 = Sunday. */
export const parseRepeatWeekdays = (raw: unknown): number[] => parseNumberList(raw, 1, 7, PolicyErrors.repeatWeekdays);

/** `retentionDays`: -1 (forever) or 1 … `maxDays` (docs/rules/ecs-user-guide.md#auto-snapshot-policy: 65,536). */
export function validateRetentionDays(days: number, maxDays: number): number {
  if (!Number.isInteger(days) || (days !== -1 && (days < 1 || days > maxDays))) throw PolicyErrors.retentionDays();
  return days;
}

/**
 * Policy name (docs/rules/ecs-user-guide.md#auto-snapshot-policy): 2–128 characters, starting with a letter
 * (any script: the console allows kanji and kana), then letters, digits,
 * `.`, `_` and `-`; never a URL.
 */
export function validatePolicyName(name: string): string {
  if (!/^\p{L}[\p{L}\p{N}._-]{1,127}$/u.test(name) || /^https?:\/\//i.test(name)) throw PolicyErrors.name();
  return name;
}

/** The UTC+8 wall-clock hour (0–23) and weekday (1 = Monday … 7 = Sunday) of an instant. */
export function scheduleClock(instant: Date): { hour: number; weekday: number } {
  const local = new Date(instant.getTime() + SCHEDULE_OFFSET_MS);
  return { hour: local.getUTCHours(), weekday: ((local.getUTCDay() + 6) % 7) + 1 };
}

export function isSlot(policy: Pick<AutoSnapshotPolicyRecord, 'timePoints' | 'repeatWeekdays'>, instant: Date): boolean {
  if (instant.getTime() % HOUR_MS !== 0) return false;
  const { hour, weekday } = scheduleClock(instant);
  return policy.timePoints.includes(hour) && policy.repeatWeekdays.includes(weekday);
}

/** The first slot strictly after `after` (UTC+8 is a whole number of hours off UTC, so slots are whole UTC hours). */
export function nextSlotAfter(policy: Pick<AutoSnapshotPolicyRecord, 'timePoints' | 'repeatWeekdays'>, after: Date): Date | undefined {
  let t = Math.floor(after.getTime() / HOUR_MS) * HOUR_MS + HOUR_MS;
  for (let i = 0; i < 24 * 8; i++, t += HOUR_MS) {
    const candidate = new Date(t);
    if (isSlot(policy, candidate)) return candidate;
  }
  return undefined;
}

/**
 * Slots in (`after`, `until`], oldest first, keeping only the newest `max`
 * (a clock moved far ahead must not make one run take thousands of slots;
 * older slots would be evicted or expired anyway).
 */
export function slotsBetween(policy: Pick<AutoSnapshotPolicyRecord, 'timePoints' | 'repeatWeekdays'>, after: Date, until: Date, max: number): Date[] {
  const out: Date[] = [];
  // Walk back from `until` so a long gap costs only `max` slots.
  let t = Math.floor(until.getTime() / HOUR_MS) * HOUR_MS;
  const floor = after.getTime();
  for (let steps = 0; t > floor && out.length < max && steps < 24 * 7 * (max + 1); t -= HOUR_MS, steps++) {
    const candidate = new Date(t);
    if (isSlot(policy, candidate)) out.push(candidate);
  }
  return out.reverse();
}

/** The wire form of TimePoints and RepeatWeekdays: a JSON array of strings (`["0","1"]`). */
export const renderNumberList = (list: readonly number[]): string => JSON.stringify(list.map(String));
