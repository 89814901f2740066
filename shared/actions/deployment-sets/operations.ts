import { deploymentSetError, DeploymentSetErrors } from '../../domain/deployment-set-errors';
import { isApiError } from '../../domain/errors';
import { InstanceErrors } from '../../domain/instance';
import { validateTags, type TagInput } from '../../domain/tags';
import { newResourceId } from '../../platform/ids';
import { deploymentSetKey, listDeploymentSets, type DeploymentSetRecord } from '../../store/deployment-sets';
import { recordOf } from '../../store/vpcs';
import { accountOf } from '../action';
import { loadCurrent, requireRegion, save } from '../instances/common';
import { defineOperation } from '../operation';
import { joinDeploymentSet, launchDeploymentSet, membersOf, requireSet } from './membership';

export { joinDeploymentSet, launchDeploymentSet } from './membership';

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

/** ECS: 2-128 characters, a letter first, then letters, digits, `.`, `:`, `_`, `-`; EC2 placement group names: 1-255 ASCII. */
function checkName(name: string, ec2Rules: boolean): void {
  const ok = ec2Rules ? /^[\x20-\x7e]{1,255}$/.test(name) : /^[A-Za-z\u4e00-\u9fa5][\w.:\u4e00-\u9fa5-]{1,127}$/.test(name);
  if (!ok) throw DeploymentSetErrors.name();
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
