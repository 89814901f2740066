import {
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DeleteSecurityGroupCommand,
  DeleteSubnetCommand,
  DeleteVpcCommand,
  DescribeSecurityGroupsCommand,
  RunInstancesCommand,
  TerminateInstancesCommand,
  type SecurityGroup,
} from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { Ecs } from '../support/ecs-client';
import { advanceClock, ec2Error, newEc2Account } from '../support/ec2';

/**
 * Every VPC's `default` security group through @aws-sdk/client-ec2 (issue 15, item 4): a fresh
 * account's default VPC has it, a new VPC gets its own, neither can be deleted (CannotDelete), a
 * launch without groups uses it, and the ECS SDK sees the same group.
 */
const AMI = 'ami-0a2f7c3e9d14b5601';

const expectEc2DefaultRules = (g: SecurityGroup) => {
  expect(g.IpPermissions).toEqual([expect.objectContaining({ IpProtocol: '-1', UserIdGroupPairs: [expect.objectContaining({ GroupId: g.GroupId })] })]);
  expect(g.IpPermissionsEgress).toEqual([expect.objectContaining({ IpProtocol: '-1', IpRanges: [expect.objectContaining({ CidrIp: '0.0.0.0/0' })] })]);
};

describe('the default security group of every VPC with @aws-sdk/client-ec2', () => {
  it("a fresh account's default VPC has one; it cannot be deleted; a launch without groups uses it", async () => {
    const a = await newEc2Account();
    const [group] = (await a.ec2.send(new DescribeSecurityGroupsCommand({ GroupNames: ['default'] }))).SecurityGroups!;
    expectEc2DefaultRules(group!);
    expect(await ec2Error(a.ec2.send(new DeleteSecurityGroupCommand({ GroupName: 'default' })))).toMatchObject({ name: 'CannotDelete', status: 400 });
    expect(await ec2Error(a.ec2.send(new DeleteSecurityGroupCommand({ GroupId: group!.GroupId })))).toMatchObject({ name: 'CannotDelete', status: 400 });
    const run = await a.ec2.send(new RunInstancesCommand({ ImageId: AMI, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1 }));
    expect(run.Instances![0]!.SecurityGroups).toEqual([{ GroupId: group!.GroupId, GroupName: 'default' }]);
    const [stored] = (await a.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [group!.GroupId!] }))).SecurityGroups!;
    expectEc2DefaultRules(stored!);
    expect(await ec2Error(a.ec2.send(new DeleteSecurityGroupCommand({ GroupId: group!.GroupId })))).toMatchObject({ name: 'CannotDelete', status: 400 });
  });

  it('a new VPC gets its own default group, seen by the ECS SDK too, used by launches into it and deleted with the VPC', async () => {
    const a = await newEc2Account();
    const vpcId = (await a.ec2.send(new CreateVpcCommand({ CidrBlock: '10.30.0.0/16' }))).Vpc!.VpcId!;
    const own = (await a.ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }))).SecurityGroups!;
    expect(own.map((g) => g.GroupName)).toEqual(['default']);
    expectEc2DefaultRules(own[0]!);
    const groupId = own[0]!.GroupId!;
    expect(await ec2Error(a.ec2.send(new DeleteSecurityGroupCommand({ GroupId: groupId })))).toMatchObject({ name: 'CannotDelete', status: 400 });
    expect(await ec2Error(a.ec2.send(new CreateSecurityGroupCommand({ GroupName: 'default', Description: 'another', VpcId: vpcId })))).toMatchObject({
      name: 'InvalidGroup.Duplicate',
      status: 400,
    });

    const ecs = await a.client.describeSecurityGroups(new Ecs.DescribeSecurityGroupsRequest({ regionId: 'cn-hangzhou', vpcId }));
    expect(ecs.body!.securityGroups!.securityGroup!.map((g) => [g.securityGroupId, g.securityGroupName])).toEqual([[groupId, 'default']]);

    await advanceClock(60);
    const subnet = (await a.ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.30.1.0/24', AvailabilityZoneId: 'cnhz-az1' }))).Subnet!;
    await advanceClock(60);
    const run = await a.ec2.send(new RunInstancesCommand({ ImageId: AMI, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1, SubnetId: subnet.SubnetId! }));
    expect(run.Instances![0]!.SecurityGroups!.map((g) => g.GroupId)).toEqual([groupId]);
    await a.ec2.send(new TerminateInstancesCommand({ InstanceIds: [run.Instances![0]!.InstanceId!] }));
    await advanceClock(3600);
    await a.ec2.send(new DeleteSubnetCommand({ SubnetId: subnet.SubnetId! }));
    await a.ec2.send(new DeleteVpcCommand({ VpcId: vpcId }));
    expect(await ec2Error(a.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] })))).toMatchObject({
      name: 'InvalidGroup.NotFound',
      status: 400,
    });
  });
});
