import {
  CreateEgressOnlyInternetGatewayCommand,
  CreateNetworkAclCommand,
  CreateNetworkAclEntryCommand,
  CreatePlacementGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DeleteEgressOnlyInternetGatewayCommand,
  DeleteNetworkAclCommand,
  DeleteNetworkAclEntryCommand,
  DeletePlacementGroupCommand,
  DescribeEgressOnlyInternetGatewaysCommand,
  DescribeInstancesCommand,
  DescribeManagedPrefixListsCommand,
  DescribeNetworkAclsCommand,
  DescribePlacementGroupsCommand,
  DescribePrefixListsCommand,
  ModifyInstancePlacementCommand,
  ReplaceNetworkAclAssociationCommand,
  ReplaceNetworkAclEntryCommand,
  RunInstancesCommand,
  StopInstancesCommand,
  waitUntilInstanceRunning,
  waitUntilInstanceStopped,
} from '@aws-sdk/client-ec2';
import { beforeAll, describe, expect, it } from 'vitest';
import { advanceClock, ec2Error, newEc2Account, type Ec2Account } from '../support/ec2';
import { Ecs } from '../support/ecs-client';

/**
 * Placement groups (ECS deployment sets), network ACLs, egress-only internet gateways and the
 * AWS-managed prefix lists through @aws-sdk/client-ec2; the deployment set seen through ECS.
 */
const AMI = 'ami-0a2f7c3e9d14b5601';
let a: Ec2Account;

beforeAll(async () => {
  a = await newEc2Account();
});

