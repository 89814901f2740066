import middy from '@middy/core';
import { findJob } from '../../shared/jobs/registry';
import { logUnexpectedErrors } from '../../shared/middleware/log-unexpected-errors';
import { loggerContext } from '../../shared/middleware/logger-context';
import { middyOptions } from '../../shared/middleware/middy-options';
import { sandboxNow } from '../../shared/store/sandbox-clock';
import { logger } from '../../shared/platform/logger';
import { DynamoStateStore } from '../../shared/store/dynamo-state-store';

const store = new DynamoStateStore();

/**
 * The Lambda behind one job's schedule: the same job code RunScheduledJobs runs. A failure
 * is logged and left to fail the invocation: the next tick (or EventBridge's retry) runs
 * the job again, and every job finds its due work afresh.
 */
export function scheduledJobHandler(jobName: string) {
  const run = async (): Promise<void> => {
    const job = findJob(jobName);
    if (!job) throw new Error(`unknown scheduled job ${jobName}`);
    const report = await job.run(store, await sandboxNow(store));
    if (report.Processed > 0) logger.info('scheduled job ran', { ...report });
  };
  return middy(run, middyOptions).use(loggerContext()).use(logUnexpectedErrors());
}
