import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTicker, type Ticker } from '../../scripts/lib/ticker';
import { control } from '../support/control-plane';
import { callAction } from '../support/ecs-client';
import { launch, REGION } from '../support/instances';
import { eventually, Receiver, type Delivery } from '../support/receiver';
import { newAccount, sandbox, type TestAccount } from '../support/sandbox';

/**
 * Due times kept: with the stack's ticker running (npm start runs it; this suite's shared stack
 * does not, so this file starts one) every timed change is persisted and its webhook delivered
 * within seconds of its due time, with no read and no RunScheduledJobs. Lag is measured from the
 * due time: an instance step's EventTime is the step's planned time on the sandbox clock.
 */
const SECRET = 'due-times-secret';
/** The target is p95 ≤ 3 s; one sample on a shared, loaded CI machine gets some headroom. */
const MAX_LAG_MS = 5000;

describe('due times kept without reads', () => {
  const receiver = new Receiver(SECRET);
  let ticker: Ticker;
  let account: TestAccount;
  let offsetMs: number;

  const dueLag = (d: Delivery) => d.receivedAt - (Date.parse(d.body.EventTime) - offsetMs);
  const delivery = (resourceId: string, match: (d: Delivery) => boolean, what: string) =>
    eventually(() => receiver.deliveries.find((d) => d.body.ResourceId === resourceId && match(d)), what, 30_000);

  beforeAll(async () => {
    ticker = startTicker({ lambdaEndpoint: sandbox().lambdaEndpoint });
    await receiver.up();
    account = await newAccount();
    await callAction(account.client, 'CreateWebhook', { RegionId: REGION, Url: receiver.url, 'EventName.1': 'Instance.*', 'EventName.2': 'Image.*', Secret: SECRET });
    offsetMs = (await control('GET', 'clock')).body.OffsetSeconds * 1000;
  });
  afterAll(async () => {
    await ticker.stop();
    await receiver.down();
    await control('PUT', 'durations', { Profile: 'realistic' });
  });

  it('delivers each instance step within seconds of its due time, nobody reading', async () => {
    const [id] = await launch(account);
    const starting = await delivery(id!, (d) => d.body.Detail.CurrentStatus === 'Starting', 'Starting');
    const running = await delivery(id!, (d) => d.body.Detail.CurrentStatus === 'Running', 'Running');
    for (const d of [starting, running]) {
      expect(dueLag(d)).toBeGreaterThanOrEqual(0);
      expect(dueLag(d)).toBeLessThan(MAX_LAG_MS);
    }
    expect(ticker.stats().ticks).toBeGreaterThan(0);
  });

  it('releases at the auto-release time as soon as the clock passes it', async () => {
    const [id] = await launch(account);
    const clock = (await control('GET', 'clock')).body;
    const releaseAt = new Date(Date.parse(clock.Now) + 31 * 60_000).toISOString().slice(0, 19) + 'Z';
    await callAction(account.client, 'ModifyInstanceAutoReleaseTime', { RegionId: REGION, InstanceId: id, AutoReleaseTime: releaseAt });
    await control('POST', 'clock/advance', { Seconds: 32 * 60 });
    const movedAt = Date.now();
    const released = await delivery(id!, (d) => d.body.EventName === 'Instance.Released', 'Instance.Released');
    expect(released.body.Detail.Reason).toBe('AutoRelease');
    expect(released.receivedAt - movedAt).toBeLessThan(MAX_LAG_MS);
    offsetMs = (await control('GET', 'clock')).body.OffsetSeconds * 1000;
  });

  it('finishes an image in real time with the quick profile and reports it when due', async () => {
    await control('PUT', 'durations', { Profile: 'quick' });
    const [id] = await launch(account);
    await delivery(id!, (d) => d.body.Detail.CurrentStatus === 'Running', 'Running');
    const { ImageId } = (await callAction(account.client, 'CreateImage', { RegionId: REGION, InstanceId: id, ImageName: `due-${Date.now()}` })) as { ImageId: string };
    const available = await eventually(
      () => receiver.deliveries.find((d) => d.body.ResourceId === ImageId && d.body.Detail.CurrentStatus === 'Available'),
      'Image Available',
      60_000,
    );
    const described = (await callAction(account.client, 'DescribeImages', { RegionId: REGION, ImageId })) as { Images: { Image: { Status: string; Progress: string }[] } };
    expect(described.Images.Image[0]).toMatchObject({ Status: 'Available', Progress: '100%' });
    expect(available.signatureValid).toBe(true);
  });
});
