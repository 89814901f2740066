import { beforeEach, describe, expect, it } from 'vitest';
import { errorOf, MemorySandbox } from '../../support/memory-sandbox';

/**
 * The route table operations (shared/actions/vpc/route-table-operations.ts, route-table-queries.ts)
 * through both dialects on the in-memory store: the VPC API's codecs and EC2's route table and
 * route adapters. Each refusal is checked in both dialects' codes and leaves the store as it was.
 */

type Route = { DestinationCidrBlock: string; GatewayId?: string; InstanceId?: string; State: string; Origin: string };
type Ec2RouteTable = {
  RouteTableId: string;
  VpcId: string;
  Associations: { Main: boolean; SubnetId?: string; RouteTableAssociationId: string }[];
  Routes: Route[];
};
type EcsRouteTable = {
  RouteTableId: string;
  RouteTableType: string;
  VSwitchIds: { VSwitchId: string[] };
  RouteEntrys: { RouteEntry: { DestinationCidrBlock: string; Type: string; Status: string; InstanceId: string }[] };
};

describe('route table operations, both dialects', () => {
  let sandbox: MemorySandbox;
  let vpcId: string;
  let subnetId: string;
  beforeEach(async () => {
    sandbox = await MemorySandbox.withAccount();
    vpcId = (await sandbox.ec2<{ Vpc: { VpcId: string } }>('CreateVpc', { CidrBlock: '10.7.0.0/16' })).Vpc.VpcId;
    subnetId = (await sandbox.ec2<{ Subnet: { SubnetId: string } }>('CreateSubnet', { VpcId: vpcId, CidrBlock: '10.7.1.0/24' })).Subnet.SubnetId;
  });
  const refused = async (call: () => Promise<unknown>) => {
    const before = sandbox.store.dump();
    const error = await errorOf(call());
    expect(sandbox.store.dump()).toEqual(before);
    return error.code;
  };
  const ec2Table = async (id: string) => (await sandbox.ec2<{ RouteTables: Ec2RouteTable[] }>('DescribeRouteTables', { 'RouteTableId.1': id })).RouteTables[0]!;
  const ecsTable = async (id: string) =>
    (await sandbox.ecs<{ RouteTables: { RouteTable: EcsRouteTable[] } }>('DescribeRouteTables', { RouteTableId: id })).RouteTables.RouteTable[0]!;

  it('creates a custom table through EC2, associates the subnet, and both dialects show it; the main table lets the subnet go', async () => {
    const created = await sandbox.ec2<{ RouteTable: Ec2RouteTable }>('CreateRouteTable', { VpcId: vpcId });
    const id = created.RouteTable.RouteTableId;
    expect(created.RouteTable).toMatchObject({
      VpcId: vpcId,
      Associations: [],
      Routes: [{ DestinationCidrBlock: '10.7.0.0/16', GatewayId: 'local', State: 'active' }],
    });
    const main = (
      await sandbox.ec2<{ RouteTables: Ec2RouteTable[] }>('DescribeRouteTables', {
        'Filter.1.Name': 'vpc-id',
        'Filter.1.Value.1': vpcId,
        'Filter.2.Name': 'association.main',
        'Filter.2.Value.1': 'true',
      })
    ).RouteTables;
    expect(main).toHaveLength(1);
    expect((await ecsTable(main[0]!.RouteTableId)).VSwitchIds.VSwitchId).toEqual([subnetId]);

    const { AssociationId } = await sandbox.ec2<{ AssociationId: string }>('AssociateRouteTable', { RouteTableId: id, SubnetId: subnetId });
    expect((await ec2Table(id)).Associations).toEqual([expect.objectContaining({ Main: false, SubnetId: subnetId, RouteTableAssociationId: AssociationId })]);
    expect(await ecsTable(id)).toMatchObject({ RouteTableType: 'Custom', VSwitchIds: { VSwitchId: [subnetId] } });
    expect((await ecsTable(main[0]!.RouteTableId)).VSwitchIds.VSwitchId).toEqual([]);

    // Already in a custom table (reason alreadyAssociated); the main table takes no explicit association (systemRouteTable).
    expect(await refused(() => sandbox.ecs('AssociateRouteTable', { RouteTableId: id, VSwitchId: subnetId }))).toBe('Resource.AlreadyAssociated');
    expect(await refused(() => sandbox.ecs('AssociateRouteTable', { RouteTableId: main[0]!.RouteTableId, VSwitchId: subnetId }))).toBe(
      'OperationUnsupported.SystemRouteTable',
    );
    // In use (reason dependency): refused in both dialects.
    expect(await refused(() => sandbox.ec2('DeleteRouteTable', { RouteTableId: id }))).toBe('DependencyViolation');
    expect(await refused(() => sandbox.ecs('DeleteRouteTable', { RouteTableId: id }))).toBe('DependencyViolation.VSwitch');

    await sandbox.ec2('DisassociateRouteTable', { AssociationId });
    expect((await ec2Table(id)).Associations).toEqual([]);
    expect(await refused(() => sandbox.ec2('DisassociateRouteTable', { AssociationId }))).toBe('InvalidAssociationID.NotFound');
    expect(await refused(() => sandbox.ecs('UnassociateRouteTable', { RouteTableId: id, VSwitchId: subnetId }))).toBe('InvalidVSwitchId.NotAssociated');
    await sandbox.ec2('DeleteRouteTable', { RouteTableId: id });
    expect(await refused(() => sandbox.ec2('DescribeRouteTables', { 'RouteTableId.1': id }))).toBe('InvalidRouteTableID.NotFound');
    expect(await refused(() => sandbox.ecs('DeleteRouteTable', { RouteTableId: id }))).toBe('InvalidRouteTableId.NotFound');
  });

  it('refuses a table in an unknown VPC, a subnet of another VPC (notInSameVpc), and deleting the main table (systemRouteTable)', async () => {
    expect(await refused(() => sandbox.ec2('CreateRouteTable', { VpcId: 'vpc-nothere' }))).toBe('InvalidVpcID.NotFound');
    expect(await refused(() => sandbox.ecs('CreateRouteTable', { VpcId: 'vpc-nothere' }))).toBe('InvalidVpcId.NotFound');
    const id = (await sandbox.ec2<{ RouteTable: Ec2RouteTable }>('CreateRouteTable', { VpcId: vpcId })).RouteTable.RouteTableId;
    const defaultSubnet = (
      await sandbox.ec2<{ Subnets: { SubnetId: string }[] }>('DescribeSubnets', { 'Filter.1.Name': 'default-for-az', 'Filter.1.Value.1': 'true' })
    ).Subnets[0]!.SubnetId;
    expect(await refused(() => sandbox.ec2('AssociateRouteTable', { RouteTableId: id, SubnetId: defaultSubnet }))).toBe('InvalidParameterValue');
    expect(await refused(() => sandbox.ecs('AssociateRouteTable', { RouteTableId: id, VSwitchId: defaultSubnet }))).toBe('InvalidVSwitchId.NotInSameVpc');
    expect(await refused(() => sandbox.ec2('AssociateRouteTable', { RouteTableId: id, SubnetId: 'subnet-nothere' }))).toBe('InvalidSubnetID.NotFound');
    const main = (await sandbox.ecs<{ RouteTables: { RouteTable: EcsRouteTable[] } }>('DescribeRouteTables', { VpcId: vpcId, Type: 'System' })).RouteTables
      .RouteTable[0]!;
    expect(await refused(() => sandbox.ec2('DeleteRouteTable', { RouteTableId: main.RouteTableId }))).toBe('DependencyViolation');
    expect(await refused(() => sandbox.ecs('DeleteRouteTable', { RouteTableId: main.RouteTableId }))).toBe('OperationUnsupported.SystemRouteTable');
  });

  it('adds, replaces and deletes a route to an attached internet gateway; EC2 routes are active at once, VPC API entries Pending first', async () => {
    const id = (await sandbox.ec2<{ RouteTable: Ec2RouteTable }>('CreateRouteTable', { VpcId: vpcId })).RouteTable.RouteTableId;
    const igw = (await sandbox.ec2<{ InternetGateway: { InternetGatewayId: string } }>('CreateInternetGateway')).InternetGateway.InternetGatewayId;
    // Not attached to the table's VPC yet (reason nextHopNotFound).
    expect(await refused(() => sandbox.ec2('CreateRoute', { RouteTableId: id, DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw }))).toBe(
      'InvalidParameterValue',
    );
    expect(
      await refused(() => sandbox.ecs('CreateRouteEntry', { RouteTableId: id, DestinationCidrBlock: '0.0.0.0/0', NextHopType: 'Ipv4Gateway', NextHopId: igw })),
    ).toBe('InvalidNextHop.NotFound');
    await sandbox.ec2('AttachInternetGateway', { InternetGatewayId: igw, VpcId: vpcId });
    await sandbox.ec2('CreateRoute', { RouteTableId: id, DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw });
    expect((await ec2Table(id)).Routes[1]).toEqual({ DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw, Origin: 'CreateRoute', State: 'active' });
    expect((await ecsTable(id)).RouteEntrys.RouteEntry.find((e) => e.Type === 'Custom')).toMatchObject({
      DestinationCidrBlock: '0.0.0.0/0',
      Status: 'Available',
      InstanceId: igw,
    });

    // One destination per table (routeConflict); a malformed destination (destinationMalformed); a missing route (routeEntryNotFound).
    expect(await refused(() => sandbox.ec2('CreateRoute', { RouteTableId: id, DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw }))).toBe('RouteAlreadyExists');
    expect(
      await refused(() => sandbox.ecs('CreateRouteEntry', { RouteTableId: id, DestinationCidrBlock: '0.0.0.0/0', NextHopType: 'Ipv4Gateway', NextHopId: igw })),
    ).toBe('InvalidCIDRBlock.Duplicate');
    expect(await refused(() => sandbox.ec2('CreateRoute', { RouteTableId: id, DestinationCidrBlock: '10.300.0.0/16', GatewayId: igw }))).toBe(
      'InvalidParameterValue',
    );
    expect(
      await refused(() =>
        sandbox.ecs('CreateRouteEntry', { RouteTableId: id, DestinationCidrBlock: '10.300.0.0/16', NextHopType: 'Ipv4Gateway', NextHopId: igw }),
      ),
    ).toBe('InvalidDestinationCidrBlock.Malformed');
    expect(await refused(() => sandbox.ec2('ReplaceRoute', { RouteTableId: id, DestinationCidrBlock: '192.168.0.0/16', GatewayId: igw }))).toBe(
      'InvalidRoute.NotFound',
    );
    expect(await refused(() => sandbox.ec2('DeleteRoute', { RouteTableId: id, DestinationCidrBlock: '192.168.0.0/16' }))).toBe('InvalidRoute.NotFound');
    expect(await refused(() => sandbox.ecs('DeleteRouteEntry', { RouteTableId: id, DestinationCidrBlock: '192.168.0.0/16' }))).toBe(
      'InvalidRouteEntry.NotFound',
    );

    const { instanceId } = await sandbox.launchOne();
    // The instance is in the default VPC, not this table's (reason nextHopNotFound).
    expect(await refused(() => sandbox.ec2('ReplaceRoute', { RouteTableId: id, DestinationCidrBlock: '0.0.0.0/0', InstanceId: instanceId }))).toBe(
      'InvalidParameterValue',
    );

    await sandbox.ecs('CreateRouteEntry', { RouteTableId: id, DestinationCidrBlock: '192.168.0.0/16', NextHopType: 'Ipv4Gateway', NextHopId: igw });
    expect((await ecsTable(id)).RouteEntrys.RouteEntry.find((e) => e.DestinationCidrBlock === '192.168.0.0/16')!.Status).toBe('Pending');
    await sandbox.ec2('DeleteRoute', { RouteTableId: id, DestinationCidrBlock: '0.0.0.0/0' });
    expect((await ec2Table(id)).Routes.map((r) => r.DestinationCidrBlock)).toEqual(['10.7.0.0/16', '192.168.0.0/16']);
  });

  it('attaches, detaches and deletes an internet gateway, each refusal typed (internetGatewayAttached, internetGatewayNotAttached, dependency)', async () => {
    const igw = (
      await sandbox.ec2<{ InternetGateway: { InternetGatewayId: string; Attachments: unknown[] } }>('CreateInternetGateway', {
        'TagSpecification.1.ResourceType': 'internet-gateway',
        'TagSpecification.1.Tag.1.Key': 'Name',
        'TagSpecification.1.Tag.1.Value': 'edge',
      })
    ).InternetGateway;
    expect(igw.Attachments).toEqual([]);
    const id = igw.InternetGatewayId;
    const other = (await sandbox.ec2<{ InternetGateway: { InternetGatewayId: string } }>('CreateInternetGateway')).InternetGateway.InternetGatewayId;
    expect(await refused(() => sandbox.ec2('AttachInternetGateway', { InternetGatewayId: id, VpcId: 'vpc-nothere' }))).toBe('InvalidVpcID.NotFound');
    expect(await refused(() => sandbox.ec2('AttachInternetGateway', { InternetGatewayId: 'igw-nothere', VpcId: vpcId }))).toBe(
      'InvalidInternetGatewayID.NotFound',
    );
    await sandbox.ec2('AttachInternetGateway', { InternetGatewayId: id, VpcId: vpcId });
    expect(await refused(() => sandbox.ec2('AttachInternetGateway', { InternetGatewayId: id, VpcId: vpcId }))).toBe('Resource.AlreadyAssociated');
    expect(await refused(() => sandbox.ec2('AttachInternetGateway', { InternetGatewayId: other, VpcId: vpcId }))).toBe('InvalidParameterValue');
    const described = await sandbox.ec2<{ InternetGateways: { InternetGatewayId: string; Attachments: { VpcId: string }[]; Tags: unknown[] }[] }>(
      'DescribeInternetGateways',
      {
        'Filter.1.Name': 'attachment.vpc-id',
        'Filter.1.Value.1': vpcId,
      },
    );
    expect(described.InternetGateways).toEqual([
      { InternetGatewayId: id, OwnerId: expect.any(String), Attachments: [{ State: 'available', VpcId: vpcId }], Tags: [{ Key: 'Name', Value: 'edge' }] },
    ]);
    expect(await refused(() => sandbox.ec2('DescribeInternetGateways', { 'InternetGatewayId.1': id, 'InternetGatewayId.2': 'igw-nothere' }))).toBe(
      'InvalidInternetGatewayID.NotFound',
    );

    // Attached: the VPC and the gateway stay (dependency), in both dialects for the VPC.
    expect(await refused(() => sandbox.ec2('DeleteInternetGateway', { InternetGatewayId: id }))).toBe('DependencyViolation');
    await sandbox.ec2('DeleteSubnet', { SubnetId: subnetId });
    expect(await refused(() => sandbox.ec2('DeleteVpc', { VpcId: vpcId }))).toBe('DependencyViolation');
    expect(await refused(() => sandbox.ecs('DeleteVpc', { VpcId: vpcId }))).toBe('DependencyViolation.Ipv4Gateway');

    // A route through it keeps it attached (dependency); a detach from another VPC is refused (internetGatewayNotAttached).
    const main = (await sandbox.ecs<{ RouteTables: { RouteTable: EcsRouteTable[] } }>('DescribeRouteTables', { VpcId: vpcId, Type: 'System' })).RouteTables
      .RouteTable[0]!;
    await sandbox.ec2('CreateRoute', { RouteTableId: main.RouteTableId, DestinationCidrBlock: '0.0.0.0/0', GatewayId: id });
    expect(await refused(() => sandbox.ec2('DetachInternetGateway', { InternetGatewayId: id, VpcId: vpcId }))).toBe('DependencyViolation');
    expect(await refused(() => sandbox.ec2('DetachInternetGateway', { InternetGatewayId: other, VpcId: vpcId }))).toBe('Gateway.NotAttached');
    await sandbox.ec2('DeleteRoute', { RouteTableId: main.RouteTableId, DestinationCidrBlock: '0.0.0.0/0' });
    await sandbox.ec2('DetachInternetGateway', { InternetGatewayId: id, VpcId: vpcId });
    await sandbox.ec2('DeleteInternetGateway', { InternetGatewayId: id });
    expect(await refused(() => sandbox.ec2('DeleteInternetGateway', { InternetGatewayId: id }))).toBe('InvalidInternetGatewayID.NotFound');
    await sandbox.ec2('DeleteVpc', { VpcId: vpcId });
  });
});
