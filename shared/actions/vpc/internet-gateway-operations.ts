import { ApiError, Errors } from '../../domain/errors';
import { vpcError } from '../../domain/vpc-errors';
import { validateTags, type TagInput } from '../../domain/tags';
import { newResourceId } from '../../platform/ids';
import { internetGatewayKey, listInternetGateways, loadInternetGateway, type InternetGatewayRecord } from '../../store/gateways';
import { listRouteTables, recordOf } from '../../store/vpcs';
import { accountOf, type ActionContext } from '../action';
import { requireRegion } from '../instances/common';
import { defineOperation } from '../operation';
import { requireVpc } from './lookups';

/**
 * Internet gateways as typed operations (docs/operations.md): EC2's CreateInternetGateway and
 * siblings (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateInternetGateway.html).
 * The VPC API has no detachable gateway (its IPv4 gateway is created inside a VPC), so the errors
 * carry EC2's codes (the EC2-only declarations of ./internet-gateways.ts render them as they are),
 * typed with a `VpcError` reason. A route entry may name an attached gateway as next hop (`Ipv4Gateway`).
 */

export type { InternetGatewayRecord };

const InternetGatewayErrors = {
  notFound: (id: string) =>
    vpcError('internetGatewayNotFound', new ApiError('InvalidInternetGatewayID.NotFound', 400, `The internetGateway ID '${id}' does not exist`)),
  attached: (gw: InternetGatewayRecord) =>
    vpcError(
      'internetGatewayAttached',
      Errors.invalid('Resource.AlreadyAssociated', `resource ${gw.internetGatewayId} is already attached to network ${gw.vpcId}`),
    ),
  vpcHasOne: (vpcId: string) =>
    vpcError('internetGatewayAttached', Errors.invalid('InvalidParameterValue', `Network ${vpcId} already has an internet gateway attached`)),
  notAttached: (gw: InternetGatewayRecord, vpcId: string) =>
    vpcError('internetGatewayNotAttached', Errors.invalid('Gateway.NotAttached', `resource ${gw.internetGatewayId} is not attached to network ${vpcId}`)),
  routed: (gw: InternetGatewayRecord) =>
    vpcError(
      'dependency',
      Errors.invalid(
        'DependencyViolation',
        `Network ${gw.vpcId} has some mapped public address(es). Please unmap those public address(es) before detaching the gateway.`,
      ),
    ),
  inUse: (gw: InternetGatewayRecord) =>
    vpcError('dependency', Errors.invalid('DependencyViolation', `The internetGateway '${gw.internetGatewayId}' has dependencies and cannot be deleted.`)),
};

async function requireGateway(ctx: ActionContext, regionId: string, id: string) {
  const gw = await loadInternetGateway(ctx.store, accountOf(ctx), regionId, id);
  if (!gw) throw InternetGatewayErrors.notFound(id);
  return gw;
}

export const createInternetGateway = defineOperation<{ regionId: string; tags: readonly TagInput[] }, { gateway: InternetGatewayRecord }>({
  name: 'CreateInternetGateway',
  run: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.regionId);
    const tags = validateTags(input.tags);
    const gateway: InternetGatewayRecord = {
      internetGatewayId: newResourceId('igw', regionId),
      accountId,
      regionId,
      vpcId: '',
      createdAt: ctx.now.toISOString(),
      tags: tags.map((t) => ({ key: t.key, value: t.value })),
    };
    ctx.tx.create(internetGatewayKey(accountId, regionId, gateway.internetGatewayId), gateway);
    return { gateway };
  },
});

type GatewayAndVpc = { regionId: string; internetGatewayId: string; vpcId: string };

/** AttachInternetGateway: a detached gateway to a VPC that has none. */
export const attachInternetGateway = defineOperation<GatewayAndVpc, Record<string, never>>({
  name: 'AttachInternetGateway',
  run: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.regionId);
    const gw = await requireGateway(ctx, regionId, input.internetGatewayId);
    const vpc = await requireVpc(ctx, regionId, input.vpcId);
    if (gw.vpcId) throw InternetGatewayErrors.attached(gw);
    const others = await listInternetGateways(ctx.store, accountId, regionId);
    if (others.some((g) => g.vpcId === vpc.vpcId)) throw InternetGatewayErrors.vpcHasOne(vpc.vpcId);
    ctx.tx.replace(gw, { ...recordOf(gw), vpcId: vpc.vpcId });
    return {};
  },
});

/** DetachInternetGateway: AWS refuses while routes or public addresses use it; the sandbox checks the routes. */
export const detachInternetGateway = defineOperation<GatewayAndVpc, Record<string, never>>({
  name: 'DetachInternetGateway',
  run: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.regionId);
    const gw = await requireGateway(ctx, regionId, input.internetGatewayId);
    if (gw.vpcId !== input.vpcId) throw InternetGatewayErrors.notAttached(gw, input.vpcId);
    const tables = await listRouteTables(ctx.store, accountId, regionId);
    if (tables.some((t) => t.entries.some((e) => e.nextHopId === gw.internetGatewayId))) throw InternetGatewayErrors.routed(gw);
    ctx.tx.replace(gw, { ...recordOf(gw), vpcId: '' });
    return {};
  },
});

/** DeleteInternetGateway: a detached gateway only. */
export const deleteInternetGateway = defineOperation<{ regionId: string; internetGatewayId: string }, Record<string, never>>({
  name: 'DeleteInternetGateway',
  run: async (input, ctx) => {
    const regionId = requireRegion(input.regionId);
    const gw = await requireGateway(ctx, regionId, input.internetGatewayId);
    if (gw.vpcId) throw InternetGatewayErrors.inUse(gw);
    ctx.tx.remove(gw);
    return {};
  },
});

/** The caller's gateways of a region: the named ones (one BatchGet; an unknown id is not found) or every one (one Query). */
export const describeInternetGateways = defineOperation<{ regionId: string; ids?: readonly string[] }, { gateways: InternetGatewayRecord[] }>({
  name: 'DescribeInternetGateways',
  run: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.regionId);
    if (!input.ids?.length) return { gateways: (await listInternetGateways(ctx.store, accountId, regionId)).map(recordOf) };
    const found = await ctx.store.getMany<InternetGatewayRecord>([...new Set(input.ids)].map((id) => internetGatewayKey(accountId, regionId, id)));
    for (const id of input.ids) if (!found.some((g) => g.internetGatewayId === id)) throw InternetGatewayErrors.notFound(id);
    return { gateways: found.map(recordOf).sort((a, b) => a.internetGatewayId.localeCompare(b.internetGatewayId)) };
  },
});
