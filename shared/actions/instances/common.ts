import { z } from 'zod';
import { ALL_REGIONS, isKnownRegion } from '../../domain/catalogue/regions';
import { Errors } from '../../domain/errors';
import { InstanceErrors, settle, type InstanceRecord } from '../../domain/instance';
import { lifecycle } from '../../platform/config';
import { timedSync } from '../../platform/request-timing';
import { INSTANCE, loadInstance, loadInstances, saveInstance, instanceRecordOf } from '../../store/instances';
import { Keys } from '../../store/keys';
import type { Stored } from '../../store/state-store';
import { accountOf, type ActionContext } from '../action';
import { p } from '../params';

/** Helpers every instance action uses: load as of now, apply a domain operation, batch semantics. */

export const instanceId = () => p.string({ min: 1, max: 64 });

export function requireRegion(regionId: string): string {
  if (!isKnownRegion(regionId)) throw Errors.invalidRegion();
  return regionId;
}

export interface LoadedInstance {
  stored: Stored<InstanceRecord>;
  /** The instance as it is at ctx.now (transitions and subscription phases applied). */
  current: InstanceRecord;
}

/**
 * An instance of the caller's account as it is now; one whose release is due
 * is already gone. Actions whose request has no RegionId (DeleteInstance,
 * StartInstance, ...) look in every region at once: one BatchGetItem.
 */
export async function loadCurrent(ctx: ActionContext, regionId: string | undefined, id: string): Promise<LoadedInstance> {
  const accountId = accountOf(ctx);
  let stored: Stored<InstanceRecord> | undefined;
  if (regionId !== undefined) {
    stored = await loadInstance(ctx.store, accountId, requireRegion(regionId), id);
  } else {
    const found = await ctx.store.getMany<InstanceRecord>(ALL_REGIONS.map((r) => Keys.resource(accountId, r.regionId, INSTANCE, id)));
    stored = found[0];
  }
  const loaded = stored && settleLoaded(stored, ctx.now);
  if (!loaded) throw InstanceErrors.notFound();
  return loaded;
}

export async function loadCurrentMany(ctx: ActionContext, regionId: string, ids: readonly string[]): Promise<Map<string, LoadedInstance>> {
  const stored = await loadInstances(ctx.store, accountOf(ctx), requireRegion(regionId), ids);
  const out = new Map<string, LoadedInstance>();
  for (const s of stored) {
    const loaded = settleLoaded(s, ctx.now);
    if (loaded) out.set(s.instanceId, loaded);
  }
  return out;
}

function settleLoaded(stored: Stored<InstanceRecord>, now: Date): LoadedInstance | undefined {
  const result = timedSync('settle', () => settle(instanceRecordOf(stored), now, lifecycle));
  return result.releaseDue ? undefined : { stored, current: result.instance };
}

/** Persist the result of a domain operation on a loaded instance (in the action's transaction). */
export function save(ctx: ActionContext, loaded: LoadedInstance, next: InstanceRecord): void {
  saveInstance(ctx.tx, loaded.stored, next, lifecycle);
}

// ---------------------------------------------------------------- batches

export const batchFields = {
  InstanceId: p.list(instanceId(), { max: 100 }).refine((ids) => ids.length >= 1, { message: 'empty' }),
  BatchOptimization: p.enum(['AllTogether', 'SuccessFirst']).optional(),
};

export const tagsInput = () => p.list(z.object({ Key: p.string().optional(), Value: p.string().optional() }), { max: 20 }).optional();
