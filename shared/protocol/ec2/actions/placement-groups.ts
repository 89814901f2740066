import { ApiError } from '../../../domain/errors';
import { defineEc2Action, Ec2Errors, type Ec2Call } from '../adapter';
import { applyFilters, tagsFor, type Filter, type Tag } from '../views';
import { checkInstanceIds, requireInstances } from './instance-common';

/**
 * EC2 placement groups over ECS deployment sets (shared/actions/deployment-sets), the same
 * concept: `spread` is the high-availability strategy (Availability), `partition` the
 * high-availability group strategy (AvailabilityGroup, partitions = groups, 1-7), `cluster` the
 * low-latency one (LowLatency) (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/placement-groups.html,
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreatePlacementGroup.html).
 * EC2 names a group by a name unique in the region (up to 255 ASCII characters); the id is the
 * deployment set's (`pg-…` when made through EC2). ModifyInstancePlacement moves a stopped
 * instance into or out of a group (ECS ModifyInstanceDeployment).
 */

const STRATEGY_TO_ECS: Record<string, string> = { spread: 'Availability', partition: 'AvailabilityGroup', cluster: 'LowLatency' };
const STRATEGY_TO_EC2: Record<string, string> = { Availability: 'spread', AvailabilityGroup: 'partition', LowLatency: 'cluster' };

interface EcsSet {
  DeploymentSetId: string;
  DeploymentSetName: string;
  Strategy: string;
  GroupCount: number;
  Tags: { Tag: { TagKey: string; TagValue: string }[] };
}

const unknown = (name: string) => new ApiError('InvalidPlacementGroup.Unknown', 400, `The Placement Group '${name}' is unknown.`);

const view = (call: Ec2Call, s: EcsSet) => ({
  GroupName: s.DeploymentSetName,
  State: 'available',
  Strategy: STRATEGY_TO_EC2[s.Strategy] ?? 'spread',
  ...(s.Strategy === 'AvailabilityGroup' ? { PartitionCount: s.GroupCount } : {}),
  ...(s.Strategy === 'Availability' ? { SpreadLevel: 'host' } : {}),
  GroupId: s.DeploymentSetId,
  Tags: s.Tags.Tag.map((t) => ({ Key: t.TagKey, Value: t.TagValue })) as Tag[],
  GroupArn: `arn:aws:ec2:${call.region}:${call.accountId}:placement-group/${s.DeploymentSetName}`,
});

const allSets = (call: Ec2Call) => call.ecsPages<EcsSet>('DescribeDeploymentSets', { RegionId: call.region }, (out) => out.DeploymentSets.DeploymentSet, 50);

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
  handle: async (input, call) => {
    if (!input.GroupName) throw Ec2Errors.missingParameter('GroupName');
    const strategy = input.Strategy ?? 'spread';
    const ecsStrategy = STRATEGY_TO_ECS[strategy];
    if (!ecsStrategy) throw Ec2Errors.invalidParameterValue(`Value (${strategy}) for parameter strategy is invalid. Valid values: cluster, spread, partition.`);
    if (input.PartitionCount !== undefined) {
      if (strategy !== 'partition') throw Ec2Errors.invalidParameterValue('PartitionCount applies to the partition strategy only.');
      // ECS: at most 7 groups per set; EC2's limit is the same 7 partitions per Availability Zone.
      if (input.PartitionCount < 1 || input.PartitionCount > 7) throw Ec2Errors.invalidParameterValue(`Value (${input.PartitionCount}) for parameter partitionCount is invalid. Valid values: 1-7.`);
    }
    if (input.SpreadLevel !== undefined && input.SpreadLevel !== 'host') {
      throw Ec2Errors.unsupported('Only host-level spread placement groups are supported by this sandbox (no Outposts racks).');
    }
    if ((await allSets(call)).some((s) => s.DeploymentSetName === input.GroupName)) {
      throw new ApiError('InvalidPlacementGroup.Duplicate', 400, `The Placement Group '${input.GroupName}' already exists.`);
    }
    const out = await call.ecs('CreateDeploymentSet', {
      RegionId: call.region,
      DeploymentSetName: input.GroupName,
      Strategy: ecsStrategy,
      GroupCount: strategy === 'partition' ? (input.PartitionCount ?? 2) : undefined,
      Tag: tagsFor(input.TagSpecifications, 'placement-group'),
      DryRun: input.DryRun,
    });
    const [created] = (await call.ecs('DescribeDeploymentSets', { RegionId: call.region, DeploymentSetIds: JSON.stringify([out.DeploymentSetId]) })).DeploymentSets.DeploymentSet;
    return { PlacementGroup: view(call, created) };
  },
  mapError: (e, input) =>
    e.code === 'InvalidDeploymentSetName.Malformed'
      ? Ec2Errors.invalidParameterValue(`Value (${input.GroupName}) for parameter groupName is invalid. Up to 255 ASCII characters.`)
      : undefined,
});

