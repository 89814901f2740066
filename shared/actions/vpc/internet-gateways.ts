import { z } from 'zod';
import { ApiError, Errors } from '../../domain/errors';
import { validateTags } from '../../domain/tags';
import { newResourceId } from '../../platform/ids';
import { internetGatewayKey, listInternetGateways, loadInternetGateway } from '../../store/gateways';
import { listRouteTables, recordOf } from '../../store/vpcs';
import { accountOf, defineAction, type ActionContext } from '../action';
import { requireRegion } from '../instances/common';
import { commonFields, p } from '../params';
import { tagEntries, toTagInputs } from '../tags/input';
import { requireVpc } from './vpcs';

/**
 * Internet gateways, the EC2 dialect's (CreateInternetGateway and siblings,
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateInternetGateway.html). The VPC
 * API has no detachable gateway (its IPv4 gateway is created inside a VPC), so these declarations
 * are reachable only through the EC2 adapters (shared/actions/registry.ts EC2_ONLY_ACTIONS), with
 * EC2's error codes. A route entry may name an attached gateway as next hop (`Ipv4Gateway`).
 */

const notFound = (id: string) => new ApiError('InvalidInternetGatewayID.NotFound', 400, `The internetGateway ID '${id}' does not exist`);

async function requireGateway(ctx: ActionContext, regionId: string, id: string) {
  const gw = await loadInternetGateway(ctx.store, accountOf(ctx), regionId, id);
  if (!gw) throw notFound(id);
  return gw;
}

export const createInternetGateway = defineAction({
  name: 'CreateInternetGateway',
  input: z.object({ ...commonFields, RegionId: p.regionId(), Tag: tagEntries() }),
  handler: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.RegionId);
    const tags = validateTags(toTagInputs(input.Tag));
    const id = newResourceId('igw', regionId);
    ctx.tx.create(internetGatewayKey(accountId, regionId, id), {
      internetGatewayId: id,
      accountId,
      regionId,
      vpcId: '',
      createdAt: ctx.now.toISOString(),
      tags: tags.map((t) => ({ key: t.key, value: t.value })),
    });
    return { InternetGatewayId: id };
  },
});

export const attachInternetGateway = defineAction({
  name: 'AttachInternetGateway',
  input: z.object({ ...commonFields, RegionId: p.regionId(), InternetGatewayId: p.string({ min: 1 }), VpcId: p.string({ min: 1 }) }),
  handler: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.RegionId);
    const gw = await requireGateway(ctx, regionId, input.InternetGatewayId);
    const vpc = await requireVpc(ctx, regionId, input.VpcId);
    if (gw.vpcId) throw Errors.invalid('Resource.AlreadyAssociated', `resource ${gw.internetGatewayId} is already attached to network ${gw.vpcId}`);
    const others = await listInternetGateways(ctx.store, accountId, regionId);
    if (others.some((g) => g.vpcId === vpc.vpcId)) {
      throw Errors.invalid('InvalidParameterValue', `Network ${vpc.vpcId} already has an internet gateway attached`);
    }
    ctx.tx.replace(gw, { ...recordOf(gw), vpcId: vpc.vpcId });
    return {};
  },
});

export const detachInternetGateway = defineAction({
  name: 'DetachInternetGateway',
  input: z.object({ ...commonFields, RegionId: p.regionId(), InternetGatewayId: p.string({ min: 1 }), VpcId: p.string({ min: 1 }) }),
  handler: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.RegionId);
    const gw = await requireGateway(ctx, regionId, input.InternetGatewayId);
    if (gw.vpcId !== input.VpcId) throw Errors.invalid('Gateway.NotAttached', `resource ${gw.internetGatewayId} is not attached to network ${input.VpcId}`);
    // AWS refuses while routes or public addresses use it; the sandbox checks the routes.
    const tables = await listRouteTables(ctx.store, accountId, regionId);
    if (tables.some((t) => t.entries.some((e) => e.nextHopId === gw.internetGatewayId))) {
      throw Errors.invalid('DependencyViolation', `Network ${gw.vpcId} has some mapped public address(es). Please unmap those public address(es) before detaching the gateway.`);
    }
    ctx.tx.replace(gw, { ...recordOf(gw), vpcId: '' });
    return {};
  },
});

export const deleteInternetGateway = defineAction({
  name: 'DeleteInternetGateway',
  input: z.object({ ...commonFields, RegionId: p.regionId(), InternetGatewayId: p.string({ min: 1 }) }),
  handler: async (input, ctx) => {
    const regionId = requireRegion(input.RegionId);
    const gw = await requireGateway(ctx, regionId, input.InternetGatewayId);
    if (gw.vpcId) throw Errors.invalid('DependencyViolation', `The internetGateway '${gw.internetGatewayId}' has dependencies and cannot be deleted.`);
    ctx.tx.remove(gw);
    return {};
  },
});

export const describeInternetGateways = defineAction({
  name: 'DescribeInternetGateways',
  input: z.object({ ...commonFields, RegionId: p.regionId(), InternetGatewayId: p.commaList({ max: 1000 }).optional() }),
  handler: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.RegionId);
    const all = await listInternetGateways(ctx.store, accountId, regionId);
    for (const id of input.InternetGatewayId ?? []) if (!all.some((g) => g.internetGatewayId === id)) throw notFound(id);
    const chosen = input.InternetGatewayId?.length ? all.filter((g) => input.InternetGatewayId!.includes(g.internetGatewayId)) : all;
    return { InternetGateways: chosen.map((g) => recordOf(g)) };
  },
});
