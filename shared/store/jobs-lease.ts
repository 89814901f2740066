import { randomUUID } from 'node:crypto';
import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoStateStore } from './dynamo-state-store';
import type { Key, StateStore } from './state-store';
import { viewsStore } from './views-store';

/**
 * One lease for running the scheduled jobs, so the due-time ticker, the minute schedules and
 * RunScheduledJobs never work the same due items at the same moment (two runs of one job racing
 * for the same timers made conditional writes fail under each other, and RunScheduledJobs gave
 * up with a 500). The lease is an item claimed with a conditional put: free, or expired. It is
 * counted in real time (Date.now), not on the sandbox clock, because it guards processes, and it
 * expires on its own (a holder killed with kill -9 blocks the others for at most LEASE_MS); a
 * live holder extends it while it works. It lives in the views table, which has no stream: a
 * claim every tick would otherwise wake the stream handler every second for nothing.
 */
export const JOBS_LEASE_KEY: Key = { pk: 'SANDBOX', sk: 'JOBS_LEASE' };
const LEASE_MS = 15_000;
const RENEW_EVERY_MS = 5_000;

export interface JobsLease {
  holder: string;
  release: () => Promise<void>;
}

/** Claim the lease for `who` (a label for the record), or undefined when another run holds it. */
export async function claimJobsLease(who: string, views: StateStore = viewsStore()): Promise<JobsLease | undefined> {
  const holder = `${who}#${randomUUID()}`;
  // The lease guards processes sharing one table; a unit test's in-memory store has one process.
  if (!(views instanceof DynamoStateStore)) return { holder, release: async () => undefined };
  const store = views;
  try {
    await store.db.send(
      new PutCommand({
        TableName: store.tableName,
        Item: { ...JOBS_LEASE_KEY, holder, leaseUntil: Date.now() + LEASE_MS },
        ConditionExpression: 'attribute_not_exists(pk) OR leaseUntil < :now',
        ExpressionAttributeValues: { ':now': Date.now() },
      }),
    );
  } catch (e) {
    if ((e as { name?: string }).name === 'ConditionalCheckFailedException') return undefined;
    throw e;
  }
  const renew = setInterval(() => {
    store.db
      .send(
        new UpdateCommand({
          TableName: store.tableName,
          Key: JOBS_LEASE_KEY,
          UpdateExpression: 'SET leaseUntil = :until',
          ConditionExpression: 'holder = :h',
          ExpressionAttributeValues: { ':until': Date.now() + LEASE_MS, ':h': holder },
        }),
      )
      .catch(() => undefined); // lost or expired: the run goes on; its writes are conditional anyway
  }, RENEW_EVERY_MS);
  renew.unref?.();
  return {
    holder,
    release: async () => {
      clearInterval(renew);
      try {
        await store.db.send(
          new DeleteCommand({
            TableName: store.tableName,
            Key: JOBS_LEASE_KEY,
            ConditionExpression: 'holder = :h',
            ExpressionAttributeValues: { ':h': holder },
          }),
        );
      } catch (e) {
        if ((e as { name?: string }).name !== 'ConditionalCheckFailedException') throw e;
      }
    },
  };
}

/**
 * Claim the lease, waiting for a run under way to end (polling every `pollMs`) for at most
 * `waitMs`; undefined when it is still held then.
 */
export async function awaitJobsLease(who: string, waitMs: number, pollMs = 50, store: StateStore = viewsStore()): Promise<JobsLease | undefined> {
  const until = Date.now() + waitMs;
  for (;;) {
    const lease = await claimJobsLease(who, store);
    if (lease || Date.now() >= until) return lease;
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** Run `work` under the lease when it is free; undefined (nothing run) when another run holds it. */
export async function withJobsLease<T>(who: string, work: () => Promise<T>, store: StateStore = viewsStore()): Promise<T | undefined> {
  const lease = await claimJobsLease(who, store);
  if (!lease) return undefined;
  try {
    return await work();
  } finally {
    await lease.release();
  }
}
