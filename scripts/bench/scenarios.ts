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
 *     run: (ctx, account) => account.client.describeInstances(new Ecs.DescribeInstancesRequest({ regionId: 'cn-hangzhou', pageSize: 100 })),
 *     latency: { n: 100 },                           // optional overrides of warm-up / n
 *     throughput: false,                             // or { workers, seconds }
 *   }),
 *
 * `run` is ONE call; the harness times it sequentially (p50/p95/p99) and with
 * concurrent workers (requests/s). For anything that is not "one call" (a
 * sweep releasing 2,000 instances due in the same minute, webhook lag) use
 * `custom({ name, description, measure: async (ctx) => rows })` and build rows
 * with `rowFrom`/`summarize` from ./harness.
 */
import { Ecs } from '../../tests/support/ecs-client';
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

export const SCENARIOS: Scenario[] = [
  timed({
    name: 'DescribeRegions',
    description: 'RPC front door, official SDK (V3), default account key; static catalogue',
    reads: 'item',
    run: (ctx) => ctx.defaultAccount.client.describeRegions(new Ecs.DescribeRegionsRequest({})),
  }),
  timed({
    name: 'DescribeZones',
    description: 'RegionId=cn-hangzhou; static catalogue with available instance types per zone',
    reads: 'item',
    run: (ctx) => ctx.defaultAccount.client.describeZones(new Ecs.DescribeZonesRequest({ regionId: 'cn-hangzhou' })),
  }),
  timed({
    name: 'DescribeInstanceTypes',
    description: 'no filter: every instance type of the catalogue',
    reads: 'item',
    run: (ctx) => ctx.defaultAccount.client.describeInstanceTypes(new Ecs.DescribeInstanceTypesRequest({})),
  }),
  timed({
    name: 'DescribeImages',
    description: 'RegionId=cn-hangzhou, PageSize=100, fresh account: system images + Query of its (empty) image partition',
    reads: 'list',
    setup: (ctx) => ctx.newAccount(),
    run: (_ctx, account) =>
      account.client.describeImages(new Ecs.DescribeImagesRequest({ regionId: 'cn-hangzhou', pageSize: 100 })),
  }),
  timed({
    name: 'AdvanceSandboxClock',
    description: 'operator write, Seconds=1: read + conditional replace of one item (concurrent callers contend on it)',
    reads: 'write',
    run: (ctx) => ctx.callAction(ctx.operator, 'AdvanceSandboxClock', { Seconds: 1 }),
  }),
];
