import { ApiError } from '../../domain/errors';
import { checkManualRelease, InstanceErrors, reboot, start, stop, type InstanceRecord, type InstanceStatus } from '../../domain/instance';
import { aboutInstance, isInstanceError } from '../../domain/instance-errors';
import { applyPendingVncPassword } from '../../domain/vnc';
import { lifecycle } from '../../platform/config';
import { releaseInstances } from '../../store/release-service';
import { countStarted, countStopped, vcpuTaker } from '../../store/vcpu-usage';
import { accountOf, type ActionContext } from '../action';
import { defineOperation } from '../operation';
import { loadCurrent, loadCurrentMany, requireRegion, save, type LoadedInstance } from './common';

/**
 * The power operations (docs/operations.md): start, stop, reboot and release, of one instance or
 * a batch. The ECS actions StartInstance(s), StopInstance(s), RebootInstance(s) and
 * DeleteInstance(s) are their codecs (./power.ts, ./delete.ts); EC2 Start/Stop/RebootInstances
 * and TerminateInstances run them through `call.perform`
 * (shared/protocol/ec2/actions/instance-power.ts). Typed errors: shared/domain/instance-errors.ts;
 * a batch's error names its instance. Where the two clouds differ (EC2's vCPU limit on a start,
 * EC2 terminating a pending instance) the input says which rule applies.
 */

export interface InstanceBatch {
  /** Absent for the single-instance ECS actions, whose request has no RegionId: the instance is looked for in every region. */
  regionId?: string;
  instanceIds: readonly string[];
  /**
   * ECS BatchOptimization=SuccessFirst: each instance is changed if it can be and gets its own
   * result. Otherwise (AllTogether, the default) the batch succeeds as a whole or fails with the
   * first instance's error and changes nothing
   * (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-startinstances).
   */
  successFirst?: boolean;
}

/** What a batch did to one instance. */
export interface InstanceChange {
  instanceId: string;
  /** '' when the instance was not found (SuccessFirst). */
  previousStatus: InstanceStatus | '';
  currentStatus: InstanceStatus | 'Deleted' | '';
  /** SuccessFirst only: why this instance was left as it was. */
  error?: ApiError;
}

/** The instances of a batch, as they are now, by id (a missing one is absent), and their region. */
async function loadBatch(ctx: ActionContext, batch: InstanceBatch): Promise<{ regionId: string; loaded: Map<string, LoadedInstance> }> {
  if (batch.regionId !== undefined) {
    const regionId = requireRegion(batch.regionId);
    return { regionId, loaded: await loadCurrentMany(ctx, regionId, [...new Set(batch.instanceIds)]) };
  }
  const loaded = new Map<string, LoadedInstance>();
  for (const id of new Set(batch.instanceIds)) {
    const one = await loadCurrent(ctx, undefined, id);
    loaded.set(id, one);
  }
  const first = loaded.values().next().value;
  return { regionId: first?.current.regionId ?? '', loaded };
}

/** Applies `apply` to each instance of the batch, in the order asked, with the batch's all-or-nothing rule. */
function eachInstance(
  batch: InstanceBatch,
  loaded: Map<string, LoadedInstance>,
  apply: (instance: LoadedInstance) => InstanceRecord | 'released',
): InstanceChange[] {
  const changes: InstanceChange[] = [];
  for (const id of new Set(batch.instanceIds)) {
    const item = loaded.get(id);
    try {
      if (!item) throw InstanceErrors.notFound();
      const previous = item.current.status;
      const next = apply(item);
      changes.push({ instanceId: id, previousStatus: previous, currentStatus: next === 'released' ? 'Deleted' : next.status });
    } catch (e) {
      const named = isInstanceError(e) ? aboutInstance(e, id) : e;
      if (!(named instanceof ApiError) || !batch.successFirst) throw named;
      const status = item?.current.status ?? '';
      changes.push({ instanceId: id, previousStatus: status, currentStatus: status, error: named });
    }
  }
  return changes;
}

/** StartInstance(s): Stopped → Starting → Running. */
export const startInstances = defineOperation<InstanceBatch & { enforceVcpuLimit: boolean }, InstanceChange[]>({
  name: 'StartInstances',
  run: async (input, ctx) => {
    const { regionId, loaded } = await loadBatch(ctx, input);
    // EC2's On-Demand vCPU limit holds for an EC2 start (shared/store/vcpu-usage.ts); ECS counts only.
    const take = await vcpuTaker(ctx.store, ctx.tx, accountOf(ctx), regionId, input.enforceVcpuLimit);
    return eachInstance(input, loaded, (instance) => {
      const next = countStarted(start(instance.current, ctx.now, lifecycle), take);
      save(ctx, instance, next);
      return next;
    });
  },
});

/** StopInstance(s): Running → Stopping → Stopped; stop protection refuses (in both dialects). */
export const stopInstances = defineOperation<InstanceBatch & { stoppedMode?: 'StopCharging' | 'KeepCharging' }, InstanceChange[]>({
  name: 'StopInstances',
  run: async (input, ctx) => {
    const { loaded } = await loadBatch(ctx, input);
    return eachInstance(input, loaded, (instance) => {
      const next = countStopped(ctx.tx, stop(instance.current, ctx.now, lifecycle, { stoppedMode: input.stoppedMode }));
      save(ctx, instance, next);
      return next;
    });
  },
});

/** RebootInstance(s): Running → Stopping → Starting → Running; a VNC password set meanwhile applies. */
export const rebootInstances = defineOperation<InstanceBatch, InstanceChange[]>({
  name: 'RebootInstances',
  run: async (input, ctx) => {
    const { loaded } = await loadBatch(ctx, input);
    return eachInstance(input, loaded, (instance) => {
      const next = applyPendingVncPassword(reboot(instance.current, ctx.now, lifecycle));
      save(ctx, instance, next);
      return next;
    });
  },
});

export interface InstanceRelease extends InstanceBatch {
  /** Release a running instance (ECS Force; EC2 always terminates running instances). */
  force?: boolean;
  /** Release an expired subscription instance. */
  terminateSubscription?: boolean;
  /**
   * EC2's rule: a pending instance may be terminated
   * (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/terminating-instances.html); ECS refuses
   * one still initialising (IncorrectInstanceStatus.Initializing).
   */
  pendingAllowed: boolean;
}

/**
 * DeleteInstance(s): every instance is checked before any is released, always all or nothing
 * (the documented default). What goes with the instance and what stays is the release
 * service's (shared/store/release-service.ts).
 */
export const deleteInstances = defineOperation<InstanceRelease, InstanceChange[]>({
  name: 'DeleteInstances',
  run: async (input, ctx) => {
    const { loaded } = await loadBatch(ctx, input);
    const chosen: LoadedInstance[] = [];
    const changes = eachInstance({ ...input, successFirst: false }, loaded, (instance) => {
      checkManualRelease(instance.current, { force: input.force, terminateSubscription: input.terminateSubscription, pendingAllowed: input.pendingAllowed });
      chosen.push(instance);
      return 'released';
    });
    await releaseInstances(
      ctx.store,
      ctx.tx,
      chosen.map((l) => ({ stored: l.stored, current: l.current, reason: 'Manual' as const, at: ctx.now })),
    );
    return changes;
  },
});
