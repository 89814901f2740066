/**
 * The EC2 dialect next to the peer, in one run, with the same client
 * (@aws-sdk/client-ec2, SigV4): moto_server (python moto, when on PATH; a
 * peer to measure against, never a dependency) and the sandbox's /ec2 door.
 * Each pair of calls is timed in turn (sandbox, moto, sandbox, ...) so both
 * see the same moments of a busy 2-core machine, and each sandbox row's note
 * gives moto's p50 over the sandbox's: the "10× the peer" reads there.
 *
 * Sizes: the sandbox accounts are seeded straight into the store (as the ECS
 * page scenarios do: the API would take minutes for 10,000 instances); moto is
 * filled through its RunInstances (one account, grown to each size in turn).
 */
import {
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  EC2Client,
  RunInstancesCommand,
  type EC2Client as Ec2,
} from '@aws-sdk/client-ec2';
import { Keys } from '../../shared/store/keys';
import { sameItemsQuery } from './floor';
import {
  custom,
  emptyRow,
  errorText,
  measureLatencyInterleaved,
  samplesRow,
  withSameItemsFloor,
  type BenchContext,
  type LatencyResult,
  type ResultRow,
} from './harness';
import { seed } from './instances';
import { measurePairs, ratioSpread, spreadNote, type PairedResult } from './paired-ratio';
import { motoEc2, startMoto } from './peer';
import { recordingEc2Timings, takeServerTimings, withServerTimings, type Breakdown } from './server-timing';
import { drainStream } from './stream-drain';

/** `--quick` (a check that the scenario works, not a measurement) stops at 100. */
/** `--sizes 100,1000` measures only those account sizes (a targeted run on a shared machine). */
const SIZES_ARG = process.argv.includes('--sizes') ? (process.argv[process.argv.indexOf('--sizes') + 1] ?? '').split(',').map(Number).filter((n) => n > 0) : [];
/** `--sizes none`: no DescribeInstances rows (RunInstances and the listings only). */
const SIZES = process.argv.includes('--sizes') ? SIZES_ARG : process.argv.includes('--quick') ? [100] : [100, 1_000, 10_000];
/**
 * moto grows slower than linearly to fill (its RunInstances of 1,000 took minutes past 5,000
 * instances here), so by default it is measured up to 1,000 instances and the 10,000 row is the
 * sandbox's alone; `npm run bench -- --peer-10k` fills moto to 10,000 as well (about 8 more minutes).
 */
const MOTO_MAX = process.argv.includes('--peer-10k') ? 10_000 : 1_000;
const PAGE_SIZES = [10, 100];
export const SANDBOX_REGION = 'cn-hangzhou';

export function sandboxEc2(ctx: BenchContext, creds: { accessKeyId: string; accessKeySecret: string }): EC2Client {
  return recordingEc2Timings(
    new EC2Client({
      endpoint: `${ctx.endpoint}/ec2`,
      region: SANDBOX_REGION,
      credentials: { accessKeyId: creds.accessKeyId, secretAccessKey: creds.accessKeySecret },
      maxAttempts: 1,
    }),
  );
}

/** Counts the instances of a DescribeInstances answer (over its reservations). */
const instanceCount = (out: { Reservations?: { Instances?: unknown[] }[] }): number =>
  (out.Reservations ?? []).reduce((n, r) => n + (r.Instances?.length ?? 0), 0);

/**
 * One page. EC2 counts MaxResults in instances, and so does the sandbox; moto counts whole
 * reservations (a RunInstances of 1,000 is one reservation, so its page holds all 1,000), so for
 * moto a page of at least `max` instances is accepted and its row says so.
 */
function describePage(ec2: Ec2, max: number, exact: boolean): () => Promise<void> {
  return async () => {
    const out = await ec2.send(new DescribeInstancesCommand({ MaxResults: max }));
    const n = instanceCount(out);
    if (exact ? n !== max : n < max) throw new Error(`DescribeInstances MaxResults=${max} answered ${n} instances`);
  };
}

/**
 * The sandbox row and the peer row of one paired measurement (paired-ratio.ts). The sandbox row's
 * note gives moto's p50 over the sandbox's and the median and spread of the per-pair ratios: the
 * issue's "10× the peer" reads there. `sandboxSample` replaces the paired sandbox calls as the
 * sandbox row's sample when the sandbox was also measured on its own with more calls.
 */
