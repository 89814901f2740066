import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callAction, Ecs, sdkError } from '../support/ecs-client';
import { advanceSeconds, describeInstances, launchRunning, REGION, requestTime, sandboxNow } from '../support/instances';
import { eventually, Receiver } from '../support/receiver';
import { reportLines } from '../support/job-reports';
import { newAccount, operatorClient, runScheduledJobs, type TestAccount } from '../support/sandbox';

/**
 * The stream handlers end to end: the seed 000 story seen by a webhook
 * receiver (signed deliveries, in order per resource), LookupEvents over the
 * audit trail, retries while the receiver is down, and the billing ledger of
 * a released instance and the data disk it left behind.
 */
const SECRET = 'receiver-secret-1234';

interface LookedUpEvent {
  EventId: string;
  EventName: string;
  EventTime: string;
  ResourceId: string;
  ActionName: string;
  AccessKeyId: string;
  ErrorCode: string;
  RequestId: string;
  Detail: Record<string, unknown>;
}

async function lookup(account: TestAccount, params: Record<string, unknown>): Promise<LookedUpEvent[]> {
  const out = (await callAction(account.client, 'LookupEvents', { MaxResults: 100, ...params })) as { Events: LookedUpEvent[] };
  return out.Events;
}

describe('events, webhooks and the billing ledger', () => {
  const receiver = new Receiver(SECRET);
  let account: TestAccount;
  let webhookId: string;
  let instanceId: string;
  let releaseTime: Date;
  let dataDiskId: string;

  beforeAll(async () => {
    await receiver.up();
    account = await newAccount();
    const created = (await callAction(account.client, 'CreateWebhook', {
      RegionId: REGION,
      Url: receiver.url,
      'EventName.1': 'Instance.*',
      'EventName.2': 'Alert.*',
      Secret: SECRET,
    })) as { WebhookId: string };
    webhookId = created.WebhookId;
  });
  afterAll(async () => {
    await receiver.down();
  });

  it('delivers the seed 000 story, signed and in order, and records the calls', async () => {
    instanceId = await launchRunning(account, {
      deletionProtection: true,
      dataDisk: [new Ecs.RunInstancesRequestDataDisk({ size: 40, category: 'cloud_essd', deleteWithInstance: false })],
    });
    const refused = await sdkError(account.client.deleteInstance(new Ecs.DeleteInstanceRequest({ instanceId, force: true })));
    expect(refused.code).toBe('InvalidOperation.DeletionProtection');
    const now = await sandboxNow();
    releaseTime = new Date(Math.ceil((now.getTime() + 2 * 3600_000) / 60_000) * 60_000);
    await account.client.modifyInstanceAutoReleaseTime(new Ecs.ModifyInstanceAutoReleaseTimeRequest({ instanceId, autoReleaseTime: requestTime(releaseTime) }));
    const [inst] = await describeInstances(account, [instanceId]);
    expect(inst!.status).toBe('Running');
    await callAction(operatorClient(), 'AdvanceSandboxClock', { Seconds: 3 * 3600 });
    // Released by the autoRelease job, this run's or the minute schedule's (tests/support/job-reports.ts):
    // counted below by its single Instance.Released delivery, with its reason.
    const jobs = await runScheduledJobs();
    expect(reportLines([jobs], 'autoRelease', (d) => d === `released ${instanceId} (AutoRelease)`).length).toBeLessThanOrEqual(1);

    const names = await eventually(() => {
      const got = receiver.names(instanceId);
      return got.includes('Instance.Released') ? got : undefined;
    }, 'the Instance.Released delivery');
    // In order for the resource: created first, released last; the start, the refused delete's
    // alert and the release time in between (a transition is stored when the next write or the
    // sweep settles it, so its events may follow an alert raised meanwhile).
    expect(names[0]).toBe('Instance.Created');
    expect(names.at(-1)).toBe('Instance.Released');
    for (const n of ['Instance.StateChanged', 'Alert.RiskyOperation', 'Instance.AutoReleaseTimeChanged']) expect(names).toContain(n);
    const steps = receiver.deliveries
      .filter((d) => d.body.ResourceId === instanceId && d.body.EventName === 'Instance.StateChanged')
      .map((d) => `${d.body.Detail.PreviousStatus}->${d.body.Detail.CurrentStatus}`);
    expect(steps).toEqual(['Pending->Starting', 'Starting->Running']);
    expect(names.filter((n) => n === 'Instance.Released')).toHaveLength(1);
    const released = receiver.deliveries.find((d) => d.body.EventName === 'Instance.Released')!;
    expect(released.body.Detail.Reason).toBe('AutoRelease');
    expect(released.body.AccountId).toBe(account.accountId);
    expect(receiver.deliveries.every((d) => d.signatureValid && d.eventId === d.body.EventId)).toBe(true);
    const alert = receiver.deliveries.find((d) => d.body.EventName === 'Alert.RiskyOperation')!;
    expect(alert.body.Detail.Action).toBe('DeleteInstance');
    expect(alert.body.Detail.Succeeded).toBe(false);
    dataDiskId = (released.body.Detail.KeptDiskIds as string[])[0]!;
    expect(dataDiskId).toMatch(/^d-/);

    // The audit trail: the refused DeleteInstance is an ApiCall with its error code.
    const calls = await eventually(async () => {
      const evs = await lookup(account, { EventName: 'ApiCall', ResourceId: instanceId });
      return evs.some((e) => e.ActionName === 'DeleteInstance') ? evs : undefined;
    }, 'the DeleteInstance ApiCall event');
    const del = calls.find((e) => e.ActionName === 'DeleteInstance')!;
    expect(del.ErrorCode).toBe('InvalidOperation.DeletionProtection');
    expect(del.AccessKeyId).toBe(account.accessKeyId);
    expect(del.RequestId).toMatch(/^[0-9A-F-]{36}$/);
    // System actions are events too: the release by the auto-release sweep.
    const lifecycle = await lookup(account, { ResourceId: instanceId, EventName: 'Instance.Released' });
    expect(lifecycle).toHaveLength(1);
  });

  it('stops the released instance charging at its release time while the kept data disk charges on', async () => {
    const charges = await eventually(async () => {
      const out = (await callAction(account.client, 'DescribeResourceCharges', { RegionId: REGION })) as {
        Charges: { Charge: { ResourceId: string; Charging: boolean; ChargedUntil: string; ReleasedInstanceId: string; AmountUsd: number }[] };
      };
      const byId = new Map(out.Charges.Charge.map((c) => [c.ResourceId, c]));
      return byId.get(instanceId)?.ChargedUntil && byId.get(dataDiskId)?.ReleasedInstanceId ? byId : undefined;
    }, 'the ledger after the release');
    const inst = charges.get(instanceId)!;
    expect(inst.Charging).toBe(false);
    expect(inst.ChargedUntil).toBe(releaseTime.toISOString());
    const disk = charges.get(dataDiskId)!;
    expect(disk.Charging).toBe(true);
    expect(disk.ReleasedInstanceId).toBe(instanceId);
    const before = disk.AmountUsd;
    await callAction(operatorClient(), 'AdvanceSandboxClock', { Seconds: 24 * 3600 });
    const after = (await callAction(account.client, 'DescribeResourceCharges', { RegionId: REGION, ResourceId: dataDiskId })) as {
      Charges: { Charge: { AmountUsd: number }[] };
    };
    expect(after.Charges.Charge[0]!.AmountUsd).toBeGreaterThan(before);
    const instAfter = (await callAction(account.client, 'DescribeResourceCharges', { RegionId: REGION, ResourceId: instanceId })) as {
      Charges: { Charge: { AmountUsd: number }[] };
    };
    expect(instAfter.Charges.Charge[0]!.AmountUsd).toBe(inst.AmountUsd);
    const orphans = (await callAction(account.client, 'DescribeResourceCharges', { RegionId: REGION, ChargingAfterRelease: true })) as {
      Charges: { Charge: { ResourceId: string }[] };
    };
    expect(orphans.Charges.Charge.map((c) => c.ResourceId)).toEqual([dataDiskId]);
  });

  it('rebuilds the views from the state table without duplicating events (operator RebuildViews, paged)', async () => {
    type Report = { ScannedItems: number; LedgerEntries: number; EventsRestored: number; Failed: number; Failures: unknown[]; NextToken?: string };
    const before = await lookup(account, { ResourceId: instanceId });
    // A zero budget is one Scan page per call; a call always leaves the second pass to a NextToken.
    const first = (await callAction(operatorClient(), 'RebuildViews', { TimeBudgetSeconds: 0 })) as Report;
    expect(first.ScannedItems).toBeGreaterThan(0);
    expect(first.ScannedItems).toBeLessThanOrEqual(200);
    expect(first.NextToken).toBeTruthy();
    const totals = { ...first };
    let token = first.NextToken;
    let calls = 1;
    while (token) {
      const next = (await callAction(operatorClient(), 'RebuildViews', { NextToken: token })) as Report;
      for (const k of ['ScannedItems', 'LedgerEntries', 'EventsRestored', 'Failed'] as const) totals[k] += next[k];
      totals.Failures.push(...next.Failures);
      token = next.NextToken;
      calls++;
    }
    expect(calls).toBeGreaterThanOrEqual(2);
    expect(totals.Failures).toEqual([]);
    expect(totals.Failed).toBe(0);
    expect(totals.LedgerEntries).toBeGreaterThan(0);
    // Every event is recorded under its original id: what was there is there once, nothing twice.
    const after = await lookup(account, { ResourceId: instanceId });
    const afterIds = after.map((e) => e.EventId);
    expect(new Set(afterIds).size).toBe(afterIds.length);
    expect(afterIds).toEqual(expect.arrayContaining(before.map((e) => e.EventId)));
    const out = (await callAction(account.client, 'DescribeResourceCharges', { RegionId: REGION, ChargingAfterRelease: true })) as {
      Charges: { Charge: { ResourceId: string; ReleasedInstanceId: string; Charging: boolean }[] };
    };
    expect(out.Charges.Charge.map((c) => [c.ResourceId, c.ReleasedInstanceId, c.Charging])).toEqual([[dataDiskId, instanceId, true]]);
    const charges = (await callAction(account.client, 'DescribeResourceCharges', { RegionId: REGION, ResourceId: instanceId })) as {
      Charges: { Charge: { Charging: boolean; ChargedUntil: string }[] };
    };
    expect(charges.Charges.Charge[0]).toMatchObject({ Charging: false, ChargedUntil: releaseTime.toISOString() });

    const badToken = await sdkError(callAction(operatorClient(), 'RebuildViews', { NextToken: 'bm90LW91cnM' }));
    expect(badToken).toMatchObject({ code: 'InvalidNextToken.Malformed', statusCode: 400 });
    const denied = await sdkError(callAction(account.client, 'RebuildViews'));
    expect(denied).toMatchObject({ code: 'Forbidden.RAM', statusCode: 403 });
  });

  it('retries while the receiver is down and delivers every event once it is back', async () => {
    const id = await launchRunning(account);
    await eventually(() => (receiver.names(id).includes('Instance.StateChanged') ? true : undefined), 'deliveries before the outage');
    await receiver.down();
    await account.client.stopInstance(new Ecs.StopInstanceRequest({ instanceId: id }));
    await advanceSeconds(10);
    await describeInstances(account, [id]);
    await runScheduledJobs();
    const pending = await eventually(async () => {
      const out = (await callAction(account.client, 'DescribeWebhookDeliveries', { RegionId: REGION, WebhookId: webhookId, Status: 'Pending' })) as {
        Deliveries: { Delivery: { ResourceId: string; LastError: string; Attempts: number }[] };
      };
      const mine = out.Deliveries.Delivery.filter((d) => d.ResourceId === id);
      return mine.length > 0 && mine.every((d) => d.Attempts >= 0) && mine.some((d) => d.LastError) ? mine : undefined;
    }, 'a failed delivery');
    expect(pending.length).toBeGreaterThan(0);
    const before = receiver.deliveries.length;
    await receiver.up();
    await callAction(operatorClient(), 'AdvanceSandboxClock', { Seconds: 3600 });
    await runScheduledJobs();
    // Every queued event arrives, the last (Stopped) included.
    const got = await eventually(() => {
      const mine = receiver.deliveries.slice(before).filter((d) => d.body.ResourceId === id);
      return mine.some((d) => d.body.Detail.CurrentStatus === 'Stopped') ? mine.map((d) => d.body.EventName) : undefined;
    }, 'the retried deliveries');
    expect(got.length).toBeGreaterThan(0);
    const ids = receiver.deliveries.map((d) => d.eventId);
    expect(new Set(ids).size).toBe(ids.length);
    const states = receiver.deliveries
      .filter((d) => d.body.ResourceId === id && d.body.EventName === 'Instance.StateChanged')
      .map((d) => d.body.Detail.CurrentStatus);
    expect(states.slice(-2)).toEqual(['Stopping', 'Stopped']);
  });

  it('manages webhooks with the documented errors and never shows the secret', async () => {
    const described = (await callAction(account.client, 'DescribeWebhooks', { RegionId: REGION })) as { Webhooks: { Webhook: Record<string, unknown>[] } };
    expect(described.Webhooks.Webhook).toHaveLength(1);
    expect(JSON.stringify(described)).not.toContain(SECRET);
    const bad = await sdkError(callAction(account.client, 'CreateWebhook', { RegionId: REGION, Url: 'ftp://x', 'EventName.1': '*', Secret: SECRET }));
    expect(bad).toMatchObject({ code: 'InvalidUrl.Malformed', statusCode: 400 });
    const test = (await callAction(account.client, 'TestWebhook', { RegionId: REGION, WebhookId: webhookId })) as { Delivered: boolean; StatusCode: number };
    expect(test).toMatchObject({ Delivered: true, StatusCode: 204 });
    expect(receiver.names().at(-1)).toBe('Webhook.Test');
    // Listed like every other delivery (issue 16), at once: TestWebhook writes its log entry itself.
    const log = (await callAction(account.client, 'DescribeWebhookDeliveries', { RegionId: REGION, WebhookId: webhookId, MaxResults: 100 })) as {
      Deliveries: { Delivery: { EventId: string; EventName: string; Status: string; Attempts: number; LastStatusCode: number }[] };
    };
    expect(log.Deliveries.Delivery.find((d) => d.EventId === (test as unknown as { EventId: string }).EventId)).toMatchObject({
      EventName: 'Webhook.Test',
      Status: 'Delivered',
      Attempts: 1,
      LastStatusCode: 204,
    });
    const other = await newAccount();
    const foreign = await sdkError(callAction(other.client, 'DescribeWebhooks', { RegionId: REGION, WebhookId: webhookId }));
    expect(foreign).toMatchObject({ code: 'InvalidWebhookId.NotFound', statusCode: 404 });
    await callAction(account.client, 'DeleteWebhook', { RegionId: REGION, WebhookId: webhookId });
    const gone = (await callAction(account.client, 'DescribeWebhooks', { RegionId: REGION })) as { Webhooks: { Webhook: unknown[] } };
    expect(gone.Webhooks.Webhook).toHaveLength(0);
  });
});
