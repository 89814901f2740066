import { ApiError } from '../../../domain/errors';
import { associationIdOf } from '../../../actions/vpc/route-tables';
import { defineEc2Action, Ec2Errors, type Ec2Call } from '../adapter';
import { applyFilters, ec2Tags, tagsFor, type Filter } from '../views';
import { natStateAt } from '../../../domain/nat-gateway';
import { listNatGateways } from '../../../store/nat-gateways';

/**
 * EC2's route tables, routes and internet gateways over the VPC API declarations (route tables
 * and entries) and the EC2-only internet gateway declarations (shared/actions/vpc). An EC2 route
 * table is a VPC route table under the same id; the main table is the VPC's system table; the
 * local route is the VPC's block (the VPC API shows one system entry per vSwitch instead).
 */

const rtbNotFound = (id: string) => new ApiError('InvalidRouteTableID.NotFound', 400, `The routeTable ID '${id}' does not exist`);
const igwNotFound = (id: string) => new ApiError('InvalidInternetGatewayID.NotFound', 400, `The internetGateway ID '${id}' does not exist`);

/** The EC2 member naming a route's target, by the VPC API's next hop type. */
function routeTargetOf(e: { NextHopType: string; InstanceId: string }, accountId: string): Record<string, string> {
  switch (e.NextHopType) {
    case 'Ipv4Gateway':
      return { GatewayId: e.InstanceId };
    case 'NatGateway':
      return { NatGatewayId: e.InstanceId };
    case 'NetworkInterface':
      return { NetworkInterfaceId: e.InstanceId };
    default:
      return { InstanceId: e.InstanceId, InstanceOwnerId: accountId };
  }
}

