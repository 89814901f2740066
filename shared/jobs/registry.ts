import type { ScheduledJob } from './job';

/** Every scheduled job, in the order RunScheduledJobs runs them. */
export const SCHEDULED_JOBS: ScheduledJob[] = [];

export const findJob = (name: string): ScheduledJob | undefined => SCHEDULED_JOBS.find((j) => j.name === name);