function pairRows(name: string, description: string, pairs: PairedResult, timings: Breakdown[] = [], sandboxSample?: LatencyResult): ResultRow[] {
  const s = withServerTimings(samplesRow({ name: `EC2 ${name}`, group: 'sandbox', description: `/ec2, ${description}` }, sandboxSample ?? pairs.sandbox), timings);
  const m = samplesRow({ name: `peer: moto ${name}`, group: 'peer', description: `moto_server, ${description}` }, pairs.peer);
  const ratio = s.p50Ms && m.p50Ms ? m.p50Ms / s.p50Ms : null;
  const spread = ratioSpread(pairs.ratios);
  if (spread) s.peerRatioPerPair = spread;
  s.note = [s.note, ratio === null ? 'no ratio (a side failed)' : `moto p50 / sandbox p50 = ${ratio.toFixed(1)}×`, spreadNote('moto', spread)]
    .filter(Boolean)
    .join('; ');
  return [s, m];
}

/** Grows moto's one account to `size` instances (RunInstances of up to 1,000 at a time). */
async function fillMoto(moto: Ec2, ami: string, have: number, size: number): Promise<void> {
  for (let n = have; n < size; ) {
    const count = Math.min(1_000, size - n);
    await moto.send(new RunInstancesCommand({ ImageId: ami, InstanceType: 't2.micro', MinCount: count, MaxCount: count }));
    n += count;
  }
}

/** Pairs with moto per page row: one moto call at 10,000 instances takes seconds (it pages by reservation). */
const pairsFor = (size: number) => (size >= 10_000 ? 10 : 30);
/**
 * Sandbox calls per page row, timed in turn with the same-items floor and apart from moto, so
 * every size (10,000 included) has enough sandbox samples for its p50, p95 and growth.
 */
const SANDBOX_SAMPLES = 100;

export const ec2SideBySide = custom({
  name: 'EC2 side by side with moto',
  description: 'DescribeInstances (MaxResults 10, 100) at 100 / 1,000 / 10,000 instances, RunInstances of 20, DescribeImages, DescribeSecurityGroups; sandbox /ec2 and moto_server, same SDK, calls interleaved',
  measure: async (ctx) => {
    const moto = await startMoto(ctx.log);
    if ('skipped' in moto) return [emptyRow({ name: 'EC2 side by side with moto', group: 'peer', description: '' }, `peer not measured: ${moto.skipped}`)];
    const peer = motoEc2(moto.endpoint);
    const clients: EC2Client[] = [peer];
    const rows: ResultRow[] = [];
    try {
      const motoAmi = (await peer.send(new DescribeImagesCommand({ Owners: ['amazon'] }))).Images?.[0]?.ImageId;
      if (!motoAmi) throw new Error('moto lists no amazon image');
      let motoHas = 0;
      /** The first (smallest) size's sandbox p50 per MaxResults: what the larger sizes' growth is over. */
      const smallest = new Map<number, { size: number; p50: number | null }>();
      for (const size of SIZES) {
        const t = performance.now();
        const { account } = await seed(ctx, size);
        const withMoto = size <= MOTO_MAX;
        if (withMoto) {
          await fillMoto(peer, motoAmi, motoHas, size);
          motoHas = size;
        }
        ctx.log(`side by side: ${size} instances (moto: ${motoHas}) in ${((performance.now() - t) / 1000).toFixed(1)} s; stream drained in ${((await drainStream(ctx)) / 1000).toFixed(1)} s`);
        const sbx = sandboxEc2(ctx, account);
        clients.push(sbx);
        for (const max of PAGE_SIZES) {
          const floor = sameItemsQuery(ctx.dynamo, ctx.tables.state, Keys.resourcePartition(account.accountId, SANDBOX_REGION, 'instance'), max);
          const name = `DescribeInstances MaxResults=${max}, ${size.toLocaleString('en-US')} instances`;
          const description = `first page of an account with ${size} instances`;
          takeServerTimings();
          const [s, f] = await measureLatencyInterleaved([describePage(sbx, max, true), floor], { warmup: 3, n: SANDBOX_SAMPLES, maxSeconds: 60 });
          const timings = takeServerTimings();
          let sRow: ResultRow;
          if (withMoto) {
            const pairs = await measurePairs(describePage(sbx, max, true), describePage(peer, max, false), { warmup: 1, n: pairsFor(size), maxSeconds: 60 });
            takeServerTimings();
            const [paired, mRow] = pairRows(name, description, pairs, timings, s);
            mRow!.note = [mRow!.note, 'moto pages by reservation: its page held every instance of its 1,000-instance launches'].filter(Boolean).join('; ');
            sRow = withSameItemsFloor(paired!, f!);
            rows.push(sRow, mRow!);
            ctx.log(`side by side: ${name}: sandbox p50 ${sRow.p50Ms?.toFixed(1)} ms, moto p50 ${mRow!.p50Ms?.toFixed(1)} ms`);
          } else {
            const row = samplesRow({ name: `EC2 ${name}`, group: 'sandbox', description: `/ec2, ${description}` }, s!);
            row.note = [row.note, `moto not filled to ${size} (npm run bench -- --peer-10k)`].filter(Boolean).join('; ');
            sRow = withServerTimings(withSameItemsFloor(row, f!), timings);
            rows.push(sRow);
          }
          const base = smallest.get(max);
          if (!base) smallest.set(max, { size, p50: sRow.p50Ms });
          else if (base.p50 && sRow.p50Ms) {
            sRow.growth = sRow.p50Ms / base.p50;
            sRow.note = [sRow.note, `growth: p50 ${sRow.growth.toFixed(2)}× the ${base.size.toLocaleString('en-US')}-instance row's`].join('; ');
          }
        }
      }
      rows.push(...(await runInstancesPair(ctx, peer, motoAmi, clients)));
      rows.push(...(await listingPairs(ctx, peer, clients)));
    } catch (e) {
      rows.push(emptyRow({ name: 'EC2 side by side with moto', group: 'peer', description: '' }, `failed: ${errorText(e)}`));
    } finally {
      for (const c of clients) c.destroy();
      await moto.stop();
    }
    return rows;
  },
});

