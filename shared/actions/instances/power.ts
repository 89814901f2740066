import { z } from 'zod';
import { applyPendingVncPassword } from '../../domain/vnc';
import { reboot, start, stop } from '../../domain/instance';
import { lifecycle } from '../../platform/config';
import { defineAction } from '../action';
import { commonFields, p } from '../params';
import { batchFields, instanceId, loadCurrent, runBatch, save } from './common';

/**
 * Start, stop and reboot, one instance or a batch. The call returns at once;
 * the state moves on with the sandbox clock (Starting → Running, Stopping →
 * Stopped, Stopping → Starting → Running).
 */
const stoppedMode = () => p.enum(['StopCharging', 'KeepCharging']).optional();

export const startInstance = defineAction({
  name: 'StartInstance',
  input: z.object({ ...commonFields, InstanceId: instanceId(), RegionId: p.regionId().optional(), InitLocalDisk: p.bool().optional() }),
  handler: async (input, ctx) => {
    const loaded = await loadCurrent(ctx, input.RegionId, input.InstanceId);
    save(ctx, loaded, start(loaded.current, ctx.now, lifecycle));
    return {};
  },
});

export const startInstances = defineAction({
  name: 'StartInstances',
  input: z.object({ ...commonFields, ...batchFields, RegionId: p.regionId() }),
  handler: async (input, ctx) =>
    runBatch(ctx, input.RegionId, input.InstanceId, input.BatchOptimization, (loaded) => {
      const next = start(loaded.current, ctx.now, lifecycle);
      save(ctx, loaded, next);
      return next;
    }),
});

export const stopInstance = defineAction({
  name: 'StopInstance',
  input: z.object({
    ...commonFields,
    InstanceId: instanceId(),
    RegionId: p.regionId().optional(),
    ForceStop: p.bool().optional(),
    ConfirmStop: p.bool().optional(),
    StoppedMode: stoppedMode(),
  }),
  handler: async (input, ctx) => {
    const loaded = await loadCurrent(ctx, input.RegionId, input.InstanceId);
    save(ctx, loaded, stop(loaded.current, ctx.now, lifecycle, { stoppedMode: input.StoppedMode }));
    return {};
  },
});

export const stopInstances = defineAction({
  name: 'StopInstances',
  input: z.object({ ...commonFields, ...batchFields, RegionId: p.regionId(), ForceStop: p.bool().optional(), StoppedMode: stoppedMode() }),
  handler: async (input, ctx) =>
    runBatch(ctx, input.RegionId, input.InstanceId, input.BatchOptimization, (loaded) => {
      const next = stop(loaded.current, ctx.now, lifecycle, { stoppedMode: input.StoppedMode });
      save(ctx, loaded, next);
      return next;
    }),
});

export const rebootInstance = defineAction({
  name: 'RebootInstance',
  input: z.object({ ...commonFields, InstanceId: instanceId(), RegionId: p.regionId().optional(), ForceStop: p.bool().optional() }),
  handler: async (input, ctx) => {
    const loaded = await loadCurrent(ctx, input.RegionId, input.InstanceId);
    save(ctx, loaded, applyPendingVncPassword(reboot(loaded.current, ctx.now, lifecycle)));
    return {};
  },
});

export const rebootInstances = defineAction({
  name: 'RebootInstances',
  input: z.object({ ...commonFields, ...batchFields, RegionId: p.regionId(), ForceReboot: p.bool().optional() }),
  handler: async (input, ctx) =>
    runBatch(ctx, input.RegionId, input.InstanceId, input.BatchOptimization, (loaded) => {
      const next = applyPendingVncPassword(reboot(loaded.current, ctx.now, lifecycle));
      save(ctx, loaded, next);
      return next;
    }),
});
