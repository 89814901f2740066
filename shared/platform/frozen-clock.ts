/**
 * A wall clock that stands still until a test moves it: what MemoryStateStore reports as real
 * time (shared/store/memory-state-store.ts), so a unit test never depends on seconds passing
 * (README "Tests"). The sandbox clock's offset still applies on top of it.
 */
export class FrozenClock {
  private ms: number;

  constructor(start: Date | string = '2026-01-01T00:00:00Z') {
    this.ms = new Date(start).getTime();
  }

  nowMs(): number {
    return this.ms;
  }

  advance(seconds: number): void {
    this.ms += seconds * 1000;
  }
}
