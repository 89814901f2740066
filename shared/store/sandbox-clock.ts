import { applyDurations, startupProfile, type DurationsProfile } from '../platform/durations';
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

export async function readClockOffset(store: StateStore): Promise<number> {
  const item = await store.get<ClockState>(Keys.clock());
  // Every request reads the clock first, so a profile switched by the control plane reaches every Lambda.
  applyDurations(item?.durations ?? startupProfile());
  return item?.offsetSeconds ?? 0;
}

export async function sandboxNow(store: StateStore): Promise<Date> {
  const offset = await readClockOffset(store);
  return new Date(store.wallClockMs() + offset * 1000);
}
