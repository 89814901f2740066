import { ApiError } from '../../../domain/errors';
import { defineEc2Action } from '../adapter';
import { applyFilters, checkIds, pageOf, tagsFor, type Filter } from '../views';

/**
 * EC2's egress-only internet gateways over their EC2-only declarations
 * (shared/actions/vpc/egress-only-gateways.ts; https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeEgressOnlyInternetGateways.html).
 */

interface Record_ {
  egressOnlyInternetGatewayId: string;
  vpcId: string;
  tags: { key: string; value: string }[];
}

const view = (g: Record_) => ({
  EgressOnlyInternetGatewayId: g.egressOnlyInternetGatewayId,
  Attachments: [{ State: 'attached', VpcId: g.vpcId }],
  Tags: g.tags.map((t) => ({ Key: t.key, Value: t.value })),
});

const vpcNotFound = (e: ApiError, input: { VpcId?: string }) =>
  e.code === 'InvalidVpcId.NotFound' ? new ApiError('InvalidVpcID.NotFound', 400, `The vpc ID '${input.VpcId}' does not exist`) : undefined;

export const createEgressOnlyInternetGateway = defineEc2Action<{ VpcId?: string; ClientToken?: string; TagSpecifications?: { ResourceType?: string; Tags?: { Key?: string; Value?: string }[] }[]; DryRun?: boolean }>({
  name: 'CreateEgressOnlyInternetGateway',
  uses: ['CreateEgressOnlyInternetGateway'],
  handle: async (input, call) => {
    checkIds(input.VpcId ? [input.VpcId] : undefined, 'InvalidVpcID.Malformed', ['vpc'], 'vpc');
    const out = await call.ecs('CreateEgressOnlyInternetGateway', {
      RegionId: call.region,
      VpcId: input.VpcId,
      Tag: tagsFor(input.TagSpecifications, 'egress-only-internet-gateway'),
      ClientToken: input.ClientToken,
      DryRun: input.DryRun,
    });
    return { EgressOnlyInternetGateway: view(out.EgressOnlyInternetGateway), ...(input.ClientToken ? { ClientToken: input.ClientToken } : {}) };
  },
  mapError: vpcNotFound,
});

export const deleteEgressOnlyInternetGateway = defineEc2Action<{ EgressOnlyInternetGatewayId?: string; DryRun?: boolean }>({
  name: 'DeleteEgressOnlyInternetGateway',
  uses: ['DeleteEgressOnlyInternetGateway'],
  handle: async (input, call) => {
    checkIds(input.EgressOnlyInternetGatewayId ? [input.EgressOnlyInternetGatewayId] : undefined, 'InvalidEgressOnlyInternetGatewayId.Malformed', ['eigw'], 'eigw');
    await call.ecs('DeleteEgressOnlyInternetGateway', { RegionId: call.region, EgressOnlyInternetGatewayId: input.EgressOnlyInternetGatewayId, DryRun: input.DryRun });
    return { ReturnCode: true };
  },
});

export const describeEgressOnlyInternetGateways = defineEc2Action<{ EgressOnlyInternetGatewayIds?: string[]; Filters?: Filter[]; MaxResults?: number; NextToken?: string; DryRun?: boolean }>({
  name: 'DescribeEgressOnlyInternetGateways',
  uses: ['DescribeEgressOnlyInternetGateways'],
  handle: async (input, call) => {
    checkIds(input.EgressOnlyInternetGatewayIds, 'InvalidEgressOnlyInternetGatewayId.Malformed', ['eigw'], 'eigw');
    const out = await call.ecs('DescribeEgressOnlyInternetGateways', {
      RegionId: call.region,
      EgressOnlyInternetGatewayId: input.EgressOnlyInternetGatewayIds?.length ? input.EgressOnlyInternetGatewayIds : undefined,
      DryRun: input.DryRun,
    });
    const matched = applyFilters((out.EgressOnlyInternetGateways as Record_[]).map(view), input.Filters, {
      'egress-only-internet-gateway-id': (g) => g.EgressOnlyInternetGatewayId,
    }).sort((a, b) => (a.EgressOnlyInternetGatewayId < b.EgressOnlyInternetGatewayId ? -1 : 1));
    const { page, nextToken } = pageOf(matched, (g) => g.EgressOnlyInternetGatewayId, 'DescribeEgressOnlyInternetGateways', input.MaxResults, input.NextToken, { min: 5, max: 255 });
    return { EgressOnlyInternetGateways: page, ...(nextToken ? { NextToken: nextToken } : {}) };
  },
});
