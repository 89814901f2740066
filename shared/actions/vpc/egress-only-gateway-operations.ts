import { ApiError } from '../../domain/errors';
import { validateTags, type TagInput } from '../../domain/tags';
import { vpcError } from '../../domain/vpc-errors';
import { newResourceId } from '../../platform/ids';
import { egressOnlyGatewayKey, listEgressOnlyGateways, loadEgressOnlyGateway, type EgressOnlyGatewayRecord } from '../../store/egress-only-gateways';
import { recordOf } from '../../store/vpcs';
import { accountOf } from '../action';
import { requireRegion } from '../instances/common';
import { defineOperation } from '../operation';
import { requireVpc } from './lookups';

/**
 * Egress-only internet gateways as typed operations (docs/operations.md, docs/network.md):
 * EC2's Create/Delete/DescribeEgressOnlyInternetGateway(s)
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateEgressOnlyInternetGateway.html and siblings).
 * A gateway is created for one VPC and stays attached to it until deleted; the sandbox has no
 * IPv6, so it is bookkeeping. EC2-only: the errors carry EC2's codes, typed with a `VpcError` reason.
 */

export type { EgressOnlyGatewayRecord };

const notFound = (id: string) => vpcError('egressOnlyGatewayNotFound', new ApiError('InvalidGatewayID.NotFound', 400, `The gateway ID '${id}' does not exist`));

export const createEgressOnlyGateway = defineOperation<{ regionId: string; vpcId: string; tags: readonly TagInput[] }, { gateway: EgressOnlyGatewayRecord }>({
  name: 'CreateEgressOnlyInternetGateway',
  run: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.regionId);
    const vpc = await requireVpc(ctx, regionId, input.vpcId);
    const tags = validateTags(input.tags);
    const gateway: EgressOnlyGatewayRecord = {
      egressOnlyInternetGatewayId: newResourceId('eigw', regionId),
      accountId,
      regionId,
      vpcId: vpc.vpcId,
      createdAt: ctx.now.toISOString(),
      tags: tags.map((t) => ({ key: t.key, value: t.value })),
    };
    ctx.tx.create(egressOnlyGatewayKey(accountId, regionId, gateway.egressOnlyInternetGatewayId), gateway);
    return { gateway };
  },
});

export const deleteEgressOnlyGateway = defineOperation<{ regionId: string; id: string }, Record<string, never>>({
  name: 'DeleteEgressOnlyInternetGateway',
  run: async (input, ctx) => {
    const regionId = requireRegion(input.regionId);
    const gw = await loadEgressOnlyGateway(ctx.store, accountOf(ctx), regionId, input.id);
    if (!gw) throw notFound(input.id);
    ctx.tx.remove(gw);
    return {};
  },
});

/** The named gateways (one BatchGet; an unknown id is not found) or every one of the region (one Query), in id order. */
export const describeEgressOnlyGateways = defineOperation<{ regionId: string; ids?: readonly string[] }, { gateways: EgressOnlyGatewayRecord[] }>({
  name: 'DescribeEgressOnlyInternetGateways',
  run: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.regionId);
    const found = input.ids?.length
      ? await ctx.store.getMany<EgressOnlyGatewayRecord>([...new Set(input.ids)].map((id) => egressOnlyGatewayKey(accountId, regionId, id)))
      : await listEgressOnlyGateways(ctx.store, accountId, regionId);
    for (const id of input.ids ?? []) if (!found.some((g) => g.egressOnlyInternetGatewayId === id)) throw notFound(id);
    return { gateways: found.map(recordOf).sort((a, b) => a.egressOnlyInternetGatewayId.localeCompare(b.egressOnlyInternetGatewayId)) };
  },
});
