import { Keys } from './keys';
import type { StateStore } from './state-store';

/**
 * The sandbox clock: real time plus a stored offset that only ever grows, so
 * users and tests can move time forward and watch expiry and auto-release
 * happen. Every rule and every scheduled job reads time from here. The offset
 * is an item of the state table, so the clock lives beside the store (the time
 * formats stay in platform/clock.ts).
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
