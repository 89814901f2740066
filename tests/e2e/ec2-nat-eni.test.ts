import {
  AllocateAddressCommand,
  AssociateDhcpOptionsCommand,
  CreateDhcpOptionsCommand,
  DeleteDhcpOptionsCommand,
  DescribeDhcpOptionsCommand,
  DescribeInstancesCommand,
  DescribeVpcsCommand,
  AttachInternetGatewayCommand,
  AttachNetworkInterfaceCommand,
  CreateInternetGatewayCommand,
  CreateNatGatewayCommand,
  CreateNetworkInterfaceCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DeleteNatGatewayCommand,
  DeleteNetworkInterfaceCommand,
  DescribeAddressesCommand,
  DescribeNatGatewaysCommand,
  DescribeNetworkInterfacesCommand,
  DescribeRouteTablesCommand,
  DescribeSubnetsCommand,
  DetachNetworkInterfaceCommand,
  ModifyNetworkInterfaceAttributeCommand,
  RunInstancesCommand,
  DeleteSubnetCommand,
  TerminateInstancesCommand,
  waitUntilInstanceRunning,
} from '@aws-sdk/client-ec2';
import { beforeAll, describe, expect, it } from 'vitest';
import { advanceClock, ec2Error, newEc2Account, type Ec2Account } from '../support/ec2';
import { Ecs, sdkError } from '../support/ecs-client';
import { sandbox } from '../support/sandbox';
import { Vpc, vpcClient } from '../support/vpc-client';

/**
 * EC2 NAT gateways and network interfaces with @aws-sdk/client-ec2 (only the endpoint changed):
 * a NAT gateway pending → available with its Elastic IP, failed without an internet gateway,
 * deleting → deleted; a network interface created, attached within the instance type's limit
 * (AttachmentLimitExceeded), detached by its attachment id, modified and deleted; the same
 * interfaces seen through ECS; DHCP option sets created, associated and deleted.
 */
const AMI = 'ami-0a2f7c3e9d14b5601';
let a: Ec2Account;

beforeAll(async () => {
  a = await newEc2Account();
});

async function network(cidr: string, withGateway: boolean) {
  const vpcId = (await a.ec2.send(new CreateVpcCommand({ CidrBlock: `${cidr}.0.0/16` }))).Vpc!.VpcId!;
  const subnetId = (await a.ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: `${cidr}.1.0/24`, AvailabilityZoneId: 'cnhz-az1' }))).Subnet!.SubnetId!;
  if (withGateway) {
    const igw = (await a.ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
    await a.ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpcId }));
  }
  return { vpcId, subnetId };
}

const natOf = async (id: string) => (await a.ec2.send(new DescribeNatGatewaysCommand({ NatGatewayIds: [id] }))).NatGateways![0]!;

