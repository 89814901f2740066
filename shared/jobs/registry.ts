import type { ScheduledJob } from './job';
import { autoReleaseJob, instanceTransitionsJob, subscriptionExpiryJob } from './instance-sweeps';
import { noticesJob, webhookRetriesJob } from './webhook-jobs';
import { autoSnapshotJob, snapshotRetentionJob } from './snapshot-jobs';
import { imageLifecycleJob } from './image-jobs';
import { storageTransitionsJob } from './storage-transitions';
import { unitOfWorkRecoveryJob } from './batch-recovery-job';
import { releaseEffectsJob } from './release-effects-job';
import { natGatewayLifecycleJob } from './nat-gateway-job';

/** Every scheduled job, in the order RunScheduledJobs runs them. */
export const SCHEDULED_JOBS: ScheduledJob[] = [
  unitOfWorkRecoveryJob,
  instanceTransitionsJob,
  noticesJob,
  autoReleaseJob,
  subscriptionExpiryJob,
  releaseEffectsJob,
  webhookRetriesJob,
  autoSnapshotJob,
  // Before snapshotRetention: a snapshot whose copy ended and whose retention ran out by the same
  // clock advance waits under its completion timer, and is handed to its retention timer here.
  storageTransitionsJob,
  snapshotRetentionJob,
  imageLifecycleJob,
  natGatewayLifecycleJob,
];

export const findJob = (name: string): ScheduledJob | undefined => SCHEDULED_JOBS.find((j) => j.name === name);
