import { beforeEach, describe, expect, it } from 'vitest';
import { errorOf, IMAGE, MemorySandbox } from '../../support/memory-sandbox';

interface Group {
  GroupId: string;
  GroupName: string;
  VpcId: string;
  IpPermissions: { IpProtocol: string; UserIdGroupPairs: { GroupId: string }[]; IpRanges: { CidrIp: string }[] }[];
  IpPermissionsEgress: { IpProtocol: string; IpRanges: { CidrIp: string }[] }[];
}

/** Every VPC's `default` security group through EC2 (issue 15, item 4), on the in-memory store. */
describe('EC2 default security group per VPC', () => {
  let sandbox: MemorySandbox;
  beforeEach(async () => {
    sandbox = await MemorySandbox.withAccount();
  });

  const groups = async (params: Record<string, string>) => (await sandbox.ec2<{ SecurityGroups: Group[] }>('DescribeSecurityGroups', params)).SecurityGroups;
  const expectEc2DefaultRules = (g: Group) => {
    expect(g.IpPermissions).toEqual([expect.objectContaining({ IpProtocol: '-1', UserIdGroupPairs: [expect.objectContaining({ GroupId: g.GroupId })] })]);
    expect(g.IpPermissionsEgress).toEqual([expect.objectContaining({ IpProtocol: '-1', IpRanges: [expect.objectContaining({ CidrIp: '0.0.0.0/0' })] })]);
  };

  it("a fresh account's default VPC has its default group, with EC2's default rules, before and after the first launch uses it", async () => {
    const [before] = await groups({ 'GroupName.1': 'default' });
    expect(before).toMatchObject({ GroupName: 'default' });
    expectEc2DefaultRules(before!);
    const vpcs = await sandbox.ec2<{ Vpcs: { VpcId: string; IsDefault: boolean }[] }>('DescribeVpcs', {});
    expect(before!.VpcId).toBe(vpcs.Vpcs.find((v) => v.IsDefault)!.VpcId);

    const run = await sandbox.ec2<{ Instances: { SecurityGroups: { GroupId: string; GroupName: string }[] }[] }>('RunInstances', {
      ImageId: IMAGE,
      InstanceType: 't3.micro',
      MinCount: '1',
      MaxCount: '1',
    });
    expect(run.Instances[0]!.SecurityGroups).toEqual([{ GroupId: before!.GroupId, GroupName: 'default' }]);
    const [after] = await groups({ 'GroupId.1': before!.GroupId });
    expectEc2DefaultRules(after!);
  });

  it('cannot be deleted (CannotDelete), by id or by name, stored or not', async () => {
    const [group] = await groups({ 'GroupName.1': 'default' });
    expect(await errorOf(sandbox.ec2('DeleteSecurityGroup', { GroupName: 'default' }))).toMatchObject({ code: 'CannotDelete', status: 400 });
    expect(await errorOf(sandbox.ec2('DeleteSecurityGroup', { GroupId: group!.GroupId }))).toMatchObject({ code: 'CannotDelete', status: 400 });
    await sandbox.ec2('RunInstances', { ImageId: IMAGE, InstanceType: 't3.micro', MinCount: '1', MaxCount: '1' });
    expect(await errorOf(sandbox.ec2('DeleteSecurityGroup', { GroupId: group!.GroupId }))).toMatchObject({ code: 'CannotDelete', status: 400 });
    expect((await groups({ 'GroupId.1': group!.GroupId })).map((g) => g.GroupName)).toEqual(['default']);
  });

  it('a VPC made through EC2 gets its own stored default group: listed, not deletable, used by launches into it, gone with the VPC', async () => {
    const { Vpc } = await sandbox.ec2<{ Vpc: { VpcId: string } }>('CreateVpc', { CidrBlock: '10.20.0.0/16' });
    const own = await groups({ 'Filter.1.Name': 'vpc-id', 'Filter.1.Value.1': Vpc.VpcId });
    expect(own.map((g) => g.GroupName)).toEqual(['default']);
    expectEc2DefaultRules(own[0]!);
    expect(await errorOf(sandbox.ec2('DeleteSecurityGroup', { GroupId: own[0]!.GroupId }))).toMatchObject({ code: 'CannotDelete', status: 400 });
    expect(await errorOf(sandbox.ec2('CreateSecurityGroup', { GroupName: 'default', GroupDescription: 'again', VpcId: Vpc.VpcId }))).toMatchObject({
      code: 'InvalidGroup.Duplicate',
    });

    await sandbox.passTime(60);
    const zones = await sandbox.ec2<{ AvailabilityZones: { ZoneName: string }[] }>('DescribeAvailabilityZones', {});
    const { Subnet } = await sandbox.ec2<{ Subnet: { SubnetId: string } }>('CreateSubnet', {
      VpcId: Vpc.VpcId,
      CidrBlock: '10.20.1.0/24',
      AvailabilityZone: zones.AvailabilityZones[0]!.ZoneName,
    });
    await sandbox.passTime(60);
    const run = await sandbox.ec2<{ Instances: { InstanceId: string; SecurityGroups: { GroupId: string }[] }[] }>('RunInstances', {
      ImageId: IMAGE,
      InstanceType: 't3.micro',
      MinCount: '1',
      MaxCount: '1',
      SubnetId: Subnet.SubnetId,
    });
    expect(run.Instances[0]!.SecurityGroups.map((g) => g.GroupId)).toEqual([own[0]!.GroupId]);

    // The ECS view: the same group, named default, in that VPC.
    const ecs = await sandbox.ecs<{ SecurityGroups: { SecurityGroup: { SecurityGroupId: string; SecurityGroupName: string; VpcId: string }[] } }>(
      'DescribeSecurityGroups',
      { VpcId: Vpc.VpcId },
    );
    expect(ecs.SecurityGroups.SecurityGroup.map((g) => [g.SecurityGroupId, g.SecurityGroupName])).toEqual([[own[0]!.GroupId, 'default']]);

    await sandbox.ec2('TerminateInstances', { 'InstanceId.1': run.Instances[0]!.InstanceId });
    await sandbox.passTime(3600);
    await sandbox.ec2('DeleteSubnet', { SubnetId: Subnet.SubnetId });
    await sandbox.ec2('DeleteVpc', { VpcId: Vpc.VpcId });
    expect(await errorOf(groups({ 'GroupId.1': own[0]!.GroupId }))).toMatchObject({ code: 'InvalidGroup.NotFound' });
  });
});