const RUN_PAIRS = 30;

/** RunInstances of 20 on each side: the sandbox account's quotas raised so eleven calls fit. */
async function runInstancesPair(ctx: BenchContext, peer: Ec2, motoAmi: string, clients: EC2Client[]): Promise<ResultRow[]> {
  const account = await ctx.newAccount();
  // OnDemandVcpus: the EC2 dialect's vCPU limit (32 by default, as AWS) would stop the second call.
  for (const [QuotaName, Value] of [['PostPaidInstances', 10_000], ['CloudDisks', 10_000], ['PostPaidDisks', 10_000], ['OnDemandVcpus', 100_000]] as const) {
    await ctx.callAction(ctx.operator, 'ModifyAccountQuota', { AccountId: account.accountId, QuotaName, Value });
  }
  const sbx = sandboxEc2(ctx, account);
  clients.push(sbx);
  const sbxAmi = (await sbx.send(new DescribeImagesCommand({ Owners: ['amazon'] }))).Images?.[0]?.ImageId;
  if (!sbxAmi) throw new Error('the sandbox lists no amazon image');
  const run = (ec2: Ec2, ami: string) => async () => {
    const out = await ec2.send(new RunInstancesCommand({ ImageId: ami, InstanceType: 't2.micro', MinCount: 20, MaxCount: 20 }));
    if (out.Instances?.length !== 20) throw new Error(`RunInstances answered ${out.Instances?.length} instances`);
  };
  takeServerTimings();
  // 30 pairs (the quotas above allow 10,000 instances): under load one pair can flip, the median of 30 does not.
  const pairs = await measurePairs(run(sbx, sbxAmi), run(peer, motoAmi), { warmup: 1, n: RUN_PAIRS, maxSeconds: 120 });
  return pairRows('RunInstances of 20', 'MinCount=MaxCount=20, t2.micro', pairs, takeServerTimings());
}

/** DescribeImages (amazon's) and DescribeSecurityGroups on each side. */
async function listingPairs(ctx: BenchContext, peer: Ec2, clients: EC2Client[]): Promise<ResultRow[]> {
  const account = await ctx.newAccount();
  const sbx = sandboxEc2(ctx, account);
  clients.push(sbx);
  const images = (ec2: Ec2) => async () => {
    const out = await ec2.send(new DescribeImagesCommand({ Owners: ['amazon'] }));
    if (!out.Images?.length) throw new Error('no images');
  };
  const groups = (ec2: Ec2) => async () => {
    const out = await ec2.send(new DescribeSecurityGroupsCommand({}));
    if (!out.SecurityGroups) throw new Error('no SecurityGroups');
  };
  const opts = { warmup: 3, n: 30, maxSeconds: 30 };
  takeServerTimings();
  const imagePairs = await measurePairs(images(sbx), images(peer), opts);
  const imageTimings = takeServerTimings();
  const groupPairs = await measurePairs(groups(sbx), groups(peer), opts);
  return [
    ...pairRows('DescribeImages Owners=amazon', 'public images of the catalogue', imagePairs, imageTimings),
    ...pairRows('DescribeSecurityGroups', 'every group of the account', groupPairs, takeServerTimings()),
  ];
}
