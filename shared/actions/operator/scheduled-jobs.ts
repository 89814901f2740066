import { z } from 'zod';
import type { JobReport, ScheduledJob } from '../../jobs/job';
import { SCHEDULED_JOBS } from '../../jobs/registry';
import { retryOnConflict } from '../../store/conflict-retry';
import type { StateStore } from '../../store/state-store';
import { defineAction } from '../action';

/**
 * Runs every scheduled job now, synchronously, in order, and reports what each
 * did: what tests and users call after AdvanceSandboxClock instead of waiting
 * for the next minute's schedule.
 */
export const runScheduledJobs = defineAction({
  name: 'RunScheduledJobs',
  audience: 'operator',
  input: z.object({}),
  handler: async (_input, ctx) => {
    if (ctx.dryRun) return {};
    const reports = [];
    for (const job of SCHEDULED_JOBS) reports.push(await runOnce(job, ctx.store, ctx.now));
    return { Jobs: { Job: reports } };
  },
});

/**
 * The same job may be running on its own schedule at this moment; a write
 * conflict with that run means the work was being done: run the job again on
 * fresh reads (a few times) instead of failing the call.
 */
function runOnce(job: ScheduledJob, store: StateStore, now: Date): Promise<JobReport> {
  return retryOnConflict(3, () => job.run(store, now), (attempt) => 50 * attempt);
}
