import { z } from 'zod';
import { ApiError, Errors } from '../../domain/errors';
import { attachRamRole, detachRamRole, validateRamRoleName } from '../../domain/ram-role';
import { listInstances } from '../../store/instances';
import { accountOf, defineAction, type ActionContext } from '../action';
import { commonFields, p } from '../params';
import { instanceId, loadCurrentMany, requireRegion, save } from './common';
import type { InstanceRecord } from '../../domain/instance';
import { lifecycle } from '../../platform/config';

/**
 * Instance RAM roles: AttachInstanceRamRole, DetachInstanceRamRole and
 * DescribeInstanceRamRole. Attach and detach take up to 100 instances and
 * answer one result per instance (TotalCount, FailCount), as the reference
 * shows (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-attachinstanceramrole,
 * https://www.alibabacloud.com/help/en/ecs/api-detachinstanceramrole); the
 * instances that can take the change are changed in one transaction.
 */
const instanceIds = () => p.jsonList(instanceId(), { max: 100 }).refine((ids) => ids.length >= 1, { message: 'empty' });

interface RoleResult {
  InstanceId: string;
  Code: string;
  Message: string;
  Success: boolean;
}

async function applyToEach(ctx: ActionContext, regionId: string, ids: string[], change: (inst: InstanceRecord) => InstanceRecord): Promise<RoleResult[]> {
  const unique = [...new Set(ids)];
  const loaded = await loadCurrentMany(ctx, regionId, unique);
  return unique.map((id) => {
    const item = loaded.get(id);
    try {
      if (!item) throw Errors.notFound('InvalidInstanceId.NotFound', 'The specified InstanceId does not exist.');
      save(ctx, item, change(item.current));
      return { InstanceId: id, Code: '200', Message: 'success', Success: true };
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      return { InstanceId: id, Code: e.code, Message: e.message, Success: false };
    }
  });
}

export const attachInstanceRamRole = defineAction({
  name: 'AttachInstanceRamRole',
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    RamRoleName: p.string({ min: 1 }),
    InstanceIds: instanceIds(),
    Policy: p.string({ min: 1, max: 1024 }).optional(),
  }),
  handler: async (input, ctx) => {
    const regionId = requireRegion(input.RegionId);
    const name = validateRamRoleName(input.RamRoleName);
    if (input.Policy !== undefined) {
      try {
        JSON.parse(input.Policy);
      } catch {
        throw Errors.invalidParameter('Policy', 'It must be a JSON policy document.');
      }
    }
    const results = await applyToEach(ctx, regionId, input.InstanceIds, (inst) => attachRamRole(inst, name));
    return {
      RamRoleName: name,
      TotalCount: results.length,
      FailCount: results.filter((r) => !r.Success).length,
      AttachInstanceRamRoleResults: { AttachInstanceRamRoleResult: results },
    };
  },
});

export const detachInstanceRamRole = defineAction({
  name: 'DetachInstanceRamRole',
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    RamRoleName: p.string({ min: 1 }).optional(),
    InstanceIds: instanceIds(),
  }),
  handler: async (input, ctx) => {
    const regionId = requireRegion(input.RegionId);
    const detached = new Map<string, string>();
    const results = await applyToEach(ctx, regionId, input.InstanceIds, (inst) => {
      const next = detachRamRole(inst, input.RamRoleName);
      detached.set(inst.instanceId, inst.ramRoleName!);
      return next;
    });
    return {
      RamRoleName: input.RamRoleName ?? '',
      TotalCount: results.length,
      FailCount: results.filter((r) => !r.Success).length,
      DetachInstanceRamRoleResults: {
        DetachInstanceRamRoleResult: results.map((r) => ({
          ...r,
          InstanceRamRoleSets: { InstanceRamRoleSet: r.Success ? [{ InstanceId: r.InstanceId, RamRoleName: detached.get(r.InstanceId) ?? '' }] : [] },
        })),
      },
    };
  },
});

/**
 * DescribeInstanceRamRole: by instance ids, or every instance of the region
 * that has the named role (one Query on the account's instances of the region).
 * At least one of the two is required; PageSize at most 50, default 10.
 */
export const describeInstanceRamRole = defineAction({
  name: 'DescribeInstanceRamRole',
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    InstanceIds: p.jsonList(instanceId(), { max: 100 }).optional(),
    RamRoleName: p.string({ min: 1 }).optional(),
    PageNumber: p.int({ min: 1 }).optional(),
    PageSize: p.int({ min: 1, max: 50 }).optional(),
  }),
  handler: async (input, ctx) => {
    const regionId = requireRegion(input.RegionId);
    if (!input.InstanceIds?.length && input.RamRoleName === undefined) throw Errors.missingParameter('InstanceIds');
    let instances: InstanceRecord[];
    if (input.InstanceIds?.length) {
      const loaded = await loadCurrentMany(ctx, regionId, input.InstanceIds);
      instances = input.InstanceIds.flatMap((id) => (loaded.has(id) ? [loaded.get(id)!.current] : []));
    } else {
      const found = await listInstances(ctx.store, accountOf(ctx), regionId, {
        now: ctx.now,
        settings: lifecycle,
        limit: 10_000,
        keep: (i) => i.ramRoleName === input.RamRoleName,
      });
      instances = found.items;
    }
    const matching = instances.filter((i) => (input.RamRoleName === undefined ? true : i.ramRoleName === input.RamRoleName));
    const size = input.PageSize ?? 10;
    const page = input.PageNumber ?? 1;
    const rows = matching.slice((page - 1) * size, page * size);
    return {
      RegionId: regionId,
      TotalCount: matching.length,
      InstanceRamRoleSets: { InstanceRamRoleSet: rows.map((i) => ({ InstanceId: i.instanceId, RamRoleName: i.ramRoleName ?? '' })) },
    };
  },
});
