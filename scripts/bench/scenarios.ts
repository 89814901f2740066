/**
 * The scenarios `npm run bench` measures, in order. To add one, append to
 * SCENARIOS:
 *
 *   timed({
 *     name: 'DescribeInstances page (10,000 instances)',
 *     description: 'PageSize=100, first page, account with 10,000 instances',
 *     reads: 'list',                                 // also report the ratio to the Query floor
 *     setup: async (ctx) => {                        // once, untimed; the result goes to run/teardown
 *       const account = await ctx.newAccount();
 *       // ... seed through the API (or straight into ctx.tables.state via ctx.dynamo)
 *       return account;
 *     },
 *     run: async (ctx, account) => {                 // ONE call; check the answer with must()
 *       const res = await account.client.describeInstances(new Ecs.DescribeInstancesRequest({ regionId: 'cn-hangzhou', pageSize: 100 }));
 *       must(res.body?.instances?.instance?.length === 100, 'a full page');
 *     },
 *     latency: { n: 100 },                           // optional overrides of warm-up / n
 *     throughput: false,                             // or { workers, seconds }
 *   }),
 *
 * `run` is ONE call; the harness times it sequentially (p50/p95/p99) and with
 * concurrent workers (requests/s), measures the DynamoDB floor right before and
 * after it, and fills the ratios. Check the answer with `must` (below) so a
 * broken call counts as an error, not as a fast success. `--only <word>` runs
 * just the scenarios whose name contains it.
 *
 * For anything that is not "one call" (a sweep releasing 2,000 instances due in
 * the same minute, webhook lag), a custom scenario returns its own rows:
 *
 *   custom({
 *     name: 'sweep: 2,000 instances due in one minute',
 *     description: 'AdvanceSandboxClock past their AutoReleaseTime, then RunScheduledJobs until none is left',
 *     measure: async (ctx) => {
 *       const account = await ctx.newAccount();
 *       // ... create 2,000 instances with one AutoReleaseTime
 *       const t = performance.now();
 *       await ctx.callAction(ctx.operator, 'AdvanceSandboxClock', { Seconds: 3600 });
 *       await ctx.callAction(ctx.operator, 'RunScheduledJobs');
 *       const ms = performance.now() - t;
 *       return [rowFrom({ name: 'sweep 2,000', group: 'sandbox', description: '...' },
 *                       { samples: [ms], errors: 0 }, undefined, null, ctx.floors, false)];
 *     },
 *   }),
 */
import { Ecs } from '../../tests/support/ecs-client';
import { autoSnapshotScenario } from './auto-snapshot';
import { ec2FillAndBacklog } from './ec2-fill-backlog';
import { ec2SideBySide } from './ec2-side-by-side';
import { autoReleaseSweep, describeInstances100, describeInstances10k } from './instances';
import { webhookLagScenario } from './webhook-lag';
import { dueLagScenario } from './due-lag';
import { timed, type BenchContext, type Scenario } from './harness';

/**
 * Calls of the untimed global warm-up (with the floor's GetItem and Query):
 * reads only, so the warm-up leaves no state (no clock moved, no resources).
 */
export const WARMUP_CALLS = (ctx: BenchContext): (() => Promise<unknown>)[] => {
  const c = ctx.defaultAccount.client;
  return [
    () => c.describeRegions(new Ecs.DescribeRegionsRequest({})),
    () => c.describeZones(new Ecs.DescribeZonesRequest({ regionId: 'cn-hangzhou' })),
    () => c.describeInstanceTypes(new Ecs.DescribeInstanceTypesRequest({})),
    () => c.describeImages(new Ecs.DescribeImagesRequest({ regionId: 'cn-hangzhou', pageSize: 100 })),
  ];
};

/**
 * A call counts only when the answer is the real one: a handler that failed to
 * load comes back from serverless-offline as an `errorMessage` body the SDK
 * does not throw on, and would otherwise be timed as a (very fast) success.
 */
export function must(ok: unknown, what: string): void {
  if (!ok) throw new Error(`unexpected answer: ${what}`);
}

export const SCENARIOS: Scenario[] = [
  timed({
    name: 'DescribeRegions',
    description: 'RPC front door, official SDK (V3), default account key; static catalogue',
    reads: 'item',
    run: async (ctx) => {
      const res = await ctx.defaultAccount.client.describeRegions(new Ecs.DescribeRegionsRequest({}));
      must(res.body?.regions?.region?.length, 'no Regions.Region');
    },
  }),
  timed({
    name: 'DescribeZones',
    description: 'RegionId=cn-hangzhou; static catalogue with available instance types per zone',
    reads: 'item',
    run: async (ctx) => {
      const res = await ctx.defaultAccount.client.describeZones(new Ecs.DescribeZonesRequest({ regionId: 'cn-hangzhou' }));
      must(res.body?.zones?.zone?.length, 'no Zones.Zone');
    },
  }),
  timed({
    name: 'DescribeInstanceTypes',
    description: 'no filter: every instance type of the catalogue',
    reads: 'item',
    run: async (ctx) => {
      const res = await ctx.defaultAccount.client.describeInstanceTypes(new Ecs.DescribeInstanceTypesRequest({}));
      must(res.body?.instanceTypes?.instanceType?.length, 'no InstanceTypes.InstanceType');
    },
  }),
  timed({
    name: 'DescribeImages',
    description: 'RegionId=cn-hangzhou, PageSize=100, fresh account: system images + Query of its (empty) image partition',
    reads: 'list',
    setup: (ctx) => ctx.newAccount(),
    run: async (_ctx, account) => {
      const res = await account.client.describeImages(new Ecs.DescribeImagesRequest({ regionId: 'cn-hangzhou', pageSize: 100 }));
      must(res.body?.images?.image?.length, 'no Images.Image');
    },
  }),
  timed({
    name: 'AdvanceSandboxClock',
    description: 'operator write, Seconds=1: read + conditional replace of one item (concurrent callers contend on it)',
    reads: 'write',
    run: async (ctx) => {
      const out = await ctx.callAction(ctx.operator, 'AdvanceSandboxClock', { Seconds: 1 });
      must(typeof out.OffsetSeconds === 'number', 'no OffsetSeconds');
    },
  }),
  describeInstances100,
  describeInstances10k,
  autoReleaseSweep,
  autoSnapshotScenario,
  webhookLagScenario,
  dueLagScenario,
  ec2SideBySide,
  ec2FillAndBacklog,
];
