import { z } from 'zod';
import { SCHEDULED_JOBS } from '../../jobs/registry';
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
    for (const job of SCHEDULED_JOBS) reports.push(await job.run(ctx.store, ctx.now));
    return { Jobs: { Job: reports } };
  },
});
