import { z } from 'zod';
import { runScheduledJobsNow } from '../../jobs/run-now';
import { defineAction } from '../action';

/**
 * Runs every scheduled job now, synchronously, in order, and reports what each
 * did: what tests and users call after AdvanceSandboxClock instead of waiting
 * for the next minute's schedule. It waits for a run of the ticker or of a
 * schedule under way (the jobs lease), then does what is left.
 */
export const runScheduledJobs = defineAction({
  name: 'RunScheduledJobs',
  audience: 'operator',
  input: z.object({}),
  handler: async (_input, ctx) => {
    if (ctx.dryRun) return {};
    return { Jobs: { Job: (await runScheduledJobsNow(ctx.store, 'RunScheduledJobs')).reports } };
  },
});
