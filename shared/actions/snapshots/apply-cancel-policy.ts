import { z } from 'zod';
import { PolicyErrors } from '../../domain/auto-snapshot-policy';
import { isKnownRegion } from '../../domain/catalogue/regions';
import { Errors } from '../../domain/errors';
import { loadPolicy } from '../../store/auto-snapshot-policies';
import { loadDisks, saveDisk } from '../../store/disks';
import { stripKeys } from '../../store/instances';
import type { Stored } from '../../store/state-store';
import type { DiskRecord } from '../../domain/disk';
import { accountOf, defineAction, type ActionContext } from '../action';
import { commonFields, p } from '../params';

/**
 * ApplyAutoSnapshotPolicy and CancelAutoSnapshotPolicy (docs/rules/ecs-user-guide.md#auto-snapshot-policy,
 * https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-overview): `diskIds` is a JSON array string. A disk has at most one
 * policy (the guide's console: applying another replaces it); automatic
 * snapshots follow from the next slot after the policy was applied.
 */
const MAX_DISKS_PER_CALL = 1000;

function parseDiskIds(raw: unknown): string[] {
  let list: unknown = raw;
  if (typeof raw === 'string') {
    try {
      list = JSON.parse(raw);
    } catch {
      throw PolicyErrors.diskIds();
    }
  }
  if (!Array.isArray(list) || list.length === 0 || list.length > MAX_DISKS_PER_CALL || list.some((id) => typeof id !== 'string' || id === '')) {
    throw PolicyErrors.diskIds();
  }
  return [...new Set(list as string[])];
}

async function loadAll(ctx: ActionContext, regionId: string, ids: string[], notFound: () => Error): Promise<Stored<DiskRecord>[]> {
  const disks: Stored<DiskRecord>[] = [];
  for (let i = 0; i < ids.length; i += 100) disks.push(...(await loadDisks(ctx.store, accountOf(ctx), regionId, ids.slice(i, i + 100))));
  if (disks.length !== ids.length) throw notFound();
  return disks;
}

const region = (regionId: string) => {
  if (!isKnownRegion(regionId)) throw Errors.forbidden('ParameterInvalid', 'The specified RegionId parameter is invalid.');
  return regionId;
};
const diskIdsParam = () => z.union([z.string(), z.array(z.string())]);

export const applyAutoSnapshotPolicy = defineAction({
  name: 'ApplyAutoSnapshotPolicy',
  input: z.object({ ...commonFields, regionId: p.regionId(), autoSnapshotPolicyId: p.string({ min: 1, max: 64 }), diskIds: diskIdsParam() }),
  handler: async (input, ctx) => {
    const regionId = region(input.regionId);
    const policy = await loadPolicy(ctx.store, accountOf(ctx), regionId, input.autoSnapshotPolicyId);
    if (!policy) throw PolicyErrors.notFound();
    const ids = parseDiskIds(input.diskIds);
    const disks = await loadAll(ctx, regionId, ids, () => Errors.notFound('InvalidDiskId.NotFound', 'The specified disk does not exist in the region.'));
    // The policy must still exist when the disks point at it.
    ctx.tx.requireUnchanged(policy);
    for (const disk of disks) {
      ctx.tx.group();
      const current = stripKeys(disk);
      const same = current.autoSnapshotPolicyId === policy.autoSnapshotPolicyId;
      saveDisk(ctx.tx, disk, {
        ...current,
        autoSnapshotPolicyId: policy.autoSnapshotPolicyId,
        autoSnapshotPolicyAppliedAt: same ? current.autoSnapshotPolicyAppliedAt : ctx.now.toISOString(),
        enableAutoSnapshot: true,
      });
    }
    return {};
  },
});

export const cancelAutoSnapshotPolicy = defineAction({
  name: 'CancelAutoSnapshotPolicy',
  input: z.object({ ...commonFields, regionId: p.regionId(), autoSnapshotPolicyId: p.string().optional(), diskIds: diskIdsParam() }),
  handler: async (input, ctx) => {
    const regionId = region(input.regionId);
    const ids = parseDiskIds(input.diskIds);
    const disks = await loadAll(ctx, regionId, ids, () => Errors.notFound('InvalidDiskId.NotFound', 'The specified DiskIds are not found.'));
    for (const disk of disks) {
      if (!disk.autoSnapshotPolicyId) continue;
      if (input.autoSnapshotPolicyId !== undefined && disk.autoSnapshotPolicyId !== input.autoSnapshotPolicyId) continue;
      ctx.tx.group();
      saveDisk(ctx.tx, disk, { ...stripKeys(disk), autoSnapshotPolicyId: undefined, autoSnapshotPolicyAppliedAt: undefined, enableAutoSnapshot: false });
    }
    return {};
  },
});