describe('placement groups (ECS deployment sets)', () => {
  it('create, list, refuse a duplicate name, hold a stopped instance, refuse deletion while in use, delete', async () => {
    const created = (await a.ec2.send(new CreatePlacementGroupCommand({ GroupName: '1-web spread', Strategy: 'spread' }))).PlacementGroup!;
    expect(created).toMatchObject({ GroupName: '1-web spread', Strategy: 'spread', State: 'available' });
    expect(created.GroupId).toMatch(/^pg-/);
    const part = (await a.ec2.send(new CreatePlacementGroupCommand({ GroupName: 'db', Strategy: 'partition', PartitionCount: 3 }))).PlacementGroup!;
    expect(part).toMatchObject({ Strategy: 'partition', PartitionCount: 3 });
    expect((await ec2Error(a.ec2.send(new CreatePlacementGroupCommand({ GroupName: 'db', Strategy: 'cluster' })))).name).toBe(
      'InvalidPlacementGroup.Duplicate',
    );
    expect((await ec2Error(a.ec2.send(new CreatePlacementGroupCommand({ GroupName: 'x', Strategy: 'partition', PartitionCount: 8 })))).name).toBe(
      'InvalidParameterValue',
    );
    const listed = await a.ec2.send(new DescribePlacementGroupsCommand({ Filters: [{ Name: 'strategy', Values: ['partition'] }] }));
    expect(listed.PlacementGroups!.map((g) => g.GroupName)).toEqual(['db']);
    expect((await ec2Error(a.ec2.send(new DescribePlacementGroupsCommand({ GroupNames: ['nope'] })))).name).toBe('InvalidPlacementGroup.Unknown');

    // ECS sees the deployment set with its strategy.
    const sets = await a.client.describeDeploymentSets(
      new Ecs.DescribeDeploymentSetsRequest({ regionId: 'cn-hangzhou', deploymentSetIds: JSON.stringify([part.GroupId]) }),
    );
    expect(sets.body!.deploymentSets!.deploymentSet![0]).toMatchObject({ deploymentSetName: 'db', strategy: 'AvailabilityGroup', groupCount: 3 });

    const id = (await a.ec2.send(new RunInstancesCommand({ ImageId: AMI, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1 }))).Instances![0]!.InstanceId!;
    await advanceClock(11);
    await waitUntilInstanceRunning({ client: a.ec2, maxWaitTime: 60, minDelay: 1, maxDelay: 2 }, { InstanceIds: [id] });
    expect((await ec2Error(a.ec2.send(new ModifyInstancePlacementCommand({ InstanceId: id, GroupName: 'db' })))).name).toBe('IncorrectInstanceState');
    await a.ec2.send(new StopInstancesCommand({ InstanceIds: [id] }));
    await advanceClock(11);
    await waitUntilInstanceStopped({ client: a.ec2, maxWaitTime: 60, minDelay: 1, maxDelay: 2 }, { InstanceIds: [id] });
    expect((await a.ec2.send(new ModifyInstancePlacementCommand({ InstanceId: id, GroupName: 'db', PartitionNumber: 2 }))).Return).toBe(true);
    const placement = (await a.ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }))).Reservations![0]!.Instances![0]!.Placement!;
    expect(placement).toMatchObject({ GroupName: 'db', GroupId: part.GroupId });
    const members = await a.client.describeDeploymentSets(
      new Ecs.DescribeDeploymentSetsRequest({ regionId: 'cn-hangzhou', deploymentSetIds: JSON.stringify([part.GroupId]) }),
    );
    expect(members.body!.deploymentSets!.deploymentSet![0]!.instanceIds!.instanceId).toEqual([id]);

    expect((await ec2Error(a.ec2.send(new DeletePlacementGroupCommand({ GroupName: 'db' })))).name).toBe('InvalidPlacementGroup.InUse');
    await a.ec2.send(new ModifyInstancePlacementCommand({ InstanceId: id, GroupName: '' }));
    await a.ec2.send(new DeletePlacementGroupCommand({ GroupName: 'db' }));
    expect((await a.ec2.send(new DescribePlacementGroupsCommand({}))).PlacementGroups!.map((g) => g.GroupName)).toEqual(['1-web spread']);
    expect((await ec2Error(a.ec2.send(new DeletePlacementGroupCommand({ GroupName: 'db' })))).name).toBe('InvalidPlacementGroup.Unknown');
  });

  it('RunInstances Placement.GroupName launches into the group; ECS RunInstances DeploymentSetId into a set; unknown groups are refused', async () => {
    const group = (await a.ec2.send(new CreatePlacementGroupCommand({ GroupName: 'launch-spread', Strategy: 'spread' }))).PlacementGroup!;
    const launched = (
      await a.ec2.send(new RunInstancesCommand({ ImageId: AMI, InstanceType: 't3.micro', MinCount: 2, MaxCount: 2, Placement: { GroupName: 'launch-spread' } }))
    ).Instances!;
    expect(launched.map((i) => i.Placement)).toEqual([
      expect.objectContaining({ GroupName: 'launch-spread', GroupId: group.GroupId }),
      expect.objectContaining({ GroupName: 'launch-spread', GroupId: group.GroupId }),
    ]);
    const ids = launched.map((i) => i.InstanceId!);
    const described = await a.ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'placement-group-name', Values: ['launch-spread'] }] }));
    expect(described.Reservations!.flatMap((r) => r.Instances!.map((i) => i.InstanceId)).sort()).toEqual([...ids].sort());
    const unknown = await ec2Error(
      a.ec2.send(new RunInstancesCommand({ ImageId: AMI, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1, Placement: { GroupName: 'nope' } })),
    );
    expect(unknown).toMatchObject({ name: 'InvalidPlacementGroup.Unknown', status: 400 });

    // ECS: the same set by its id.
    const run = await a.client.runInstances(
      new Ecs.RunInstancesRequest({ regionId: 'cn-hangzhou', imageId: AMI, instanceType: 'ecs.g7.large', deploymentSetId: group.GroupId }),
    );
    const ecsId = run.body!.instanceIdSets!.instanceIdSet![0]!;
    const ecsView = await a.client.describeInstances(new Ecs.DescribeInstancesRequest({ regionId: 'cn-hangzhou', instanceIds: JSON.stringify([ecsId]) }));
    expect(ecsView.body!.instances!.instance![0]!.deploymentSetId).toBe(group.GroupId);
    const members = await a.client.describeDeploymentSets(
      new Ecs.DescribeDeploymentSetsRequest({ regionId: 'cn-hangzhou', deploymentSetIds: JSON.stringify([group.GroupId]) }),
    );
    expect(members.body!.deploymentSets!.deploymentSet![0]!.instanceAmount).toBe(3);
    const missing = await a.client
      .runInstances(new Ecs.RunInstancesRequest({ regionId: 'cn-hangzhou', imageId: AMI, instanceType: 'ecs.g7.large', deploymentSetId: 'ds-missing' }))
      .catch((e: { code?: string }) => e);
    expect(missing).toMatchObject({ code: 'InvalidDeploymentSet.NotFound' });
  });
});

