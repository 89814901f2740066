import {
  createDeploymentSet,
  deleteDeploymentSet,
  describeDeploymentSets,
  modifyInstanceDeployment,
  type DeploymentStrategy,
} from '../../../actions/deployment-sets/operations';
import { isDeploymentSetError } from '../../../domain/deployment-set-errors';
import { ApiError } from '../../../domain/errors';
import type { DeploymentSetRecord } from '../../../store/deployment-sets';
import { defineEc2Action, Ec2Errors, type Ec2Call } from '../adapter';
import { applyFilters, type Filter, type Tag } from '../views';
import { checkInstanceIds, InstanceErrors } from './instance-common';

/**
 * EC2 placement groups over the deployment set operations (shared/actions/deployment-sets/operations.ts),
 * the same concept: `spread` is the high-availability strategy (Availability), `partition` the
 * high-availability group strategy (AvailabilityGroup, partitions = groups, 1-7), `cluster` the
 * low-latency one (LowLatency) (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/placement-groups.html,
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreatePlacementGroup.html).
 * EC2 names a group by a name unique in the region (up to 255 ASCII characters); the id is the
 * deployment set's (`pg-…` when made through EC2). ModifyInstancePlacement moves a stopped
 * instance into or out of a group. A group holds 7 instances per zone (spread) or keeps its
 * instances in one zone (cluster): docs/placement-groups.md.
 */

const STRATEGY_TO_ECS: Record<string, DeploymentStrategy> = { spread: 'Availability', partition: 'AvailabilityGroup', cluster: 'LowLatency' };
const STRATEGY_TO_EC2: Record<DeploymentStrategy, string> = { Availability: 'spread', AvailabilityGroup: 'partition', LowLatency: 'cluster' };

const unknown = (name: string) => new ApiError('InvalidPlacementGroup.Unknown', 400, `The Placement Group '${name}' is unknown.`);
const partitionNumberInvalid = (n: number | undefined) => Ec2Errors.invalidParameterValue(`Value (${n}) for parameter partitionNumber is invalid.`);
const unknownId = (id: string) => new ApiError('InvalidPlacementGroupId.NotFound', 400, `The Placement Group ID '${id}' does not exist.`);

const view = (call: Ec2Call, s: DeploymentSetRecord) => ({
  GroupName: s.name,
  State: 'available',
  Strategy: STRATEGY_TO_EC2[s.strategy] ?? 'spread',
  ...(s.strategy === 'AvailabilityGroup' ? { PartitionCount: s.groupCount } : {}),
  ...(s.strategy === 'Availability' ? { SpreadLevel: 'host' } : {}),
  GroupId: s.deploymentSetId,
  Tags: s.tags.map((t) => ({ Key: t.key, Value: t.value })) as Tag[],
  GroupArn: `arn:aws:ec2:${call.region}:${call.accountId}:placement-group/${s.name}`,
});

/** The region's placement groups (every deployment set), or those matching `filter`. */
const groupsOf = (call: Ec2Call, filter: { ids?: string[]; name?: string } = {}, dryRun?: boolean) =>
  call.perform(describeDeploymentSets, { regionId: call.region, ...filter }, { dryRun });

/**
 * The EC2 error for a deployment set refusal of a launch or a move into a group (`group`: the name
 * or id the call gave), or undefined for any other error. No AWS reference names a code for a full
 * spread group: docs/placement-groups.md says why InsufficientInstanceCapacity, answered as a client error.
 */
export function placementGroupError(e: unknown, group: string | undefined): ApiError | undefined {
  if (!isDeploymentSetError(e)) return undefined;
  switch (e.reason) {
    case 'zoneFull':
      return new ApiError(
        'InsufficientInstanceCapacity',
        400,
        `The spread placement group '${group}' already has the maximum of ${e.room?.limit} running instances in Availability Zone ${e.room?.zoneId}. Launch in another Availability Zone or use another placement group.`,
      );
    case 'otherZone':
      return Ec2Errors.invalidParameterValue(
        `The cluster placement group '${group}' has instances in ${e.room?.zoneId}; a cluster placement group cannot span Availability Zones.`,
      );
    case 'notFound':
      return group ? unknown(group) : undefined;
    default:
      return undefined;
  }
}

