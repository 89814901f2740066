/**
 * Benchmark scenario of "due times kept": the lag from a timed change's DUE time to its webhook
 * POST arriving, with the stack's ticker running (scripts/lib/ticker.ts, as npm start runs it)
 * and nobody reading. Instances are launched a little apart (so due times fall at every phase of
 * the tick) in three fresh accounts (10 pay-as-you-go instances each, the default quota); each
 * launch gives two samples, its Pending → Starting and Starting → Running steps, whose EventTime
 * is the step's planned time on the sandbox clock. Lag = arrival (real time) − (EventTime − clock
 * offset): tick wait, the sweep's write, stream polling, the stream handler and the signed POST.
 */
import { Ecs } from '../../tests/support/ecs-client';
import { Receiver } from '../../tests/support/receiver';
import { startTicker } from '../lib/ticker';
import { custom, samplesRow } from './harness';
import { drainStream } from './stream-drain';

const ACCOUNTS = 3;
const PER_ACCOUNT = 10;
const STAGGER_MS = 370;
const REGION = 'cn-hangzhou';
const SECRET = 'bench-due-secret';

export const dueLagScenario = custom({
  name: 'webhook lag: due time to POST (ticker)',
  description: `${ACCOUNTS * PER_ACCOUNT} launches ${STAGGER_MS} ms apart, 2 steps each; from each step's due time to its Instance.StateChanged POST, nobody reading`,
  measure: async (ctx) => {
    const receiver = new Receiver(SECRET);
    await receiver.up();
    const ticker = startTicker({ lambdaEndpoint: ctx.lambdaEndpoint });
    const samples: number[] = [];
    let errors = 0;
    let firstError: string | undefined;
    try {
      ctx.log(`due lag: stream backlog worked off in ${((await drainStream(ctx)) / 1000).toFixed(1)} s`);
      const offsetMs = Number((await ctx.callAction(ctx.operator, 'DescribeSandboxClock')).OffsetSeconds) * 1000;
      const ids: string[] = [];
      for (let a = 0; a < ACCOUNTS; a++) {
        const account = await ctx.newAccount();
        await ctx.callAction(account.client, 'CreateWebhook', { RegionId: REGION, Url: receiver.url, 'EventName.1': 'Instance.StateChanged', Secret: SECRET });
        for (let i = 0; i < PER_ACCOUNT; i++) {
          const run = await account.client.runInstances(
            new Ecs.RunInstancesRequest({ regionId: REGION, imageId: 'aliyun_3_x64_20G_alibase_20240528.vhd', instanceType: 'ecs.g7.large' }),
          );
          ids.push(run.body!.instanceIdSets!.instanceIdSet![0]!);
          await new Promise((r) => setTimeout(r, STAGGER_MS));
        }
      }
      const wanted = new Set(ids);
      const deadline = Date.now() + 60_000;
      const running = () => receiver.deliveries.filter((d) => wanted.has(d.body.ResourceId) && d.body.Detail.CurrentStatus === 'Running').length;
      while (running() < ids.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      for (const d of receiver.deliveries) {
        if (!wanted.has(d.body.ResourceId)) continue;
        samples.push(d.receivedAt - (Date.parse(d.body.EventTime) - offsetMs));
      }
      const missing = ids.length * 2 - samples.length;
      if (missing > 0) {
        errors += missing;
        firstError = `${missing} step deliveries missing after 60 s`;
      }
      ctx.log(`due lag: ${ticker.stats().ticks} ticks, ${ticker.stats().failures} failed`);
    } finally {
      await ticker.stop();
      await receiver.down();
    }
    return [samplesRow({ name: dueLagScenario.name, group: 'sandbox', description: dueLagScenario.description }, { samples, errors, firstError })];
  },
});
