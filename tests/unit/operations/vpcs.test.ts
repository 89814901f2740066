import { beforeEach, describe, expect, it } from 'vitest';
import { errorOf, MemorySandbox } from '../../support/memory-sandbox';

/**
 * The VPC and vSwitch operations (shared/actions/vpc/vpc-operations.ts, vswitch-operations.ts,
 * queries.ts) through both dialects on the in-memory store: the VPC API's codecs and EC2's VPC and
 * subnet adapters, one network (docs/network.md). Each refusal is checked in both dialects' codes
 * and leaves the store as it was.
 */

type Ec2Vpc = { VpcId: string; State: string; CidrBlock: string; IsDefault: boolean; Tags: { Key: string; Value: string }[] };
type Ec2Subnet = {
  SubnetId: string;
  VpcId: string;
  State: string;
  CidrBlock: string;
  AvailabilityZone: string;
  DefaultForAz: boolean;
  MapPublicIpOnLaunch: boolean;
};
type EcsVpc = {
  VpcId: string;
  Status: string;
  CidrBlock: string;
  VSwitchIds: { VSwitchId: string[] };
  DnsHostnameStatus: string;
  Tags: { Tag: { Key: string; Value: string }[] };
};
type EcsVSwitch = { VSwitchId: string; VpcId: string; Status: string; RouteTable: { RouteTableId: string; RouteTableType: string } };

