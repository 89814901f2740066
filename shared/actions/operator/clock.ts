import { z } from 'zod';
import { isoSeconds } from '../../platform/clock';
import { type ClockState } from '../../store/sandbox-clock';
import { stripKeys } from '../../store/instances';
import { Keys } from '../../store/keys';
import { defineAction } from '../action';
import { p } from '../params';

/**
 * Operator actions that read and move the sandbox clock (forward only). Both answer from the clock
 * item they read, never the request's copy from the hot-item cache: the time they report is the
 * stored one (shared/store/clock-propagation.ts).
 */
const sandboxTime = (ctx: { store: { wallClockMs(): number } }, offsetSeconds: number) => new Date(ctx.store.wallClockMs() + offsetSeconds * 1000);

export const describeSandboxClock = defineAction({
  name: 'DescribeSandboxClock',
  audience: 'operator',
  input: z.object({}),
  handler: async (_input, ctx) => {
    const offsetSeconds = (await ctx.store.get<ClockState>(Keys.clock()))?.offsetSeconds ?? 0;
    return { Now: isoSeconds(sandboxTime(ctx, offsetSeconds)), OffsetSeconds: offsetSeconds };
  },
});

export const advanceSandboxClock = defineAction({
  name: 'AdvanceSandboxClock',
  audience: 'operator',
  // Ten years at most per call: far enough for any subscription, small enough to keep dates sane.
  input: z.object({ Seconds: p.int({ min: 1, max: 10 * 366 * 86_400 }) }),
  handler: async (input, ctx) => {
    const state = await ctx.store.get<ClockState>(Keys.clock());
    const offsetSeconds = (state?.offsetSeconds ?? 0) + input.Seconds;
    if (state) ctx.tx.replace(state, { ...stripKeys(state), offsetSeconds });
    else ctx.tx.create(Keys.clock(), { offsetSeconds });
    return { Now: isoSeconds(sandboxTime(ctx, offsetSeconds)), OffsetSeconds: offsetSeconds };
  },
});
