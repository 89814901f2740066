import { currentDialect } from '../../platform/dialect';
import { z } from 'zod';
import { checkManualRelease } from '../../domain/instance';
import { releaseInstances } from '../../store/release-service';
import { defineAction } from '../action';
import { commonFields, p } from '../params';
import { batchFields, instanceId, loadCurrent, runBatch, type LoadedInstance } from './common';

/**
 * Release now (the ECS guide on releasing instances (https://www.alibabacloud.com/help/en/ecs/user-guide/release-an-instance)): DeleteInstance and DeleteInstances. Release
 * protection refuses (403 InvalidOperation.DeletionProtection) and, for a
 * batch, nothing of the batch is released. What goes with the instance and
 * what stays is decided by the release service (shared/store/release-service.ts).
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
    const loaded = await loadCurrent(ctx, input.RegionId, input.InstanceId);
    checkManualRelease(loaded.current, { force: input.Force, terminateSubscription: input.TerminateSubscription, pendingAllowed: currentDialect() === 'ec2' });
    await releaseInstances(ctx.store, ctx.tx, [{ stored: loaded.stored, current: loaded.current, reason: 'Manual', at: ctx.now }]);
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
      checkManualRelease(loaded.current, { force: input.Force, terminateSubscription: input.TerminateSubscription, pendingAllowed: currentDialect() === 'ec2' });
      chosen.push(loaded);
      return 'released';
    });
    await releaseInstances(
      ctx.store,
      ctx.tx,
      chosen.map((l) => ({ stored: l.stored, current: l.current, reason: 'Manual' as const, at: ctx.now })),
    );
    return {};
  },
});
