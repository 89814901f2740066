import type { StateStore } from '../store/state-store';

/**
 * A time-driven job (auto-release, subscription expiry, ...). It finds due
 * work through the byDue index, applies it with conditional writes, and is
 * idempotent: a run stopped half-way is finished by the next with no double effect.
 */
export interface ScheduledJob {
  name: string;
  /** How often the deployed schedule fires it. */
  rate: string;
  run: (store: StateStore, now: Date) => Promise<JobReport>;
}

export interface JobReport {
  Name: string;
  /** Work items applied by this run. */
  Processed: number;
  /** Short human-readable lines: what was done to which resource. */
  Details: string[];
}
