import { Errors } from '../domain/errors';
import { retryOnConflict } from '../store/conflict-retry';
import { awaitJobsLease } from '../store/jobs-lease';
import type { StateStore } from '../store/state-store';
import type { JobReport } from './job';
import { SCHEDULED_JOBS } from './registry';

/** How long a caller waits for a run under way (a tick, a minute schedule) to end; under API Gateway's 29 s with room for the run itself. */
const WAIT_FOR_RUN_MS = 15_000;

/**
 * Every scheduled job now, in order, for RunScheduledJobs and `POST /_sandbox/jobs/run`. It holds
 * the jobs lease (shared/store/jobs-lease.ts), so it never races the ticker's run of the same job:
 * a run under way is waited for, and the due work it left is done here. Still held after the
 * wait: 409 OperationConflict, a clean answer to call again. Conflicts with users' writes are
 * retried on fresh reads.
 */
export async function runScheduledJobsNow(store: StateStore, now: Date, who: string): Promise<JobReport[]> {
  const lease = await awaitJobsLease(who, WAIT_FOR_RUN_MS);
  if (!lease) throw Errors.operationConflict();
  try {
    const reports: JobReport[] = [];
    for (const job of SCHEDULED_JOBS) reports.push(await retryOnConflict(3, () => job.run(store, now), (attempt) => 50 * attempt));
    return reports;
  } finally {
    await lease.release();
  }
}