describe('EC2 NAT gateways with @aws-sdk/client-ec2', () => {
  it('creates a public gateway pending then available with its Elastic IP, and deletes it', async () => {
    const { vpcId, subnetId } = await network('10.40', true);
    const eip = await a.ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
    expect((await ec2Error(a.ec2.send(new CreateNatGatewayCommand({ SubnetId: subnetId })))).name).toBe('MissingParameter');
    expect((await ec2Error(a.ec2.send(new CreateNatGatewayCommand({ SubnetId: 'subnet-missing', AllocationId: eip.AllocationId })))).name).toBe(
      'InvalidSubnetID.NotFound',
    );

    const created = (
      await a.ec2.send(
        new CreateNatGatewayCommand({
          SubnetId: subnetId,
          AllocationId: eip.AllocationId,
          TagSpecifications: [{ ResourceType: 'natgateway', Tags: [{ Key: 'Name', Value: 'egress' }] }],
        }),
      )
    ).NatGateway!;
    expect(created.NatGatewayId).toMatch(/^nat-/);
    expect(created).toMatchObject({ State: 'pending', VpcId: vpcId, SubnetId: subnetId, ConnectivityType: 'public', Tags: [{ Key: 'Name', Value: 'egress' }] });
    expect(created.NatGatewayAddresses![0]).toMatchObject({ AllocationId: eip.AllocationId, PublicIp: eip.PublicIp, IsPrimary: true });
    expect(created.NatGatewayAddresses![0]!.PrivateIp).toMatch(/^10\.40\.1\.\d+$/);
    expect((await a.ec2.send(new DescribeSubnetsCommand({ SubnetIds: [subnetId] }))).Subnets![0]!.AvailableIpAddressCount).toBe(248);
    // A subnet holding a NAT gateway is not deleted: EC2 and the VPC API both say DependencyViolation.
    expect((await ec2Error(a.ec2.send(new DeleteSubnetCommand({ SubnetId: subnetId })))).name).toBe('DependencyViolation');
    const vpcApi = vpcClient(sandbox().endpoint, a);
    expect((await sdkError(vpcApi.deleteVSwitch(new Vpc.DeleteVSwitchRequest({ regionId: 'cn-hangzhou', vSwitchId: subnetId })))).code).toBe(
      'DependencyViolation',
    );
    await advanceClock(6);
    expect((await natOf(created.NatGatewayId!)).State).toBe('available');
    const byFilter = await a.ec2.send(
      new DescribeNatGatewaysCommand({
        Filter: [
          { Name: 'vpc-id', Values: [vpcId] },
          { Name: 'state', Values: ['available'] },
        ],
      }),
    );
    expect(byFilter.NatGateways!.map((n) => n.NatGatewayId)).toEqual([created.NatGatewayId]);
    // The Elastic IP is the gateway's: a second gateway with it fails (after pending), as on AWS.
    const second = (await a.ec2.send(new CreateNatGatewayCommand({ SubnetId: subnetId, AllocationId: eip.AllocationId }))).NatGateway!;
    expect(second.State).toBe('pending');

    const rtb = (await a.ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable!.RouteTableId!;
    await a.ec2.send(new CreateRouteCommand({ RouteTableId: rtb, DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: created.NatGatewayId! }));
    const natRoute = async () =>
      (await a.ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [rtb] }))).RouteTables![0]!.Routes!.find((r) => r.NatGatewayId)!;
    expect(await natRoute()).toMatchObject({ NatGatewayId: created.NatGatewayId, State: 'active' });

    await a.ec2.send(new DeleteNatGatewayCommand({ NatGatewayId: created.NatGatewayId! }));
    expect((await natOf(created.NatGatewayId!)).State).toBe('deleting');
    await advanceClock(6);
    expect(await natOf(second.NatGatewayId!)).toMatchObject({ State: 'failed', FailureCode: 'Resource.AlreadyAssociated' });
    const deleted = await natOf(created.NatGatewayId!);
    expect(deleted.State).toBe('deleted');
    expect(deleted.DeleteTime).toBeInstanceOf(Date);
    // The route to it stays, as a blackhole.
    expect((await natRoute()).State).toBe('blackhole');
    // The address and the Elastic IP are free again.
    expect((await a.ec2.send(new DescribeSubnetsCommand({ SubnetIds: [subnetId] }))).Subnets![0]!.AvailableIpAddressCount).toBe(249);
    expect((await a.ec2.send(new DescribeAddressesCommand({ AllocationIds: [eip.AllocationId!] }))).Addresses![0]!.AssociationId).toBeUndefined();
    expect((await ec2Error(a.ec2.send(new DescribeNatGatewaysCommand({ NatGatewayIds: ['nat-0123456789abcdef0'] })))).name).toBe('NatGatewayNotFound');
  });

  it('fails a public gateway whose VPC has no internet gateway; a private one needs none', async () => {
    const { subnetId } = await network('10.41', false);
    const eip = await a.ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
    const failing = (await a.ec2.send(new CreateNatGatewayCommand({ SubnetId: subnetId, AllocationId: eip.AllocationId }))).NatGateway!;
    const priv = (await a.ec2.send(new CreateNatGatewayCommand({ SubnetId: subnetId, ConnectivityType: 'private' }))).NatGateway!;
    expect(priv.NatGatewayAddresses![0]!.AllocationId).toBeUndefined();
    await advanceClock(6);
    const failed = await natOf(failing.NatGatewayId!);
    expect(failed).toMatchObject({ State: 'failed', FailureCode: 'Gateway.NotAttached' });
    expect((await natOf(priv.NatGatewayId!)).State).toBe('available');
    expect((await a.ec2.send(new DescribeAddressesCommand({ AllocationIds: [eip.AllocationId!] }))).Addresses![0]!.AssociationId).toBeUndefined();
  });
});

