import { Errors } from './errors';

/** Time arithmetic of the ECS rules: request formats, minute truncation, subscription periods. */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** `yyyy-MM-ddTHH:mm:ssZ` (also `yyyy-MM-ddTHH:mmZ`), UTC, as requests carry times (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-overview). */
export function parseRequestTime(value: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?Z$/.exec(value);
  if (!m) return undefined;
  // The seconds group is absent in the minute form: Number(undefined) would be NaN, not 0.
  const [y, mo, d, h, mi, s] = m.slice(1).map((g) => (g === undefined ? undefined : Number(g))) as [number, number, number, number, number, number | undefined];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s ?? 0));
  // Reject impossible dates such as 02-30 that Date would roll over.
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || h > 23 || mi > 59 || (s ?? 0) > 59) return undefined;
  return date;
}

/**
 * AutoReleaseTime rules (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-overview): seconds truncated to the minute, at
 * least 30 minutes and at most 3 years after now.
 */
export function validateAutoReleaseTime(value: string, now: Date): Date {
  const parsed = parseRequestTime(value);
  if (!parsed) {
    throw Errors.invalid('InvalidAutoReleaseTime.Malformed', 'The specified parameter AutoReleaseTime is not valid.');
  }
  const truncated = new Date(Math.floor(parsed.getTime() / MINUTE_MS) * MINUTE_MS);
  const earliest = now.getTime() + 30 * MINUTE_MS;
  const latest = addPeriod(now, 3, 'Year').getTime();
  if (truncated.getTime() < earliest || truncated.getTime() > latest) {
    throw Errors.invalid(
      'InvalidAutoReleaseTime',
      'The specified AutoReleaseTime is invalid: it must be at least 30 minutes and at most 3 years after the current time.',
    );
  }
  return truncated;
}

export type PeriodUnit = 'Week' | 'Month' | 'Year';

/** Calendar arithmetic in UTC: a month from Jan 31 is the last day of February. */
export function addPeriod(from: Date, count: number, unit: PeriodUnit): Date {
  if (unit === 'Week') return new Date(from.getTime() + count * 7 * DAY_MS);
  const months = unit === 'Year' ? count * 12 : count;
  const d = new Date(from.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, lastDay));
  return d;
}

/**
 * `addPeriod` on the China (UTC+8) calendar. Subscription periods start and end
 * at China midnights, so their months are China months: one month from
 * 2024-05-01 00:00 China is 2024-06-01 00:00 China. (The same arithmetic in
 * UTC starts from 2024-04-30 16:00Z and ends a day early, on 2024-05-31 00:00 China.)
 */
export function addChinaPeriod(from: Date, count: number, unit: PeriodUnit): Date {
  return new Date(addPeriod(new Date(from.getTime() + CHINA_OFFSET_MS), count, unit).getTime() - CHINA_OFFSET_MS);
}

const CHINA_OFFSET_MS = 8 * HOUR_MS;

/**
 * Subscriptions end at midnight China time (UTC+8), as the real ExpiredTime
 * values (`...T16:00Z`) show; a period bought now runs from the next such
 * midnight (the guide's renewal example, L1311: renewed 2016-05-23 08:09:35,
 * one month, ends 2016-06-24 00:00:00).
 */
export function nextChinaMidnight(d: Date): Date {
  const shifted = d.getTime() + 8 * HOUR_MS;
  const midnight = Math.ceil(shifted / DAY_MS) * DAY_MS;
  return new Date(midnight - 8 * HOUR_MS);
}

/** Valid subscription periods: Week 1–4, Month 1–9/12/24/36/48/60, Year 1–5 (RunInstances, RenewInstance). */
export function validatePeriod(period: number | undefined, unit: PeriodUnit): number {
  if (period === undefined) throw Errors.missingParameter('Period');
  const ok =
    unit === 'Week'
      ? period >= 1 && period <= 4
      : unit === 'Year'
        ? period >= 1 && period <= 5
        : (period >= 1 && period <= 9) || [12, 24, 36, 48, 60].includes(period);
  if (!Number.isInteger(period) || !ok) throw Errors.invalid('InvalidPeriod', 'The specified period is not valid.');
  return period;
}
