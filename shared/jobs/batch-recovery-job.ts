import { recoverBatches } from '../store/batch-recovery';
import type { ScheduledJob } from './job';

/**
 * Units of work above 100 items that a crash interrupted (docs/atomicity.md):
 * decided ones are finished, undecided ones removed. Start-up does the same at
 * once (scripts/lib/recover.ts); this job covers a deployed stack, which never
 * "starts", and so leaves alone any batch younger than the longest a Lambda can
 * run (15 minutes, https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html):
 * that one may still be in the hands of the request that began it.
 */
export const BATCH_LEASE_MS = 15 * 60 * 1000;

export const unitOfWorkRecoveryJob: ScheduledJob = {
  name: 'unitOfWorkRecovery',
  rate: 'rate(5 minutes)',
  run: async (store) => {
    const r = await recoverBatches(store, BATCH_LEASE_MS);
    const details = [];
    if (r.rolledForward) details.push(`${r.rolledForward} interrupted batch(es) finished`);
    if (r.removed) details.push(`${r.removed} undecided batch journal(s) removed`);
    return { Name: 'unitOfWorkRecovery', Processed: r.rolledForward + r.removed, Details: details };
  },
};
