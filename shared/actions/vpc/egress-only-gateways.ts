import { z } from 'zod';
import { ApiError } from '../../domain/errors';
import { validateTags } from '../../domain/tags';
import { newResourceId } from '../../platform/ids';
import { egressOnlyGatewayKey, listEgressOnlyGateways, loadEgressOnlyGateway } from '../../store/egress-only-gateways';
import { recordOf } from '../../store/vpcs';
import { accountOf, defineAction } from '../action';
import { requireRegion } from '../instances/common';
import { commonFields, p } from '../params';
import { tagEntries, toTagInputs } from '../tags/input';
import { requireVpc } from './vpcs';

/**
 * Egress-only internet gateways, the EC2 dialect's
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateEgressOnlyInternetGateway.html and siblings):
 * a gateway is created for one VPC and stays attached to it until deleted. It carries IPv6
 * traffic out only; the sandbox has no IPv6, so it is bookkeeping (no route can name it yet). The
 * VPC API's nearest resource, the IPv6 gateway with egress-only rules, is a different shape, so
 * these declarations are reachable only through the EC2 adapters (EC2_ONLY_ACTIONS), with EC2's codes.
 */

const notFound = (id: string) => new ApiError('InvalidGatewayID.NotFound', 400, `The gateway ID '${id}' does not exist`);

export const createEgressOnlyInternetGateway = defineAction({
  name: 'CreateEgressOnlyInternetGateway',
  idempotent: true,
  input: z.object({ ...commonFields, RegionId: p.regionId(), VpcId: p.string({ min: 1 }), Tag: tagEntries(), ClientToken: p.clientToken().optional() }),
  handler: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.RegionId);
    const vpc = await requireVpc(ctx, regionId, input.VpcId);
    const tags = validateTags(toTagInputs(input.Tag));
    const id = newResourceId('eigw', regionId);
    const record = { egressOnlyInternetGatewayId: id, accountId, regionId, vpcId: vpc.vpcId, createdAt: ctx.now.toISOString(), tags: tags.map((t) => ({ key: t.key, value: t.value })) };
    ctx.tx.create(egressOnlyGatewayKey(accountId, regionId, id), record);
    return { EgressOnlyInternetGateway: record };
  },
});

export const deleteEgressOnlyInternetGateway = defineAction({
  name: 'DeleteEgressOnlyInternetGateway',
  input: z.object({ ...commonFields, RegionId: p.regionId(), EgressOnlyInternetGatewayId: p.string({ min: 1 }) }),
  handler: async (input, ctx) => {
    const regionId = requireRegion(input.RegionId);
    const gw = await loadEgressOnlyGateway(ctx.store, accountOf(ctx), regionId, input.EgressOnlyInternetGatewayId);
    if (!gw) throw notFound(input.EgressOnlyInternetGatewayId);
    ctx.tx.remove(gw);
    return {};
  },
});

export const describeEgressOnlyInternetGateways = defineAction({
  name: 'DescribeEgressOnlyInternetGateways',
  input: z.object({ ...commonFields, RegionId: p.regionId(), EgressOnlyInternetGatewayId: p.list(p.string({ min: 1 }), { max: 1000 }).optional() }),
  handler: async (input, ctx) => {
    const all = await listEgressOnlyGateways(ctx.store, accountOf(ctx), requireRegion(input.RegionId));
    for (const id of input.EgressOnlyInternetGatewayId ?? []) if (!all.some((g) => g.egressOnlyInternetGatewayId === id)) throw notFound(id);
    const chosen = input.EgressOnlyInternetGatewayId?.length ? all.filter((g) => input.EgressOnlyInternetGatewayId!.includes(g.egressOnlyInternetGatewayId)) : all;
    return { EgressOnlyInternetGateways: chosen.map((g) => recordOf(g)) };
  },
});
