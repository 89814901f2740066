import { z } from 'zod';
import { Errors } from '../../domain/errors';
import { eventId, type SandboxEvent } from '../../domain/events';
import { signedDelivery } from '../../domain/webhook';
import { DeliveryKeys, enqueueDelivery, listDeliveries, loadDelivery, logDelivery } from '../../store/deliveries';
import { findEventTime } from '../../store/event-log';
import { viewsStore } from '../../store/views-store';
import { deliverPending, httpPost } from '../../projections/webhook-delivery';
import { defineAction } from '../action';
import { decodeNextToken, encodeNextToken } from '../../domain/next-token';
import { commonFields, p } from '../params';
import { loadOwnWebhook } from './manage';

/**
 * TestWebhook (a signed `Webhook.Test` POST, now, answered with what the
 * receiver said), DescribeWebhookDeliveries (the delivery log) and
 * RedeliverWebhookEvent (queue an event again and try at once).
 */
export const testWebhook = defineAction({
  name: 'TestWebhook',
  input: z.object({ ...commonFields, RegionId: p.regionId(), WebhookId: p.string({ min: 1 }) }),
  handler: async (input, ctx) => {
    const hook = await loadOwnWebhook(ctx, input.RegionId, input.WebhookId);
    const event: SandboxEvent = {
      EventId: eventId(`test#${ctx.requestId}`, 'Webhook.Test', 0),
      EventName: 'Webhook.Test',
      EventTime: ctx.now.toISOString(),
      AccountId: hook.accountId,
      RegionId: hook.regionId,
      ResourceType: 'Webhook',
      ResourceId: hook.webhookId,
      Detail: { Message: 'This is a test delivery from compute-sandbox.' },
    };
    if (ctx.dryRun) return {};
    const { body, headers } = signedDelivery(hook.secret, event, Math.floor(Date.now() / 1000));
    let statusCode = 0;
    let error = '';
    try {
      statusCode = (await httpPost(hook.url, body, headers)).status;
      if (statusCode < 200 || statusCode >= 300) error = `HTTP ${statusCode}`;
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    // Listed by DescribeWebhookDeliveries like every other delivery: Delivered, or Dead when the
    // receiver failed (a test is sent once and never retried).
    const at = ctx.now.toISOString();
    const log = viewsStore().unitOfWork();
    logDelivery(log, {
      webhookId: hook.webhookId,
      accountId: hook.accountId,
      regionId: hook.regionId,
      event,
      status: error === '' ? 'Delivered' : 'Dead',
      attempts: 1,
      createdTime: at,
      lastAttemptTime: at,
      lastStatusCode: statusCode || undefined,
      lastError: error || undefined,
      deliveredTime: error === '' ? at : undefined,
    });
    await log.commit();
    return { EventId: event.EventId, Delivered: error === '', StatusCode: statusCode, Error: error };
  },
});

/** NextToken: the last delivery's sort key (the partition is the webhook's). */
const token = {
  encode: (key: Record<string, unknown>) => encodeNextToken('d', String(key.sk)),
  decode: (webhookId: string, t: string) => ({ pk: `DELIVERIES#${webhookId}`, sk: decodeNextToken('d', t) }),
};

export const describeWebhookDeliveries = defineAction({
  name: 'DescribeWebhookDeliveries',
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    WebhookId: p.string({ min: 1 }),
    Status: p.enum(['Pending', 'Delivered', 'Dead']).optional(),
    NextToken: p.string().optional(),
    MaxResults: p.int({ min: 1, max: 100 }).optional(),
  }),
  handler: async (input, ctx) => {
    const hook = await loadOwnWebhook(ctx, input.RegionId, input.WebhookId);
    const page = await listDeliveries(viewsStore(), hook.webhookId, {
      limit: input.MaxResults ?? 20,
      status: input.Status,
      startKey: input.NextToken ? token.decode(hook.webhookId, input.NextToken) : undefined,
    });
    return {
      Deliveries: {
        Delivery: page.items.map((d) => ({
          EventId: d.event.EventId,
          EventName: d.event.EventName,
          EventTime: d.event.EventTime,
          ResourceId: d.event.ResourceId,
          Status: d.status,
          Attempts: d.attempts,
          LastAttemptTime: d.lastAttemptTime ?? '',
          LastStatusCode: d.lastStatusCode ?? 0,
          LastError: d.lastError ?? '',
          NextAttemptTime: d.nextAttemptTime ?? '',
          DeliveredTime: d.deliveredTime ?? '',
        })),
      },
      NextToken: page.lastKey ? token.encode(page.lastKey) : '',
    };
  },
});

export const redeliverWebhookEvent = defineAction({
  name: 'RedeliverWebhookEvent',
  input: z.object({ ...commonFields, RegionId: p.regionId(), WebhookId: p.string({ min: 1 }), EventId: p.string({ min: 1, max: 64 }) }),
  handler: async (input, ctx) => {
    const hook = await loadOwnWebhook(ctx, input.RegionId, input.WebhookId);
    if (ctx.dryRun) return {};
    const views = viewsStore();
    const eventTime = await findEventTime(views, input.EventId);
    const delivery = eventTime && (await loadDelivery(views, hook.webhookId, { EventTime: eventTime, EventId: input.EventId }));
    if (!delivery) throw Errors.notFound('InvalidEventId.NotFound', 'The specified event was never queued for this webhook.');
    const tx = views.unitOfWork();
    tx.removeIfPresent(DeliveryKeys.pending(hook.webhookId, delivery.event));
    await tx.commit();
    const requeue = views.unitOfWork();
    enqueueDelivery(requeue, { ...delivery, status: 'Pending', nextAttemptTime: undefined, createdTime: ctx.now.toISOString() });
    await requeue.commit();
    const outcome = await deliverPending(views, hook, ctx.now);
    return { EventId: input.EventId, Delivered: outcome.delivered > 0 };
  },
});
