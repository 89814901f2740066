import type { StateStore } from '../store/state-store';
import { Keys } from '../store/keys';

/**
 * The sandbox clock: real time plus a stored offset that only ever grows, so
 * users and tests can move time forward and watch expiry and auto-release
 * happen. Every rule and every scheduled job reads time from here.
 */
export interface ClockState {
  offsetSeconds: number;
}

export async function readClockOffset(store: StateStore): Promise<number> {
  const item = await store.get<ClockState>(Keys.clock());
  return item?.offsetSeconds ?? 0;
}

export async function sandboxNow(store: StateStore): Promise<Date> {
  const offset = await readClockOffset(store);
  return new Date(Date.now() + offset * 1000);
}

/** Formats used by the ECS API: minutes for instance fields, seconds for images, snapshots, tasks. */
export const isoMinutes = (d: Date): string => d.toISOString().slice(0, 16) + 'Z';
export const isoSeconds = (d: Date): string => d.toISOString().slice(0, 19) + 'Z';
