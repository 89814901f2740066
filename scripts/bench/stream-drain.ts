import type { BenchContext } from './harness';
import { eventually } from '../../tests/support/receiver';

const DRAIN_LIMIT_MS = 15 * 60_000;

/**
 * Wait until the stream handler has worked off what was written so far: make
 * one audited call and wait for its `ApiCall` event. Batches are applied in
 * stream order, so once that event is there, every earlier change has been
 * applied too. Scenarios call this after seeding thousands of items, so that
 * the backlog's work on DynamoDB Local is not measured as their latency.
 * Returns how long it took (ms).
 */
export async function drainStream(ctx: BenchContext): Promise<number> {
  const t0 = performance.now();
  // An audited call naming a resource of its own, so LookupEvents can find exactly its event
  // (the instance does not exist: the refused call is audited all the same).
  const probeId = `i-drainprobe${Date.now().toString(36)}`;
  await ctx.callAction(ctx.defaultAccount.client, 'DescribeInstanceAttribute', { InstanceId: probeId }).catch(() => undefined);
  await eventually(
    async () => {
      const found = (await ctx.callAction(ctx.defaultAccount.client, 'LookupEvents', { EventName: 'ApiCall', ResourceId: probeId })) as {
        Events?: unknown[];
      };
      return found.Events?.length ? true : undefined;
    },
    `the stream to work off its backlog (${DRAIN_LIMIT_MS / 60_000} min)`,
    DRAIN_LIMIT_MS,
  );
  return performance.now() - t0;
}
