import {
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  CreateDefaultSubnetCommand,
  CreateDefaultVpcCommand,
  CreateInternetGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DeleteInternetGatewayCommand,
  DeleteRouteCommand,
  DeleteRouteTableCommand,
  DeleteSecurityGroupCommand,
  DeleteSubnetCommand,
  DeleteVpcCommand,
  DescribeAccountAttributesCommand,
  DescribeAvailabilityZonesCommand,
  DescribeDhcpOptionsCommand,
  DescribeInstancesCommand,
  DescribeInternetGatewaysCommand,
  DescribeNetworkAclsCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcsCommand,
  DetachInternetGatewayCommand,
  DisassociateRouteTableCommand,
  ModifySubnetAttributeCommand,
  ModifyVpcAttributeCommand,
  ReplaceRouteCommand,
  RunInstancesCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import { beforeAll, describe, expect, it } from 'vitest';
import { advanceClock, ec2Error, newEc2Account, type Ec2Account } from '../support/ec2';
import { Vpc, vpcClient } from '../support/vpc-client';
import { sandbox } from '../support/sandbox';

/**
 * The EC2 network actions with @aws-sdk/client-ec2 (only the endpoint changed): VPCs, subnets,
 * internet gateways, route tables, ACLs, DHCP options, account attributes; instances launched
 * into a subnet; and one network seen from both dialects.
 */
const AMI = 'ami-0a2f7c3e9d14b5601';
let a: Ec2Account;

beforeAll(async () => {
  a = await newEc2Account();
});

describe('EC2 network actions with @aws-sdk/client-ec2', () => {
  it('answers account attributes, AWS-style zone ids and the default VPC by its older filter name', async () => {
    const attrs = await a.ec2.send(new DescribeAccountAttributesCommand({}));
    const byName = Object.fromEntries(attrs.AccountAttributes!.map((x) => [x.AttributeName, x.AttributeValues!.map((v) => v.AttributeValue)]));
    const vpcs = await a.ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'isDefault', Values: ['true'] }] }));
    expect(vpcs.Vpcs!.length).toBe(1);
    expect(byName['default-vpc']).toEqual([vpcs.Vpcs![0]!.VpcId]);
    expect(byName['supported-platforms']).toEqual(['VPC']);
    expect(byName['max-instances']).toEqual(['10']);
    expect(byName['vpc-max-security-groups-per-interface']).toEqual(['5']);
    const bad = await ec2Error(a.ec2.send(new DescribeAccountAttributesCommand({ AttributeNames: ['nope' as never] })));
    expect(bad.name).toBe('InvalidParameterValue');

    const zones = (await a.ec2.send(new DescribeAvailabilityZonesCommand({}))).AvailabilityZones!;
    expect(zones.map((z) => z.ZoneId)).toEqual(['cnhz-az1', 'cnhz-az2', 'cnhz-az3']);
    const subnets = await a.ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'availability-zone-id', Values: ['cnhz-az2'] }] }));
    expect(subnets.Subnets).toEqual([
      expect.objectContaining({
        AvailabilityZone: zones[1]!.ZoneName,
        AvailabilityZoneId: 'cnhz-az2',
        DefaultForAz: true,
        MapPublicIpOnLaunch: true,
        AvailableIpAddressCount: 4089,
      }),
    ]);
  });

  it('builds a VPC, subnet, gateway and routes, launches into it, and tears it all down', async () => {
    const vpc = (
      await a.ec2.send(new CreateVpcCommand({ CidrBlock: '10.20.0.0/16', TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'Name', Value: 'e2e' }] }] }))
    ).Vpc!;
    expect(vpc).toMatchObject({ State: 'pending', CidrBlock: '10.20.0.0/16', IsDefault: false, Tags: [{ Key: 'Name', Value: 'e2e' }] });
    const vpcId = vpc.VpcId!;
    expect((await a.ec2.send(new DescribeVpcsCommand({ VpcIds: [vpcId] }))).Vpcs![0]!.State).toBe('available');
    // DNS attributes, one at a time.
    expect((await a.ec2.send(new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute: 'enableDnsHostnames' }))).EnableDnsHostnames).toEqual({ Value: false });
    await a.ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsHostnames: { Value: true } }));
    expect((await a.ec2.send(new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute: 'enableDnsHostnames' }))).EnableDnsHostnames).toEqual({ Value: true });
    // EC2 gives a new VPC its default security group.
    const groups = await a.ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }));
    expect(groups.SecurityGroups!.map((g) => g.GroupName)).toEqual(['default']);

    for (const [cidr, code] of [
      ['10.21.0.0/24', 'InvalidSubnet.Range'],
      ['10.20.0.0/29', 'InvalidSubnet.Range'],
    ] as const) {
      expect((await ec2Error(a.ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: cidr })))).name).toBe(code);
    }
    expect((await ec2Error(a.ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/8' })))).name).toBe('InvalidVpc.Range');
    const subnet = (await a.ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.20.1.0/28', AvailabilityZoneId: 'cnhz-az1' }))).Subnet!;
    expect(subnet.SubnetId).toMatch(/^subnet-/);
    expect(subnet).toMatchObject({ VpcId: vpcId, AvailabilityZoneId: 'cnhz-az1', DefaultForAz: false, MapPublicIpOnLaunch: false, AvailableIpAddressCount: 9 });
    expect((await ec2Error(a.ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.20.1.0/24' })))).name).toBe('InvalidSubnet.Conflict');
    expect((await ec2Error(a.ec2.send(new CreateSubnetCommand({ VpcId: 'vpc-missing', CidrBlock: '10.20.2.0/24' })))).name).toBe('InvalidVpcID.NotFound');
    await a.ec2.send(new ModifySubnetAttributeCommand({ SubnetId: subnet.SubnetId!, MapPublicIpOnLaunch: { Value: true } }));

    const igw = (await a.ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!;
    expect(igw).toMatchObject({ Attachments: [] });
    await a.ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw.InternetGatewayId!, VpcId: vpcId }));
    const attached = await a.ec2.send(new DescribeInternetGatewaysCommand({ Filters: [{ Name: 'attachment.vpc-id', Values: [vpcId] }] }));
    expect(attached.InternetGateways![0]!.Attachments).toEqual([{ State: 'available', VpcId: vpcId }]);

    const rtb = (await a.ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable!;
    expect(rtb.RouteTableId).toMatch(/^rtb-/);
    expect(rtb.Routes).toEqual([expect.objectContaining({ DestinationCidrBlock: '10.20.0.0/16', GatewayId: 'local', State: 'active' })]);
    await a.ec2.send(new CreateRouteCommand({ RouteTableId: rtb.RouteTableId!, DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw.InternetGatewayId! }));
    expect(
      (
        await ec2Error(
          a.ec2.send(new CreateRouteCommand({ RouteTableId: rtb.RouteTableId!, DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw.InternetGatewayId! })),
        )
      ).name,
    ).toBe('RouteAlreadyExists');
    const assoc = await a.ec2.send(new AssociateRouteTableCommand({ RouteTableId: rtb.RouteTableId!, SubnetId: subnet.SubnetId! }));
    expect(assoc.AssociationId).toMatch(/^rtbassoc-/);
    const main = await a.ec2.send(
      new DescribeRouteTablesCommand({
        Filters: [
          { Name: 'vpc-id', Values: [vpcId] },
          { Name: 'association.main', Values: ['true'] },
        ],
      }),
    );
    expect(main.RouteTables!.length).toBe(1);
    const custom = (await a.ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [rtb.RouteTableId!] }))).RouteTables![0]!;
    expect(custom.Associations).toEqual([expect.objectContaining({ SubnetId: subnet.SubnetId, Main: false, RouteTableAssociationId: assoc.AssociationId })]);
    expect(custom.Routes!.map((r) => [r.DestinationCidrBlock, r.GatewayId])).toEqual([
      ['10.20.0.0/16', 'local'],
      ['0.0.0.0/0', igw.InternetGatewayId],
    ]);
    const acls = await a.ec2.send(
      new DescribeNetworkAclsCommand({
        Filters: [
          { Name: 'vpc-id', Values: [vpcId] },
          { Name: 'default', Values: ['true'] },
        ],
      }),
    );
    expect(acls.NetworkAcls![0]!.Associations!.map((x) => x.SubnetId)).toEqual([subnet.SubnetId]);
    expect((await a.ec2.send(new DescribeDhcpOptionsCommand({}))).DhcpOptions![0]!.DhcpOptionsId).toBe(vpc.DhcpOptionsId);

    // Instances into the subnet: its VPC, subnet and an address from its block; a full subnet refuses.
    const sg = await a.ec2.send(new CreateSecurityGroupCommand({ GroupName: 'web', Description: 'web', VpcId: vpcId }));
    const launched = await a.ec2.send(
      new RunInstancesCommand({ ImageId: AMI, InstanceType: 't2.micro', MinCount: 3, MaxCount: 3, SubnetId: subnet.SubnetId, SecurityGroupIds: [sg.GroupId!] }),
    );
    const ids = launched.Instances!.map((i) => i.InstanceId!);
    const described = (await a.ec2.send(new DescribeInstancesCommand({ InstanceIds: ids }))).Reservations!.flatMap((r) => r.Instances!);
    expect(described.every((i) => i.SubnetId === subnet.SubnetId && i.VpcId === vpcId && /^10\.20\.1\.\d+$/.test(i.PrivateIpAddress!))).toBe(true);
    expect(new Set(described.map((i) => i.PrivateIpAddress)).size).toBe(3);
    expect(described.every((i) => i.PublicIpAddress)).toBe(true);
    const full = await ec2Error(
      a.ec2.send(
        new RunInstancesCommand({
          ImageId: AMI,
          InstanceType: 't2.micro',
          MinCount: 7,
          MaxCount: 7,
          SubnetId: subnet.SubnetId,
          SecurityGroupIds: [sg.GroupId!],
        }),
      ),
    );
    expect(full.name).toBe('InsufficientFreeAddressesInSubnet');
    expect((await a.ec2.send(new DescribeSubnetsCommand({ SubnetIds: [subnet.SubnetId!] }))).Subnets![0]!.AvailableIpAddressCount).toBe(6);
    // A group from another VPC cannot go with this subnet.
    const elsewhere = await a.ec2.send(new CreateSecurityGroupCommand({ GroupName: 'in-default-vpc', Description: 'elsewhere' }));
    const other = await ec2Error(
      a.ec2.send(
        new RunInstancesCommand({
          ImageId: AMI,
          InstanceType: 't2.micro',
          MinCount: 1,
          MaxCount: 1,
          SubnetId: subnet.SubnetId,
          SecurityGroupIds: [elsewhere.GroupId!],
        }),
      ),
    );
    expect(other.name).toBe('InvalidParameterValue');

    expect((await ec2Error(a.ec2.send(new DeleteSubnetCommand({ SubnetId: subnet.SubnetId! })))).name).toBe('DependencyViolation');
    expect((await ec2Error(a.ec2.send(new DeleteVpcCommand({ VpcId: vpcId })))).name).toBe('DependencyViolation');
    expect((await ec2Error(a.ec2.send(new DeleteInternetGatewayCommand({ InternetGatewayId: igw.InternetGatewayId! })))).name).toBe('DependencyViolation');

    // Teardown, in the order tools use.
    // Past Pending and Starting (an instance is terminated once it has left Pending).
    await advanceClock(30);
    await a.ec2.send(new TerminateInstancesCommand({ InstanceIds: ids }));
    await a.ec2.send(new DisassociateRouteTableCommand({ AssociationId: assoc.AssociationId! }));
    await a.ec2.send(new DeleteRouteCommand({ RouteTableId: rtb.RouteTableId!, DestinationCidrBlock: '0.0.0.0/0' }));
    expect((await ec2Error(a.ec2.send(new DeleteRouteCommand({ RouteTableId: rtb.RouteTableId!, DestinationCidrBlock: '0.0.0.0/0' })))).name).toBe(
      'InvalidRoute.NotFound',
    );
    await a.ec2.send(new DeleteRouteTableCommand({ RouteTableId: rtb.RouteTableId! }));
    await a.ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: igw.InternetGatewayId!, VpcId: vpcId }));
    await a.ec2.send(new DeleteInternetGatewayCommand({ InternetGatewayId: igw.InternetGatewayId! }));
    await a.ec2.send(new DeleteSubnetCommand({ SubnetId: subnet.SubnetId! }));
    await a.ec2.send(new DeleteSecurityGroupCommand({ GroupId: sg.GroupId! }));
    await a.ec2.send(new DeleteVpcCommand({ VpcId: vpcId }));
    expect((await ec2Error(a.ec2.send(new DescribeVpcsCommand({ VpcIds: [vpcId] })))).name).toBe('InvalidVpcID.NotFound');
  });

  it('replaces a route to an instance and refuses a route to a gateway of another VPC', async () => {
    const vpcId = (await a.ec2.send(new CreateVpcCommand({ CidrBlock: '10.30.0.0/16' }))).Vpc!.VpcId!;
    const subnetId = (await a.ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.30.0.0/24' }))).Subnet!.SubnetId!;
    const [i1, i2] = (
      await a.ec2.send(new RunInstancesCommand({ ImageId: AMI, InstanceType: 't2.micro', MinCount: 2, MaxCount: 2, SubnetId: subnetId }))
    ).Instances!.map((i) => i.InstanceId!);
    const rtbId = (await a.ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }))).RouteTables![0]!.RouteTableId!;
    await a.ec2.send(new CreateRouteCommand({ RouteTableId: rtbId, DestinationCidrBlock: '192.168.0.0/16', InstanceId: i1 }));
    await a.ec2.send(new ReplaceRouteCommand({ RouteTableId: rtbId, DestinationCidrBlock: '192.168.0.0/16', InstanceId: i2 }));
    const routes = (await a.ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [rtbId] }))).RouteTables![0]!.Routes!;
    expect(routes.find((r) => r.DestinationCidrBlock === '192.168.0.0/16')!.InstanceId).toBe(i2);
    const igw = (await a.ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
    const cross = await ec2Error(a.ec2.send(new CreateRouteCommand({ RouteTableId: rtbId, DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw })));
    expect(cross.name).toBe('InvalidParameterValue');
    expect((await ec2Error(a.ec2.send(new DeleteRouteTableCommand({ RouteTableId: rtbId })))).name).toBe('DependencyViolation');
  });

  it('sees one network from both dialects: a VPC made by the VPC SDK in EC2, a subnet made by EC2 in the VPC SDK', async () => {
    const vpcSdk = vpcClient(sandbox().endpoint, a);
    const { vpcId } = (await vpcSdk.createVpc(new Vpc.CreateVpcRequest({ regionId: 'cn-hangzhou', cidrBlock: '172.20.0.0/16', vpcName: 'shared' }))).body!;
    const seen = (await a.ec2.send(new DescribeVpcsCommand({ VpcIds: [vpcId!] }))).Vpcs![0]!;
    expect(seen).toMatchObject({ VpcId: vpcId, CidrBlock: '172.20.0.0/16', State: 'pending' });
    await advanceClock(21);
    const subnetId = (await a.ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '172.20.5.0/24', AvailabilityZone: 'cn-hangzhou-j' }))).Subnet!
      .SubnetId!;
    const inVpcApi = (await vpcSdk.describeVSwitches(new Vpc.DescribeVSwitchesRequest({ regionId: 'cn-hangzhou', vpcId }))).body!.vSwitches!.vSwitch!;
    expect(inVpcApi).toEqual([expect.objectContaining({ vSwitchId: subnetId, cidrBlock: '172.20.5.0/24', zoneId: 'cn-hangzhou-j', status: 'Available' })]);
  });

  it('deletes the default VPC (after its subnets) and CreateDefaultVpc brings it back with its subnets', async () => {
    const b = await newEc2Account();
    const subnets = (await b.ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'defaultForAz', Values: ['true'] }] }))).Subnets!;
    const vpcId = subnets[0]!.VpcId!;
    expect((await ec2Error(b.ec2.send(new DeleteVpcCommand({ VpcId: vpcId })))).name).toBe('DependencyViolation');
    for (const s of subnets) await b.ec2.send(new DeleteSubnetCommand({ SubnetId: s.SubnetId! }));
    await b.ec2.send(new DeleteVpcCommand({ VpcId: vpcId }));
    expect((await b.ec2.send(new DescribeVpcsCommand({}))).Vpcs).toEqual([]);
    const noDefault = await ec2Error(b.ec2.send(new RunInstancesCommand({ ImageId: AMI, InstanceType: 't2.micro', MinCount: 1, MaxCount: 1 })));
    expect(noDefault.name).toBe('VPCIdNotSpecified');
    const attrs = await b.ec2.send(new DescribeAccountAttributesCommand({ AttributeNames: ['default-vpc'] }));
    expect(attrs.AccountAttributes![0]!.AttributeValues).toEqual([{ AttributeValue: 'none' }]);
    const back = (await b.ec2.send(new CreateDefaultVpcCommand({}))).Vpc!;
    expect(back).toMatchObject({ IsDefault: true, CidrBlock: '172.31.0.0/16' });
    expect((await ec2Error(b.ec2.send(new CreateDefaultVpcCommand({})))).name).toBe('DefaultVpcAlreadyExists');
    expect((await b.ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [back.VpcId!] }] }))).Subnets!.length).toBe(3);
    const existing = await ec2Error(b.ec2.send(new CreateDefaultSubnetCommand({ AvailabilityZone: 'cn-hangzhou-e' })));
    expect(existing.name).toBe('DefaultSubnetAlreadyExistsInAvailabilityZone');
    const run = await b.ec2.send(new RunInstancesCommand({ ImageId: AMI, InstanceType: 't2.micro', MinCount: 1, MaxCount: 1 }));
    expect(run.Instances![0]!.VpcId).toBe(back.VpcId);
  });
});