async function routeTablesView(call: Ec2Call) {
  const [tables, vpcs, nats, now] = await Promise.all([
    call.ecsPages('DescribeRouteTables', { RegionId: call.region }, (out) => out.RouteTables.RouteTable, 50),
    call.ecsPages('DescribeVpcs', { RegionId: call.region }, (out) => out.Vpcs.Vpc, 50),
    // Whether a NAT gateway target still works: a fact the VPC API's route entries do not carry.
    listNatGateways(call.store, call.accountId, call.region),
    call.now(),
  ]);
  const workingNat = new Set(nats.filter((n) => ['pending', 'available'].includes(natStateAt(n, now))).map((n) => n.natGatewayId));
  // A route to a NAT gateway that is gone or failed is a blackhole, as AWS shows it.
  const stateOf = (e: { NextHopType: string; InstanceId: string }) => (e.NextHopType === 'NatGateway' && !workingNat.has(e.InstanceId) ? 'blackhole' : 'active');
  return tables.map((t: any) => {
    const vpc = vpcs.find((v: any) => v.VpcId === t.VpcId);
    const main = t.RouteTableType === 'System';
    const custom = (t.RouteEntrys.RouteEntry as any[]).filter((e) => e.Type === 'Custom');
    return {
      RouteTableId: t.RouteTableId as string,
      VpcId: t.VpcId as string,
      OwnerId: call.accountId,
      PropagatingVgws: [],
      Tags: ec2Tags(t.Tags),
      Associations: main
        ? [{ Main: true, RouteTableAssociationId: associationIdOf(t.RouteTableId, 'main'), RouteTableId: t.RouteTableId, AssociationState: { State: 'associated' } }]
        : (t.VSwitchIds.VSwitchId as string[]).map((s) => ({
            Main: false,
            RouteTableAssociationId: associationIdOf(t.RouteTableId, s),
            RouteTableId: t.RouteTableId,
            SubnetId: s,
            AssociationState: { State: 'associated' },
          })),
      Routes: [
        { DestinationCidrBlock: vpc?.CidrBlock ?? '', GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' },
        ...custom.map((e) => ({
          DestinationCidrBlock: e.DestinationCidrBlock,
          ...routeTargetOf(e, call.accountId),
          Origin: 'CreateRoute',
          State: stateOf(e),
        })),
      ],
    };
  });
}

export const describeRouteTables = defineEc2Action<{ RouteTableIds?: string[]; Filters?: Filter[]; DryRun?: boolean }>({
  name: 'DescribeRouteTables',
  uses: ['DescribeRouteTables', 'DescribeVpcs'],
  handle: async (input, call) => {
    let tables = await routeTablesView(call);
    for (const id of input.RouteTableIds ?? []) if (!tables.some((t) => t.RouteTableId === id)) throw rtbNotFound(id);
    if (input.RouteTableIds?.length) tables = tables.filter((t) => input.RouteTableIds!.includes(t.RouteTableId));
    tables = applyFilters(tables, input.Filters, {
      'route-table-id': (t) => t.RouteTableId,
      'vpc-id': (t) => t.VpcId,
      'owner-id': (t) => t.OwnerId,
      'association.main': (t) => t.Associations.some((a) => a.Main),
      'association.subnet-id': (t) => t.Associations.map((a) => (a as { SubnetId?: string }).SubnetId ?? ''),
      'association.route-table-association-id': (t) => t.Associations.map((a) => a.RouteTableAssociationId),
      'association.route-table-id': (t) => t.RouteTableId,
      'route.destination-cidr-block': (t) => t.Routes.map((r) => r.DestinationCidrBlock),
      'route.gateway-id': (t) => t.Routes.map((r) => (r as { GatewayId?: string }).GatewayId ?? ''),
      'route.instance-id': (t) => t.Routes.map((r) => (r as { InstanceId?: string }).InstanceId ?? ''),
      'route.nat-gateway-id': (t) => t.Routes.map((r) => (r as { NatGatewayId?: string }).NatGatewayId ?? ''),
      'route.origin': (t) => t.Routes.map((r) => r.Origin),
      'route.state': (t) => t.Routes.map((r) => r.State),
    });
    return { RouteTables: tables };
  },
});

const rtbErrors = (e: ApiError, id: string): ApiError | undefined => {
  switch (e.code) {
    case 'InvalidRouteTableId.NotFound':
      return rtbNotFound(id);
    case 'InvalidVpcId.NotFound':
      return new ApiError('InvalidVpcID.NotFound', 400, `The vpc ID does not exist`);
    case 'InvalidVSwitchId.NotFound':
      return new ApiError('InvalidSubnetID.NotFound', 400, `The subnet ID does not exist`);
    case 'OperationUnsupported.SystemRouteTable':
    case 'DependencyViolation.VSwitch':
      return new ApiError('DependencyViolation', 400, `The routeTable '${id}' has dependencies and cannot be deleted.`);
    case 'InvalidVSwitchId.NotInSameVpc':
      return Ec2Errors.invalidParameterValue(`Route table ${id} and subnet belong to different networks`);
    case 'InvalidCIDRBlock.Duplicate':
      return new ApiError('RouteAlreadyExists', 400, `The route identified by the destination already exists in route table ${id}.`);
    case 'InvalidDestinationCidrBlock.Malformed':
      return Ec2Errors.invalidParameterValue(`Value for parameter destinationCidrBlock is invalid. This is not a valid CIDR block.`);
    case 'InvalidNextHop.NotFound':
      return Ec2Errors.invalidParameterValue(`Route table ${id} and the target belong to different networks, or the target does not exist.`);
    case 'InvalidRouteEntry.NotFound':
      return new ApiError('InvalidRoute.NotFound', 400, `There is no route defined for the destination in the route table ${id}.`);
    case 'QuotaExceeded':
      return new ApiError('RouteLimitExceeded', 400, 'The maximum number of routes has been reached.');
    default:
      return undefined;
  }
};

export const createRouteTable = defineEc2Action<{ VpcId: string; TagSpecifications?: any[]; DryRun?: boolean }>({
  name: 'CreateRouteTable',
  uses: ['CreateRouteTable', 'DescribeRouteTables', 'DescribeVpcs'],
  handle: async (input, call) => {
    const out = await call.ecs('CreateRouteTable', { RegionId: call.region, VpcId: input.VpcId, Tag: tagsFor(input.TagSpecifications, 'route-table'), DryRun: input.DryRun });
    return { RouteTable: (await routeTablesView(call)).find((t) => t.RouteTableId === out.RouteTableId)! };
  },
  mapError: (e, input) => (e.code === 'InvalidVpcId.NotFound' ? new ApiError('InvalidVpcID.NotFound', 400, `The vpc ID '${input.VpcId}' does not exist`) : undefined),
});

export const deleteRouteTable = defineEc2Action<{ RouteTableId: string; DryRun?: boolean }>({
  name: 'DeleteRouteTable',
  uses: ['DeleteRouteTable'],
  handle: async (input, call) => {
    await call.ecs('DeleteRouteTable', { RegionId: call.region, RouteTableId: input.RouteTableId, DryRun: input.DryRun });
    return {};
  },
  mapError: (e, input) => rtbErrors(e, input.RouteTableId),
});

type RouteInput = { RouteTableId: string; DestinationCidrBlock?: string; GatewayId?: string; InstanceId?: string; NatGatewayId?: string; NetworkInterfaceId?: string; DryRun?: boolean };

function target(input: RouteInput): { NextHopType: string; NextHopId: string } {
  if (input.GatewayId) {
    if (!input.GatewayId.startsWith('igw-')) throw Ec2Errors.unsupported(`Gateway ${input.GatewayId}: only internet gateways are simulated as route targets.`);
    return { NextHopType: 'Ipv4Gateway', NextHopId: input.GatewayId };
  }
  if (input.InstanceId) return { NextHopType: 'Instance', NextHopId: input.InstanceId };
  if (input.NatGatewayId) return { NextHopType: 'NatGateway', NextHopId: input.NatGatewayId };
  if (input.NetworkInterfaceId) return { NextHopType: 'NetworkInterface', NextHopId: input.NetworkInterfaceId };
  throw Ec2Errors.missingParameter('GatewayId');
}

export const createRoute = defineEc2Action<RouteInput>({
  name: 'CreateRoute',
  uses: ['CreateRouteEntry'],
  handle: async (input, call) => {
    if (!input.DestinationCidrBlock) throw Ec2Errors.missingParameter('DestinationCidrBlock');
    await call.ecs('CreateRouteEntry', {
      RegionId: call.region,
      RouteTableId: input.RouteTableId,
      DestinationCidrBlock: input.DestinationCidrBlock,
      ...target(input),
      DryRun: input.DryRun,
    });
    return { Return: true };
  },
  mapError: (e, input) => rtbErrors(e, input.RouteTableId),
});

export const replaceRoute = defineEc2Action<RouteInput>({
  name: 'ReplaceRoute',
  uses: ['ModifyRouteEntry'],
  handle: async (input, call) => {
    if (!input.DestinationCidrBlock) throw Ec2Errors.missingParameter('DestinationCidrBlock');
    const t = target(input);
    await call.ecs('ModifyRouteEntry', {
      RegionId: call.region,
      RouteTableId: input.RouteTableId,
      DestinationCidrBlock: input.DestinationCidrBlock,
      NewNextHopId: t.NextHopId,
      NewNextHopType: t.NextHopType,
      DryRun: input.DryRun,
    });
    return {};
  },
  mapError: (e, input) => rtbErrors(e, input.RouteTableId),
});

export const deleteRoute = defineEc2Action<RouteInput>({
  name: 'DeleteRoute',
  uses: ['DeleteRouteEntry'],
  handle: async (input, call) => {
    if (!input.DestinationCidrBlock) throw Ec2Errors.missingParameter('DestinationCidrBlock');
    await call.ecs('DeleteRouteEntry', { RegionId: call.region, RouteTableId: input.RouteTableId, DestinationCidrBlock: input.DestinationCidrBlock, DryRun: input.DryRun });
    return {};
  },
  mapError: (e, input) => rtbErrors(e, input.RouteTableId),
});

export const associateRouteTable = defineEc2Action<{ RouteTableId: string; SubnetId?: string; GatewayId?: string; DryRun?: boolean }>({
  name: 'AssociateRouteTable',
  uses: ['AssociateRouteTable'],
  handle: async (input, call) => {
    if (input.GatewayId) throw Ec2Errors.unsupported('Gateway route table associations are not simulated by this sandbox.');
    if (!input.SubnetId) throw Ec2Errors.missingParameter('SubnetId');
    const out = await call.ecs('AssociateRouteTable', { RegionId: call.region, RouteTableId: input.RouteTableId, VSwitchId: input.SubnetId, DryRun: input.DryRun });
    return { AssociationId: out.AssociationId, AssociationState: { State: 'associated' } };
  },
  mapError: (e, input) =>
    e.code === 'InvalidVSwitchId.NotFound'
      ? new ApiError('InvalidSubnetID.NotFound', 400, `The subnet ID '${input.SubnetId}' does not exist`)
      : rtbErrors(e, input.RouteTableId),
});

export const disassociateRouteTable = defineEc2Action<{ AssociationId: string; DryRun?: boolean }>({
  name: 'DisassociateRouteTable',
  uses: ['UnassociateRouteTable', 'DescribeRouteTables', 'DescribeVpcs'],
  handle: async (input, call) => {
    const tables = await routeTablesView(call);
    const found = tables.flatMap((t) => t.Associations).find((a) => a.RouteTableAssociationId === input.AssociationId);
    if (!found) throw new ApiError('InvalidAssociationID.NotFound', 400, `The association ID '${input.AssociationId}' does not exist`);
    if (found.Main) throw Ec2Errors.invalidParameterValue(`cannot disassociate the main route table association ${input.AssociationId}`);
    await call.ecs('UnassociateRouteTable', { RegionId: call.region, RouteTableId: found.RouteTableId, VSwitchId: (found as { SubnetId?: string }).SubnetId, DryRun: input.DryRun });
    return {};
  },
});

// ---------------------------------------------------------------------------------------------
// Internet gateways

const igwView = (g: any, accountId: string) => ({
  InternetGatewayId: g.internetGatewayId as string,
  OwnerId: accountId,
  Attachments: g.vpcId ? [{ State: 'available', VpcId: g.vpcId as string }] : [],
  Tags: (g.tags as { key: string; value: string }[]).map((t) => ({ Key: t.key, Value: t.value })),
});

const igwErrors = (e: ApiError, input: { InternetGatewayId?: string; VpcId?: string }): ApiError | undefined =>
  e.code === 'InvalidVpcId.NotFound' ? new ApiError('InvalidVpcID.NotFound', 400, `The vpc ID '${input.VpcId}' does not exist`) : undefined;

export const createInternetGateway = defineEc2Action<{ TagSpecifications?: any[]; DryRun?: boolean }>({
  name: 'CreateInternetGateway',
  uses: ['CreateInternetGateway', 'DescribeInternetGateways'],
  handle: async (input, call) => {
    const out = await call.ecs('CreateInternetGateway', { RegionId: call.region, Tag: tagsFor(input.TagSpecifications, 'internet-gateway'), DryRun: input.DryRun });
    const got = await call.ecs('DescribeInternetGateways', { RegionId: call.region, InternetGatewayId: [out.InternetGatewayId] });
    return { InternetGateway: igwView(got.InternetGateways[0], call.accountId) };
  },
});

export const describeInternetGateways = defineEc2Action<{ InternetGatewayIds?: string[]; Filters?: Filter[]; DryRun?: boolean }>({
  name: 'DescribeInternetGateways',
  uses: ['DescribeInternetGateways'],
  handle: async (input, call) => {
    const out = await call.ecs('DescribeInternetGateways', { RegionId: call.region, InternetGatewayId: input.InternetGatewayIds?.length ? input.InternetGatewayIds : undefined });
    const gws = applyFilters(
      (out.InternetGateways as any[]).map((g) => igwView(g, call.accountId)),
      input.Filters,
      {
        'internet-gateway-id': (g) => g.InternetGatewayId,
        'owner-id': (g) => g.OwnerId,
        'attachment.vpc-id': (g) => g.Attachments.map((a) => a.VpcId),
        'attachment.state': (g) => g.Attachments.map((a) => a.State),
      },
    );
    return { InternetGateways: gws };
  },
  mapError: (e, input) => (e.code === 'InvalidInternetGatewayID.NotFound' ? e : igwErrors(e, { InternetGatewayId: input.InternetGatewayIds?.[0] })),
});

export const attachInternetGateway = defineEc2Action<{ InternetGatewayId: string; VpcId: string; DryRun?: boolean }>({
  name: 'AttachInternetGateway',
  uses: ['AttachInternetGateway'],
  handle: async (input, call) => {
    await call.ecs('AttachInternetGateway', { RegionId: call.region, InternetGatewayId: input.InternetGatewayId, VpcId: input.VpcId, DryRun: input.DryRun });
    return {};
  },
  mapError: igwErrors,
});

export const detachInternetGateway = defineEc2Action<{ InternetGatewayId: string; VpcId: string; DryRun?: boolean }>({
  name: 'DetachInternetGateway',
  uses: ['DetachInternetGateway'],
  handle: async (input, call) => {
    await call.ecs('DetachInternetGateway', { RegionId: call.region, InternetGatewayId: input.InternetGatewayId, VpcId: input.VpcId, DryRun: input.DryRun });
    return {};
  },
  mapError: igwErrors,
});

export const deleteInternetGateway = defineEc2Action<{ InternetGatewayId: string; DryRun?: boolean }>({
  name: 'DeleteInternetGateway',
  uses: ['DeleteInternetGateway'],
  handle: async (input, call) => {
    await call.ecs('DeleteInternetGateway', { RegionId: call.region, InternetGatewayId: input.InternetGatewayId, DryRun: input.DryRun });
    return {};
  },
  mapError: (e, input) => (e.code === 'InvalidInternetGatewayID.NotFound' ? igwNotFound(input.InternetGatewayId) : undefined),
});
