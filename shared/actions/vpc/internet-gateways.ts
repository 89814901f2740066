import { z } from 'zod';
import { defineAction } from '../action';
import { commonFields, p } from '../params';
import { tagEntries, toTagInputs } from '../tags/input';
import {
  attachInternetGateway as attachOperation,
  createInternetGateway as createOperation,
  deleteInternetGateway as deleteOperation,
  describeInternetGateways as describeOperation,
  detachInternetGateway as detachOperation,
} from './internet-gateway-operations';

/**
 * Internet gateways, the EC2 dialect's (CreateInternetGateway and siblings,
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateInternetGateway.html): codecs
 * of the operations of ./internet-gateway-operations.ts. The VPC API has no detachable gateway, so
 * these declarations are on no ECS door (shared/actions/registry.ts EC2_ONLY_ACTIONS); the EC2
 * adapters run the operations themselves.
 */

export const createInternetGateway = defineAction({
  name: 'CreateInternetGateway',
  input: z.object({ ...commonFields, RegionId: p.regionId(), Tag: tagEntries() }),
  handler: async (input, ctx) => {
    const { gateway } = await createOperation.run({ regionId: input.RegionId, tags: toTagInputs(input.Tag) }, ctx);
    return { InternetGatewayId: gateway.internetGatewayId };
  },
});

export const attachInternetGateway = defineAction({
  name: 'AttachInternetGateway',
  input: z.object({ ...commonFields, RegionId: p.regionId(), InternetGatewayId: p.string({ min: 1 }), VpcId: p.string({ min: 1 }) }),
  handler: async (input, ctx) => attachOperation.run({ regionId: input.RegionId, internetGatewayId: input.InternetGatewayId, vpcId: input.VpcId }, ctx),
});

export const detachInternetGateway = defineAction({
  name: 'DetachInternetGateway',
  input: z.object({ ...commonFields, RegionId: p.regionId(), InternetGatewayId: p.string({ min: 1 }), VpcId: p.string({ min: 1 }) }),
  handler: async (input, ctx) => detachOperation.run({ regionId: input.RegionId, internetGatewayId: input.InternetGatewayId, vpcId: input.VpcId }, ctx),
});

export const deleteInternetGateway = defineAction({
  name: 'DeleteInternetGateway',
  input: z.object({ ...commonFields, RegionId: p.regionId(), InternetGatewayId: p.string({ min: 1 }) }),
  handler: async (input, ctx) => deleteOperation.run({ regionId: input.RegionId, internetGatewayId: input.InternetGatewayId }, ctx),
});

export const describeInternetGateways = defineAction({
  name: 'DescribeInternetGateways',
  input: z.object({ ...commonFields, RegionId: p.regionId(), InternetGatewayId: p.commaList({ max: 1000 }).optional() }),
  handler: async (input, ctx) => ({
    InternetGateways: (await describeOperation.run({ regionId: input.RegionId, ids: input.InternetGatewayId }, ctx)).gateways,
  }),
});
