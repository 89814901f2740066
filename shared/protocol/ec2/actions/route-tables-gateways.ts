import { ApiError } from '../../../domain/errors';
import type { RouteEntryRecord } from '../../../domain/vpc';
import { isVpcError } from '../../../domain/vpc-errors';
import { describeRouteTables as describeRouteTablesQuery, type RouteTableView } from '../../../actions/vpc/route-table-queries';
import {
  associateRouteTable as associateOperation,
  associationIdOf,
  createRouteEntry,
  createRouteTable as createRouteTableOperation,
  deleteRouteEntry,
  deleteRouteTable as deleteRouteTableOperation,
  modifyRouteEntry,
  unassociateRouteTable,
} from '../../../actions/vpc/route-table-operations';
import {
  attachInternetGateway as attachInternetGatewayOperation,
  createInternetGateway as createInternetGatewayOperation,
  deleteInternetGateway as deleteInternetGatewayOperation,
  describeInternetGateways as describeInternetGatewaysOperation,
  detachInternetGateway as detachInternetGatewayOperation,
} from '../../../actions/vpc/internet-gateway-operations';
import type { InternetGatewayRecord } from '../../../actions/vpc/internet-gateway-operations';
import { defineEc2Action, Ec2Errors, type Ec2Call } from '../adapter';
import { applyFilters, filterPredicate, tagsFor, type Filter, type FilterFields } from '../views';

/**
 * EC2's route tables, routes and internet gateways. Route tables and routes are codecs of the route
 * table operations (shared/actions/vpc/route-table-operations.ts, route-table-queries.ts), run with
 * `call.perform` and mapped back from typed `VpcError` reasons; internet gateways still go through
 * the EC2-only declarations (shared/actions/vpc/internet-gateways.ts). An EC2 route table is a VPC
 * route table under the same id; the main table is the VPC's system table; the local route is the
 * VPC's block (the VPC API shows one system entry per vSwitch instead).
 */

const rtbNotFound = (id: string) => new ApiError('InvalidRouteTableID.NotFound', 400, `The routeTable ID '${id}' does not exist`);
const igwNotFound = (id: string) => new ApiError('InvalidInternetGatewayID.NotFound', 400, `The internetGateway ID '${id}' does not exist`);

/** The EC2 member naming a route's target, by the VPC API's next hop type (any other is an instance). */
const TARGET_MEMBER: Readonly<Record<string, string>> = { Ipv4Gateway: 'GatewayId', NatGateway: 'NatGatewayId', NetworkInterface: 'NetworkInterfaceId' };

function routeTargetOf(e: RouteEntryRecord, accountId: string): Record<string, string> {
  const member = TARGET_MEMBER[e.nextHopType];
  return member ? { [member]: e.nextHopId } : { InstanceId: e.nextHopId, InstanceOwnerId: accountId };
}

