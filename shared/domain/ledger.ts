import { bandwidthPricePerHour } from './pricing';
/**
 * The billing ledger: per resource, the segments of time during which it
 * charged and at what hourly rate, built from the resource's state history
 * (each change of the state table) and the catalogue prices. It answers seed
 * 000's "I released the instance; why am I still charged?": the instance's
 * segment ends at its release (an auto-release at the exact AutoReleaseTime),
 * while the data disks it left behind, their snapshots and a converted EIP
 * keep charging, flagged with the instance they came from.
 */
export interface ChargeSegment {
  from: string;
  to?: string;
  ratePerHourUsd: number;
}

export interface LedgerEntry {
  accountId: string;
  regionId: string;
  resourceType: string;
  resourceId: string;
  /** The instance the resource belongs or belonged to. */
  instanceId?: string;
  /** Set when the resource outlived the release of this instance. */
  orphanedFromInstanceId?: string;
  segments: ChargeSegment[];
  /**
   * When the resource went (its release or deletion). Final: a change that arrives later but
   * happened earlier (the stream working off a backlog after the releaseEffects job closed the
   * entry, docs/atomicity.md) is fitted in before it, and nothing after it ever charges.
   */
  releasedAt?: string;
}

/** EIP list price while allocated (sandbox figure). */
export const EIP_PRICE_PER_HOUR_USD = 0.005;
/** Snapshot storage per GiB-hour (sandbox figure). */
export const SNAPSHOT_PRICE_PER_GIB_HOUR_USD = 0.00003;
const HOURS_PER_MONTH = 730;

/** The hourly rate a resource charges in this state (0 when it does not charge). */
export function chargeRate(resourceType: string, item: Record<string, unknown> | undefined): number {
  if (!item) return 0;
  const billing = (item.billing ?? {}) as Record<string, unknown>;
  if (typeof billing.ratePerHourUsd === 'number') return billing.ratePerHourUsd;
  switch (resourceType) {
    case 'Instance':
      if (!billing.chargingSince) return 0;
      // A subscription is paid by the month; the ledger spreads it over the hours of the period.
      // Public bandwidth billed by bandwidth is charged with the instance (shared/domain/pricing.ts).
      return (
        (item.chargeType === 'PrePaid' ? Number(billing.pricePerMonthUsd ?? 0) / HOURS_PER_MONTH : Number(billing.pricePerHourUsd ?? 0)) +
        bandwidthPricePerHour(String(item.internetChargeType ?? ''), Number(item.internetMaxBandwidthOut ?? 0))
      );
    case 'Disk':
      return Number(billing.pricePerGiBHourUsd ?? 0) * Number(item.sizeGiB ?? 0);
    case 'Snapshot':
      return SNAPSHOT_PRICE_PER_GIB_HOUR_USD * Number(item.sizeGiB ?? item.sourceDiskSize ?? 0);
    case 'Eip':
      return EIP_PRICE_PER_HOUR_USD;
    default:
      return 0;
  }
}

/** Apply a change of the resource's rate at `at`: close the segment running then, open one at the new rate. */
export function applyRate(entry: LedgerEntry, rate: number, at: string): LedgerEntry {
  const released = entry.releasedAt;
  if (released !== undefined && at >= released) return entry;
  const segments = entry.segments.map((s) => ({ ...s }));
  const current = released === undefined ? segments.find((s) => s.to === undefined) : segments.find((s) => s.to === released && s.from <= at);
  if (current && current.ratePerHourUsd === rate) return entry;
  if (current) current.to = at < current.from ? current.from : at;
  if (rate > 0) segments.push(released === undefined ? { from: at, ratePerHourUsd: rate } : { from: at, to: released, ratePerHourUsd: rate });
  return { ...entry, segments };
}

/** Close charging at `at` (a release). A later, less exact close never moves an earlier one. */
export function closeAt(entry: LedgerEntry, at: string): LedgerEntry {
  const segments = entry.segments.map((s) => {
    if (s.to === undefined) return { ...s, to: at < s.from ? s.from : at };
    if (at < s.to && at >= s.from) return { ...s, to: at };
    return s;
  });
  const releasedAt = entry.releasedAt !== undefined && entry.releasedAt < at ? entry.releasedAt : at;
  return { ...entry, releasedAt, segments: segments.filter((s) => s.to === undefined || s.to > s.from || s.from === s.to) };
}

export const isCharging = (entry: LedgerEntry): boolean => entry.segments.some((s) => s.to === undefined && s.ratePerHourUsd > 0);

/** Amount (USD) charged between `from` and `to` (ISO), segments clipped to that window. */
export function amountBetween(entry: LedgerEntry, from: string, to: string): number {
  const start = Date.parse(from);
  const end = Date.parse(to);
  let total = 0;
  for (const s of entry.segments) {
    const a = Math.max(start, Date.parse(s.from));
    const b = Math.min(end, s.to ? Date.parse(s.to) : end);
    if (b > a) total += ((b - a) / 3_600_000) * s.ratePerHourUsd;
  }
  return Math.round(total * 1e6) / 1e6;
}

/** The current billing period: the calendar month (UTC) of `now`. */
export function currentPeriod(now: Date): { start: string; end: string } {
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  return { start: start.toISOString(), end: now.toISOString() };
}
