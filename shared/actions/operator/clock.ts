import { z } from 'zod';
import { isoSeconds } from '../../platform/clock';
import { type ClockState } from '../../store/sandbox-clock';
import { stripKeys } from '../../store/instances';
import { Keys } from '../../store/keys';
import { defineAction } from '../action';
import { p } from '../params';

/** Operator actions that read and move the sandbox clock (forward only). */
export const describeSandboxClock = defineAction({
  name: 'DescribeSandboxClock',
  audience: 'operator',
  input: z.object({}),
  handler: async (_input, ctx) => {
    const state = await ctx.store.get<ClockState>(Keys.clock());
    return { Now: isoSeconds(ctx.now), OffsetSeconds: state?.offsetSeconds ?? 0 };
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
    return { Now: isoSeconds(new Date(ctx.now.getTime() + input.Seconds * 1000)), OffsetSeconds: offsetSeconds };
  },
});