export const createPlacementGroup = defineEc2Action<{
  GroupName?: string;
  Strategy?: string;
  PartitionCount?: number;
  SpreadLevel?: string;
  TagSpecifications?: { ResourceType?: string; Tags?: Tag[] }[];
  DryRun?: boolean;
}>({
  name: 'CreatePlacementGroup',
  uses: ['CreateDeploymentSet', 'DescribeDeploymentSets'],
  oneUnit: true,
  handle: async (input, call) => {
    if (!input.GroupName) throw Ec2Errors.missingParameter('GroupName');
    const strategy = input.Strategy ?? 'spread';
    const ecsStrategy = STRATEGY_TO_ECS[strategy];
    if (!ecsStrategy) throw Ec2Errors.invalidParameterValue(`Value (${strategy}) for parameter strategy is invalid. Valid values: cluster, spread, partition.`);
    if (input.PartitionCount !== undefined) {
      if (strategy !== 'partition') throw Ec2Errors.invalidParameterValue('PartitionCount applies to the partition strategy only.');
      // ECS: at most 7 groups per set; EC2's limit is the same 7 partitions per Availability Zone.
      if (input.PartitionCount < 1 || input.PartitionCount > 7)
        throw Ec2Errors.invalidParameterValue(`Value (${input.PartitionCount}) for parameter partitionCount is invalid. Valid values: 1-7.`);
    }
    if (input.SpreadLevel !== undefined && input.SpreadLevel !== 'host') {
      throw Ec2Errors.unsupported('Only host-level spread placement groups are supported by this sandbox (no Outposts racks).');
    }
    if ((await groupsOf(call, { name: input.GroupName })).length) {
      throw new ApiError('InvalidPlacementGroup.Duplicate', 400, `The Placement Group '${input.GroupName}' already exists.`);
    }
    const tags = (input.TagSpecifications ?? [])
      .filter((s) => s.ResourceType === undefined || s.ResourceType === 'placement-group')
      .flatMap((s) => s.Tags ?? []);
    try {
      const created = await call.perform(
        createDeploymentSet,
        {
          regionId: call.region,
          name: input.GroupName,
          strategy: ecsStrategy,
          groupCount: strategy === 'partition' ? (input.PartitionCount ?? 2) : undefined,
          tags: tags.map((t) => ({ key: t.Key, value: t.Value })),
          ec2Rules: true,
        },
        { dryRun: input.DryRun },
      );
      return { PlacementGroup: view(call, created) };
    } catch (e) {
      if (isDeploymentSetError(e) && e.reason === 'nameMalformed') {
        throw Ec2Errors.invalidParameterValue(`Value (${input.GroupName}) for parameter groupName is invalid. Up to 255 ASCII characters.`);
      }
      throw e;
    }
  },
});

export const deletePlacementGroup = defineEc2Action<{ GroupName?: string; DryRun?: boolean }>({
  name: 'DeletePlacementGroup',
  uses: ['DeleteDeploymentSet', 'DescribeDeploymentSets'],
  oneUnit: true,
  handle: async (input, call) => {
    if (!input.GroupName) throw Ec2Errors.missingParameter('GroupName');
    const [set] = await groupsOf(call, { name: input.GroupName });
    if (!set) throw unknown(input.GroupName);
    try {
      await call.perform(deleteDeploymentSet, { regionId: call.region, deploymentSetId: set.deploymentSetId }, { dryRun: input.DryRun });
    } catch (e) {
      if (isDeploymentSetError(e) && e.reason === 'inUse') {
        throw new ApiError('InvalidPlacementGroup.InUse', 400, `The placement group '${input.GroupName}' is in use and may not be deleted.`);
      }
      if (isDeploymentSetError(e) && e.reason === 'notFound') throw unknown(input.GroupName);
      throw e;
    }
    return {};
  },
});