describe('network ACLs', () => {
  it('entries numbered per direction, the catch-all deny shown, associations moved and back, deletion refused while in use', async () => {
    const vpcId = (await a.ec2.send(new CreateVpcCommand({ CidrBlock: '10.71.0.0/16' }))).Vpc!.VpcId!;
    const subnetId = (await a.ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.71.1.0/24', AvailabilityZoneId: 'cnhz-az1' }))).Subnet!.SubnetId!;
    const acl = (await a.ec2.send(new CreateNetworkAclCommand({ VpcId: vpcId }))).NetworkAcl!;
    expect(acl).toMatchObject({ VpcId: vpcId, IsDefault: false, Associations: [] });
    expect(acl.Entries!.map((e) => [e.RuleNumber, e.RuleAction, e.Egress])).toEqual([
      [32767, 'deny', false],
      [32767, 'deny', true],
    ]);
    const aclId = acl.NetworkAclId!;
    await a.ec2.send(
      new CreateNetworkAclEntryCommand({
        NetworkAclId: aclId,
        RuleNumber: 100,
        Protocol: '6',
        RuleAction: 'allow',
        Egress: false,
        CidrBlock: '0.0.0.0/0',
        PortRange: { From: 443, To: 443 },
      }),
    );
    await a.ec2.send(
      new CreateNetworkAclEntryCommand({ NetworkAclId: aclId, RuleNumber: 100, Protocol: '-1', RuleAction: 'allow', Egress: true, CidrBlock: '0.0.0.0/0' }),
    );
    const dup = await ec2Error(
      a.ec2.send(
        new CreateNetworkAclEntryCommand({
          NetworkAclId: aclId,
          RuleNumber: 100,
          Protocol: '17',
          RuleAction: 'deny',
          Egress: false,
          CidrBlock: '10.0.0.0/8',
          PortRange: { From: 53, To: 53 },
        }),
      ),
    );
    expect(dup).toMatchObject({ name: 'NetworkAclEntryAlreadyExists', status: 400 });
    expect(
      (
        await ec2Error(
          a.ec2.send(
            new CreateNetworkAclEntryCommand({
              NetworkAclId: aclId,
              RuleNumber: 110,
              Protocol: 'tcp',
              RuleAction: 'allow',
              Egress: false,
              CidrBlock: '0.0.0.0/0',
            }),
          ),
        )
      ).name,
    ).toBe('MissingParameter');
    await a.ec2.send(
      new ReplaceNetworkAclEntryCommand({
        NetworkAclId: aclId,
        RuleNumber: 100,
        Protocol: 'tcp',
        RuleAction: 'deny',
        Egress: false,
        CidrBlock: '10.0.0.0/8',
        PortRange: { From: 22, To: 22 },
      }),
    );
    const afterReplace = (await a.ec2.send(new DescribeNetworkAclsCommand({ NetworkAclIds: [aclId] }))).NetworkAcls![0]!;
    expect(afterReplace.Entries!.find((e) => e.RuleNumber === 100 && !e.Egress)).toMatchObject({
      Protocol: '6',
      RuleAction: 'deny',
      CidrBlock: '10.0.0.0/8',
      PortRange: { From: 22, To: 22 },
    });
    await a.ec2.send(new DeleteNetworkAclEntryCommand({ NetworkAclId: aclId, RuleNumber: 100, Egress: true }));
    expect((await ec2Error(a.ec2.send(new DeleteNetworkAclEntryCommand({ NetworkAclId: aclId, RuleNumber: 100, Egress: true })))).name).toBe(
      'InvalidNetworkAclEntry.NotFound',
    );

    // The subnet starts on the VPC's default ACL; moving it gives a new association id.
    const def = (
      await a.ec2.send(
        new DescribeNetworkAclsCommand({
          Filters: [
            { Name: 'vpc-id', Values: [vpcId] },
            { Name: 'default', Values: ['true'] },
          ],
        }),
      )
    ).NetworkAcls![0]!;
    const assoc = def.Associations!.find((x) => x.SubnetId === subnetId)!;
    const moved = await a.ec2.send(new ReplaceNetworkAclAssociationCommand({ AssociationId: assoc.NetworkAclAssociationId!, NetworkAclId: aclId }));
    expect(moved.NewAssociationId).toMatch(/^aclassoc-/);
    expect(moved.NewAssociationId).not.toBe(assoc.NetworkAclAssociationId);
    const nowOn = (await a.ec2.send(new DescribeNetworkAclsCommand({ Filters: [{ Name: 'association.subnet-id', Values: [subnetId] }] }))).NetworkAcls!;
    expect(nowOn.map((x) => x.NetworkAclId)).toEqual([aclId]);
    expect((await ec2Error(a.ec2.send(new DeleteNetworkAclCommand({ NetworkAclId: aclId })))).name).toBe('DependencyViolation');
    expect((await ec2Error(a.ec2.send(new DeleteNetworkAclCommand({ NetworkAclId: def.NetworkAclId! })))).name).toBe('InvalidParameterValue');

    // The default ACL's entries can change too; then the subnet goes back to it with its first association id.
    await a.ec2.send(
      new CreateNetworkAclEntryCommand({
        NetworkAclId: def.NetworkAclId!,
        RuleNumber: 90,
        Protocol: '-1',
        RuleAction: 'deny',
        Egress: false,
        CidrBlock: '192.0.2.0/24',
      }),
    );
    const back = await a.ec2.send(new ReplaceNetworkAclAssociationCommand({ AssociationId: moved.NewAssociationId!, NetworkAclId: def.NetworkAclId! }));
    expect(back.NewAssociationId).toBe(assoc.NetworkAclAssociationId);
    const defNow = (await a.ec2.send(new DescribeNetworkAclsCommand({ NetworkAclIds: [def.NetworkAclId!] }))).NetworkAcls![0]!;
    expect(defNow.Entries!.filter((e) => !e.Egress).map((e) => e.RuleNumber)).toEqual([90, 100, 32767]);
    await a.ec2.send(new DeleteNetworkAclCommand({ NetworkAclId: aclId }));
    expect((await ec2Error(a.ec2.send(new DescribeNetworkAclsCommand({ NetworkAclIds: [aclId] })))).name).toBe('InvalidNetworkAclID.NotFound');
  });

  it('20 entries per direction: the 21st is NetworkAclEntryLimitExceeded', async () => {
    const vpcId = (await a.ec2.send(new CreateVpcCommand({ CidrBlock: '10.72.0.0/16' }))).Vpc!.VpcId!;
    const aclId = (await a.ec2.send(new CreateNetworkAclCommand({ VpcId: vpcId }))).NetworkAcl!.NetworkAclId!;
    for (let n = 1; n <= 20; n++) {
      await a.ec2.send(
        new CreateNetworkAclEntryCommand({
          NetworkAclId: aclId,
          RuleNumber: n,
          Protocol: '-1',
          RuleAction: 'allow',
          Egress: false,
          CidrBlock: `10.${n}.0.0/16`,
        }),
      );
    }
    const err = await ec2Error(
      a.ec2.send(
        new CreateNetworkAclEntryCommand({
          NetworkAclId: aclId,
          RuleNumber: 21,
          Protocol: '-1',
          RuleAction: 'allow',
          Egress: false,
          CidrBlock: '10.21.0.0/16',
        }),
      ),
    );
    expect(err.name).toBe('NetworkAclEntryLimitExceeded');
    // The other direction has its own 20.
    await a.ec2.send(
      new CreateNetworkAclEntryCommand({ NetworkAclId: aclId, RuleNumber: 21, Protocol: '-1', RuleAction: 'allow', Egress: true, CidrBlock: '10.21.0.0/16' }),
    );
  });
});

describe('egress-only internet gateways and prefix lists', () => {
  it('creates, lists and deletes an egress-only gateway attached to its VPC', async () => {
    const vpcId = (await a.ec2.send(new CreateVpcCommand({ CidrBlock: '10.73.0.0/16' }))).Vpc!.VpcId!;
    const gw = (await a.ec2.send(new CreateEgressOnlyInternetGatewayCommand({ VpcId: vpcId }))).EgressOnlyInternetGateway!;
    expect(gw.EgressOnlyInternetGatewayId).toMatch(/^eigw-/);
    expect(gw.Attachments).toEqual([{ State: 'attached', VpcId: vpcId }]);
    const listed = await a.ec2.send(new DescribeEgressOnlyInternetGatewaysCommand({ EgressOnlyInternetGatewayIds: [gw.EgressOnlyInternetGatewayId!] }));
    expect(listed.EgressOnlyInternetGateways!.map((g) => g.EgressOnlyInternetGatewayId)).toEqual([gw.EgressOnlyInternetGatewayId]);
    expect((await a.ec2.send(new DeleteEgressOnlyInternetGatewayCommand({ EgressOnlyInternetGatewayId: gw.EgressOnlyInternetGatewayId! }))).ReturnCode).toBe(
      true,
    );
    expect((await a.ec2.send(new DescribeEgressOnlyInternetGatewaysCommand({}))).EgressOnlyInternetGateways).toEqual([]);
    expect((await ec2Error(a.ec2.send(new CreateEgressOnlyInternetGatewayCommand({ VpcId: 'vpc-0123456789abcdef0' })))).name).toBe('InvalidVpcID.NotFound');
  });

  it('the AWS-managed S3 and DynamoDB prefix lists, by name and id', async () => {
    const lists = (await a.ec2.send(new DescribePrefixListsCommand({}))).PrefixLists!;
    expect(lists.map((p) => p.PrefixListName).sort()).toEqual(['com.amazonaws.cn-hangzhou.dynamodb', 'com.amazonaws.cn-hangzhou.s3']);
    const s3 = lists.find((p) => p.PrefixListName!.endsWith('.s3'))!;
    expect(s3.PrefixListId).toMatch(/^pl-[0-9a-f]{8}$/);
    expect(s3.Cidrs!.length).toBeGreaterThan(0);
    const managed = await a.ec2.send(new DescribeManagedPrefixListsCommand({ Filters: [{ Name: 'prefix-list-name', Values: ['*.s3'] }] }));
    expect(managed.PrefixLists).toEqual([
      expect.objectContaining({ PrefixListId: s3.PrefixListId, OwnerId: 'AWS', AddressFamily: 'IPv4', State: 'create-complete' }),
    ]);
    expect((await ec2Error(a.ec2.send(new DescribePrefixListsCommand({ PrefixListIds: ['pl-00000000'] })))).name).toBe('InvalidPrefixListID.NotFound');
  });
});
