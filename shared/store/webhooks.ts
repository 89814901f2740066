import type { WebhookRecord } from '../domain/webhook';
import { Keys } from './keys';
import type { StateStore } from './state-store';

/** Webhook subscriptions are resources of an account in a region (state table). */
export const WEBHOOK = 'webhook';

export const webhookKey = (accountId: string, regionId: string, webhookId: string) => Keys.resource(accountId, regionId, WEBHOOK, webhookId);

export function loadWebhook(store: StateStore, accountId: string, regionId: string, webhookId: string) {
  return store.get<WebhookRecord>(webhookKey(accountId, regionId, webhookId));
}

export function listWebhooks(store: StateStore, accountId: string, regionId: string) {
  return store.queryAll<WebhookRecord>({ pk: Keys.resourcePartition(accountId, regionId, WEBHOOK), consistent: false });
}
