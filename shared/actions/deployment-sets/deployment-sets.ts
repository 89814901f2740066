import { z } from 'zod';
import { Errors } from '../../domain/errors';
import { InstanceErrors, type InstanceRecord } from '../../domain/instance';
import { validateTags } from '../../domain/tags';
import { lifecycle } from '../../platform/config';
import { currentDialect } from '../../platform/dialect';
import { newResourceId } from '../../platform/ids';
import { deploymentSetKey, listDeploymentSets, loadDeploymentSet, type DeploymentSetRecord } from '../../store/deployment-sets';
import { listInstances } from '../../store/instances';
import { recordOf } from '../../store/vpcs';
import { accountOf, defineAction, type ActionContext, type ActionDefinition } from '../action';
import { loadCurrent, requireRegion, save } from '../instances/common';
import { commonFields, p } from '../params';
import { tagEntries, toTagInputs } from '../tags/input';

/**
 * ECS deployment sets (https://www.alibabacloud.com/help/en/ecs/user-guide/deployment-set-overview;
 * CreateDeploymentSet, DeleteDeploymentSet, DescribeDeploymentSets, ModifyInstanceDeployment), the
 * concept EC2 calls placement groups (shared/protocol/ec2/actions/placement-groups.ts). Placement is
 * bookkeeping here: there are no physical servers, so a set never refuses an instance for capacity.
 * A set with instances is not deleted (InvalidDeploymentSet.InUse).
 */

export const DeploymentSetErrors = {
  notFound: () => Errors.notFound('InvalidDeploymentSet.NotFound', 'The specified DeploymentSet does not exist.'),
  inUse: () => Errors.invalid('InvalidDeploymentSet.InUse', 'The specified DeploymentSet is in use.', 403),
  name: () => Errors.invalid('InvalidDeploymentSetName.Malformed', 'The specified DeploymentSetName is not valid.'),
  description: () => Errors.invalid('InvalidDescription.Malformed', 'The specified Description is not valid.'),
};

/** ECS: 2-128 characters, a letter first, then letters, digits, `.`, `:`, `_`, `-`; through EC2: 1-255 ASCII (placement group names). */
function checkName(name: string): void {
  const ok = currentDialect() === 'ec2' ? /^[\x20-\x7e]{1,255}$/.test(name) : /^[A-Za-z\u4e00-\u9fa5][\w.:\u4e00-\u9fa5-]{1,127}$/.test(name);
  if (!ok) throw DeploymentSetErrors.name();
}

/** The instances of a set, as they are now (one Query of the account-region's instances). */
async function membersOf(ctx: ActionContext, regionId: string, setIds: Set<string>): Promise<InstanceRecord[]> {
  const found = await listInstances(ctx.store, accountOf(ctx), regionId, {
    now: ctx.now,
    settings: lifecycle,
    limit: 100_000,
    keep: (i) => i.deploymentSetId !== undefined && setIds.has(i.deploymentSetId),
  });
  return found.items;
}

export const createDeploymentSet = defineAction({
  name: 'CreateDeploymentSet',
  idempotent: true,
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    DeploymentSetName: p.string().optional(),
    Description: p.string().optional(),
    Strategy: p.enum(['Availability', 'AvailabilityGroup', 'LowLatency']).optional(),
    GroupCount: p.int({ min: 1, max: 7 }).optional(),
    OnUnableToRedeployFailedInstance: p.enum(['CancelMembershipAndStart', 'KeepStopped']).optional(),
    /** Deprecated by the reference (Strategy replaces them); accepted. */
    Domain: p.string().optional(),
    Granularity: p.string().optional(),
    Tag: tagEntries(),
    ClientToken: p.clientToken().optional(),
  }),
  handler: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.RegionId);
    if (input.DeploymentSetName !== undefined) checkName(input.DeploymentSetName);
    if (input.Description !== undefined && (input.Description.length < 2 || input.Description.length > 256 || /^https?:\/\//.test(input.Description))) {
      throw DeploymentSetErrors.description();
    }
    const strategy = input.Strategy ?? 'Availability';
    if (input.GroupCount !== undefined && strategy !== 'AvailabilityGroup') throw Errors.invalidParameter('GroupCount', 'GroupCount applies to the AvailabilityGroup strategy only.');
    const tags = validateTags(toTagInputs(input.Tag));
    const id = newResourceId(currentDialect() === 'ec2' ? 'pg' : 'ds', regionId);
    const record: DeploymentSetRecord = {
      deploymentSetId: id,
      accountId,
      regionId,
      name: input.DeploymentSetName ?? '',
      description: input.Description ?? '',
      strategy,
      groupCount: strategy === 'AvailabilityGroup' ? (input.GroupCount ?? 3) : 0,
      createdAt: ctx.now.toISOString(),
      tags: tags.map((t) => ({ key: t.key, value: t.value })),
    };
    ctx.tx.create(deploymentSetKey(accountId, regionId, id), record);
    return { DeploymentSetId: id };
  },
});

