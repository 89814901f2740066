import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callAction, Ecs } from '../support/ecs-client';
import { Receiver } from '../support/receiver';
import { CrashStack } from './support/crash-stack';
import { accountState, REGION, settleAndCheck } from './support/invariants';
import { record } from './support/tally';
import { newTenant, requestTime, runInstances, sandboxNow, WEBHOOK_SECRET, type Tenant } from './support/workloads';

/**
 * kill -9 of the whole stack while the scheduled jobs work (RunScheduledJobs,
 * as the minute schedule would): the auto-release of 300 instances, the
 * release of expired subscriptions, automatic snapshots of 120 disks. Each
 * scenario is a chain: crash, restart, run the jobs again and crash again
 * elsewhere, ...; then the jobs run to the end and every invariant is checked
 * (tests/crash/support/invariants.ts). Every crash point of a chain is counted.
 */
type Crash = { name: string; at: number } | { name: string; hook: string };

describe('crash: scheduled jobs', () => {
  const cs = new CrashStack(join(__dirname, '../..'));
  const receiver = new Receiver(WEBHOOK_SECRET);

  beforeAll(async () => {
    await receiver.up();
    await cs.start();
  });
  afterAll(async () => {
    await cs.stop();
    await receiver.down();
    cs.cleanup();
  });

  /** The jobs run with the stack crashing at each point in turn; returns the points reached. */
  async function chain(points: Crash[]): Promise<void> {
    const streamPointsMissed: string[] = [];
    for (const [i, point] of points.entries()) {
      const jobs = () => cs.call('RunScheduledJobs');
      if ('hook' in point) {
        await cs.arm(point.hook);
        jobs().catch(() => undefined);
        // A point the jobs never reach (they finished first) still ends in a kill -9 of the stack:
        // a sweep's count may outrun what a chain left to do. The stream handler's points are
        // reached (the jobs' releases write many records), since its worker thread sees
        // SANDBOX_CRASH_FILE (serverless.yml, localEnvironment: true).
        const streamPoint = point.hook.startsWith('stream.');
        const reached = await cs.crashed(streamPoint ? 60_000 : 30_000);
        if (streamPoint && !reached) streamPointsMissed.push(point.hook);
      } else {
        await cs.killAfter(point.at, jobs());
      }
      // Before a stream point the stack comes back without the ticker, so the chain's RunScheduledJobs
      // does the due work after the arm: with the ticker sharing it, stream.record:60 was not passed
      // within 30 s (2026-12-07); without, it was 8 s after the start (docs/atomicity.md). Otherwise
      // the ticker runs, as with npm start.
      const next = points[i + 1];
      await cs.start({ ticker: !(next && 'hook' in next && next.hook.startsWith('stream.')) });
    }
    // Checked once the stack is back, so a miss fails this test only, not the ones after it.
    expect(streamPointsMissed, 'stream crash points not reached').toEqual([]);
  }

  async function check(scenario: string, points: Crash[], t: Tenant, expect: Parameters<typeof settleAndCheck>[2], settleMs?: number): Promise<number> {
    const found = await settleAndCheck(cs, t.accountId, expect, settleMs);
    // The chain's violations are found once, after its last restart: counted once, on its last point.
    points.forEach((p, i) => record({ scenario, point: p.name, violations: i === points.length - 1 ? found : [] }));
    return found.length;
  }

  it('autoRelease of 300 instances: each released once, with its event, closed ledger entries and one webhook delivery id', async () => {
    const t = await newTenant(cs, receiver);
    // 40 minutes: the three launches below may take minutes on a loaded machine, and each must be 30 minutes ahead.
    const releaseAt = new Date((await sandboxNow(cs)).getTime() + 40 * 60_000);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(...(await runInstances(cs, t, 100, { autoReleaseTime: requestTime(releaseAt) })));
    await cs.call('AdvanceSandboxClock', { Seconds: 42 * 60 });
    const points: Crash[] = [
      { name: 'after 40 releases', hook: 'sweep.instance:40' },
      { name: 'stream batch, record 60', hook: 'stream.record:60' },
      { name: '1.5 s into the jobs', at: 1500 },
      { name: 'after 80 more releases', hook: 'sweep.instance:80' },
    ];
    await chain(points);
    // Up to 7 minutes to settle: at load average 19-21 on this 2-core machine the jobs released about
    // 1.5 instances a second, and 180 s left 23-84 of the 300 still going (each round fewer).
    const n = await check('autoRelease x300', points, t, { instanceCounts: [0], releasedTogether: ids, receiver, webhook: true }, 420_000);
    expect(n).toBe(0);
  }, 1_000_000);

  it('subscription expiry: 40 expired PrePaid instances released once, with their disks', async () => {
    const t = await newTenant(cs, receiver);
    await runInstances(cs, t, 40, {
      instanceChargeType: 'PrePaid',
      period: 1,
      periodUnit: 'Month',
      dataDisk: [new Ecs.RunInstancesRequestDataDisk({ size: 20, category: 'cloud_essd' })],
    });
    // Past ExpiredTime and both 15-day windows.
    await cs.call('AdvanceSandboxClock', { Seconds: 100 * 86_400 });
    const points: Crash[] = [
      { name: 'after 10 releases', hook: 'sweep.instance:10' },
      { name: '700 ms into the jobs', at: 700 },
    ];
    await chain(points);
    const n = await check('subscriptionExpiry x40', points, t, { instanceCounts: [0], receiver, webhook: true });
    expect(n).toBe(0);
  });

  it('automatic snapshots of 120 disks: at most one per disk and slot, disk lists equal what exists', async () => {
    const t = await newTenant(cs);
    await runInstances(cs, t, 60, { dataDisk: [new Ecs.RunInstancesRequestDataDisk({ size: 20, category: 'cloud_essd' })] });
    const client = cs.client(t);
    const policy = await client.createAutoSnapshotPolicy(
      new Ecs.CreateAutoSnapshotPolicyRequest({ regionId: REGION, timePoints: '["1"]', repeatWeekdays: '["1","2","3","4","5","6","7"]', retentionDays: 7 }),
    );
    const policyId = policy.body!.autoSnapshotPolicyId!;
    await cs.call('AdvanceSandboxClock', { Seconds: 60 });
    const disks = (await accountState(cs, t.accountId)).disks.map((d) => d.diskId as string);
    for (let i = 0; i < disks.length; i += 50) {
      await callAction(client, 'ApplyAutoSnapshotPolicy', {
        regionId: REGION,
        autoSnapshotPolicyId: policyId,
        diskIds: JSON.stringify(disks.slice(i, i + 50)),
      });
    }
    // The next daily slot (01:00 UTC+8) passes.
    await cs.call('AdvanceSandboxClock', { Seconds: 25 * 3600 });
    const points: Crash[] = [
      { name: 'first batch of disks committed', hook: 'sweep.snapshots:1' },
      { name: 'first chunk of a snapshot batch committed', hook: 'batch.chunk:1' },
      { name: '400 ms into the jobs', at: 400 },
    ];
    await chain(points);
    const n = await check('autoSnapshot x120 disks', points, t, { instanceCounts: [60], snapshotSlots: true });
    expect(n).toBe(0);
  });
});
