import type { StateStore } from '../store/state-store';
import { Keys } from '../store/keys';
import { applyDurations, startupProfile, type DurationsProfile } from './durations';

/**
 * The sandbox clock: real time plus a stored offset that only grows (a clock
 * going back would undo what timers already did), so users and tests can move
 * time forward and watch expiry and auto-release happen; only a reset of the
 * whole sandbox (control plane) brings it back to real time. Every rule and
 * every scheduled job reads time from here.
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
  return new Date(Date.now() + offset * 1000);
}

/** Formats used by the ECS API: minutes for instance fields, seconds for images, snapshots, tasks. */
export const isoMinutes = (d: Date): string => d.toISOString().slice(0, 16) + 'Z';
export const isoSeconds = (d: Date): string => d.toISOString().slice(0, 19) + 'Z';