export const deleteDeploymentSet = defineAction({
  name: 'DeleteDeploymentSet',
  input: z.object({ ...commonFields, RegionId: p.regionId(), DeploymentSetId: p.string({ min: 1 }) }),
  handler: async (input, ctx) => {
    const regionId = requireRegion(input.RegionId);
    const set = await loadDeploymentSet(ctx.store, accountOf(ctx), regionId, input.DeploymentSetId);
    if (!set) throw DeploymentSetErrors.notFound();
    if ((await membersOf(ctx, regionId, new Set([set.deploymentSetId]))).length) throw DeploymentSetErrors.inUse();
    ctx.tx.remove(set);
    return {};
  },
});

export const describeDeploymentSets = defineAction({
  name: 'DescribeDeploymentSets',
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    DeploymentSetIds: p.jsonList(p.string({ min: 1 }), { max: 100 }).optional(),
    DeploymentSetName: p.string().optional(),
    Strategy: p.string().optional(),
    NetworkType: p.string().optional(),
    Domain: p.string().optional(),
    Granularity: p.string().optional(),
    PageNumber: p.int({ min: 1 }).optional(),
    PageSize: p.int({ min: 1, max: 50 }).optional(),
  }),
  handler: async (input, ctx) => {
    const regionId = requireRegion(input.RegionId);
    const all = (await listDeploymentSets(ctx.store, accountOf(ctx), regionId)).map((s) => recordOf<DeploymentSetRecord>(s));
    const chosen = all
      .filter(
        (s) =>
          (!input.DeploymentSetIds?.length || input.DeploymentSetIds.includes(s.deploymentSetId)) &&
          (input.DeploymentSetName === undefined || s.name === input.DeploymentSetName) &&
          (input.Strategy === undefined || s.strategy === input.Strategy),
      )
      .sort((a, b) => (a.deploymentSetId < b.deploymentSetId ? -1 : 1));
    const size = input.PageSize ?? 10;
    const number = input.PageNumber ?? 1;
    const page = chosen.slice((number - 1) * size, number * size);
    const members = await membersOf(ctx, regionId, new Set(page.map((s) => s.deploymentSetId)));
    return {
      RegionId: regionId,
      TotalCount: chosen.length,
      PageNumber: number,
      PageSize: size,
      DeploymentSets: {
        DeploymentSet: page.map((s) => {
          const ids = members.filter((i) => i.deploymentSetId === s.deploymentSetId).map((i) => i.instanceId);
          return {
            DeploymentSetId: s.deploymentSetId,
            DeploymentSetName: s.name,
            DeploymentSetDescription: s.description,
            DeploymentStrategy: s.strategy,
            Strategy: s.strategy,
            GroupCount: s.groupCount,
            CreationTime: s.createdAt.replace(/\.\d{3}Z$/, 'Z'),
            InstanceAmount: ids.length,
            InstanceIds: { InstanceId: ids },
            Tags: { Tag: s.tags.map((t) => ({ TagKey: t.key, TagValue: t.value })) },
          };
        }),
      },
    };
  },
});

/**
 * ModifyInstanceDeployment (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-modifyinstancedeployment):
 * moves an instance into a deployment set (or out: RemoveFromDeploymentSet). A Running instance
 * moves only with Force (the real service migrates it); a Stopped one always.
 */
export const modifyInstanceDeployment = defineAction({
  name: 'ModifyInstanceDeployment',
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    InstanceId: p.string({ min: 1 }),
    DeploymentSetId: p.string().optional(),
    DeploymentSetGroupNo: p.int({ min: 1, max: 7 }).optional(),
    RemoveFromDeploymentSet: p.bool().optional(),
    Force: p.bool().optional(),
  }),
  handler: async (input, ctx) => {
    const regionId = requireRegion(input.RegionId);
    if (!input.DeploymentSetId && !input.RemoveFromDeploymentSet) throw Errors.missingParameter('DeploymentSetId');
    const loaded = await loadCurrent(ctx, regionId, input.InstanceId);
    const inst = loaded.current;
    if (inst.status !== 'Stopped' && !(inst.status === 'Running' && input.Force)) throw InstanceErrors.incorrectStatus();
    let next: InstanceRecord;
    if (input.RemoveFromDeploymentSet) {
      next = { ...inst, deploymentSetId: undefined };
    } else {
      const set = await loadDeploymentSet(ctx.store, accountOf(ctx), regionId, input.DeploymentSetId!);
      if (!set) throw DeploymentSetErrors.notFound();
      if (input.DeploymentSetGroupNo !== undefined && input.DeploymentSetGroupNo > set.groupCount) throw Errors.invalidParameter('DeploymentSetGroupNo');
      next = { ...inst, deploymentSetId: set.deploymentSetId };
    }
    save(ctx, loaded, next);
    return {};
  },
});

export const DEPLOYMENT_SET_ACTIONS: ActionDefinition[] = [createDeploymentSet, deleteDeploymentSet, describeDeploymentSets, modifyInstanceDeployment];