describe('EC2 network interfaces with @aws-sdk/client-ec2', () => {
  it('creates, attaches within the type limit, detaches, modifies and deletes an interface', async () => {
    const { vpcId, subnetId } = await network('10.42', true);
    const eni = (
      await a.ec2.send(
        new CreateNetworkInterfaceCommand({
          SubnetId: subnetId,
          Description: 'data',
          PrivateIpAddress: '10.42.1.50',
          TagSpecifications: [{ ResourceType: 'network-interface', Tags: [{ Key: 'k', Value: 'v' }] }],
        }),
      )
    ).NetworkInterface!;
    expect(eni).toMatchObject({
      Status: 'available',
      SubnetId: subnetId,
      VpcId: vpcId,
      PrivateIpAddress: '10.42.1.50',
      AvailabilityZoneId: 'cnhz-az1',
      Description: 'data',
      InterfaceType: 'interface',
    });
    expect(eni.Groups!.map((g) => g.GroupName)).toEqual(['default']);
    expect(eni.TagSet).toEqual([{ Key: 'k', Value: 'v' }]);
    expect((await ec2Error(a.ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnetId, PrivateIpAddress: '10.42.1.50' })))).name).toBe(
      'InvalidIPAddress.InUse',
    );

    const [inst] = (await a.ec2.send(new RunInstancesCommand({ ImageId: AMI, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1, SubnetId: subnetId })))
      .Instances!;
    const instanceId = inst!.InstanceId!;
    await advanceClock(11);
    await waitUntilInstanceRunning({ client: a.ec2, maxWaitTime: 60, minDelay: 1, maxDelay: 2 }, { InstanceIds: [instanceId] });
    // The instance's primary interface is listed at device index 0, and never detached.
    const primary = (await a.ec2.send(new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'attachment.instance-id', Values: [instanceId] }] })))
      .NetworkInterfaces!;
    expect(primary).toEqual([
      expect.objectContaining({
        Status: 'in-use',
        PrivateIpAddress: inst!.PrivateIpAddress,
        Attachment: expect.objectContaining({ DeviceIndex: 0, InstanceId: instanceId }),
      }),
    ]);
    // The same interface DescribeInstances shows: id, MAC address and attachment id.
    const fromInstance = (await a.ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }))).Reservations![0]!.Instances![0]!
      .NetworkInterfaces![0]!;
    expect(primary[0]).toMatchObject({
      NetworkInterfaceId: fromInstance.NetworkInterfaceId,
      MacAddress: fromInstance.MacAddress,
      Attachment: expect.objectContaining({ AttachmentId: fromInstance.Attachment!.AttachmentId }),
    });
    expect((await ec2Error(a.ec2.send(new DetachNetworkInterfaceCommand({ AttachmentId: primary[0]!.Attachment!.AttachmentId! })))).name).toBe(
      'OperationNotPermitted',
    );

    expect(
      (await ec2Error(a.ec2.send(new AttachNetworkInterfaceCommand({ NetworkInterfaceId: eni.NetworkInterfaceId!, InstanceId: instanceId, DeviceIndex: 0 }))))
        .name,
    ).toBe('InvalidParameterValue');
    const attach = await a.ec2.send(new AttachNetworkInterfaceCommand({ NetworkInterfaceId: eni.NetworkInterfaceId!, InstanceId: instanceId, DeviceIndex: 1 }));
    expect(attach.AttachmentId).toMatch(/^eni-attach-/);
    const attached = (await a.ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [eni.NetworkInterfaceId!] }))).NetworkInterfaces![0]!;
    expect(attached).toMatchObject({
      Status: 'in-use',
      Attachment: { AttachmentId: attach.AttachmentId, DeviceIndex: 1, InstanceId: instanceId, Status: 'attached', DeleteOnTermination: false },
    });
    expect((await ec2Error(a.ec2.send(new DeleteNetworkInterfaceCommand({ NetworkInterfaceId: eni.NetworkInterfaceId! })))).name).toBe(
      'InvalidNetworkInterface.InUse',
    );

    // t3.micro takes 2 interfaces.
    const third = (await a.ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnetId }))).NetworkInterface!;
    const limit = await ec2Error(
      a.ec2.send(new AttachNetworkInterfaceCommand({ NetworkInterfaceId: third.NetworkInterfaceId!, InstanceId: instanceId, DeviceIndex: 2 })),
    );
    expect(limit.name).toBe('AttachmentLimitExceeded');

    // ECS sees the same interface under the same id.
    const ecs = await a.client.describeNetworkInterfaces(
      new Ecs.DescribeNetworkInterfacesRequest({ regionId: 'cn-hangzhou', networkInterfaceId: [eni.NetworkInterfaceId!] }),
    );
    expect(ecs.body!.networkInterfaceSets!.networkInterfaceSet![0]).toMatchObject({ status: 'InUse', instanceId, privateIpAddress: '10.42.1.50' });

    await a.ec2.send(new ModifyNetworkInterfaceAttributeCommand({ NetworkInterfaceId: eni.NetworkInterfaceId!, Description: { Value: 'renamed' } }));
    await a.ec2.send(new ModifyNetworkInterfaceAttributeCommand({ NetworkInterfaceId: eni.NetworkInterfaceId!, SourceDestCheck: { Value: false } }));
    await a.ec2.send(new DetachNetworkInterfaceCommand({ AttachmentId: attach.AttachmentId! }));
    const detached = (await a.ec2.send(new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'description', Values: ['renamed'] }] }))).NetworkInterfaces!;
    expect(detached).toEqual([expect.objectContaining({ NetworkInterfaceId: eni.NetworkInterfaceId, Status: 'available', SourceDestCheck: false })]);
    expect(detached[0]!.Attachment).toBeUndefined();
    expect((await ec2Error(a.ec2.send(new DetachNetworkInterfaceCommand({ AttachmentId: attach.AttachmentId! })))).name).toBe('InvalidAttachmentID.NotFound');

    await a.ec2.send(new DeleteNetworkInterfaceCommand({ NetworkInterfaceId: eni.NetworkInterfaceId! }));
    await a.ec2.send(new DeleteNetworkInterfaceCommand({ NetworkInterfaceId: third.NetworkInterfaceId! }));
    expect((await ec2Error(a.ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [eni.NetworkInterfaceId!] })))).name).toBe(
      'InvalidNetworkInterfaceID.NotFound',
    );
    // Only the instance holds an address of the subnet now.
    expect((await a.ec2.send(new DescribeSubnetsCommand({ SubnetIds: [subnetId] }))).Subnets![0]!.AvailableIpAddressCount).toBe(248);
  });

  it('on TerminateInstances deletes an interface whose DeleteOnTermination is true and detaches the others', async () => {
    const { subnetId } = await network('10.43', true);
    const freeIps = async () => (await a.ec2.send(new DescribeSubnetsCommand({ SubnetIds: [subnetId] }))).Subnets![0]!.AvailableIpAddressCount;
    // m5.large takes 3 interfaces: its primary one and two more.
    const [inst] = (await a.ec2.send(new RunInstancesCommand({ ImageId: AMI, InstanceType: 'm5.large', MinCount: 1, MaxCount: 1, SubnetId: subnetId })))
      .Instances!;
    const instanceId = inst!.InstanceId!;
    await advanceClock(11);
    await waitUntilInstanceRunning({ client: a.ec2, maxWaitTime: 60, minDelay: 1, maxDelay: 2 }, { InstanceIds: [instanceId] });
    const going = (await a.ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnetId }))).NetworkInterface!.NetworkInterfaceId!;
    const kept = (await a.ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnetId }))).NetworkInterface!.NetworkInterfaceId!;
    const goingAttach = await a.ec2.send(new AttachNetworkInterfaceCommand({ NetworkInterfaceId: going, InstanceId: instanceId, DeviceIndex: 1 }));
    await a.ec2.send(new AttachNetworkInterfaceCommand({ NetworkInterfaceId: kept, InstanceId: instanceId, DeviceIndex: 2 }));
    await a.ec2.send(
      new ModifyNetworkInterfaceAttributeCommand({
        NetworkInterfaceId: going,
        Attachment: { AttachmentId: goingAttach.AttachmentId, DeleteOnTermination: true },
      }),
    );
    expect((await a.ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [going] }))).NetworkInterfaces![0]!.Attachment).toMatchObject({
      DeleteOnTermination: true,
    });
    expect(await freeIps()).toBe(246);

    await a.ec2.send(new TerminateInstancesCommand({ InstanceIds: [instanceId] }));
    expect((await ec2Error(a.ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [going] })))).name).toBe(
      'InvalidNetworkInterfaceID.NotFound',
    );
    const left = (await a.ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [kept] }))).NetworkInterfaces![0]!;
    expect(left.Status).toBe('available');
    expect(left.Attachment).toBeUndefined();
    // The instance's and the deleted interface's addresses are back; the kept interface holds one.
    expect(await freeIps()).toBe(248);
    await a.ec2.send(new DeleteNetworkInterfaceCommand({ NetworkInterfaceId: kept }));
    expect(await freeIps()).toBe(249);
  });
});

