import { Keys } from '../../shared/store/keys';
import { REGION, storedItem } from './instances';

/**
 * RunScheduledJobs reports what THAT run did, not what happened. The stack the tests run on has
 * no ticker, but serverless-offline still fires every job's `rate(1 minute)` schedule
 * (serverless.yml: the deployed safety net) at each wall-clock minute, and those runs take the same
 * jobs lease. A due change can therefore be written by the minute's run a moment before the test's
 * own RunScheduledJobs, which then finds nothing left and reports nothing (the vpc-nat flake of
 * 2026-12-07). A test counts a time-driven effect by what does not depend on who applied it: the
 * stored item (its state, and its version moved exactly once) and the single event or webhook
 * delivery; a report line may be there at most once.
 */
export type JobRun = { Name: string; Processed: number; Details: string[] }[];

/** The report lines of `job` across these runs that match. */
export function reportLines(runs: JobRun[], job: string, match: (line: string) => boolean): string[] {
  return runs.flatMap((jobs) => jobs.filter((j) => j.Name === job).flatMap((j) => j.Details)).filter(match);
}

/** A stored resource item of the test region (`nat-gateway`, `image`, `task`, ...), read consistently. */
export function storedOf<T = Record<string, any>>(accountId: string, type: string, id: string): Promise<T | undefined> {
  return storedItem<T>(Keys.resource(accountId, REGION, type, id));
}
