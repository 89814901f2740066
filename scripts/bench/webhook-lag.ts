/**
 * Benchmark scenario of the stream handlers issue: the lag from a state change
 * to its webhook POST arriving. A receiver on loopback in this process is
 * subscribed to `Instance.*`; each sample flips an instance's release
 * protection (ModifyInstanceAttribute) and measures from the call's answer
 * (the change is committed) to the arrival of its
 * `Instance.DeletionProtectionChanged` delivery: stream polling, the stream
 * handler, the event log and the signed POST.
 */
import { Ecs } from '../../tests/support/ecs-client';
import { Receiver } from '../../tests/support/receiver';
import { custom, samplesRow } from './harness';
import { drainStream } from './stream-drain';

const SAMPLES = 30;
const REGION = 'cn-hangzhou';

export const webhookLagScenario = custom({
  name: 'webhook lag: state change to POST',
  description: `${SAMPLES} protection flips (ModifyInstanceAttribute); time from the call's answer to the Instance.DeletionProtectionChanged POST at a loopback receiver`,
  measure: async (ctx) => {
    const receiver = new Receiver('bench-webhook-secret');
    await receiver.up();
    const samples: number[] = [];
    let errors = 0;
    let firstError: string | undefined;
    try {
      const account = await ctx.newAccount();
      await ctx.callAction(account.client, 'CreateWebhook', { RegionId: REGION, Url: receiver.url, 'EventName.1': 'Instance.*', Secret: 'bench-webhook-secret' });
      const run = await account.client.runInstances(
        new Ecs.RunInstancesRequest({ regionId: REGION, imageId: 'aliyun_3_x64_20G_alibase_20240528.vhd', instanceType: 'ecs.g7.large' }),
      );
      const instanceId = run.body!.instanceIdSets!.instanceIdSet![0]!;
      /** Flip the protection; the time until its delivery arrives, or undefined past `waitMs`. */
      const flip = async (protect: boolean, waitMs: number): Promise<number | undefined> => {
        const seen = receiver.deliveries.length;
        await account.client.modifyInstanceAttribute(new Ecs.ModifyInstanceAttributeRequest({ instanceId, deletionProtection: protect }));
        const t0 = performance.now();
        while (performance.now() < t0 + waitMs) {
          if (receiver.deliveries.slice(seen).some((d) => d.body.EventName === 'Instance.DeletionProtectionChanged' && d.body.Detail.DeletionProtection === protect)) {
            return performance.now() - t0;
          }
          await new Promise((r) => setTimeout(r, 5));
        }
        return undefined;
      };
      // Unmeasured: the stream first works off what earlier scenarios wrote (thousands of
      // releases and snapshots), which is backlog, not lag.
      ctx.log(`webhook lag: stream backlog worked off in ${((await drainStream(ctx)) / 1000).toFixed(1)} s`);
      for (let i = 0; i < SAMPLES; i++) {
        const lag = await flip(i % 2 === 0, 20_000);
        if (lag !== undefined) samples.push(lag);
        else {
          errors++;
          firstError ??= `no delivery within 20 s for flip ${i + 1}`;
        }
      }
    } finally {
      await receiver.down();
    }
    return [samplesRow({ name: webhookLagScenario.name, group: 'sandbox', description: webhookLagScenario.description }, { samples, errors, firstError })];
  },
});