export const describePlacementGroups = defineEc2Action<{ GroupNames?: string[]; GroupIds?: string[]; Filters?: Filter[]; DryRun?: boolean }>({
  name: 'DescribePlacementGroups',
  uses: ['DescribeDeploymentSets'],
  handle: async (input, call) => {
    let groups = (await groupsOf(call, {}, input.DryRun)).map((s) => view(call, s));
    for (const n of input.GroupNames ?? []) if (!groups.some((g) => g.GroupName === n)) throw unknown(n);
    for (const id of input.GroupIds ?? []) if (!groups.some((g) => g.GroupId === id)) throw unknownId(id);
    if (input.GroupNames?.length) groups = groups.filter((g) => input.GroupNames!.includes(g.GroupName));
    if (input.GroupIds?.length) groups = groups.filter((g) => input.GroupIds!.includes(g.GroupId));
    return {
      PlacementGroups: applyFilters(groups, input.Filters, {
        'group-name': (g) => g.GroupName,
        'group-arn': (g) => g.GroupArn,
        state: (g) => g.State,
        strategy: (g) => g.Strategy,
        'spread-level': (g) => g.SpreadLevel,
      }),
    };
  },
});

/** https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyInstancePlacement.html */
export const modifyInstancePlacement = defineEc2Action<{
  InstanceId: string;
  GroupName?: string;
  GroupId?: string;
  PartitionNumber?: number;
  Tenancy?: string;
  Affinity?: string;
  HostId?: string;
  HostResourceGroupArn?: string;
}>({
  name: 'ModifyInstancePlacement',
  uses: ['ModifyInstanceDeployment', 'DescribeDeploymentSets', 'DescribeInstances'],
  oneUnit: true,
  handle: async (input, call) => {
    checkInstanceIds([input.InstanceId]);
    if (input.HostId !== undefined || input.HostResourceGroupArn !== undefined || input.Affinity !== undefined) {
      throw Ec2Errors.unsupported('Dedicated Hosts are not supported by this sandbox.');
    }
    if (input.Tenancy !== undefined && input.Tenancy !== 'default') throw Ec2Errors.unsupported('Only default tenancy is supported by this sandbox.');
    if (input.GroupName === undefined && input.GroupId === undefined) {
      if (input.Tenancy !== undefined) return { Return: true };
      throw Ec2Errors.missingParameter('GroupName');
    }
    if (input.PartitionNumber !== undefined && input.PartitionNumber < 1) throw partitionNumberInvalid(input.PartitionNumber);
    // An empty GroupName removes the instance from its group.
    const remove = input.GroupName === '';
    const [set] = remove ? [] : await groupsOf(call, input.GroupId ? { ids: [input.GroupId] } : { name: input.GroupName });
    try {
      // The operation checks the instance (exists, stopped) before the group, as AWS answers.
      await call.perform(modifyInstanceDeployment, {
        regionId: call.region,
        instanceId: input.InstanceId,
        ...(remove ? { remove: true } : { deploymentSetId: set?.deploymentSetId, groupNo: input.PartitionNumber }),
        ec2Rules: true,
      });
    } catch (e) {
      if (!isDeploymentSetError(e)) throw e;
      if (e.reason === 'instanceNotFound') throw InstanceErrors.notFound([input.InstanceId]);
      if (e.reason === 'instanceStatus') throw new ApiError('IncorrectInstanceState', 400, `The instance '${input.InstanceId}' is not in the 'stopped' state.`);
      if (e.reason === 'notFound') throw input.GroupId ? unknownId(input.GroupId) : unknown(input.GroupName!);
      if (e.reason === 'groupNumber') throw partitionNumberInvalid(input.PartitionNumber);
      throw placementGroupError(e, input.GroupId ?? input.GroupName) ?? e;
    }
    return { Return: true };
  },
});
