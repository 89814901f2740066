import type { SandboxEvent } from '../domain/events';
import { WriteConflict, type StateStore, type Stored, type UnitOfWork } from './state-store';

/**
 * Webhook deliveries in the views table. Each delivery has a log item
 * (`DELIVERIES#<webhook>`, kept for DescribeWebhookDeliveries) and, while it
 * waits, a pending item (`PENDING#<webhook>`, sorted by event time so a
 * webhook receives its events in order) that is in the sparse byDue index when
 * a retry is scheduled.
 */
export type DeliveryStatus = 'Pending' | 'Delivered' | 'Dead';

export interface DeliveryRecord {
  webhookId: string;
  accountId: string;
  regionId: string;
  event: SandboxEvent;
  status: DeliveryStatus;
  attempts: number;
  createdTime: string;
  lastAttemptTime?: string;
  lastStatusCode?: number;
  lastError?: string;
  nextAttemptTime?: string;
  deliveredTime?: string;
}

export const RETRY_KIND = 'webhookRetry';
const RETENTION_SECONDS = 30 * 86_400;

export const DeliveryKeys = {
  log: (webhookId: string, e: SandboxEvent) => ({ pk: `DELIVERIES#${webhookId}`, sk: `${e.EventTime}#${e.EventId}` }),
  pending: (webhookId: string, e: SandboxEvent) => ({ pk: `PENDING#${webhookId}`, sk: `${e.EventTime}#${e.EventId}` }),
};

/**
 * Sandbox seconds after which a delivery the stream handler queued but did not get to send
 * (it crashed after the batch was recorded) is picked up by the webhookRetries job.
 */
const UNSENT_GRACE_SECONDS = 60;

export function enqueueDelivery(tx: UnitOfWork, record: DeliveryRecord): void {
  const expiresAt = Math.floor(Date.now() / 1000) + RETENTION_SECONDS;
  const retryAt = new Date(Date.parse(record.createdTime) + UNSENT_GRACE_SECONDS * 1000).toISOString();
  tx.upsert(DeliveryKeys.log(record.webhookId, record.event), { ...record, expiresAt });
  tx.upsert(DeliveryKeys.pending(record.webhookId, record.event), {
    ...record,
    expiresAt,
    dueKind: RETRY_KIND,
    dueAt: `${retryAt}#${record.webhookId}#${record.event.EventId}`,
  });
}

/** A delivery made once and settled at once (TestWebhook): the log item only, nothing pending. */
export function logDelivery(tx: UnitOfWork, record: DeliveryRecord): void {
  tx.upsert(DeliveryKeys.log(record.webhookId, record.event), { ...record, expiresAt: Math.floor(Date.now() / 1000) + RETENTION_SECONDS });
}

export function pendingDeliveries(views: StateStore, webhookId: string) {
  return views.queryAll<DeliveryRecord>({ pk: `PENDING#${webhookId}` });
}

export function loadDelivery(views: StateStore, webhookId: string, event: Pick<SandboxEvent, 'EventTime' | 'EventId'>) {
  return views.get<DeliveryRecord>({ pk: `DELIVERIES#${webhookId}`, sk: `${event.EventTime}#${event.EventId}` });
}

export async function listDeliveries(
  views: StateStore,
  webhookId: string,
  opts: { limit: number; startKey?: Record<string, unknown>; status?: DeliveryStatus },
): Promise<{ items: Stored<DeliveryRecord>[]; lastKey?: Record<string, unknown> }> {
  return views.query<DeliveryRecord>({
    pk: `DELIVERIES#${webhookId}`,
    descending: true,
    limit: opts.limit,
    startKey: opts.startKey,
    filter: opts.status ? { expression: '#s = :s', names: { '#s': 'status' }, values: { ':s': opts.status } } : undefined,
  });
}

/** Write the outcome of an attempt to both items (the pending one goes once the delivery is settled). */
export async function saveAttempt(views: StateStore, pending: Stored<DeliveryRecord>, next: DeliveryRecord): Promise<void> {
  const tx = views.unitOfWork();
  const expiresAt = Math.floor(Date.now() / 1000) + RETENTION_SECONDS;
  tx.upsert(DeliveryKeys.log(next.webhookId, next.event), { ...next, expiresAt });
  if (next.status === 'Pending') {
    tx.replace<DeliveryRecord & Record<string, unknown>>(pending, {
      ...next,
      expiresAt,
      ...(next.nextAttemptTime ? { dueKind: RETRY_KIND, dueAt: `${next.nextAttemptTime}#${next.webhookId}#${next.event.EventId}` } : {}),
    });
  } else {
    tx.remove(pending);
  }
  await tx.commit();
}

/** How long a claimed delivery is left to the run that claimed it (real seconds: the POST's own time). */
const CLAIM_SECONDS = 30;

/**
 * Claims a pending delivery for one run before its POST (a version-checked write), so the stream
 * handler and the retry job never both send it. Undefined when another run has it: claimed
 * within CLAIM_SECONDS, or changed since it was read. A run killed after its claim leaves the
 * delivery pending; the claim lapses and a later run sends it.
 */
export async function claimDelivery(views: StateStore, pending: Stored<DeliveryRecord>): Promise<Stored<DeliveryRecord> | undefined> {
  const claimedUntil = (pending as { claimedUntil?: number }).claimedUntil;
  if (claimedUntil !== undefined && claimedUntil > Date.now()) return undefined;
  const { pk, sk, version, ...record } = pending;
  const claimed = { ...record, claimedUntil: Date.now() + CLAIM_SECONDS * 1000 };
  const tx = views.unitOfWork();
  tx.replace(pending, claimed);
  try {
    await tx.commit();
  } catch (e) {
    if (e instanceof WriteConflict) return undefined;
    throw e;
  }
  return { ...claimed, pk, sk, version: version + 1 };
}
