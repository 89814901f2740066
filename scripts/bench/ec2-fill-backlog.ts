/**
 * An account filled through the EC2 door (RunInstances of 100, four callers at once, spread over
 * the region's zones: a default subnet holds about 4,000 addresses), then DescribeInstances pages
 * timed twice: at once, while the stream handler and the transition timers still work off what
 * the fill wrote (p95 must stay within 3× p50: requests must not starve behind the backlog), and
 * again once the stream is drained. Quotas are raised through the control plane first
 * (ModifyAccountQuota), as an operator would.
 *
 *   npm run bench -- --only 'EC2 fill' [--fill 10000]     (default 10,000; --quick 300)
 */
import { DescribeAvailabilityZonesCommand, DescribeInstancesCommand, RunInstancesCommand, DescribeImagesCommand } from '@aws-sdk/client-ec2';
import { custom, emptyRow, errorText, measureLatency, samplesRow, type BenchContext, type ResultRow } from './harness';
import { sandboxEc2 } from './ec2-side-by-side';
import { takeServerTimings, withServerTimings } from './server-timing';
import { drainStream } from './stream-drain';

const FILL_ARG = process.argv.includes('--fill') ? Number(process.argv[process.argv.indexOf('--fill') + 1]) : NaN;
const FILL = Number.isFinite(FILL_ARG) && FILL_ARG > 0 ? FILL_ARG : process.argv.includes('--quick') ? 300 : 10_000;
const PER_CALL = 100;
const CALLERS = 4;

export const ec2FillAndBacklog = custom({
  name: `EC2 fill to ${FILL.toLocaleString('en-US')} instances through /ec2, pages during the stream backlog`,
  description: 'RunInstances of 100 (4 callers, zones in turn), then DescribeInstances MaxResults=100 timed during the backlog and after it is drained',
  measure: async (ctx) => {
    const base = { group: 'sandbox' as const };
    const account = await ctx.newAccount();
    for (const QuotaName of ['PostPaidInstances', 'CloudDisks', 'PostPaidDisks', 'OnDemandVcpus']) {
      await ctx.callAction(ctx.operator, 'ModifyAccountQuota', { AccountId: account.accountId, QuotaName, Value: FILL * 4 });
    }
    const ec2 = sandboxEc2(ctx, account);
    try {
      const ami = (await ec2.send(new DescribeImagesCommand({ Owners: ['amazon'] }))).Images?.[0]?.ImageId;
      const zones = ((await ec2.send(new DescribeAvailabilityZonesCommand({}))).AvailabilityZones ?? []).map((z) => z.ZoneName!);
      if (!ami || zones.length === 0) throw new Error('no amazon image or no zone');
      const fill = await fillThroughEc2(ctx, ec2, ami, zones);
      const fillRow = samplesRow(
        { ...base, name: `EC2 RunInstances of ${PER_CALL} while filling to ${FILL.toLocaleString('en-US')}`, description: `/ec2, ${CALLERS} callers at once` },
        { samples: fill.samples, errors: fill.errors, firstError: fill.firstError },
      );
      fillRow.note = [fillRow.note, `${fill.made.toLocaleString('en-US')} instances in ${(fill.ms / 1000).toFixed(1)} s (${((fill.made / fill.ms) * 1000).toFixed(0)}/s)`].filter(Boolean).join('; ');
      const page = async () => {
        const out = await ec2.send(new DescribeInstancesCommand({ MaxResults: 100 }));
        const n = (out.Reservations ?? []).reduce((k, r) => k + (r.Instances?.length ?? 0), 0);
        if (n !== Math.min(100, fill.made)) throw new Error(`a page of ${n} instances`);
      };
      takeServerTimings();
      const during = await measureLatency(page, { warmup: 2, n: 60, maxSeconds: 120 });
      const duringRow = withServerTimings(
        samplesRow({ ...base, name: `EC2 DescribeInstances MaxResults=100 during the backlog (${FILL.toLocaleString('en-US')} instances)`, description: '/ec2, right after the fill' }, during),
        takeServerTimings(),
      );
      const drainMs = await drainStream(ctx);
      duringRow.note = [duringRow.note, p95OverP50(duringRow), `the stream drained ${(drainMs / 1000).toFixed(1)} s after the sample`].filter(Boolean).join('; ');
      // The drain's own polling calls carry headers too: they are not the page's.
      takeServerTimings();
      const after = await measureLatency(page, { warmup: 2, n: 30, maxSeconds: 60 });
      const afterRow = withServerTimings(
        samplesRow({ ...base, name: `EC2 DescribeInstances MaxResults=100 after the drain (${FILL.toLocaleString('en-US')} instances)`, description: '/ec2, stream drained' }, after),
        takeServerTimings(),
      );
      afterRow.note = [afterRow.note, p95OverP50(afterRow)].filter(Boolean).join('; ');
      return [fillRow, duringRow, afterRow];
    } catch (e) {
      return [emptyRow({ ...base, name: 'EC2 fill through /ec2', description: '' }, `failed: ${errorText(e)}`)];
    } finally {
      ec2.destroy();
    }
  },
});

const p95OverP50 = (row: ResultRow) => (row.p50Ms && row.p95Ms ? `p95 / p50 = ${(row.p95Ms / row.p50Ms).toFixed(2)}` : '');

/** RunInstances of up to 100 from CALLERS callers, zone after zone; a full zone (its default subnet) is left out. */
async function fillThroughEc2(ctx: BenchContext, ec2: ReturnType<typeof sandboxEc2>, ami: string, zones: string[]) {
  const samples: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let made = 0;
  let asked = 0;
  let turn = 0;
  const open = [...zones];
  const t0 = performance.now();
  const caller = async () => {
    while (asked < FILL && open.length > 0) {
      const count = Math.min(PER_CALL, FILL - asked);
      asked += count;
      const zone = open[turn++ % open.length]!;
      const t = performance.now();
      try {
        const out = await ec2.send(
          new RunInstancesCommand({ ImageId: ami, InstanceType: 't2.micro', MinCount: count, MaxCount: count, Placement: { AvailabilityZone: zone } }),
        );
        samples.push(performance.now() - t);
        made += out.Instances?.length ?? 0;
      } catch (e) {
        asked -= count;
        const text = errorText(e);
        if (/InsufficientFreeAddressesInSubnet/.test(text)) open.splice(open.indexOf(zone), 1);
        else {
          errors++;
          firstError ??= text;
          if (errors > 5) throw e;
        }
      }
      if (made > 0 && made % 1000 < count) ctx.log(`fill: ${made.toLocaleString('en-US')} instances`);
    }
  };
  await Promise.all(Array.from({ length: CALLERS }, caller));
  return { samples, errors, firstError, made, ms: performance.now() - t0 };
}
