import middy from '@middy/core';
import { findJob } from '../../shared/jobs/registry';
import { logUnexpectedErrors } from '../../shared/middleware/log-unexpected-errors';
import { loggerContext } from '../../shared/middleware/logger-context';
import { middyOptions } from '../../shared/middleware/middy-options';
import { awaitJobsLease } from '../../shared/store/jobs-lease';
import { sandboxNow } from '../../shared/store/sandbox-clock';
import { logger } from '../../shared/platform/logger';
import { DynamoStateStore } from '../../shared/store/dynamo-state-store';

const store = new DynamoStateStore();
const LEASE_WAIT_MS = 30_000;

/**
 * The Lambda behind one job's schedule (the safety net under the ticker): the same job code
 * RunScheduledJobs runs, under the same jobs lease. A failure
 * is logged and left to fail the invocation: the next tick (or EventBridge's retry) runs
 * the job again, and every job finds its due work afresh.
 */
export function scheduledJobHandler(jobName: string) {
  const run = async (): Promise<void> => {
    const job = findJob(jobName);
    if (!job) throw new Error(`unknown scheduled job ${jobName}`);
    // Under the jobs lease, after the tick or RunScheduledJobs under way (the schedules of every
    // job fire in the same second and take their turns); still held after the wait: the run
    // holding it works the same due index, so this one is skipped.
    const lease = await awaitJobsLease(`schedule:${jobName}`, LEASE_WAIT_MS);
    if (!lease) return;
    try {
      const report = await job.run(store, await sandboxNow(store));
      if (report.Processed > 0) logger.info('scheduled job ran', { ...report });
    } finally {
      await lease.release();
    }
  };
  return middy(run, middyOptions).use(loggerContext()).use(logUnexpectedErrors());
}
