import { guardedPost } from './webhook-post';
import { backoffSeconds, MAX_ATTEMPTS, signedDelivery, type WebhookRecord } from '../domain/webhook';
import { claimDelivery, pendingDeliveries, saveAttempt, type DeliveryRecord } from '../store/deliveries';
import { WriteConflict, type StateStore, type Stored } from '../store/state-store';

/**
 * Delivers a webhook's waiting events, oldest first, and stops at the first
 * failure so the receiver always gets a resource's events in order. A failed
 * attempt is retried after an exponential backoff on the sandbox clock (the
 * webhookRetries job picks it up); after MAX_ATTEMPTS it is parked as Dead and
 * the next event goes on. Called by the stream handler right after it queues
 * new deliveries, by the retry job, and by RedeliverWebhookEvent.
 */
export type Poster = (url: string, body: string, headers: Record<string, string>) => Promise<{ status: number }>;

/** Inward targets are refused at connection time (webhook-post.ts). */
export const httpPost: Poster = (url, body, headers) => guardedPost(url, body, headers);

export interface DeliveryOutcome {
  delivered: number;
  failed: number;
  dead: number;
}

export async function deliverPending(views: StateStore, webhook: WebhookRecord, now: Date, post: Poster = httpPost): Promise<DeliveryOutcome> {
  const outcome: DeliveryOutcome = { delivered: 0, failed: 0, dead: 0 };
  const queue = await pendingDeliveries(views, webhook.webhookId);
  for (const pending of queue) {
    if (pending.nextAttemptTime && Date.parse(pending.nextAttemptTime) > now.getTime()) break;
    // Another run (the stream handler, the retry job, a redelivery) is sending this one: it owns the queue.
    const claimed = await claimDelivery(views, pending);
    if (!claimed) break;
    const result = await attempt(webhook, claimed, now, post);
    try {
      await saveAttempt(views, claimed, result);
    } catch (e) {
      // Another run (the stream handler, the retry job, a redelivery) is working this queue:
      // it owns the outcome; stop here rather than double-count.
      if (e instanceof WriteConflict) break;
      throw e;
    }
    if (result.status === 'Delivered') outcome.delivered++;
    else if (result.status === 'Dead') outcome.dead++;
    else {
      outcome.failed++;
      break;
    }
  }
  return outcome;
}

async function attempt(webhook: WebhookRecord, pending: Stored<DeliveryRecord>, now: Date, post: Poster): Promise<DeliveryRecord> {
  const { pk: _p, sk: _s, version: _v, ...record } = pending as Stored<DeliveryRecord> & { dueKind?: string; dueAt?: string; expiresAt?: number };
  const {
    dueKind: _k,
    dueAt: _d,
    expiresAt: _e,
    claimedUntil: _c,
    ...base
  } = record as DeliveryRecord & { dueKind?: string; dueAt?: string; expiresAt?: number; claimedUntil?: number };
  const attempts = base.attempts + 1;
  const { body, headers } = signedDelivery(webhook.secret, base.event, Math.floor(Date.now() / 1000));
  let statusCode: number | undefined;
  let error: string | undefined;
  try {
    statusCode = (await post(webhook.url, body, headers)).status;
    if (statusCode < 200 || statusCode >= 300) error = `HTTP ${statusCode}`;
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  const common = { ...base, attempts, lastAttemptTime: now.toISOString(), lastStatusCode: statusCode, lastError: error };
  if (!error) return { ...common, status: 'Delivered', deliveredTime: now.toISOString(), nextAttemptTime: undefined };
  if (attempts >= MAX_ATTEMPTS) return { ...common, status: 'Dead', nextAttemptTime: undefined };
  return { ...common, status: 'Pending', nextAttemptTime: new Date(now.getTime() + backoffSeconds(attempts) * 1000).toISOString() };
}
