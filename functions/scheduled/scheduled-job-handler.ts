import { findJob } from '../../shared/jobs/registry';
import { sandboxNow } from '../../shared/platform/clock';
import { logger } from '../../shared/platform/logger';
import { StateStore } from '../../shared/store/state-store';

const store = new StateStore();

/** The Lambda behind one job's schedule: the same job code RunScheduledJobs runs. */
export function scheduledJobHandler(jobName: string) {
  return async (): Promise<void> => {
    const job = findJob(jobName);
    if (!job) throw new Error(`unknown scheduled job ${jobName}`);
    const report = await job.run(store, await sandboxNow(store));
    if (report.Processed > 0) logger.info('scheduled job ran', { ...report });
  };
}
