import { describe, expect, it } from 'vitest';
import { errorOf, IMAGE, MemorySandbox } from '../../support/memory-sandbox';

const AMI = 'ami-0a2f7c3e9d14b5601';

interface Placement {
  GroupName?: string;
  GroupId?: string;
}

const launch = (sandbox: MemorySandbox, placement: Record<string, string>) =>
  sandbox.ec2<{ Instances: { InstanceId: string; Placement: Placement }[] }>('RunInstances', {
    ImageId: AMI,
    InstanceType: 't3.micro',
    MinCount: '2',
    MaxCount: '2',
    ...placement,
  });

/** Issue 15: RunInstances `Placement.GroupName` puts the instances in the placement group (the ECS deployment set). */
describe('launching into a placement group / deployment set', () => {
  it('EC2: Placement.GroupName and GroupId put the instances in the group; DescribeInstances and ECS show it', async () => {
    const sandbox = await MemorySandbox.withAccount();
    const group = (await sandbox.ec2<{ PlacementGroup: { GroupId: string } }>('CreatePlacementGroup', { GroupName: 'web-spread', Strategy: 'spread' }))
      .PlacementGroup;
    const byName = await launch(sandbox, { 'Placement.GroupName': 'web-spread' });
    expect(byName.Instances.map((i) => i.Placement)).toEqual([
      expect.objectContaining({ GroupName: 'web-spread', GroupId: group.GroupId }),
      expect.objectContaining({ GroupName: 'web-spread', GroupId: group.GroupId }),
    ]);
    const byId = await launch(sandbox, { 'Placement.GroupId': group.GroupId });
    expect(byId.Instances[0]!.Placement).toMatchObject({ GroupName: 'web-spread' });

    const described = await sandbox.ec2<{ Reservations: { Instances: { InstanceId: string; Placement: Placement }[] }[] }>('DescribeInstances', {
      'Filter.1.Name': 'placement-group-name',
      'Filter.1.Value.1': 'web-spread',
    });
    const inGroup = described.Reservations.flatMap((r) => r.Instances);
    expect(inGroup).toHaveLength(4);
    const ecs = await sandbox.ecs<{ Instances: { Instance: { DeploymentSetId: string }[] } }>('DescribeInstances', {
      InstanceIds: JSON.stringify([byName.Instances[0]!.InstanceId]),
    });
    expect(ecs.Instances.Instance[0]!.DeploymentSetId).toBe(group.GroupId);
    const sets = await sandbox.ecs<{ DeploymentSets: { DeploymentSet: { InstanceAmount: number }[] } }>('DescribeDeploymentSets', {
      DeploymentSetIds: JSON.stringify([group.GroupId]),
    });
    expect(sets.DeploymentSets.DeploymentSet[0]!.InstanceAmount).toBe(4);
    expect(await errorOf(sandbox.ec2('DeletePlacementGroup', { GroupName: 'web-spread' }))).toEqual({ code: 'InvalidPlacementGroup.InUse', status: 400 });
  });

  it('EC2: an unknown group is InvalidPlacementGroup.Unknown; PartitionNumber beyond the partitions is InvalidParameterValue; nothing launches', async () => {
    const sandbox = await MemorySandbox.withAccount();
    expect(await errorOf(launch(sandbox, { 'Placement.GroupName': 'nope' }))).toEqual({ code: 'InvalidPlacementGroup.Unknown', status: 400 });
    await sandbox.ec2('CreatePlacementGroup', { GroupName: 'parts', Strategy: 'partition', PartitionCount: '2' });
    expect(await errorOf(launch(sandbox, { 'Placement.GroupName': 'parts', 'Placement.PartitionNumber': '3' }))).toEqual({
      code: 'InvalidParameterValue',
      status: 400,
    });
    await sandbox.ec2('CreatePlacementGroup', { GroupName: 'spread', Strategy: 'spread' });
    expect(await errorOf(launch(sandbox, { 'Placement.GroupName': 'spread', 'Placement.PartitionNumber': '1' }))).toEqual({
      code: 'InvalidParameterValue',
      status: 400,
    });
    expect((await sandbox.ec2<{ Reservations: unknown[] }>('DescribeInstances')).Reservations).toHaveLength(0);
    const ok = await launch(sandbox, { 'Placement.GroupName': 'parts', 'Placement.PartitionNumber': '2' });
    expect(ok.Instances[0]!.Placement).toMatchObject({ GroupName: 'parts' });
  });

  it('ECS: RunInstances and CreateInstance take DeploymentSetId; an unknown set is InvalidDeploymentSet.NotFound', async () => {
    const sandbox = await MemorySandbox.withAccount();
    const { DeploymentSetId } = await sandbox.ecs<{ DeploymentSetId: string }>('CreateDeploymentSet', {
      DeploymentSetName: 'ha-set',
      Strategy: 'AvailabilityGroup',
      GroupCount: 3,
    });
    const run = await sandbox.ecs<{ InstanceIdSets: { InstanceIdSet: string[] } }>('RunInstances', {
      ImageId: IMAGE,
      InstanceType: 'ecs.g7.large',
      DeploymentSetId,
      DeploymentSetGroupNo: 2,
    });
    const created = await sandbox.ecs<{ InstanceId: string }>('CreateInstance', { ImageId: IMAGE, InstanceType: 'ecs.g7.large', DeploymentSetId });
    const ids = [...run.InstanceIdSets.InstanceIdSet, created.InstanceId];
    const described = await sandbox.ecs<{ Instances: { Instance: { InstanceId: string; DeploymentSetId: string }[] } }>('DescribeInstances', {
      InstanceIds: JSON.stringify(ids),
    });
    expect(described.Instances.Instance.map((i) => i.DeploymentSetId)).toEqual([DeploymentSetId, DeploymentSetId]);

    expect(await errorOf(sandbox.ecs('RunInstances', { ImageId: IMAGE, InstanceType: 'ecs.g7.large', DeploymentSetId: 'ds-missing' }))).toEqual({
      code: 'InvalidDeploymentSet.NotFound',
      status: 404,
    });
    expect(await errorOf(sandbox.ecs('RunInstances', { ImageId: IMAGE, InstanceType: 'ecs.g7.large', DeploymentSetId, DeploymentSetGroupNo: 4 }))).toEqual({
      code: 'InvalidParameter',
      status: 400,
    });
    const sets = await sandbox.ecs<{ DeploymentSets: { DeploymentSet: { InstanceAmount: number }[] } }>('DescribeDeploymentSets', {
      DeploymentSetIds: JSON.stringify([DeploymentSetId]),
    });
    expect(sets.DeploymentSets.DeploymentSet[0]!.InstanceAmount).toBe(2);
  });
});
