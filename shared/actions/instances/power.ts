import { z } from 'zod';
import { defineAction } from '../action';
import { commonFields, p } from '../params';
import { batchFields, instanceId } from './common';
import { rebootInstances as rebootOperation, startInstances as startOperation, stopInstances as stopOperation, type InstanceChange } from './power-operations';

/**
 * Start, stop and reboot, one instance or a batch: the ECS codecs of the power operations
 * (./power-operations.ts). The call returns at once; the state moves on with the sandbox clock
 * (Starting → Running, Stopping → Stopped, Stopping → Starting → Running).
 */
const stoppedMode = () => p.enum(['StopCharging', 'KeepCharging']).optional();

/** The batch answer: one line per instance (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-startinstances). */
export function renderInstanceResponses(changes: InstanceChange[]) {
  return {
    InstanceResponses: {
      InstanceResponse: changes.map((c) => ({
        InstanceId: c.instanceId,
        Code: c.error ? c.error.code : '200',
        Message: c.error ? c.error.message : 'success',
        PreviousStatus: c.previousStatus,
        CurrentStatus: c.currentStatus,
      })),
    },
  };
}

const successFirst = (mode: 'AllTogether' | 'SuccessFirst' | undefined) => mode === 'SuccessFirst';

export const startInstance = defineAction({
  name: 'StartInstance',
  input: z.object({ ...commonFields, InstanceId: instanceId(), RegionId: p.regionId().optional(), InitLocalDisk: p.bool().optional() }),
  handler: async (input, ctx) => {
    await startOperation.run({ regionId: input.RegionId, instanceIds: [input.InstanceId], enforceVcpuLimit: false }, ctx);
    return {};
  },
});

export const startInstances = defineAction({
  name: 'StartInstances',
  input: z.object({ ...commonFields, ...batchFields, RegionId: p.regionId() }),
  handler: async (input, ctx) =>
    renderInstanceResponses(
      await startOperation.run(
        { regionId: input.RegionId, instanceIds: input.InstanceId, successFirst: successFirst(input.BatchOptimization), enforceVcpuLimit: false },
        ctx,
      ),
    ),
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
    await stopOperation.run({ regionId: input.RegionId, instanceIds: [input.InstanceId], stoppedMode: input.StoppedMode }, ctx);
    return {};
  },
});

export const stopInstances = defineAction({
  name: 'StopInstances',
  input: z.object({ ...commonFields, ...batchFields, RegionId: p.regionId(), ForceStop: p.bool().optional(), StoppedMode: stoppedMode() }),
  handler: async (input, ctx) =>
    renderInstanceResponses(
      await stopOperation.run(
        { regionId: input.RegionId, instanceIds: input.InstanceId, successFirst: successFirst(input.BatchOptimization), stoppedMode: input.StoppedMode },
        ctx,
      ),
    ),
});

export const rebootInstance = defineAction({
  name: 'RebootInstance',
  input: z.object({ ...commonFields, InstanceId: instanceId(), RegionId: p.regionId().optional(), ForceStop: p.bool().optional() }),
  handler: async (input, ctx) => {
    await rebootOperation.run({ regionId: input.RegionId, instanceIds: [input.InstanceId] }, ctx);
    return {};
  },
});

export const rebootInstances = defineAction({
  name: 'RebootInstances',
  input: z.object({ ...commonFields, ...batchFields, RegionId: p.regionId(), ForceReboot: p.bool().optional() }),
  handler: async (input, ctx) =>
    renderInstanceResponses(
      await rebootOperation.run({ regionId: input.RegionId, instanceIds: input.InstanceId, successFirst: successFirst(input.BatchOptimization) }, ctx),
    ),
});
