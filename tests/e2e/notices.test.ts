import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callAction, Ecs } from '../support/ecs-client';
import { advanceSeconds, DAY, describeInstances, launchRunning, REGION, requestTime, sandboxNow } from '../support/instances';
import { eventually, Receiver } from '../support/receiver';
import { newAccount, runScheduledJobs, type TestAccount } from '../support/sandbox';

/**
 * The notices job end to end: a webhook subscribed to `Notice.*` hears of an
 * auto-release within the hour and of a subscription expiring within 7, 3
 * and 1 days, each notice once however often the job runs. The clock is moved
 * into each window (not past the due time: a release that is due gets no notice).
 */
const SECRET = 'notice-secret-5678';
const HOUR = 3600;

describe('notices before an auto-release and a subscription expiry', () => {
  const receiver = new Receiver(SECRET);
  let account: TestAccount;

  beforeAll(async () => {
    await receiver.up();
    account = await newAccount();
    await callAction(account.client, 'CreateWebhook', { RegionId: REGION, Url: receiver.url, 'EventName.1': 'Notice.*', Secret: SECRET });
  });
  afterAll(async () => {
    await receiver.down();
  });

  const noticesRun = async (): Promise<string[]> => (await runScheduledJobs()).find((j) => j.Name === 'notices')!.Details;
  // A notice that came due may have been sent by the minute schedule's run just before the test's
  // (tests/support/job-reports.ts): a run reports it at most once, and the webhook deliveries count it.
  const atMostOnce = async (line: string) => expect((await noticesRun()).filter((d) => d === line).length).toBeLessThanOrEqual(1);

  it('announces an auto-release one hour ahead, once', async () => {
    const id = await launchRunning(account);
    const now = await sandboxNow();
    const releaseTime = new Date(Math.ceil((now.getTime() + 3 * HOUR * 1000) / 60_000) * 60_000);
    await account.client.modifyInstanceAutoReleaseTime(
      new Ecs.ModifyInstanceAutoReleaseTimeRequest({ instanceId: id, autoReleaseTime: requestTime(releaseTime) }),
    );
    // Two hours before: outside the window.
    expect(await noticesRun()).not.toContain(`Notice.AutoReleaseSoon ${id}`);
    // Half an hour before: inside it.
    await advanceSeconds((releaseTime.getTime() - (await sandboxNow()).getTime()) / 1000 - 30 * 60);
    await atMostOnce(`Notice.AutoReleaseSoon ${id}`);
    const delivered = await eventually(() => receiver.deliveries.find((d) => d.body.ResourceId === id), 'the AutoReleaseSoon delivery');
    expect(delivered.signatureValid).toBe(true);
    expect(delivered.body).toMatchObject({ EventName: 'Notice.AutoReleaseSoon', ResourceType: 'Instance', AccountId: account.accountId, RegionId: REGION });
    expect(Date.parse(String(delivered.body.Detail.AutoReleaseTime))).toBe(releaseTime.getTime());
    // The next run sends nothing new.
    expect(await noticesRun()).not.toContain(`Notice.AutoReleaseSoon ${id}`);
    expect(receiver.names(id)).toEqual(['Notice.AutoReleaseSoon']);
  });

  it('announces a subscription expiring in 7, then 3 days, each once, and nothing for one that renews itself', async () => {
    const id = await launchRunning(account, { instanceChargeType: 'PrePaid', period: 1, periodUnit: 'Month' });
    const renewing = await launchRunning(account, { instanceChargeType: 'PrePaid', period: 1, periodUnit: 'Month', autoRenew: true, autoRenewPeriod: 1 });
    const [inst] = await describeInstances(account, [id]);
    const expiry = new Date(inst!.expiredTime!);
    const secondsLeft = async () => (expiry.getTime() - (await sandboxNow()).getTime()) / 1000;

    expect((await noticesRun()).filter((d) => d.endsWith(id))).toEqual([]);
    await advanceSeconds((await secondsLeft()) - 6.5 * DAY);
    await atMostOnce(`Notice.SubscriptionExpiring ${id}`);
    await eventually(() => receiver.deliveries.find((d) => d.body.ResourceId === id), 'the 7-day SubscriptionExpiring delivery');
    await advanceSeconds((await secondsLeft()) - 2.5 * DAY);
    await atMostOnce(`Notice.SubscriptionExpiring ${id}`);
    expect((await noticesRun()).filter((d) => d.endsWith(id))).toEqual([]);

    const notices = await eventually(() => {
      const mine = receiver.deliveries.filter((d) => d.body.ResourceId === id);
      return mine.length >= 2 ? mine : undefined;
    }, 'two SubscriptionExpiring deliveries');
    expect(notices.map((d) => [d.body.EventName, d.body.Detail.DaysBefore])).toEqual([
      ['Notice.SubscriptionExpiring', 7],
      ['Notice.SubscriptionExpiring', 3],
    ]);
    expect(notices.every((d) => d.signatureValid && Date.parse(String(d.body.Detail.ExpiredTime)) === expiry.getTime())).toBe(true);
    expect(receiver.names(renewing)).toEqual([]);
  });
});
