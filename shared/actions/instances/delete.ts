import { z } from 'zod';
import { defineAction } from '../action';
import { commonFields, p } from '../params';
import { batchFields, instanceId } from './common';
import { deleteInstances as deleteOperation } from './power-operations';

/**
 * Release now (the ECS guide on releasing instances (https://www.alibabacloud.com/help/en/ecs/user-guide/release-an-instance)): DeleteInstance and DeleteInstances, the
 * ECS codecs of the release operation (./power-operations.ts). Release protection refuses
 * (403 InvalidOperation.DeletionProtection) and, for a batch, nothing of the batch is released.
 * ECS refuses to release a Pending instance (IncorrectInstanceStatus.Initializing).
 */
const releaseFields = {
  Force: p.bool().optional(),
  ForceStop: p.bool().optional(),
  TerminateSubscription: p.bool().optional(),
};

export const deleteInstance = defineAction({
  name: 'DeleteInstance',
  input: z.object({ ...commonFields, ...releaseFields, InstanceId: instanceId(), RegionId: p.regionId().optional() }),
  handler: async (input, ctx) => {
    await deleteOperation.run(
      {
        regionId: input.RegionId,
        instanceIds: [input.InstanceId],
        force: input.Force,
        terminateSubscription: input.TerminateSubscription,
        pendingAllowed: false,
      },
      ctx,
    );
    return {};
  },
});

export const deleteInstances = defineAction({
  name: 'DeleteInstances',
  idempotent: true,
  input: z.object({
    ...commonFields,
    ...releaseFields,
    InstanceId: batchFields.InstanceId,
    RegionId: p.regionId(),
    ClientToken: p.clientToken().optional(),
  }),
  handler: async (input, ctx) => {
    await deleteOperation.run(
      {
        regionId: input.RegionId,
        instanceIds: input.InstanceId,
        force: input.Force,
        terminateSubscription: input.TerminateSubscription,
        pendingAllowed: false,
      },
      ctx,
    );
    return {};
  },
});
