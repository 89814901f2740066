import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTicker, type Ticker } from '../../scripts/lib/ticker';
import { control } from '../support/control-plane';
import { callAction } from '../support/ecs-client';
import { launch, REGION } from '../support/instances';
import { eventually, Receiver, type Delivery } from '../support/receiver';
import { newAccount, operatorClient, sandbox, type TestAccount } from '../support/sandbox';

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
    await callAction(account.client, 'CreateWebhook', {
      RegionId: REGION,
      Url: receiver.url,
      'EventName.1': 'Instance.*',
      'EventName.2': 'Image.*',
      Secret: SECRET,
    });
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

  it('persists a disk step and a snapshot completion at their due times, once each, however often they are read', async () => {
    await control('PUT', 'durations', { Profile: 'quick' });
    await callAction(account.client, 'CreateWebhook', {
      RegionId: REGION,
      Url: receiver.url,
      'EventName.1': 'Disk.*',
      'EventName.2': 'Snapshot.*',
      Secret: SECRET,
    });
    const { DiskId } = (await callAction(account.client, 'CreateDisk', {
      RegionId: REGION,
      ZoneId: 'cn-hangzhou-e',
      DiskCategory: 'cloud_essd',
      Size: 20,
    })) as { DiskId: string };
    const available = await delivery(DiskId, (d) => d.body.EventName === 'Disk.StateChanged' && d.body.Detail.CurrentStatus === 'Available', 'Disk Available');
    expect(available.body.Detail.PreviousStatus).toBe('Creating');
    expect(dueLag(available)).toBeGreaterThanOrEqual(0);
    expect(dueLag(available)).toBeLessThan(MAX_LAG_MS);

    const [id] = await launch(account);
    await delivery(id!, (d) => d.body.Detail.CurrentStatus === 'Running', 'Running');
    const disks = (await callAction(account.client, 'DescribeDisks', { RegionId: REGION, InstanceId: id, DiskType: 'system' })) as {
      Disks: { Disk: { DiskId: string }[] };
    };
    const systemDisk = disks.Disks.Disk[0]!.DiskId;
    const { SnapshotId } = (await callAction(account.client, 'CreateSnapshot', { DiskId: systemDisk, SnapshotName: `due-${Date.now()}` })) as {
      SnapshotId: string;
    };
    // Readers and RunScheduledJobs (racing the ticker) meanwhile: neither may add a second event.
    const reads = (async () => {
      for (let i = 0; i < 5; i++) {
        await callAction(account.client, 'DescribeSnapshots', { RegionId: REGION, SnapshotIds: JSON.stringify([SnapshotId]) });
        await callAction(operatorClient(), 'RunScheduledJobs');
      }
    })();
    const accomplished = await eventually(
      () => receiver.deliveries.find((d) => d.body.ResourceId === SnapshotId && d.body.EventName === 'Snapshot.StateChanged'),
      'Snapshot accomplished',
      60_000,
    );
    await reads;
    expect(accomplished.body.Detail).toMatchObject({ PreviousStatus: 'progressing', CurrentStatus: 'accomplished' });
    expect(dueLag(accomplished)).toBeGreaterThanOrEqual(0);
    expect(dueLag(accomplished)).toBeLessThan(MAX_LAG_MS);
    const shown = (await callAction(account.client, 'DescribeSnapshots', { RegionId: REGION, SnapshotIds: JSON.stringify([SnapshotId]) })) as {
      Snapshots: { Snapshot: { Status: string; Progress: string }[] };
    };
    expect(shown.Snapshots.Snapshot[0]).toMatchObject({ Status: 'accomplished', Progress: '100%' });
    // Two more ticks and a run of every job: still exactly one of each.
    await callAction(operatorClient(), 'RunScheduledJobs');
    await new Promise((r) => setTimeout(r, 2500));
    const count = (resourceId: string, status: string) =>
      receiver.deliveries.filter(
        (d) => d.body.ResourceId === resourceId && d.body.EventName.endsWith('.StateChanged') && d.body.Detail.CurrentStatus === status,
      ).length;
    expect(count(DiskId, 'Available')).toBe(1);
    expect(count(SnapshotId, 'accomplished')).toBe(1);
  });

  it('answers every RunScheduledJobs cleanly while the ticker runs the same jobs', async () => {
    const ids = await launch(account, { Amount: 3 });
    const calls = await Promise.all(
      Array.from({ length: 4 }, async () => {
        try {
          const out = (await callAction(operatorClient(), 'RunScheduledJobs')) as { Jobs: { Job: { Name: string }[] } };
          return { ok: true as const, jobs: out.Jobs.Job.length };
        } catch (e) {
          const err = e as { code?: string; statusCode?: number };
          return { ok: false as const, error: { code: err.code, statusCode: err.statusCode } };
        }
      }),
    );
    for (const c of calls) {
      // A run that cannot get its turn within the wait answers 409 OperationConflict, never a 5xx.
      if (c.ok) expect(c.jobs).toBeGreaterThan(10);
      else expect(c.error).toMatchObject({ code: 'OperationConflict', statusCode: 409 });
    }
    expect(calls.some((c) => c.ok)).toBe(true);
    for (const i of ids) await delivery(i, (d) => d.body.Detail.CurrentStatus === 'Running', 'Running');
    expect(ticker.stats().failures).toBe(0);
  });

  it('finishes an image in real time with the quick profile and reports it when due', async () => {
    await control('PUT', 'durations', { Profile: 'quick' });
    const [id] = await launch(account);
    await delivery(id!, (d) => d.body.Detail.CurrentStatus === 'Running', 'Running');
    const { ImageId } = (await callAction(account.client, 'CreateImage', { RegionId: REGION, InstanceId: id, ImageName: `due-${Date.now()}` })) as {
      ImageId: string;
    };
    const available = await eventually(
      () => receiver.deliveries.find((d) => d.body.ResourceId === ImageId && d.body.Detail.CurrentStatus === 'Available'),
      'Image Available',
      60_000,
    );
    const described = (await callAction(account.client, 'DescribeImages', { RegionId: REGION, ImageId })) as {
      Images: { Image: { Status: string; Progress: string }[] };
    };
    expect(described.Images.Image[0]).toMatchObject({ Status: 'Available', Progress: '100%' });
    expect(available.signatureValid).toBe(true);
  });
});
