/**
 * Benchmark scenarios of the instances issue:
 * - DescribeInstances page latency on an account with 10,000 instances against
 *   one with 100 (target: the ratio stays under 1.2, since a page is one Query
 *   of PageSize + 1 items and TotalCount comes from a counter);
 * - the autoRelease sweep over 2,000 instances due in the same minute (target:
 *   all released within one run, inside one minute).
 *
 * The instances are seeded straight into the state table through the store
 * (the API would take many minutes for 12,000 instances): Running, PostPaid,
 * with their sweep timers, the region counter DescribeInstances' TotalCount
 * reads, and no disks. The sweep is timed in this process against the same
 * DynamoDB Local at a `now` past the release time, without moving the sandbox
 * clock, so the stack's own every-minute schedule cannot race the measured run.
 */
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { InstanceRecord } from '../../shared/domain/instance';
import { autoReleaseJob } from '../../shared/jobs/instance-sweeps';
import { lifecycle } from '../../shared/platform/config';
import { newResourceId } from '../../shared/platform/ids';
import { createInstance, Usage } from '../../shared/store/instances';
import { type StateStore } from '../../shared/store/state-store';
import { DynamoStateStore } from '../../shared/store/dynamo-state-store';
import { Ecs } from '../../tests/support/ecs-client';
import { instanceRecord } from '../../tests/support/instance-fixture';
import { custom, rowFrom, timed, type BenchContext } from './harness';
import { sameItemsQuery } from './floor';
import { Keys } from '../../shared/store/keys';
import { drainStream } from './stream-drain';

const REGION = 'cn-hangzhou';

function storeOf(ctx: BenchContext): StateStore {
  const doc = DynamoDBDocumentClient.from(ctx.dynamo, { marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: true } });
  return new DynamoStateStore(ctx.tables.state, doc);
}

function benchInstance(accountId: string, i: number, now: Date, autoReleaseTime?: string): InstanceRecord {
  return instanceRecord(
    {
      instanceId: newResourceId('i', REGION),
      accountId,
      instanceName: `bench-${i}`,
      hostName: `bench-${i}`,
      internetMaxBandwidthOut: 0,
      deletionProtection: i % 2 === 0,
      autoReleaseTime,
      securityGroupIds: [],
      vpcId: '',
      vSwitchId: '',
      privateIpAddress: `172.16.${Math.floor(i / 250) % 256}.${2 + (i % 250)}`,
      publicIpAddress: '',
      systemDiskId: '',
      billing: { pricePerHourUsd: 0.1, pricePerMonthUsd: 51, chargingSince: now.toISOString() },
    },
    now.toISOString(),
  );
}

/** `count` instances for a fresh account (straight into the store, cn-hangzhou), in transactions of 100 items, 4 at a time. */
export async function seed(ctx: BenchContext, count: number, autoReleaseTime?: string) {
  const store = storeOf(ctx);
  const account = await ctx.newAccount();
  const clock = await ctx.callAction(ctx.operator, 'DescribeSandboxClock');
  const now = new Date(String(clock.Now));
  const perTx = autoReleaseTime ? 50 : 100; // an auto-release instance writes its timer too
  const batches: number[][] = [];
  for (let i = 0; i < count; i += perTx) batches.push(Array.from({ length: Math.min(perTx, count - i) }, (_, k) => i + k));
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < batches.length) {
        const batch = batches[next++]!;
        const tx = store.unitOfWork(now);
        for (const i of batch) createInstance(tx, benchInstance(account.accountId, i, now, autoReleaseTime), lifecycle);
        await tx.commit();
      }
    }),
  );
  const tx = store.unitOfWork(now);
  tx.addToCounter(Usage.instancesInRegion(account.accountId, REGION), 'count', count, undefined);
  await tx.commit();
  return { account, store, now };
}

const describePage = (size: number) =>
  timed({
    name: `DescribeInstances page, account with ${size.toLocaleString('en-US')} instances`,
    description: `first page of 100 (PageSize=100), RPC front door, official SDK; the account holds ${size} instances`,
    reads: 'list',
    setup: async (ctx) => {
      const t = performance.now();
      const { account } = await seed(ctx, size);
      ctx.log(`seeded ${size} instances in ${((performance.now() - t) / 1000).toFixed(1)} s`);
      // Measured once the stream handler has worked off the seeding, like a quiet account.
      ctx.log(`stream backlog worked off in ${((await drainStream(ctx)) / 1000).toFixed(1)} s`);
      return account;
    },
    run: async (_ctx, account) => {
      const res = await account.client.describeInstances(new Ecs.DescribeInstancesRequest({ regionId: REGION, pageSize: 100 }));
      if (res.body?.instances?.instance?.length !== 100 || res.body.totalCount !== size) throw new Error('unexpected DescribeInstances page');
    },
    sameItemsFloor: (ctx, account) => sameItemsQuery(ctx.dynamo, ctx.tables.state, Keys.resourcePartition(account.accountId, REGION, 'instance'), 100),
    latency: { n: 100 },
    throughput: false,
  });

export const describeInstances100 = describePage(100);
export const describeInstances10k = describePage(10_000);

const RELEASES = 2000;

export const autoReleaseSweep = custom({
  name: 'autoRelease: 2,000 instances due in one minute',
  description: 'one run of the autoRelease sweep (in process, same DynamoDB Local): Query of the due timers, then one conditional transaction per instance, 8 at a time',
  measure: async (ctx) => {
    const clock = await ctx.callAction(ctx.operator, 'DescribeSandboxClock');
    const releaseAt = new Date(Math.ceil((Date.parse(String(clock.Now)) + 3600_000) / 60_000) * 60_000);
    const t0 = performance.now();
    const { account, store } = await seed(ctx, RELEASES, releaseAt.toISOString());
    ctx.log(`autoRelease: seeded ${RELEASES} instances in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const t = performance.now();
    const report = await autoReleaseJob.run(store, new Date(releaseAt.getTime() + 60_000));
    const ms = performance.now() - t;
    const left = await store.query({ pk: `RES#${account.accountId}#${REGION}#instance`, limit: 1 });
    const ok = report.Processed === RELEASES && left.items.length === 0;
    const row = rowFrom(
      { name: autoReleaseSweep.name, group: 'sandbox', description: autoReleaseSweep.description },
      { samples: ok ? [ms] : [], errors: ok ? 0 : 1, firstError: ok ? undefined : `released ${report.Processed} of ${RELEASES}` },
      undefined,
      null,
      { getItemP50: null, queryP50: null },
      false,
    );
    return [{ ...row, note: [row.note, ok ? `${Math.round((RELEASES / ms) * 1000)} releases/s; all released in one run` : ''].filter(Boolean).join('; ') }];
  },
});
