import { withJobsLease } from '../store/jobs-lease';
import { sandboxNow } from '../store/sandbox-clock';
import { WriteConflict, type StateStore } from '../store/state-store';
import type { JobReport } from './job';
import { SCHEDULED_JOBS } from './registry';

/**
 * One tick of the due-time timer: every scheduled job, once, at the sandbox clock's now. Each job
 * starts with a Query of the byDue index up to now (an empty one costs one read), so a tick with
 * nothing due is a handful of cheap Queries, and a timed change (an instance step, an auto-release,
 * a subscription phase, an image or task completion, an automatic snapshot slot, a retention, a
 * webhook retry) is persisted, and its event emitted by the stream, within a tick of its due time
 * with no read needed. The minute schedules of the same jobs stay as the safety net.
 *
 * Jobs are idempotent and write conditionally: a conflict with a user's change means someone else
 * did the work; the next tick sees what is left. A tick runs under the jobs lease
 * (shared/store/jobs-lease.ts) and is skipped while RunScheduledJobs or a minute schedule holds
 * it, so two runs never work the same timers at once.
 */
export async function dueTick(store: StateStore): Promise<JobReport[]> {
  return (await withJobsLease('dueTick', () => tickUnderLease(store))) ?? [];
}

async function tickUnderLease(store: StateStore): Promise<JobReport[]> {
  const now = await sandboxNow(store);
  // The jobs side by side: each works its own timers and settles a resource whole (an instance's
  // steps, phases and release in one write), so none waits for another, and a tick costs about
  // one round of Queries instead of one per job.
  const reports = await Promise.all(
    SCHEDULED_JOBS.map(async (job): Promise<JobReport | undefined> => {
      try {
        return await job.run(store, now);
      } catch (e) {
        if (e instanceof WriteConflict) return undefined;
        throw e;
      }
    }),
  );
  return reports.filter((r): r is JobReport => r !== undefined && r.Processed > 0);
}
