import { z } from 'zod';
import { Errors } from '../../domain/errors';
import { defineAction, type ActionDefinition } from '../action';
import { commonFields, p } from '../params';
import { tagEntries, toTagInputs } from '../tags/input';
import {
  createDeploymentSet as createOperation,
  deleteDeploymentSet as deleteOperation,
  deploymentSetMemberIds,
  describeDeploymentSets as describeOperation,
  modifyInstanceDeployment as modifyOperation,
} from './operations';

/**
 * ECS deployment sets (https://www.alibabacloud.com/help/en/ecs/user-guide/deployment-set-overview;
 * CreateDeploymentSet, DeleteDeploymentSet, DescribeDeploymentSets, ModifyInstanceDeployment), the
 * concept EC2 calls placement groups (shared/protocol/ec2/actions/placement-groups.ts). Each action is
 * a codec over its operation (operations.ts): the wire schema, the typed input, the ECS rendering.
 * A set with instances is not deleted (InvalidDeploymentSet.InUse); a set holds as many instances as
 * its strategy allows (shared/domain/deployment-set-room.ts).
 */

export { DeploymentSetErrors } from '../../domain/deployment-set-errors';

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
    const set = await createOperation.run(
      {
        regionId: input.RegionId,
        name: input.DeploymentSetName,
        description: input.Description,
        strategy: input.Strategy,
        groupCount: input.GroupCount,
        tags: toTagInputs(input.Tag),
      },
      ctx,
    );
    return { DeploymentSetId: set.deploymentSetId };
  },
});

export const deleteDeploymentSet = defineAction({
  name: 'DeleteDeploymentSet',
  input: z.object({ ...commonFields, RegionId: p.regionId(), DeploymentSetId: p.string({ min: 1 }) }),
  handler: async (input, ctx) => {
    await deleteOperation.run({ regionId: input.RegionId, deploymentSetId: input.DeploymentSetId }, ctx);
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
    const chosen = await describeOperation.run(
      { regionId: input.RegionId, ids: input.DeploymentSetIds, name: input.DeploymentSetName, strategy: input.Strategy },
      ctx,
    );
    const size = input.PageSize ?? 10;
    const number = input.PageNumber ?? 1;
    const page = chosen.slice((number - 1) * size, number * size);
    const members = await deploymentSetMemberIds.run({ regionId: input.RegionId, setIds: page.map((s) => s.deploymentSetId) }, ctx);
    return {
      RegionId: input.RegionId,
      TotalCount: chosen.length,
      PageNumber: number,
      PageSize: size,
      DeploymentSets: {
        DeploymentSet: page.map((s) => {
          const ids = members.get(s.deploymentSetId) ?? [];
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
    if (!input.DeploymentSetId && !input.RemoveFromDeploymentSet) throw Errors.missingParameter('DeploymentSetId');
    await modifyOperation.run(
      {
        regionId: input.RegionId,
        instanceId: input.InstanceId,
        deploymentSetId: input.DeploymentSetId,
        groupNo: input.DeploymentSetGroupNo,
        remove: input.RemoveFromDeploymentSet,
        force: input.Force,
      },
      ctx,
    );
    return {};
  },
});

export const DEPLOYMENT_SET_ACTIONS: ActionDefinition[] = [createDeploymentSet, deleteDeploymentSet, describeDeploymentSets, modifyInstanceDeployment];
