import { Errors } from '../domain/errors';
import { retryOnConflict } from '../store/conflict-retry';
import { awaitJobsLease } from '../store/jobs-lease';
import { sandboxNow } from '../store/sandbox-clock';
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
 *
 * The jobs run at the sandbox time read once the lease is held, from the clock item itself (as the
 * ticker and the minute schedules do), not the request's copy from the hot-item cache nor a time
 * read before waiting up to 15 s for the lease: "advance, then run the jobs" always sees the advance.
 */
export async function runScheduledJobsNow(store: StateStore, who: string): Promise<{ now: Date; reports: JobReport[] }> {
  const lease = await awaitJobsLease(who, WAIT_FOR_RUN_MS);
  if (!lease) throw Errors.operationConflict();
  try {
    const now = await sandboxNow(store);
    const reports: JobReport[] = [];
    for (const job of SCHEDULED_JOBS)
      reports.push(
        await retryOnConflict(
          3,
          () => job.run(store, now),
          (attempt) => 50 * attempt,
        ),
      );
    return { now, reports };
  } finally {
    await lease.release();
  }
}