function routeTableView(v: RouteTableView, call: Ec2Call) {
  const t = v.table;
  return {
    RouteTableId: t.routeTableId,
    VpcId: t.vpcId,
    OwnerId: call.accountId,
    PropagatingVgws: [],
    Tags: (t.tags ?? []).map((x) => ({ Key: x.key, Value: x.value })),
    Associations: t.main
      ? [
          {
            Main: true,
            RouteTableAssociationId: associationIdOf(t.routeTableId, 'main'),
            RouteTableId: t.routeTableId,
            AssociationState: { State: 'associated' },
          },
        ]
      : v.vSwitchIds.map((s) => ({
          Main: false,
          RouteTableAssociationId: associationIdOf(t.routeTableId, s),
          RouteTableId: t.routeTableId,
          SubnetId: s,
          AssociationState: { State: 'associated' },
        })),
    Routes: [
      { DestinationCidrBlock: v.vpc.cidrBlock, GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' },
      ...t.entries.map((e) => ({
        DestinationCidrBlock: e.destinationCidrBlock,
        ...routeTargetOf(e, call.accountId),
        Origin: 'CreateRoute',
        // A route to a NAT gateway that is gone or failed is a blackhole, as AWS shows it.
        State: v.blackholeEntryIds.includes(e.routeEntryId) ? 'blackhole' : 'active',
      })),
    ],
  };
}
type Ec2RouteTable = ReturnType<typeof routeTableView>;

const ROUTE_TABLE_FILTERS: FilterFields<Ec2RouteTable> = {
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
};

export const describeRouteTables = defineEc2Action<{ RouteTableIds?: string[]; Filters?: Filter[]; DryRun?: boolean }>({
  name: 'DescribeRouteTables',
  uses: ['DescribeRouteTables', 'DescribeVpcs'],
  handle: async (input, call) => {
    const keep = filterPredicate(input.Filters, ROUTE_TABLE_FILTERS);
    const found = await call.perform(describeRouteTablesQuery, {
      regionId: call.region,
      ids: input.RouteTableIds?.length ? input.RouteTableIds : undefined,
      withRouteStates: true,
      matches: keep && ((v) => keep(routeTableView(v, call))),
    });
    if (found.missing[0] !== undefined) throw rtbNotFound(found.missing[0]);
    return { RouteTables: found.items.map((v) => routeTableView(v, call)) };
  },
});

/** The EC2 codes of the typed network errors of route tables and routes; undefined: the common translation. */
const rtbErrors = (e: ApiError, id: string, input: { VpcId?: string; SubnetId?: string } = {}): ApiError | undefined => {
  if (!isVpcError(e)) return undefined;
  switch (e.reason) {
    case 'routeTableNotFound':
      return rtbNotFound(id);
    case 'vpcNotFound':
      return new ApiError('InvalidVpcID.NotFound', 400, input.VpcId ? `The vpc ID '${input.VpcId}' does not exist` : `The vpc ID does not exist`);
    case 'vSwitchNotFound':
      return new ApiError(
        'InvalidSubnetID.NotFound',
        400,
        input.SubnetId ? `The subnet ID '${input.SubnetId}' does not exist` : `The subnet ID does not exist`,
      );
    case 'systemRouteTable':
    case 'dependency':
      return new ApiError('DependencyViolation', 400, `The routeTable '${id}' has dependencies and cannot be deleted.`);
    case 'notInSameVpc':
      return Ec2Errors.invalidParameterValue(`Route table ${id} and subnet belong to different networks`);
    case 'routeConflict':
      return new ApiError('RouteAlreadyExists', 400, `The route identified by the destination already exists in route table ${id}.`);
    case 'destinationMalformed':
      return Ec2Errors.invalidParameterValue(`Value for parameter destinationCidrBlock is invalid. This is not a valid CIDR block.`);
    case 'nextHopNotFound':
      return Ec2Errors.invalidParameterValue(`Route table ${id} and the target belong to different networks, or the target does not exist.`);
    case 'routeEntryNotFound':
      return new ApiError('InvalidRoute.NotFound', 400, `There is no route defined for the destination in the route table ${id}.`);
    case 'routeEntryQuota':
      return new ApiError('RouteLimitExceeded', 400, 'The maximum number of routes has been reached.');
    default:
      return undefined;
  }
};

export const createRouteTable = defineEc2Action<{ VpcId: string; TagSpecifications?: any[]; DryRun?: boolean }>({
  name: 'CreateRouteTable',
  uses: ['CreateRouteTable', 'DescribeRouteTables', 'DescribeVpcs'],
  handle: async (input, call) => {
    const tags = tagsFor(input.TagSpecifications, 'route-table').map((t) => ({ key: t.Key, value: t.Value }));
    const { table, vpc } = await call.perform(createRouteTableOperation, { regionId: call.region, vpcId: input.VpcId, tags }, { dryRun: input.DryRun });
    // A new custom table: no vSwitch, no route but the local one.
    return { RouteTable: routeTableView({ table, vpc, vSwitchIds: [], entries: [], blackholeEntryIds: [] }, call) };
  },
  mapError: (e, input) => (isVpcError(e) && e.reason === 'vpcNotFound' ? rtbErrors(e, '', { VpcId: input.VpcId }) : undefined),
});

export const deleteRouteTable = defineEc2Action<{ RouteTableId: string; DryRun?: boolean }>({
  name: 'DeleteRouteTable',
  uses: ['DeleteRouteTable'],
  handle: async (input, call) => {
    await call.perform(deleteRouteTableOperation, { regionId: call.region, routeTableId: input.RouteTableId }, { dryRun: input.DryRun });
    return {};
  },
  mapError: (e, input) => rtbErrors(e, input.RouteTableId),
});

type RouteInput = {
  RouteTableId: string;
  DestinationCidrBlock?: string;
  GatewayId?: string;
  InstanceId?: string;
  NatGatewayId?: string;
  NetworkInterfaceId?: string;
  DryRun?: boolean;
};

/** The route's target as a next hop (only internet gateways among EC2's gateways are simulated). */
function target(input: RouteInput): { type: string; id: string } {
  if (input.GatewayId) {
    if (!input.GatewayId.startsWith('igw-')) throw Ec2Errors.unsupported(`Gateway ${input.GatewayId}: only internet gateways are simulated as route targets.`);
    return { type: 'Ipv4Gateway', id: input.GatewayId };
  }
  if (input.InstanceId) return { type: 'Instance', id: input.InstanceId };
  if (input.NatGatewayId) return { type: 'NatGateway', id: input.NatGatewayId };
  if (input.NetworkInterfaceId) return { type: 'NetworkInterface', id: input.NetworkInterfaceId };
  throw Ec2Errors.missingParameter('GatewayId');
}

export const createRoute = defineEc2Action<RouteInput>({
  name: 'CreateRoute',
  uses: ['CreateRouteEntry'],
  handle: async (input, call) => {
    if (!input.DestinationCidrBlock) throw Ec2Errors.missingParameter('DestinationCidrBlock');
    const t = target(input);
    await call.perform(
      createRouteEntry,
      {
        regionId: call.region,
        routeTableId: input.RouteTableId,
        destinationCidrBlock: input.DestinationCidrBlock,
        nextHopType: t.type,
        nextHopId: t.id,
        ec2Rules: true,
      },
      { dryRun: input.DryRun },
    );
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
    await call.perform(
      modifyRouteEntry,
      { regionId: call.region, routeTableId: input.RouteTableId, destinationCidrBlock: input.DestinationCidrBlock, newNextHopId: t.id, newNextHopType: t.type },
      { dryRun: input.DryRun },
    );
    return {};
  },
  mapError: (e, input) => rtbErrors(e, input.RouteTableId),
});

export const deleteRoute = defineEc2Action<RouteInput>({
  name: 'DeleteRoute',
  uses: ['DeleteRouteEntry'],
  handle: async (input, call) => {
    if (!input.DestinationCidrBlock) throw Ec2Errors.missingParameter('DestinationCidrBlock');
    await call.perform(
      deleteRouteEntry,
      { regionId: call.region, routeTableId: input.RouteTableId, destinationCidrBlock: input.DestinationCidrBlock },
      { dryRun: input.DryRun },
    );
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
    const { associationId } = await call.perform(
      associateOperation,
      { regionId: call.region, routeTableId: input.RouteTableId, vSwitchId: input.SubnetId },
      { dryRun: input.DryRun },
    );
    return { AssociationId: associationId, AssociationState: { State: 'associated' } };
  },
  mapError: (e, input) => rtbErrors(e, input.RouteTableId, { SubnetId: input.SubnetId }),
});

export const disassociateRouteTable = defineEc2Action<{ AssociationId: string; DryRun?: boolean }>({
  name: 'DisassociateRouteTable',
  uses: ['UnassociateRouteTable', 'DescribeRouteTables', 'DescribeVpcs'],
  // The lookup and the change read and write one state.
  oneUnit: true,
  handle: async (input, call) => {
    const tables = (await call.perform(describeRouteTablesQuery, { regionId: call.region })).items.map((v) => routeTableView(v, call));
    const found = tables.flatMap((t) => t.Associations).find((a) => a.RouteTableAssociationId === input.AssociationId);
    if (!found) throw new ApiError('InvalidAssociationID.NotFound', 400, `The association ID '${input.AssociationId}' does not exist`);
    if (found.Main) throw Ec2Errors.invalidParameterValue(`cannot disassociate the main route table association ${input.AssociationId}`);
    await call.perform(
      unassociateRouteTable,
      { regionId: call.region, routeTableId: found.RouteTableId, vSwitchId: (found as { SubnetId?: string }).SubnetId ?? '' },
      { dryRun: input.DryRun },
    );
    return {};
  },
});

// ---------------------------------------------------------------------------------------------
// Internet gateways

const igwView = (g: InternetGatewayRecord, accountId: string) => ({
  InternetGatewayId: g.internetGatewayId,
  OwnerId: accountId,
  Attachments: g.vpcId ? [{ State: 'available', VpcId: g.vpcId }] : [],
  Tags: g.tags.map((t) => ({ Key: t.key, Value: t.value })),
});

const IGW_FILTERS: FilterFields<ReturnType<typeof igwView>> = {
  'internet-gateway-id': (g) => g.InternetGatewayId,
  'owner-id': (g) => g.OwnerId,
  'attachment.vpc-id': (g) => g.Attachments.map((a) => a.VpcId),
  'attachment.state': (g) => g.Attachments.map((a) => a.State),
};

/** The EC2 codes of the typed gateway errors (the operations raise EC2's own codes, but the VPC's and the gateway's not-found name the id). */
const igwErrors = (e: ApiError, input: { InternetGatewayId?: string; VpcId?: string }): ApiError | undefined => {
  if (!isVpcError(e)) return undefined;
  if (e.reason === 'vpcNotFound') return new ApiError('InvalidVpcID.NotFound', 400, `The vpc ID '${input.VpcId}' does not exist`);
  if (e.reason === 'internetGatewayNotFound' && input.InternetGatewayId !== undefined) return igwNotFound(input.InternetGatewayId);
  return undefined;
};

export const createInternetGateway = defineEc2Action<{ TagSpecifications?: any[]; DryRun?: boolean }>({
  name: 'CreateInternetGateway',
  uses: ['CreateInternetGateway', 'DescribeInternetGateways'],
  handle: async (input, call) => {
    const tags = tagsFor(input.TagSpecifications, 'internet-gateway').map((t) => ({ key: t.Key, value: t.Value }));
    const { gateway } = await call.perform(createInternetGatewayOperation, { regionId: call.region, tags }, { dryRun: input.DryRun });
    return { InternetGateway: igwView(gateway, call.accountId) };
  },
});

export const describeInternetGateways = defineEc2Action<{ InternetGatewayIds?: string[]; Filters?: Filter[]; DryRun?: boolean }>({
  name: 'DescribeInternetGateways',
  uses: ['DescribeInternetGateways'],
  handle: async (input, call) => {
    const { gateways } = await call.perform(describeInternetGatewaysOperation, {
      regionId: call.region,
      ids: input.InternetGatewayIds?.length ? input.InternetGatewayIds : undefined,
    });
    return {
      InternetGateways: applyFilters(
        gateways.map((g) => igwView(g, call.accountId)),
        input.Filters,
        IGW_FILTERS,
      ),
    };
  },
  // The operation's not-found names the id it did not find.
  mapError: (e) => igwErrors(e, {}),
});

export const attachInternetGateway = defineEc2Action<{ InternetGatewayId: string; VpcId: string; DryRun?: boolean }>({
  name: 'AttachInternetGateway',
  uses: ['AttachInternetGateway'],
  handle: async (input, call) => {
    await call.perform(
      attachInternetGatewayOperation,
      { regionId: call.region, internetGatewayId: input.InternetGatewayId, vpcId: input.VpcId },
      { dryRun: input.DryRun },
    );
    return {};
  },
  mapError: (e, input) => igwErrors(e, { VpcId: input.VpcId }),
});

export const detachInternetGateway = defineEc2Action<{ InternetGatewayId: string; VpcId: string; DryRun?: boolean }>({
  name: 'DetachInternetGateway',
  uses: ['DetachInternetGateway'],
  handle: async (input, call) => {
    await call.perform(
      detachInternetGatewayOperation,
      { regionId: call.region, internetGatewayId: input.InternetGatewayId, vpcId: input.VpcId },
      { dryRun: input.DryRun },
    );
    return {};
  },
  mapError: (e, input) => igwErrors(e, { VpcId: input.VpcId }),
});

export const deleteInternetGateway = defineEc2Action<{ InternetGatewayId: string; DryRun?: boolean }>({
  name: 'DeleteInternetGateway',
  uses: ['DeleteInternetGateway'],
  handle: async (input, call) => {
    await call.perform(deleteInternetGatewayOperation, { regionId: call.region, internetGatewayId: input.InternetGatewayId }, { dryRun: input.DryRun });
    return {};
  },
  mapError: (e, input) => igwErrors(e, { InternetGatewayId: input.InternetGatewayId }),
});
