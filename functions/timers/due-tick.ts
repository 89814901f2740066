import middy from '@middy/core';
import { dueTick } from '../../shared/jobs/due-tick';
import { logUnexpectedErrors } from '../../shared/middleware/log-unexpected-errors';
import { loggerContext } from '../../shared/middleware/logger-context';
import { middyOptions } from '../../shared/middleware/middy-options';
import { logger } from '../../shared/platform/logger';
import { DynamoStateStore } from '../../shared/store/dynamo-state-store';

const store = new DynamoStateStore();
const TICK_MS = 1000;

interface DueTickEvent {
  /** Overrides SANDBOX_DUE_TICK_LOOP_SECONDS for this invocation (a scheduled event carries no such field). */
  loopSeconds?: number;
}

function loopSecondsOf(event: DueTickEvent | undefined): number {
  if (typeof event?.loopSeconds === 'number') return event.loopSeconds;
  const envLoop = Number(process.env.SANDBOX_DUE_TICK_LOOP_SECONDS ?? '0');
  return Number.isFinite(envLoop) ? envLoop : 0;
}

/**
 * The due-time timer (README, Design: "Due times kept").
 *
 * Locally the stack's ticker (scripts/lib/ticker.ts) invokes this once a second with `{}` and
 * SANDBOX_DUE_TICK_LOOP_SECONDS is 0: one tick per call. Deployed, a `rate(1 minute)` schedule
 * invokes it and it ticks once a second for SANDBOX_DUE_TICK_LOOP_SECONDS (58 by default), so
 * due work is applied within about a second of its due time; the next minute's invocation takes
 * over (an overlap of two ticks is harmless: every job writes conditionally). A failure is logged
 * by the chain and fails the invocation: the next tick finds the same due work again.
 */
async function tickUntilLoopEnds(event: DueTickEvent | undefined): Promise<{ Ticks: number; Processed: number }> {
  const until = Date.now() + loopSecondsOf(event) * 1000;
  let ticks = 0;
  let processed = 0;
  do {
    const started = Date.now();
    const reports = await dueTick(store);
    ticks++;
    for (const r of reports) {
      processed += r.Processed;
      logger.info('due tick', { ...r });
    }
    const wait = TICK_MS - (Date.now() - started);
    if (Date.now() + wait >= until) break;
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  } while (Date.now() < until);
  return { Ticks: ticks, Processed: processed };
}

export const handler = middy(tickUntilLoopEnds, middyOptions).use(loggerContext()).use(logUnexpectedErrors());
