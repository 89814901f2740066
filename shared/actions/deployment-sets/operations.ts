import { deploymentSetError, DeploymentSetErrors } from '../../domain/deployment-set-errors';
import { deploymentSetRefusal } from '../../domain/deployment-set-room';
import { isApiError } from '../../domain/errors';
import { InstanceErrors, type InstanceRecord } from '../../domain/instance';
import { validateTags, type TagInput } from '../../domain/tags';
import { lifecycle } from '../../platform/config';
import { newResourceId } from '../../platform/ids';
import { deploymentSetKey, listDeploymentSets, loadDeploymentSet, type DeploymentSetRecord } from '../../store/deployment-sets';
import { listInstances } from '../../store/instances';
import type { Stored } from '../../store/state-store';
import { recordOf } from '../../store/vpcs';
import { accountOf, type ActionContext } from '../action';
import { loadCurrent, requireRegion, save } from '../instances/common';
import { defineOperation } from '../operation';

/**
 * The deployment set operations (docs/operations.md), under the ECS deployment set actions
 * (deployment-sets.ts, their codecs) and the EC2 placement group adapters
 * (shared/protocol/ec2/actions/placement-groups.ts). Placement is bookkeeping: there are no
 * physical servers, but a set holds only as many instances as its strategy allows
 * (shared/domain/deployment-set-room.ts).
 *
 * Every instance that joins a set rewrites the set's item (its version moves), and DeleteDeploymentSet
 * removes the item at the version it read when it counted no members: a launch and a delete that
 * race both hold a condition on that one item, so one of them loses and is retried against the
 * other's result (docs/placement-groups.md).
 */

export type DeploymentStrategy = DeploymentSetRecord['strategy'];

/** The members of the sets `setIds`, as they are now (one Query of the account-region's instances). */
async function membersOf(ctx: ActionContext, regionId: string, setIds: ReadonlySet<string>): Promise<InstanceRecord[]> {
  const found = await listInstances(ctx.store, accountOf(ctx), regionId, {
    now: ctx.now,
    settings: lifecycle,
    limit: 100_000,
    keep: (i) => i.deploymentSetId !== undefined && setIds.has(i.deploymentSetId),
  });
  return found.items;
}

/** The set `id` of the region, or InvalidDeploymentSet.NotFound. */
async function requireSet(ctx: ActionContext, regionId: string, id: string): Promise<Stored<DeploymentSetRecord>> {
  const set = await loadDeploymentSet(ctx.store, accountOf(ctx), regionId, id);
  if (!set) throw DeploymentSetErrors.notFound();
  return set;
}

/** ECS: 2-128 characters, a letter first, then letters, digits, `.`, `:`, `_`, `-`; EC2 placement group names: 1-255 ASCII. */
function checkName(name: string, ec2Rules: boolean): void {
  const ok = ec2Rules ? /^[\x20-\x7e]{1,255}$/.test(name) : /^[A-Za-z\u4e00-\u9fa5][\w.:\u4e00-\u9fa5-]{1,127}$/.test(name);
  if (!ok) throw DeploymentSetErrors.name();
}

/**
 * `joining` instances enter the set in `zoneId` in this unit of work: refused when the strategy has
 * no room (deploymentSetRefusal), else the set's item is rewritten so that a concurrent delete or
 * join of the same set conflicts. `leaving` is an instance already counted that moves (not counted twice).
 */
export async function joinDeploymentSet(
  ctx: ActionContext,
  join: { set: Stored<DeploymentSetRecord>; zoneId: string; joining: number; ec2Rules: boolean; leaving?: string },
): Promise<void> {
  const members = await membersOf(ctx, join.set.regionId, new Set([join.set.deploymentSetId]));
  const refusal = deploymentSetRefusal({
    strategy: join.set.strategy,
    memberZones: members.filter((m) => m.instanceId !== join.leaving).map((m) => m.zoneId),
    zoneId: join.zoneId,
    joining: join.joining,
    ec2Rules: join.ec2Rules,
  });
  if (refusal) throw refusal;
  ctx.tx.replace(join.set, recordOf(join.set));
}

/** The set a launch names, with its group number checked (RunInstances / CreateInstance `DeploymentSetId`, `DeploymentSetGroupNo`). */
export async function launchDeploymentSet(ctx: ActionContext, regionId: string, setId: string, groupNo: number | undefined): Promise<Stored<DeploymentSetRecord>> {
  const set = await requireSet(ctx, regionId, setId);
  if (groupNo !== undefined && (set.strategy !== 'AvailabilityGroup' || groupNo > set.groupCount)) throw DeploymentSetErrors.groupNumber();
  return set;
}

export interface CreateDeploymentSetInput {
  regionId: string;
  name?: string;
  description?: string;
  strategy?: DeploymentStrategy;
  groupCount?: number;
  tags?: readonly TagInput[];
  /** EC2 placement group names (1-255 ASCII) instead of ECS's. */
  ec2Rules?: boolean;
}

