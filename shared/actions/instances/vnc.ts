import { z } from 'zod';
import { requireVncReachable, setVncPassword, VNC_URL_TTL_SECONDS } from '../../domain/vnc';
import { randomAlnum } from '../../platform/ids';
import { defineAction } from '../action';
import { commonFields, p } from '../params';
import { instanceId, loadCurrent, requireRegion, save } from './common';

/** ModifyInstanceVncPasswd and DescribeInstanceVncUrl (rules: shared/domain/vnc.ts). */
export const modifyInstanceVncPasswd = defineAction({
  name: 'ModifyInstanceVncPasswd',
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    InstanceId: instanceId(),
    VncPassword: p.string({ max: 64 }),
  }),
  handler: async (input, ctx) => {
    const loaded = await loadCurrent(ctx, requireRegion(input.RegionId), input.InstanceId);
    save(ctx, loaded, setVncPassword(loaded.current, input.VncPassword));
    return {};
  },
});

export const describeInstanceVncUrl = defineAction({
  name: 'DescribeInstanceVncUrl',
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    InstanceId: instanceId(),
  }),
  handler: async (input, ctx) => {
    const loaded = await loadCurrent(ctx, requireRegion(input.RegionId), input.InstanceId);
    requireVncReachable(loaded.current);
    // A one-time session address, as the real one is (wss, valid 15 s); nothing listens behind it.
    const expires = Math.floor(ctx.now.getTime() / 1000) + VNC_URL_TTL_SECONDS;
    const session = `${loaded.current.instanceId}-${expires}-${randomAlnum(32)}`;
    return { VncUrl: `wss://${input.RegionId}-vnc.ecs.sandbox.invalid/webview?s=${encodeURIComponent(session)}` };
  },
});