describe('EC2 DHCP option sets with @aws-sdk/client-ec2', () => {
  it('creates a set, associates it with a VPC, refuses to delete it while used, and deletes it', async () => {
    const { vpcId } = await network('10.43', false);
    const [defaultSet] = (await a.ec2.send(new DescribeDhcpOptionsCommand({}))).DhcpOptions!;
    expect((await a.ec2.send(new DescribeVpcsCommand({ VpcIds: [vpcId] }))).Vpcs![0]!.DhcpOptionsId).toBe(defaultSet!.DhcpOptionsId);

    const bad = await ec2Error(a.ec2.send(new CreateDhcpOptionsCommand({ DhcpConfigurations: [{ Key: 'colour', Values: ['blue'] }] })));
    expect(bad.name).toBe('InvalidParameterValue');
    const tooMany = await ec2Error(
      a.ec2.send(new CreateDhcpOptionsCommand({ DhcpConfigurations: [{ Key: 'ntp-servers', Values: ['10.0.0.1,10.0.0.2,10.0.0.3,10.0.0.4,10.0.0.5'] }] })),
    );
    expect(tooMany.name).toBe('InvalidParameterValue');
    expect((await a.ec2.send(new DescribeDhcpOptionsCommand({}))).DhcpOptions!.length).toBe(1);

    const set = (
      await a.ec2.send(
        new CreateDhcpOptionsCommand({
          DhcpConfigurations: [
            { Key: 'domain-name', Values: ['corp.example'] },
            { Key: 'domain-name-servers', Values: ['10.43.0.2,10.43.0.3'] },
          ],
          TagSpecifications: [{ ResourceType: 'dhcp-options', Tags: [{ Key: 'Name', Value: 'corp' }] }],
        }),
      )
    ).DhcpOptions!;
    expect(set.DhcpOptionsId).toMatch(/^dopt-/);
    expect(set.DhcpConfigurations).toEqual([
      { Key: 'domain-name', Values: [{ Value: 'corp.example' }] },
      { Key: 'domain-name-servers', Values: [{ Value: '10.43.0.2' }, { Value: '10.43.0.3' }] },
    ]);
    const found = await a.ec2.send(
      new DescribeDhcpOptionsCommand({
        Filters: [
          { Name: 'value', Values: ['corp.example'] },
          { Name: 'tag:Name', Values: ['corp'] },
        ],
      }),
    );
    expect(found.DhcpOptions!.map((d) => d.DhcpOptionsId)).toEqual([set.DhcpOptionsId]);

    await a.ec2.send(new AssociateDhcpOptionsCommand({ DhcpOptionsId: set.DhcpOptionsId!, VpcId: vpcId }));
    expect(
      (await a.ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'dhcp-options-id', Values: [set.DhcpOptionsId!] }] }))).Vpcs!.map((v) => v.VpcId),
    ).toEqual([vpcId]);
    expect((await ec2Error(a.ec2.send(new DeleteDhcpOptionsCommand({ DhcpOptionsId: set.DhcpOptionsId! })))).name).toBe('DependencyViolation');
    expect((await ec2Error(a.ec2.send(new AssociateDhcpOptionsCommand({ DhcpOptionsId: set.DhcpOptionsId!, VpcId: 'vpc-missing' })))).name).toBe(
      'InvalidVpcID.NotFound',
    );

    // `default` means no option set.
    await a.ec2.send(new AssociateDhcpOptionsCommand({ DhcpOptionsId: 'default', VpcId: vpcId }));
    expect((await a.ec2.send(new DescribeVpcsCommand({ VpcIds: [vpcId] }))).Vpcs![0]!.DhcpOptionsId).toBe('default');
    await a.ec2.send(new DeleteDhcpOptionsCommand({ DhcpOptionsId: set.DhcpOptionsId! }));
    expect((await ec2Error(a.ec2.send(new DescribeDhcpOptionsCommand({ DhcpOptionsIds: [set.DhcpOptionsId!] })))).name).toBe('InvalidDhcpOptionID.NotFound');
    expect((await ec2Error(a.ec2.send(new AssociateDhcpOptionsCommand({ DhcpOptionsId: set.DhcpOptionsId!, VpcId: vpcId })))).name).toBe(
      'InvalidDhcpOptionID.NotFound',
    );
    await a.ec2.send(new AssociateDhcpOptionsCommand({ DhcpOptionsId: defaultSet!.DhcpOptionsId!, VpcId: vpcId }));
    expect((await a.ec2.send(new DescribeVpcsCommand({ VpcIds: [vpcId] }))).Vpcs![0]!.DhcpOptionsId).toBe(defaultSet!.DhcpOptionsId);
  });
});
