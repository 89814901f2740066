import { z } from 'zod';
import { defineAction } from '../action';
import { commonFields, p } from '../params';
import { tagEntries, toTagInputs } from '../tags/input';
import { createEgressOnlyGateway, deleteEgressOnlyGateway, describeEgressOnlyGateways } from './egress-only-gateway-operations';

/**
 * Egress-only internet gateways, the EC2 dialect's
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateEgressOnlyInternetGateway.html and siblings):
 * codecs of ./egress-only-gateway-operations.ts. The VPC API's nearest resource, the IPv6 gateway
 * with egress-only rules, is a different shape, so these declarations are on no ECS door
 * (EC2_ONLY_ACTIONS); the EC2 adapters run the operations themselves.
 */

export const createEgressOnlyInternetGateway = defineAction({
  name: 'CreateEgressOnlyInternetGateway',
  idempotent: true,
  input: z.object({ ...commonFields, RegionId: p.regionId(), VpcId: p.string({ min: 1 }), Tag: tagEntries(), ClientToken: p.clientToken().optional() }),
  handler: async (input, ctx) => {
    const { gateway } = await createEgressOnlyGateway.run({ regionId: input.RegionId, vpcId: input.VpcId, tags: toTagInputs(input.Tag) }, ctx);
    return { EgressOnlyInternetGateway: gateway };
  },
});

export const deleteEgressOnlyInternetGateway = defineAction({
  name: 'DeleteEgressOnlyInternetGateway',
  input: z.object({ ...commonFields, RegionId: p.regionId(), EgressOnlyInternetGatewayId: p.string({ min: 1 }) }),
  handler: async (input, ctx) => deleteEgressOnlyGateway.run({ regionId: input.RegionId, id: input.EgressOnlyInternetGatewayId }, ctx),
});

export const describeEgressOnlyInternetGateways = defineAction({
  name: 'DescribeEgressOnlyInternetGateways',
  input: z.object({ ...commonFields, RegionId: p.regionId(), EgressOnlyInternetGatewayId: p.list(p.string({ min: 1 }), { max: 1000 }).optional() }),
  handler: async (input, ctx) => ({
    EgressOnlyInternetGateways: (await describeEgressOnlyGateways.run({ regionId: input.RegionId, ids: input.EgressOnlyInternetGatewayId }, ctx)).gateways,
  }),
});
