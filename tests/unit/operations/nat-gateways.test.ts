import { beforeEach, describe, expect, it } from 'vitest';
import { errorOf, MemorySandbox } from '../../support/memory-sandbox';

/**
 * NAT gateways over their typed operations (shared/actions/vpc/nat-gateway-operations.ts) through
 * both dialects on the in-memory store: EC2's rules (`ec2Rules`: a failed public gateway, deleting a
 * pending one, a route left blackhole) against the VPC API's, and typed refusals that write nothing.
 */

type Ec2Nat = { NatGatewayId: string; State: string; FailureCode?: string; NatGatewayAddresses: { PrivateIp: string }[] };

describe('NAT gateway operations, both dialects', () => {
  let sandbox: MemorySandbox;
  let vpcId: string;
  let subnetId: string;
  beforeEach(async () => {
    sandbox = await MemorySandbox.withAccount();
    vpcId = (await sandbox.ec2<{ Vpc: { VpcId: string } }>('CreateVpc', { CidrBlock: '10.11.0.0/16' })).Vpc.VpcId;
    subnetId = (await sandbox.ec2<{ Subnet: { SubnetId: string } }>('CreateSubnet', { VpcId: vpcId, CidrBlock: '10.11.1.0/24' })).Subnet.SubnetId;
  });
  const refused = async (call: () => Promise<unknown>) => {
    const before = sandbox.store.dump();
    const error = await errorOf(call());
    expect(sandbox.store.dump()).toEqual(before);
    return error.code;
  };
  const ec2Nats = async () => (await sandbox.ec2<{ NatGateways: Ec2Nat[] }>('DescribeNatGateways')).NatGateways;
  const ecsNats = async () =>
    (await sandbox.ecs<{ NatGateways: { NatGateway: { NatGatewayId: string; Status: string }[] } }>('DescribeNatGateways', { VpcId: vpcId })).NatGateways
      .NatGateway;

  it('creates a public EC2 gateway in a VPC with no internet gateway as failed, holding no address; the VPC API does not list it', async () => {
    const eip = (await sandbox.ec2<{ AllocationId: string }>('AllocateAddress', { Domain: 'vpc' })).AllocationId;
    const { NatGateway } = await sandbox.ec2<{ NatGateway: Ec2Nat }>('CreateNatGateway', { SubnetId: subnetId, AllocationId: eip });
    expect(NatGateway.NatGatewayAddresses).toEqual([]);
    await sandbox.advance(10);
    expect((await ec2Nats()).find((n) => n.NatGatewayId === NatGateway.NatGatewayId)).toMatchObject({ State: 'failed', FailureCode: 'Gateway.NotAttached' });
    expect(await ecsNats()).toEqual([]);
  });

  it("deletes under each cloud's rules: a route to it blocks the VPC API (and a pending one), EC2 deletes and leaves the route blackhole", async () => {
    const { NatGateway } = await sandbox.ec2<{ NatGateway: Ec2Nat }>('CreateNatGateway', { SubnetId: subnetId, ConnectivityType: 'private' });
    const id = NatGateway.NatGatewayId;
    expect(NatGateway.NatGatewayAddresses[0]!.PrivateIp).toMatch(/^10\.11\.1\./);
    // Pending: the VPC API deletes only an Available gateway (reason natGatewayStatus).
    expect(await refused(() => sandbox.ecs('DeleteNatGateway', { NatGatewayId: id }))).toBe('IncorrectStatus.NatGateway');
    await sandbox.advance(10);
    expect(await ecsNats()).toEqual([expect.objectContaining({ NatGatewayId: id, Status: 'Available' })]);
    const table = (await sandbox.ecs<{ RouteTables: { RouteTable: { RouteTableId: string }[] } }>('DescribeRouteTables', { VpcId: vpcId, Type: 'System' }))
      .RouteTables.RouteTable[0]!;
    await sandbox.ec2('CreateRoute', { RouteTableId: table.RouteTableId, DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: id });
    expect(await refused(() => sandbox.ecs('DeleteNatGateway', { NatGatewayId: id }))).toBe('DependencyViolation.RouterEntry');

    await sandbox.ec2('DeleteNatGateway', { NatGatewayId: id });
    const routes = (
      await sandbox.ec2<{ RouteTables: { Routes: { NatGatewayId?: string; State: string }[] }[] }>('DescribeRouteTables', {
        'RouteTableId.1': table.RouteTableId,
      })
    ).RouteTables[0]!.Routes;
    expect(routes.find((r) => r.NatGatewayId === id)!.State).toBe('blackhole');
    expect(await refused(() => sandbox.ec2('DeleteNatGateway', { NatGatewayId: id }))).toBe('InvalidParameterValue');
  });

  it('refuses an unknown subnet, Elastic IP or gateway in EC2 codes, writing nothing', async () => {
    expect(await refused(() => sandbox.ec2('CreateNatGateway', { SubnetId: 'subnet-0123456789abcdef0', ConnectivityType: 'private' }))).toBe(
      'InvalidSubnetID.NotFound',
    );
    expect(await refused(() => sandbox.ec2('CreateNatGateway', { SubnetId: subnetId, AllocationId: 'eipalloc-0123456789abcdef0' }))).toBe(
      'InvalidAllocationID.NotFound',
    );
    expect(await refused(() => sandbox.ec2('DeleteNatGateway', { NatGatewayId: 'nat-0123456789abcdef0' }))).toBe('NatGatewayNotFound');
    expect(await refused(() => sandbox.ecs('DeleteNatGateway', { NatGatewayId: 'ngw-0123456789abcdef0' }))).toBe('InvalidNatGatewayId.NotFound');
  });
});
