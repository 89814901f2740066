import { applyDurations, startupProfile, type DurationsProfile } from '../platform/durations';
import { readHotItem } from './hot-items';
import { Keys } from './keys';
import type { StateStore } from './state-store';

/**
 * The sandbox clock: real time plus a stored offset that only grows (a clock
 * going back would undo what timers already did), so users and tests can move
 * time forward and watch expiry and auto-release happen; only a reset of the
 * whole sandbox (control plane) brings it back to real time. Every rule and
 * every scheduled job reads time from here. The offset is an item of the state
 * table, so the clock lives beside the store (the time formats stay in
 * platform/clock.ts).
 */
export interface ClockState {
  offsetSeconds: number;
  /** The duration profile chosen at run time (control plane); absent: SANDBOX_DURATIONS. */
  durations?: DurationsProfile;
}

export async function readClockOffset(store: StateStore, opts: { cached?: boolean } = {}): Promise<number> {
  const item = opts.cached ? await readHotItem<ClockState>(store, Keys.clock()) : await store.get<ClockState>(Keys.clock());
  // Every request reads the clock first, so a profile switched by the control plane reaches every Lambda.
  applyDurations(item?.durations ?? startupProfile());
  return item?.offsetSeconds ?? 0;
}

export async function sandboxNow(store: StateStore): Promise<Date> {
  const offset = await readClockOffset(store);
  return new Date(store.wallClockMs() + offset * 1000);
}

/**
 * The sandbox time for an API request: the offset from the one-second cache of hot items
 * (shared/store/hot-items.ts), so most requests make no clock read. Scheduled jobs and the stream
 * handler use `sandboxNow` (a fresh read): time-driven effects follow the stored clock exactly.
 */
export async function requestNow(store: StateStore): Promise<Date> {
  const offset = await readClockOffset(store, { cached: true });
  return new Date(store.wallClockMs() + offset * 1000);
}
