import { z } from 'zod';
import { Errors } from '../../domain/errors';
import { validateEventNamePatterns, validateSecret, validateWebhookUrl, type WebhookRecord } from '../../domain/webhook';
import { newResourceId } from '../../platform/ids';
import { isoSeconds } from '../../platform/clock';
import { Keys } from '../../store/keys';
import { listWebhooks, loadWebhook, webhookKey } from '../../store/webhooks';
import { assertDeliverable } from '../../projections/webhook-post';
import { accountOf, defineAction, type ActionContext } from '../action';
import { commonFields, p } from '../params';
import { requireRegion } from '../instances/common';

/**
 * CreateWebhook, DescribeWebhooks, ModifyWebhook, DeleteWebhook: an account's
 * subscriptions of http(s) URLs to event-name patterns in a region. The secret
 * signs deliveries and is never shown again.
 */
export const WEBHOOKS_PER_REGION = 20;
const notFound = () => Errors.notFound('InvalidWebhookId.NotFound', 'The specified WebhookId does not exist.');

export async function loadOwnWebhook(ctx: ActionContext, regionId: string, webhookId: string) {
  const hook = await loadWebhook(ctx.store, accountOf(ctx), requireRegion(regionId), webhookId);
  if (!hook) throw notFound();
  return hook;
}

const render = (w: WebhookRecord) => ({
  WebhookId: w.webhookId,
  RegionId: w.regionId,
  Url: w.url,
  EventNames: { EventName: w.eventNames },
  Description: w.description,
  CreationTime: isoSeconds(new Date(w.creationTime)),
});

export const createWebhook = defineAction({
  name: 'CreateWebhook',
  idempotent: true,
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    Url: p.string({ min: 1, max: 2048 }),
    EventName: p.list(p.string(), { max: 100 }),
    Secret: p.string({ min: 1, max: 1024 }),
    Description: p.string({ max: 256 }).optional(),
    ClientToken: p.clientToken().optional(),
  }),
  handler: async (input, ctx) => {
    const regionId = requireRegion(input.RegionId);
    const accountId = accountOf(ctx);
    await assertDeliverable(validateWebhookUrl(input.Url));
    const record: WebhookRecord = {
      webhookId: newResourceId('wh', regionId),
      accountId,
      regionId,
      url: validateWebhookUrl(input.Url),
      eventNames: validateEventNamePatterns(input.EventName),
      secret: validateSecret(input.Secret),
      description: input.Description ?? '',
      creationTime: ctx.now.toISOString(),
    };
    ctx.tx.addToCounter(Keys.accountUsage(accountId, `Webhooks#${regionId}`), 'count', 1, WEBHOOKS_PER_REGION, () =>
      Errors.invalid('QuotaExceed.Webhook', `At most ${WEBHOOKS_PER_REGION} webhooks per region.`),
    );
    ctx.tx.create(webhookKey(accountId, regionId, record.webhookId), record);
    return { WebhookId: record.webhookId };
  },
});

export const describeWebhooks = defineAction({
  name: 'DescribeWebhooks',
  input: z.object({ ...commonFields, RegionId: p.regionId(), WebhookId: p.string().optional() }),
  handler: async (input, ctx) => {
    const regionId = requireRegion(input.RegionId);
    const all = input.WebhookId ? [await loadOwnWebhook(ctx, regionId, input.WebhookId)] : await listWebhooks(ctx.store, accountOf(ctx), regionId);
    return { TotalCount: all.length, Webhooks: { Webhook: all.map(render) } };
  },
});

export const modifyWebhook = defineAction({
  name: 'ModifyWebhook',
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    WebhookId: p.string({ min: 1 }),
    Url: p.string({ min: 1, max: 2048 }).optional(),
    EventName: p.list(p.string(), { max: 100 }).optional(),
    Secret: p.string({ min: 1, max: 1024 }).optional(),
    Description: p.string({ max: 256 }).optional(),
  }),
  handler: async (input, ctx) => {
    const stored = await loadOwnWebhook(ctx, input.RegionId, input.WebhookId);
    if (input.Url !== undefined) await assertDeliverable(validateWebhookUrl(input.Url));
    const { pk: _p, sk: _s, version: _v, ...current } = stored;
    ctx.tx.replace(stored, {
      ...current,
      url: input.Url !== undefined ? validateWebhookUrl(input.Url) : current.url,
      eventNames: input.EventName !== undefined ? validateEventNamePatterns(input.EventName) : current.eventNames,
      secret: input.Secret !== undefined ? validateSecret(input.Secret) : current.secret,
      description: input.Description ?? current.description,
    });
    return {};
  },
});

export const deleteWebhook = defineAction({
  name: 'DeleteWebhook',
  input: z.object({ ...commonFields, RegionId: p.regionId(), WebhookId: p.string({ min: 1 }) }),
  handler: async (input, ctx) => {
    const stored = await loadOwnWebhook(ctx, input.RegionId, input.WebhookId);
    ctx.tx.remove(stored);
    ctx.tx.addToCounter(Keys.accountUsage(accountOf(ctx), `Webhooks#${stored.regionId}`), 'count', -1, undefined);
    return {};
  },
});
