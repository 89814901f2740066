import type { ScheduledJob } from './job';
import { autoReleaseJob, instanceTransitionsJob, subscriptionExpiryJob } from './instance-sweeps';
import { noticesJob, webhookRetriesJob } from './webhook-jobs';
import { autoSnapshotJob, snapshotRetentionJob } from './snapshot-jobs';
import { imageLifecycleJob } from './image-jobs';

/** Every scheduled job, in the order RunScheduledJobs runs them. */
export const SCHEDULED_JOBS: ScheduledJob[] = [
  instanceTransitionsJob,
  noticesJob,
  autoReleaseJob,
  subscriptionExpiryJob,
  webhookRetriesJob,
  autoSnapshotJob,
  snapshotRetentionJob,
  imageLifecycleJob,
];

export const findJob = (name: string): ScheduledJob | undefined => SCHEDULED_JOBS.find((j) => j.name === name);
