import { ApiError } from '../../../domain/errors';
import { isVpcError } from '../../../domain/vpc-errors';
import {
  createEgressOnlyGateway,
  deleteEgressOnlyGateway,
  describeEgressOnlyGateways,
  type EgressOnlyGatewayRecord,
} from '../../../actions/vpc/egress-only-gateway-operations';
import { defineEc2Action, Ec2Errors } from '../adapter';
import { applyFilters, checkIds, pageOf, tagsFor, type Filter } from '../views';

/**
 * EC2's egress-only internet gateways: codecs of the egress-only gateway operations
 * (shared/actions/vpc/egress-only-gateway-operations.ts; https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeEgressOnlyInternetGateways.html),
 * run with `call.perform`.
 */

const view = (g: EgressOnlyGatewayRecord) => ({
  EgressOnlyInternetGatewayId: g.egressOnlyInternetGatewayId,
  Attachments: [{ State: 'attached', VpcId: g.vpcId }],
  Tags: g.tags.map((t) => ({ Key: t.key, Value: t.value })),
});

const vpcNotFound = (e: ApiError, input: { VpcId?: string }) =>
  isVpcError(e) && e.reason === 'vpcNotFound' ? new ApiError('InvalidVpcID.NotFound', 400, `The vpc ID '${input.VpcId}' does not exist`) : undefined;

export const createEgressOnlyInternetGateway = defineEc2Action<{
  VpcId?: string;
  ClientToken?: string;
  TagSpecifications?: { ResourceType?: string; Tags?: { Key?: string; Value?: string }[] }[];
  DryRun?: boolean;
}>({
  name: 'CreateEgressOnlyInternetGateway',
  uses: ['CreateEgressOnlyInternetGateway'],
  handle: async (input, call) => {
    checkIds(input.VpcId ? [input.VpcId] : undefined, 'InvalidVpcID.Malformed', ['vpc'], 'vpc');
    if (!input.VpcId) throw Ec2Errors.missingParameter('VpcId');
    const tags = tagsFor(input.TagSpecifications, 'egress-only-internet-gateway').map((t) => ({ key: t.Key, value: t.Value }));
    const { gateway } = await call.perform(
      createEgressOnlyGateway,
      { regionId: call.region, vpcId: input.VpcId, tags },
      { dryRun: input.DryRun, clientToken: input.ClientToken },
    );
    return { EgressOnlyInternetGateway: view(gateway), ...(input.ClientToken ? { ClientToken: input.ClientToken } : {}) };
  },
  mapError: vpcNotFound,
});

export const deleteEgressOnlyInternetGateway = defineEc2Action<{ EgressOnlyInternetGatewayId?: string; DryRun?: boolean }>({
  name: 'DeleteEgressOnlyInternetGateway',
  uses: ['DeleteEgressOnlyInternetGateway'],
  handle: async (input, call) => {
    checkIds(
      input.EgressOnlyInternetGatewayId ? [input.EgressOnlyInternetGatewayId] : undefined,
      'InvalidEgressOnlyInternetGatewayId.Malformed',
      ['eigw'],
      'eigw',
    );
    if (!input.EgressOnlyInternetGatewayId) throw Ec2Errors.missingParameter('EgressOnlyInternetGatewayId');
    await call.perform(deleteEgressOnlyGateway, { regionId: call.region, id: input.EgressOnlyInternetGatewayId }, { dryRun: input.DryRun });
    return { ReturnCode: true };
  },
});

export const describeEgressOnlyInternetGateways = defineEc2Action<{
  EgressOnlyInternetGatewayIds?: string[];
  Filters?: Filter[];
  MaxResults?: number;
  NextToken?: string;
  DryRun?: boolean;
}>({
  name: 'DescribeEgressOnlyInternetGateways',
  uses: ['DescribeEgressOnlyInternetGateways'],
  handle: async (input, call) => {
    checkIds(input.EgressOnlyInternetGatewayIds, 'InvalidEgressOnlyInternetGatewayId.Malformed', ['eigw'], 'eigw');
    const { gateways } = await call.perform(
      describeEgressOnlyGateways,
      { regionId: call.region, ids: input.EgressOnlyInternetGatewayIds?.length ? input.EgressOnlyInternetGatewayIds : undefined },
      { dryRun: input.DryRun },
    );
    const matched = applyFilters(gateways.map(view), input.Filters, { 'egress-only-internet-gateway-id': (g) => g.EgressOnlyInternetGatewayId });
    const { page, nextToken } = pageOf(matched, (g) => g.EgressOnlyInternetGatewayId, 'DescribeEgressOnlyInternetGateways', input.MaxResults, input.NextToken, {
      min: 5,
      max: 255,
    });
    return { EgressOnlyInternetGateways: page, ...(nextToken ? { NextToken: nextToken } : {}) };
  },
});
