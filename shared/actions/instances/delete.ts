import { z } from 'zod';
import { checkManualRelease } from '../../domain/instance';
import { loadInstanceReleaseCascade } from '../../store/disks';
import { loadInstanceDisks, releaseInstance } from '../../store/instances';
import { defineAction, type ActionContext } from '../action';
import { releaseInstancesNetwork } from '../../store/network-release';
import { commonFields, p } from '../params';
import { batchFields, instanceId, loadCurrent, runBatch, type LoadedInstance } from './common';

/**
 * Release now (the ECS guide on releasing instances (https://www.alibabacloud.com/help/en/ecs/user-guide/release-an-instance)): DeleteInstance and DeleteInstances. Release
 * protection refuses (403 InvalidOperation.DeletionProtection) and, for a
 * batch, nothing of the batch is released. What goes with the instance and
 * what stays is decided in shared/store/instances.ts `releaseInstance`.
 */
const releaseFields = {
  Force: p.bool().optional(),
  ForceStop: p.bool().optional(),
  TerminateSubscription: p.bool().optional(),
};

async function release(ctx: ActionContext, loaded: LoadedInstance): Promise<void> {
  const disks = await loadInstanceDisks(ctx.store, loaded.current);
  const cascade = await loadInstanceReleaseCascade(ctx.store, loaded.current.instanceId, disks);
  ctx.tx.group();
  releaseInstance(ctx.tx, loaded.stored, disks, 'Manual', ctx.now, cascade);
}

export const deleteInstance = defineAction({
  name: 'DeleteInstance',
  input: z.object({ ...commonFields, ...releaseFields, InstanceId: instanceId(), RegionId: p.regionId().optional() }),
  handler: async (input, ctx) => {
    const loaded = await loadCurrent(ctx, input.RegionId, input.InstanceId);
    checkManualRelease(loaded.current, { force: input.Force, terminateSubscription: input.TerminateSubscription });
    await releaseInstancesNetwork(ctx.tx, ctx.store, [loaded.current]);
    await release(ctx, loaded);
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
    // All or nothing (the documented default): every instance is checked before any is released.
    const chosen: LoadedInstance[] = [];
    await runBatch(ctx, input.RegionId, input.InstanceId, 'AllTogether', (loaded) => {
      checkManualRelease(loaded.current, { force: input.Force, terminateSubscription: input.TerminateSubscription });
      chosen.push(loaded);
      return 'released';
    });
    await releaseInstancesNetwork(ctx.tx, ctx.store, chosen.map((l) => l.current));
    for (const loaded of chosen) await release(ctx, loaded);
    return {};
  },
});