describe('VPC operations, both dialects', () => {
  let sandbox: MemorySandbox;
  beforeEach(async () => {
    sandbox = await MemorySandbox.withAccount();
  });
  const ecsVpcs = async (params: Record<string, string> = {}) => (await sandbox.ecs<{ Vpcs: { Vpc: EcsVpc[] } }>('DescribeVpcs', params)).Vpcs.Vpc;
  const ec2Vpcs = async (params: Record<string, string> = {}) => (await sandbox.ec2<{ Vpcs: Ec2Vpc[] }>('DescribeVpcs', params)).Vpcs;
  /** A refusal in one dialect: its code, and nothing written. */
  const refused = async (call: () => Promise<unknown>) => {
    const before = sandbox.store.dump();
    const error = await errorOf(call());
    expect(sandbox.store.dump()).toEqual(before);
    return error.code;
  };

  it('creates a VPC through the VPC API (Pending, then Available) that EC2 describes under the same id with its tags', async () => {
    const { VpcId } = await sandbox.ecs<{ VpcId: string }>('CreateVpc', { CidrBlock: '10.0.0.0/8', 'Tag.1.Key': 'team', 'Tag.1.Value': 'net' });
    expect((await ecsVpcs({ VpcId }))[0]).toMatchObject({ VpcId, Status: 'Pending', CidrBlock: '10.0.0.0/8' });
    expect(await ec2Vpcs({ 'VpcId.1': VpcId })).toEqual([expect.objectContaining({ VpcId, State: 'pending', Tags: [{ Key: 'team', Value: 'net' }] })]);
    await sandbox.advance(3);
    expect((await ecsVpcs({ VpcId }))[0]!.Status).toBe('Available');
    expect((await ec2Vpcs({ 'Filter.1.Name': 'tag:team', 'Filter.1.Value.1': 'net' })).map((v) => v.VpcId)).toEqual([VpcId]);
  });

  it("checks each cloud's block sizes (reason vpcCidrInvalid): /8 only through the VPC API, public blocks only through EC2", async () => {
    expect(await refused(() => sandbox.ec2('CreateVpc', { CidrBlock: '10.0.0.0/8' }))).toBe('InvalidVpc.Range');
    expect(await refused(() => sandbox.ecs('CreateVpc', { CidrBlock: '8.8.0.0/16' }))).toBe('InvalidCidrBlock.Malformed');
    const created = await sandbox.ec2<{ Vpc: Ec2Vpc }>('CreateVpc', { CidrBlock: '8.8.0.0/16' });
    // AWS answers a new VPC pending; it is usable at once and the VPC API sees it Available.
    expect(created.Vpc).toMatchObject({ State: 'pending', CidrBlock: '8.8.0.0/16', IsDefault: false });
    expect((await ecsVpcs({ VpcId: created.Vpc.VpcId }))[0]!.Status).toBe('Available');
  });

  it('refuses a VPC over the region quota (reason vpcQuota) in both dialects, with no default security group left behind', async () => {
    for (let i = 0; i < 10; i++) await sandbox.ec2('CreateVpc', { CidrBlock: `10.${i}.0.0/16` });
    expect(await refused(() => sandbox.ec2('CreateVpc', { CidrBlock: '10.99.0.0/16' }))).toBe('VpcLimitExceeded');
    expect(await refused(() => sandbox.ecs('CreateVpc', { CidrBlock: '10.99.0.0/16' }))).toBe('QuotaExceeded.Vpc');
    expect(await ec2Vpcs()).toHaveLength(11);
  });

  it('answers DryRunOperation for a VPC EC2 would create, and creates nothing', async () => {
    expect(await refused(() => sandbox.ec2('CreateVpc', { CidrBlock: '10.1.0.0/16', DryRun: 'true' }))).toBe('DryRunOperation');
  });

  it('modifies DNS attributes through EC2 that the VPC API shows; an unknown VPC is not found in each dialect (reason vpcNotFound)', async () => {
    const { Vpc } = await sandbox.ec2<{ Vpc: Ec2Vpc }>('CreateVpc', { CidrBlock: '10.1.0.0/16' });
    expect((await ecsVpcs({ VpcId: Vpc.VpcId }))[0]!.DnsHostnameStatus).toBe('DISABLED');
    await sandbox.ec2('ModifyVpcAttribute', { VpcId: Vpc.VpcId, 'EnableDnsHostnames.Value': 'true' });
    expect(await sandbox.ec2('DescribeVpcAttribute', { VpcId: Vpc.VpcId, Attribute: 'enableDnsHostnames' })).toEqual({
      VpcId: Vpc.VpcId,
      EnableDnsHostnames: { Value: true },
    });
    expect((await ecsVpcs({ VpcId: Vpc.VpcId }))[0]!.DnsHostnameStatus).toBe('ENABLED');
    expect(await refused(() => sandbox.ec2('ModifyVpcAttribute', { VpcId: 'vpc-nothere', 'EnableDnsSupport.Value': 'false' }))).toBe('InvalidVpcID.NotFound');
    expect(await refused(() => sandbox.ecs('ModifyVpcAttribute', { VpcId: 'vpc-nothere', VpcName: 'x' }))).toBe('InvalidVpcId.NotFound');
    expect(await refused(() => sandbox.ec2('DescribeVpcAttribute', { VpcId: 'vpc-nothere', Attribute: 'enableDnsSupport' }))).toBe('InvalidVpcID.NotFound');
  });

  it('refuses to delete a VPC with a vSwitch (reason dependency) in both dialects, then deletes it once empty', async () => {
    const { Vpc } = await sandbox.ec2<{ Vpc: Ec2Vpc }>('CreateVpc', { CidrBlock: '10.2.0.0/16' });
    const { Subnet } = await sandbox.ec2<{ Subnet: Ec2Subnet }>('CreateSubnet', { VpcId: Vpc.VpcId, CidrBlock: '10.2.1.0/24' });
    expect(await refused(() => sandbox.ec2('DeleteVpc', { VpcId: Vpc.VpcId }))).toBe('DependencyViolation');
    expect(await refused(() => sandbox.ecs('DeleteVpc', { VpcId: Vpc.VpcId }))).toBe('DependencyViolation.VSwitch');
    await sandbox.ecs('DeleteVSwitch', { VSwitchId: Subnet.SubnetId });
    await sandbox.ec2('DeleteVpc', { VpcId: Vpc.VpcId });
    expect(await refused(() => sandbox.ec2('DescribeVpcs', { 'VpcId.1': Vpc.VpcId }))).toBe('InvalidVpcID.NotFound');
    expect(await ecsVpcs({ VpcId: Vpc.VpcId })).toEqual([]);
  });

  it("answers DescribeAccountAttributes default-vpc from the VPC query: the default VPC's id, then none once it is deleted", async () => {
    const attribute = async () =>
      (
        await sandbox.ec2<{ AccountAttributes: { AttributeValues: { AttributeValue: string }[] }[] }>('DescribeAccountAttributes', {
          'AttributeName.1': 'default-vpc',
        })
      ).AccountAttributes[0]!.AttributeValues[0]!.AttributeValue;
    const [original] = await ec2Vpcs({ 'Filter.1.Name': 'is-default', 'Filter.1.Value.1': 'true' });
    expect(await attribute()).toBe(original!.VpcId);
    const subnets = (
      await sandbox.ec2<{ Subnets: { SubnetId: string }[] }>('DescribeSubnets', { 'Filter.1.Name': 'vpc-id', 'Filter.1.Value.1': original!.VpcId })
    ).Subnets;
    for (const s of subnets) await sandbox.ec2('DeleteSubnet', { SubnetId: s.SubnetId });
    await sandbox.ec2('DeleteVpc', { VpcId: original!.VpcId });
    expect(await attribute()).toBe('none');
  });

  it('pages EC2 DescribeVpcs through the query: filters before paging, every VPC once, the token gone on the last page', async () => {
    const made: string[] = [];
    for (let i = 0; i < 7; i++) made.push((await sandbox.ec2<{ Vpc: Ec2Vpc }>('CreateVpc', { CidrBlock: `10.${i}.0.0/16` })).Vpc.VpcId);
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const out = await sandbox.ec2<{ Vpcs: Ec2Vpc[]; NextToken?: string }>('DescribeVpcs', {
        'Filter.1.Name': 'is-default',
        'Filter.1.Value.1': 'false',
        MaxResults: '5',
        ...(token ? { NextToken: token } : {}),
      });
      seen.push(...out.Vpcs.map((v) => v.VpcId));
      token = out.NextToken;
      pages++;
    } while (token);
    expect(pages).toBe(2);
    expect(seen).toEqual([...made].sort());
  });
});

