import { eventId, type SandboxEvent } from '../domain/events';
import { settle, type InstanceRecord } from '../domain/instance';
import { DAY_MS, HOUR_MS } from '../domain/lifecycle-time';
import { lifecycle } from '../platform/config';
import { deliverTouched, newProjectionContext, publishEvent } from '../projections/apply-change';
import { RETRY_KIND, type DeliveryRecord } from '../store/deliveries';
import { instanceRecordOf, loadInstance, TIMER, type TimerItem } from '../store/instances';
import type { StateStore } from '../store/state-store';
import { viewsStore } from '../store/views-store';
import { loadWebhook } from '../store/webhooks';
import type { JobReport, ScheduledJob } from './job';
import { deliverPending } from '../projections/webhook-delivery';

/**
 * webhookRetries: deliveries whose backoff has run out (views table byDue
 * index) are tried again, each webhook's queue in order.
 * notices: events announcing what the sweeps will do: an auto-release within
 * the hour, a subscription expiring within 7, 3 and 1 days. Their ids are
 * derived from the instance and the due time, so each notice is sent once.
 */

export const webhookRetriesJob: ScheduledJob = {
  name: 'webhookRetries',
  rate: 'rate(1 minute)',
  run: async (store, now) => {
    const views = viewsStore();
    const report: JobReport = { Name: 'webhookRetries', Processed: 0, Details: [] };
    const due = await views.queryDue<DeliveryRecord>(RETRY_KIND, now.toISOString(), 500);
    const webhooks = new Map<string, DeliveryRecord>();
    for (const d of due.items) webhooks.set(d.webhookId, d);
    for (const d of webhooks.values()) {
      const webhook = await loadWebhook(store, d.accountId, d.regionId, d.webhookId);
      if (!webhook) continue;
      const outcome = await deliverPending(views, webhook, now);
      report.Processed += outcome.delivered + outcome.dead;
      report.Details.push(`${d.webhookId}: ${outcome.delivered} delivered, ${outcome.failed} failed, ${outcome.dead} dead`);
    }
    return report;
  },
};

const EXPIRY_NOTICE_DAYS = [7, 3, 1];

export const noticesJob: ScheduledJob = {
  name: 'notices',
  rate: 'rate(1 minute)',
  run: async (store, now) => {
    const ctx = newProjectionContext(store, viewsStore(), now);
    const report: JobReport = { Name: 'notices', Processed: 0, Details: [] };
    const publish = async (e: SandboxEvent) => {
      if (await publishEvent(ctx, e)) {
        report.Processed++;
        report.Details.push(`${e.EventName} ${e.ResourceId}`);
      }
    };
    const soon = new Date(now.getTime() + HOUR_MS).toISOString();
    for (const timer of (await store.queryDue<TimerItem>(TIMER.autoRelease, soon, 1000)).items) {
      const inst = await current(store, timer, now);
      if (!inst?.autoReleaseTime) continue;
      await publish(notice(inst, 'Notice.AutoReleaseSoon', `${inst.autoReleaseTime}`, now, { AutoReleaseTime: inst.autoReleaseTime }));
    }
    const week = new Date(now.getTime() + 7 * DAY_MS).toISOString();
    for (const timer of (await store.queryDue<TimerItem>(TIMER.subscription, week, 1000)).items) {
      const inst = await current(store, timer, now);
      if (!inst?.expiredTime || inst.subscriptionPhase !== 'Normal' || inst.autoRenew) continue;
      const left = Date.parse(inst.expiredTime) - now.getTime();
      for (const days of EXPIRY_NOTICE_DAYS) {
        if (left > days * DAY_MS) continue;
        await publish(notice(inst, 'Notice.SubscriptionExpiring', `${inst.expiredTime}#${days}`, now, { ExpiredTime: inst.expiredTime, DaysBefore: days }));
      }
    }
    await deliverTouched(ctx);
    return report;
  },
};

async function current(store: StateStore, timer: TimerItem, now: Date): Promise<InstanceRecord | undefined> {
  const stored = await loadInstance(store, timer.target.accountId, timer.target.regionId, timer.target.instanceId);
  if (!stored) return undefined;
  const result = settle(instanceRecordOf(stored), now, lifecycle);
  return result.releaseDue ? undefined : result.instance;
}

function notice(inst: InstanceRecord, name: string, discriminator: string, now: Date, detail: Record<string, unknown>): SandboxEvent {
  return {
    EventId: eventId(`${inst.instanceId}#${discriminator}`, name, 0),
    EventName: name,
    EventTime: now.toISOString(),
    AccountId: inst.accountId,
    RegionId: inst.regionId,
    ResourceType: 'Instance',
    ResourceId: inst.instanceId,
    Detail: detail,
  };
}
