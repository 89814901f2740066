import { ALL_REGIONS } from '../domain/catalogue/regions';
import { deriveEvents, parseResourcePartition, type SandboxEvent, type StateChange } from '../domain/events';
import { wants, type WebhookRecord } from '../domain/webhook';
import { enqueueDelivery } from '../store/deliveries';
import { recordEvent } from '../store/event-log';
import { rateChange, releaseAt, updateLedger } from '../store/ledger';
import type { StateStore, UnitOfWork } from '../store/state-store';
import { listWebhooks } from '../store/webhooks';
import { deliverPending, type Poster } from './webhook-delivery';

/**
 * What one change of the state table does to the derived views: the events it
 * means are recorded once (by event id), the billing ledger follows the
 * resource's charge rate, and each new event is queued for the account's
 * matching webhooks and delivered at once (in order; failures wait for the
 * retry job). Every step is idempotent, so a redelivered record changes nothing twice.
 */
export interface ProjectionContext {
  state: StateStore;
  views: StateStore;
  now: Date;
  post?: Poster;
  /** Webhooks per account and region, read once per stream batch (the read itself is kept, so records worked side by side share it). */
  webhookCache: Map<string, Promise<WebhookRecord[]>>;
  /** Webhooks that got new deliveries in this batch (delivered after the batch is recorded). */
  touchedWebhooks: Map<string, WebhookRecord>;
  /** RebuildViews restores events without sending them again. */
  withoutWebhooks?: boolean;
}

/** State-table resource types that charge, with their ledger names. */
export const LEDGER_TYPES: Record<string, string> = { instance: 'Instance', disk: 'Disk', snapshot: 'Snapshot', eip: 'Eip' };

export async function applyChange(ctx: ProjectionContext, change: StateChange): Promise<SandboxEvent[]> {
  const recorded: SandboxEvent[] = [];
  for (const event of deriveEvents(change)) if (await publishEvent(ctx, event)) recorded.push(event);
  await updateLedgerFor(ctx, change);
  return recorded;
}

/**
 * Record an event (once) and queue it for the matching webhooks, in one transaction: a crash
 * never leaves an event recorded without its deliveries. Returns whether it was new.
 */
export async function publishEvent(ctx: ProjectionContext, event: SandboxEvent): Promise<boolean> {
  const hooks = (await webhooksOf(ctx, event.AccountId, event.RegionId)).filter((w) => wants(w, event));
  const isNew = await recordEvent(ctx.views, event, (tx) => queueDeliveries(tx, ctx, event, hooks));
  if (isNew) for (const w of hooks) ctx.touchedWebhooks.set(w.webhookId, w);
  return isNew;
}

export function newProjectionContext(state: StateStore, views: StateStore, now: Date, post?: Poster): ProjectionContext {
  return { state, views, now, post, webhookCache: new Map(), touchedWebhooks: new Map() };
}

function queueDeliveries(tx: UnitOfWork, ctx: ProjectionContext, event: SandboxEvent, hooks: readonly WebhookRecord[]): void {
  for (const w of hooks) {
    enqueueDelivery(tx, {
      webhookId: w.webhookId,
      accountId: w.accountId,
      regionId: w.regionId,
      event,
      status: 'Pending',
      attempts: 0,
      createdTime: ctx.now.toISOString(),
    });
  }
}

async function webhooksOf(ctx: ProjectionContext, accountId: string, regionId: string): Promise<WebhookRecord[]> {
  if (ctx.withoutWebhooks) return [];
  // A call without RegionId (DeleteInstance, StartInstance, ...) is recorded as "global": it goes
  // to the account's webhooks of every region.
  if (regionId === 'global') return (await Promise.all(ALL_REGIONS.map((r) => webhooksOf(ctx, accountId, r.regionId)))).flat();
  const key = `${accountId}#${regionId}`;
  let hooks = ctx.webhookCache.get(key);
  if (!hooks) {
    hooks = listWebhooks(ctx.state, accountId, regionId);
    ctx.webhookCache.set(key, hooks);
    // A failed read is not kept: the record's retry reads again.
    hooks.catch(() => ctx.webhookCache.delete(key));
  }
  return hooks;
}

/** Deliver what this batch queued (after every event of the batch is recorded, so order holds). */
export async function deliverTouched(ctx: ProjectionContext): Promise<void> {
  for (const w of ctx.touchedWebhooks.values()) await deliverPending(ctx.views, w, ctx.now, ctx.post);
  ctx.touchedWebhooks.clear();
}

async function updateLedgerFor(ctx: ProjectionContext, change: StateChange): Promise<void> {
  const item = change.newItem ?? change.oldItem;
  const where = item && parseResourcePartition(String(item.pk ?? ''));
  if (!where) return;
  const at = String(change.newItem?.changedAt ?? change.fallbackTime);
  if (where.type === 'released-instance') {
    if (change.kind !== 'INSERT') return;
    const r = change.newItem!;
    const releasedAt = String(r.releasedAt);
    const instanceId = String(r.instanceId);
    const base = { accountId: where.accountId, regionId: where.regionId };
    await updateLedger(ctx.views, { ...base, resourceId: instanceId, resourceType: 'Instance' }, releaseAt(releasedAt));
    for (const diskId of (r.releasedDiskIds as string[]) ?? []) {
      await updateLedger(ctx.views, { ...base, resourceId: diskId, resourceType: 'Disk' }, releaseAt(releasedAt));
    }
    for (const diskId of (r.keptDiskIds as string[]) ?? []) {
      await updateLedger(ctx.views, { ...base, resourceId: diskId, resourceType: 'Disk' }, releaseAt(releasedAt, instanceId));
    }
    const eip = (r.instance as { eip?: { allocationId?: string } } | undefined)?.eip;
    if (eip?.allocationId) {
      await updateLedger(ctx.views, { ...base, resourceId: eip.allocationId, resourceType: 'Eip' }, releaseAt(releasedAt, instanceId));
    }
    return;
  }
  const type = LEDGER_TYPES[where.type];
  if (!type) return;
  const key = { accountId: where.accountId, regionId: where.regionId, resourceId: String(item.sk), resourceType: type };
  if (change.kind === 'REMOVE') {
    // An instance's own release record dates its end exactly; other removals end now.
    if (type !== 'Instance') await updateLedger(ctx.views, key, releaseAt(change.fallbackTime));
    return;
  }
  await updateLedger(ctx.views, key, rateChange(type, change.newItem, at));
}