export const createDeploymentSet = defineOperation<CreateDeploymentSetInput, DeploymentSetRecord>({
  name: 'CreateDeploymentSet',
  run: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.regionId);
    if (input.name !== undefined) checkName(input.name, input.ec2Rules ?? false);
    if (input.description !== undefined && (input.description.length < 2 || input.description.length > 256 || /^https?:\/\//.test(input.description))) {
      throw DeploymentSetErrors.description();
    }
    const strategy = input.strategy ?? 'Availability';
    if (input.groupCount !== undefined && strategy !== 'AvailabilityGroup') throw DeploymentSetErrors.groupCountStrategy();
    const tags = validateTags(input.tags);
    const id = newResourceId(input.ec2Rules ? 'pg' : 'ds', regionId);
    const record: DeploymentSetRecord = {
      deploymentSetId: id,
      accountId,
      regionId,
      name: input.name ?? '',
      description: input.description ?? '',
      strategy,
      groupCount: strategy === 'AvailabilityGroup' ? (input.groupCount ?? 3) : 0,
      createdAt: ctx.now.toISOString(),
      tags: tags.map((t) => ({ key: t.key, value: t.value })),
    };
    ctx.tx.create(deploymentSetKey(accountId, regionId, id), record);
    return record;
  },
});

export const deleteDeploymentSet = defineOperation<{ regionId: string; deploymentSetId: string }, void>({
  name: 'DeleteDeploymentSet',
  run: async (input, ctx) => {
    const regionId = requireRegion(input.regionId);
    const set = await requireSet(ctx, regionId, input.deploymentSetId);
    if ((await membersOf(ctx, regionId, new Set([set.deploymentSetId]))).length) throw DeploymentSetErrors.inUse();
    // At the version read: a launch into the set since then moved it, and this delete is retried.
    ctx.tx.remove(set);
  },
});

export interface DescribeDeploymentSetsInput {
  regionId: string;
  ids?: readonly string[];
  name?: string;
  strategy?: string;
}

/** The region's sets that match, in id order (a region holds few: one Query of its partition). */
export const describeDeploymentSets = defineOperation<DescribeDeploymentSetsInput, DeploymentSetRecord[]>({
  name: 'DescribeDeploymentSets',
  run: async (input, ctx) => {
    const regionId = requireRegion(input.regionId);
    const all = (await listDeploymentSets(ctx.store, accountOf(ctx), regionId)).map((s) => recordOf<DeploymentSetRecord>(s));
    return all
      .filter(
        (s) =>
          (!input.ids?.length || input.ids.includes(s.deploymentSetId)) &&
          (input.name === undefined || s.name === input.name) &&
          (input.strategy === undefined || s.strategy === input.strategy),
      )
      .sort((a, b) => (a.deploymentSetId < b.deploymentSetId ? -1 : 1));
  },
});

/** The instance ids of each of the sets `setIds` (every set named has an entry). */
export const deploymentSetMemberIds = defineOperation<{ regionId: string; setIds: readonly string[] }, Map<string, string[]>>({
  name: 'DescribeDeploymentSets',
  run: async (input, ctx) => {
    const regionId = requireRegion(input.regionId);
    const out = new Map<string, string[]>(input.setIds.map((id) => [id, []]));
    if (!input.setIds.length) return out;
    for (const m of await membersOf(ctx, regionId, new Set(input.setIds))) out.get(m.deploymentSetId!)?.push(m.instanceId);
    return out;
  },
});

export interface ModifyInstanceDeploymentInput {
  regionId: string;
  instanceId: string;
  /** The set to move into; undefined with `remove`. */
  deploymentSetId?: string;
  groupNo?: number;
  remove?: boolean;
  /** ECS: a Running instance moves with Force (the real service migrates it). */
  force?: boolean;
  /** EC2's spread limit (docs/placement-groups.md). */
  ec2Rules?: boolean;
}

/**
 * ModifyInstanceDeployment (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-modifyinstancedeployment):
 * moves an instance into a set (or out: `remove`). A Stopped instance always moves, a Running one
 * only with `force`. Moving in is a join: the set must have room (joinDeploymentSet).
 */
export const modifyInstanceDeployment = defineOperation<ModifyInstanceDeploymentInput, void>({
  name: 'ModifyInstanceDeployment',
  run: async (input, ctx) => {
    const regionId = requireRegion(input.regionId);
    const loaded = await loadCurrent(ctx, regionId, input.instanceId).catch((e: unknown) => {
      throw isApiError(e) ? deploymentSetError('instanceNotFound', e) : e;
    });
    const inst = loaded.current;
    if (inst.status !== 'Stopped' && !(inst.status === 'Running' && input.force)) {
      throw deploymentSetError('instanceStatus', InstanceErrors.incorrectStatus());
    }
    if (input.remove) {
      save(ctx, loaded, { ...inst, deploymentSetId: undefined });
      return;
    }
    if (!input.deploymentSetId) throw DeploymentSetErrors.notFound();
    const set = await launchDeploymentSet(ctx, regionId, input.deploymentSetId, input.groupNo);
    await joinDeploymentSet(ctx, { set, zoneId: inst.zoneId, joining: 1, ec2Rules: input.ec2Rules ?? false, leaving: inst.instanceId });
    save(ctx, loaded, { ...inst, deploymentSetId: set.deploymentSetId });
  },
});