describe('vSwitch operations, both dialects', () => {
  let sandbox: MemorySandbox;
  beforeEach(async () => {
    sandbox = await MemorySandbox.withAccount();
  });
  const ec2Subnets = async (params: Record<string, string> = {}) => (await sandbox.ec2<{ Subnets: Ec2Subnet[] }>('DescribeSubnets', params)).Subnets;
  const refused = async (call: () => Promise<unknown>) => {
    const before = sandbox.store.dump();
    const error = await errorOf(call());
    expect(sandbox.store.dump()).toEqual(before);
    return error.code;
  };

  it('takes an EC2 subnet in a VPC the VPC API still shows Pending, where CreateVSwitch is refused (reason vpcStatus)', async () => {
    const { VpcId } = await sandbox.ecs<{ VpcId: string }>('CreateVpc', { CidrBlock: '10.3.0.0/16' });
    expect(await refused(() => sandbox.ecs('CreateVSwitch', { VpcId, ZoneId: 'cn-hangzhou-e', CidrBlock: '10.3.1.0/24' }))).toBe('IncorrectVpcStatus');
    const { Subnet } = await sandbox.ec2<{ Subnet: Ec2Subnet }>('CreateSubnet', { VpcId, CidrBlock: '10.3.1.0/24', AvailabilityZone: 'cn-hangzhou-i' });
    expect(Subnet).toMatchObject({ VpcId, State: 'pending', CidrBlock: '10.3.1.0/24', AvailabilityZone: 'cn-hangzhou-i', DefaultForAz: false });
    const ecs = await sandbox.ecs<{ VSwitches: { VSwitch: EcsVSwitch[] } }>('DescribeVSwitches', { VpcId });
    expect(ecs.VSwitches.VSwitch).toEqual([
      expect.objectContaining({ VSwitchId: Subnet.SubnetId, Status: 'Available', RouteTable: expect.objectContaining({ RouteTableType: 'System' }) }),
    ]);
    const vpc = (await sandbox.ecs<{ Vpcs: { Vpc: EcsVpc[] } }>('DescribeVpcs', { VpcId })).Vpcs.Vpc[0]!;
    expect(vpc.VSwitchIds.VSwitchId).toEqual([Subnet.SubnetId]);
  });

  it("checks each cloud's vSwitch blocks: overlap (vSwitchCidrOverlap), /29 (vSwitchCidrInvalid), an unknown zone (zoneNotFound), an unknown VPC", async () => {
    const { Vpc } = await sandbox.ec2<{ Vpc: Ec2Vpc }>('CreateVpc', { CidrBlock: '10.4.0.0/16' });
    await sandbox.ec2('CreateSubnet', { VpcId: Vpc.VpcId, CidrBlock: '10.4.1.0/24', AvailabilityZone: 'cn-hangzhou-e' });
    expect(await refused(() => sandbox.ec2('CreateSubnet', { VpcId: Vpc.VpcId, CidrBlock: '10.4.1.0/25', AvailabilityZone: 'cn-hangzhou-e' }))).toBe(
      'InvalidSubnet.Conflict',
    );
    expect(await refused(() => sandbox.ecs('CreateVSwitch', { VpcId: Vpc.VpcId, ZoneId: 'cn-hangzhou-e', CidrBlock: '10.4.1.0/25' }))).toBe(
      'InvalidCidrBlock.Overlapped',
    );
    expect(await refused(() => sandbox.ec2('CreateSubnet', { VpcId: Vpc.VpcId, CidrBlock: '10.4.2.0/29', AvailabilityZone: 'cn-hangzhou-e' }))).toBe(
      'InvalidSubnet.Range',
    );
    expect(await refused(() => sandbox.ec2('CreateSubnet', { VpcId: Vpc.VpcId, CidrBlock: '10.9.0.0/24', AvailabilityZone: 'cn-hangzhou-e' }))).toBe(
      'InvalidSubnet.Range',
    );
    await sandbox.ecs('CreateVSwitch', { VpcId: Vpc.VpcId, ZoneId: 'cn-hangzhou-e', CidrBlock: '10.4.2.0/29' });
    expect(await refused(() => sandbox.ec2('CreateSubnet', { VpcId: Vpc.VpcId, CidrBlock: '10.4.3.0/24', AvailabilityZone: 'cn-nowhere-z' }))).toBe(
      'InvalidParameterValue',
    );
    expect(await refused(() => sandbox.ecs('CreateVSwitch', { VpcId: Vpc.VpcId, ZoneId: 'cn-nowhere-z', CidrBlock: '10.4.3.0/24' }))).toBe(
      'InvalidZoneId.NotFound',
    );
    expect(await refused(() => sandbox.ec2('CreateSubnet', { VpcId: 'vpc-nothere', CidrBlock: '10.4.3.0/24' }))).toBe('InvalidVpcID.NotFound');
  });

  it('modifies map-public-IP through EC2; an unknown subnet is not found in each dialect (reason vSwitchNotFound)', async () => {
    const { Vpc } = await sandbox.ec2<{ Vpc: Ec2Vpc }>('CreateVpc', { CidrBlock: '10.5.0.0/16' });
    const { Subnet } = await sandbox.ec2<{ Subnet: Ec2Subnet }>('CreateSubnet', { VpcId: Vpc.VpcId, CidrBlock: '10.5.1.0/24' });
    expect(Subnet.MapPublicIpOnLaunch).toBe(false);
    await sandbox.ec2('ModifySubnetAttribute', { SubnetId: Subnet.SubnetId, 'MapPublicIpOnLaunch.Value': 'true' });
    expect(
      (
        await ec2Subnets({ 'Filter.1.Name': 'map-public-ip-on-launch', 'Filter.1.Value.1': 'true', 'Filter.2.Name': 'vpc-id', 'Filter.2.Value.1': Vpc.VpcId })
      ).map((s) => s.SubnetId),
    ).toEqual([Subnet.SubnetId]);
    expect(await refused(() => sandbox.ec2('ModifySubnetAttribute', { SubnetId: 'subnet-nothere', 'MapPublicIpOnLaunch.Value': 'true' }))).toBe(
      'InvalidSubnetID.NotFound',
    );
    expect(await refused(() => sandbox.ecs('ModifyVSwitchAttribute', { VSwitchId: 'vsw-nothere', VSwitchName: 'x' }))).toBe('InvalidVSwitchId.NotFound');
    expect(await refused(() => sandbox.ec2('DescribeSubnets', { 'SubnetId.1': Subnet.SubnetId, 'SubnetId.2': 'subnet-nothere' }))).toBe(
      'InvalidSubnetID.NotFound',
    );
  });

  it('refuses to delete a subnet with an instance (reason dependency) in both dialects', async () => {
    const { instanceId } = await sandbox.launchOne();
    const instance = await sandbox.ec2<{ Reservations: { Instances: { SubnetId: string }[] }[] }>('DescribeInstances', { 'InstanceId.1': instanceId });
    const subnetId = instance.Reservations[0]!.Instances[0]!.SubnetId;
    expect(await refused(() => sandbox.ec2('DeleteSubnet', { SubnetId: subnetId }))).toBe('DependencyViolation');
    expect(await refused(() => sandbox.ecs('DeleteVSwitch', { VSwitchId: subnetId }))).toBe('DependencyViolation.Instance');
    expect(await refused(() => sandbox.ec2('DeleteSubnet', { SubnetId: 'subnet-nothere' }))).toBe('InvalidSubnetID.NotFound');
  });

  it('brings a deleted default subnet back in the first free /20 of the default VPC, once per zone; none without the default VPC', async () => {
    const defaults = await ec2Subnets({ 'Filter.1.Name': 'default-for-az', 'Filter.1.Value.1': 'true' });
    expect(defaults.map((s) => s.CidrBlock)).toEqual(expect.arrayContaining(['172.31.0.0/20', '172.31.16.0/20', '172.31.32.0/20']));
    const first = defaults.find((s) => s.CidrBlock === '172.31.0.0/20')!;
    expect(await refused(() => sandbox.ec2('CreateDefaultSubnet', { AvailabilityZone: first.AvailabilityZone }))).toBe(
      'DefaultSubnetAlreadyExistsInAvailabilityZone',
    );
    await sandbox.ec2('DeleteSubnet', { SubnetId: first.SubnetId });
    const { Subnet } = await sandbox.ec2<{ Subnet: Ec2Subnet }>('CreateDefaultSubnet', { AvailabilityZone: first.AvailabilityZone });
    expect(Subnet).toMatchObject({ CidrBlock: '172.31.0.0/20', DefaultForAz: true, MapPublicIpOnLaunch: true, State: 'available', VpcId: first.VpcId });
    expect(Subnet.SubnetId).not.toBe(first.SubnetId);

    for (const s of await ec2Subnets({ 'Filter.1.Name': 'vpc-id', 'Filter.1.Value.1': first.VpcId }))
      await sandbox.ec2('DeleteSubnet', { SubnetId: s.SubnetId });
    await sandbox.ec2('DeleteVpc', { VpcId: first.VpcId });
    expect(await refused(() => sandbox.ec2('CreateDefaultSubnet', { AvailabilityZone: first.AvailabilityZone }))).toBe('DefaultVpcDoesNotExist');
  });

  it('pages EC2 DescribeSubnets: a vpc-id filter applied before paging, five then one', async () => {
    const { Vpc } = await sandbox.ec2<{ Vpc: Ec2Vpc }>('CreateVpc', { CidrBlock: '10.6.0.0/16' });
    const made: string[] = [];
    for (let i = 0; i < 6; i++)
      made.push((await sandbox.ec2<{ Subnet: Ec2Subnet }>('CreateSubnet', { VpcId: Vpc.VpcId, CidrBlock: `10.6.${i}.0/24` })).Subnet.SubnetId);
    const filter = { 'Filter.1.Name': 'vpc-id', 'Filter.1.Value.1': Vpc.VpcId, MaxResults: '5' };
    const first = await sandbox.ec2<{ Subnets: Ec2Subnet[]; NextToken?: string }>('DescribeSubnets', filter);
    expect(first.Subnets).toHaveLength(5);
    const second = await sandbox.ec2<{ Subnets: Ec2Subnet[]; NextToken?: string }>('DescribeSubnets', { ...filter, NextToken: first.NextToken! });
    expect(second.NextToken).toBeUndefined();
    expect([...first.Subnets, ...second.Subnets].map((s) => s.SubnetId)).toEqual([...made].sort());
  });
});