export const deletePlacementGroup = defineEc2Action<{ GroupName?: string; DryRun?: boolean }>({
  name: 'DeletePlacementGroup',
  uses: ['DeleteDeploymentSet', 'DescribeDeploymentSets'],
  handle: async (input, call) => {
    if (!input.GroupName) throw Ec2Errors.missingParameter('GroupName');
    const set = (await allSets(call)).find((s) => s.DeploymentSetName === input.GroupName);
    if (!set) throw unknown(input.GroupName);
    await call.ecs('DeleteDeploymentSet', { RegionId: call.region, DeploymentSetId: set.DeploymentSetId, DryRun: input.DryRun });
    return {};
  },
  mapError: (e, input) =>
    e.code === 'InvalidDeploymentSet.InUse' ? new ApiError('InvalidPlacementGroup.InUse', 400, `The placement group '${input.GroupName}' is in use and may not be deleted.`) : undefined,
});

export const describePlacementGroups = defineEc2Action<{ GroupNames?: string[]; GroupIds?: string[]; Filters?: Filter[]; DryRun?: boolean }>({
  name: 'DescribePlacementGroups',
  uses: ['DescribeDeploymentSets'],
  handle: async (input, call) => {
    if (input.DryRun) await call.ecs('DescribeDeploymentSets', { RegionId: call.region, DryRun: true });
    let groups = (await allSets(call)).map((s) => view(call, s));
    for (const n of input.GroupNames ?? []) if (!groups.some((g) => g.GroupName === n)) throw unknown(n);
    for (const id of input.GroupIds ?? []) if (!groups.some((g) => g.GroupId === id)) throw new ApiError('InvalidPlacementGroupId.NotFound', 400, `The Placement Group ID '${id}' does not exist.`);
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
    const [instance] = await requireInstances(call, [input.InstanceId]);
    if (instance!.State.Name !== 'stopped') {
      throw new ApiError('IncorrectInstanceState', 400, `The instance '${input.InstanceId}' is not in the 'stopped' state.`);
    }
    // An empty GroupName removes the instance from its group.
    if (input.GroupName === '') {
      await call.ecs('ModifyInstanceDeployment', { RegionId: call.region, InstanceId: input.InstanceId, RemoveFromDeploymentSet: true });
      return { Return: true };
    }
    const set = (await allSets(call)).find((s) => (input.GroupId ? s.DeploymentSetId === input.GroupId : s.DeploymentSetName === input.GroupName));
    if (!set) throw input.GroupId ? new ApiError('InvalidPlacementGroupId.NotFound', 400, `The Placement Group ID '${input.GroupId}' does not exist.`) : unknown(input.GroupName!);
    if (input.PartitionNumber !== undefined && (set.Strategy !== 'AvailabilityGroup' || input.PartitionNumber < 1 || input.PartitionNumber > set.GroupCount)) {
      throw Ec2Errors.invalidParameterValue(`Value (${input.PartitionNumber}) for parameter partitionNumber is invalid.`);
    }
    await call.ecs('ModifyInstanceDeployment', { RegionId: call.region, InstanceId: input.InstanceId, DeploymentSetId: set.DeploymentSetId, DeploymentSetGroupNo: input.PartitionNumber });
    return { Return: true };
  },
});
