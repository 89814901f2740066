import { ApiError } from '../../../domain/errors';
import { Ec2NatErrors, natStateAt, type NatGatewayRecord } from '../../../domain/nat-gateway';
import { isVpcError } from '../../../domain/vpc-errors';
import { createNatGateway as createOperation, deleteNatGateway as deleteOperation, natGatewaysOfRegion } from '../../../actions/vpc/nat-gateway-operations';
import { defineEc2Action, Ec2Errors } from '../adapter';
import { applyFilters, pageOf, tagsFor, type Filter, type Tag } from '../views';

/**
 * EC2's NAT gateways (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateNatGateway.html
 * and siblings): codecs of the NAT gateway operations (shared/actions/vpc/nat-gateway-operations.ts),
 * run with `call.perform` under EC2's rules (`ec2Rules`). The VPC API hides failed and deleted
 * gateways; EC2 shows them for an hour with their state and failure.
 */

/** The network interface AWS makes for a gateway: named after the gateway (the sandbox keeps none of its own). */
const eniOf = (natGatewayId: string) => `eni-${natGatewayId.replace(/^[a-z]+-/, '')}`;
const associationOf = (n: NatGatewayRecord) => `eipassoc-${n.natGatewayId.replace(/^[a-z]+-/, '').slice(0, 17)}`;

export function ec2NatGateway(n: NatGatewayRecord, now: Date) {
  const state = natStateAt(n, now);
  return {
    NatGatewayId: n.natGatewayId,
    VpcId: n.vpcId,
    SubnetId: n.vSwitchId,
    State: state,
    ConnectivityType: n.connectivity,
    CreateTime: new Date(n.createdAt),
    ...(n.deletedAt && state === 'deleted' ? { DeleteTime: new Date(n.deletedAt) } : {}),
    ...(n.failure && state === 'failed' ? { FailureCode: n.failure.code, FailureMessage: n.failure.message } : {}),
    NatGatewayAddresses: n.privateIp
      ? [
          {
            ...(n.allocationId ? { AllocationId: n.allocationId, PublicIp: n.publicIp, AssociationId: associationOf(n) } : {}),
            NetworkInterfaceId: eniOf(n.natGatewayId),
            PrivateIp: n.privateIp,
            IsPrimary: true,
            Status: state === 'deleting' || state === 'deleted' ? 'disassociating' : 'succeeded',
          },
        ]
      : [],
    Tags: n.tags.map((t) => ({ Key: t.key, Value: t.value })),
  };
}

/** The EC2 codes of the typed errors of CreateNatGateway; undefined: the common translation. */
const mapCreateError = (e: ApiError, input: { SubnetId?: string; AllocationId?: string }): ApiError | undefined => {
  if (!isVpcError(e)) return undefined;
  switch (e.reason) {
    case 'vSwitchNotFound':
      return new ApiError('InvalidSubnetID.NotFound', 400, `The subnet ID '${input.SubnetId}' does not exist`);
    case 'allocationNotFound':
      return new ApiError('InvalidAllocationID.NotFound', 400, `The allocation ID '${input.AllocationId}' does not exist`);
    case 'natGatewayQuota':
      return Ec2NatErrors.limit();
    case 'addressesExhausted':
      return new ApiError('InsufficientFreeAddressesInSubnet', 400, `Subnet ${input.SubnetId} has insufficient free addresses to create this NAT gateway`);
    default:
      return undefined;
  }
};

type CreateInput = {
  SubnetId?: string;
  AllocationId?: string;
  ConnectivityType?: string;
  PrivateIpAddress?: string;
  SecondaryAllocationIds?: string[];
  SecondaryPrivateIpAddresses?: string[];
  SecondaryPrivateIpAddressCount?: number;
  TagSpecifications?: { ResourceType?: string; Tags?: Tag[] }[];
  ClientToken?: string;
  DryRun?: boolean;
};

export const createNatGateway = defineEc2Action<CreateInput>({
  name: 'CreateNatGateway',
  uses: ['CreateNatGateway', 'DescribeVSwitches'],
  handle: async (input, call) => {
    if (!input.SubnetId) throw Ec2Errors.missingParameter('SubnetId');
    const connectivity = input.ConnectivityType ?? 'public';
    if (connectivity !== 'public' && connectivity !== 'private')
      throw Ec2Errors.invalidParameterValue(`Value (${connectivity}) for parameter connectivityType is invalid.`);
    if (connectivity === 'public' && !input.AllocationId) throw Ec2Errors.missingParameter('AllocationId');
    if (connectivity === 'private' && input.AllocationId) throw Ec2Errors.invalidCombination('A private NAT gateway cannot have an Elastic IP address.');
    if (input.PrivateIpAddress || input.SecondaryAllocationIds?.length || input.SecondaryPrivateIpAddresses?.length || input.SecondaryPrivateIpAddressCount) {
      throw Ec2Errors.unsupported('Chosen and secondary NAT gateway addresses are not simulated by this sandbox.');
    }
    const tags = tagsFor(input.TagSpecifications, 'natgateway').map((t) => ({ key: t.Key, value: t.Value }));
    const { gateway } = await call.perform(
      createOperation,
      {
        regionId: call.region,
        // The subnet's VPC (an unknown subnet: reason vSwitchNotFound).
        vSwitchId: input.SubnetId,
        networkType: connectivity === 'private' ? 'intranet' : 'internet',
        allocationId: input.AllocationId,
        tags,
        ec2Rules: true,
      },
      { dryRun: input.DryRun, clientToken: input.ClientToken },
    );
    return { NatGateway: ec2NatGateway(gateway, await call.now()), ...(input.ClientToken ? { ClientToken: input.ClientToken } : {}) };
  },
  mapError: mapCreateError,
});

type DescribeInput = { NatGatewayIds?: string[]; Filter?: Filter[]; MaxResults?: number; NextToken?: string; DryRun?: boolean };

export const describeNatGateways = defineEc2Action<DescribeInput>({
  name: 'DescribeNatGateways',
  uses: ['DescribeNatGateways'],
  handle: async (input, call) => {
    const { gateways, now } = await call.perform(natGatewaysOfRegion, { regionId: call.region }, { dryRun: input.DryRun });
    let all = gateways.map((n) => ec2NatGateway(n, now));
    for (const id of input.NatGatewayIds ?? []) if (!all.some((n) => n.NatGatewayId === id)) throw Ec2NatErrors.notFound(id);
    if (input.NatGatewayIds?.length) all = all.filter((n) => input.NatGatewayIds!.includes(n.NatGatewayId));
    all = applyFilters(all, input.Filter, {
      'nat-gateway-id': (n) => n.NatGatewayId,
      state: (n) => n.State,
      'subnet-id': (n) => n.SubnetId,
      'vpc-id': (n) => n.VpcId,
    });
    const { page, nextToken } = pageOf(all, (n) => n.NatGatewayId, 'nat', input.MaxResults, input.NextToken, { min: 5, max: 1000 });
    return { NatGateways: page, ...(nextToken ? { NextToken: nextToken } : {}) };
  },
});

export const deleteNatGateway = defineEc2Action<{ NatGatewayId: string; DryRun?: boolean }>({
  name: 'DeleteNatGateway',
  uses: ['DeleteNatGateway'],
  handle: async (input, call) => {
    if (!/^(nat|ngw)-[0-9a-z]+$/.test(input.NatGatewayId)) throw Ec2NatErrors.malformed(input.NatGatewayId);
    await call.perform(deleteOperation, { regionId: call.region, natGatewayId: input.NatGatewayId, ec2Rules: true }, { dryRun: input.DryRun });
    return { NatGatewayId: input.NatGatewayId };
  },
  mapError: (e, input) => {
    if (isVpcError(e) && e.reason === 'natGatewayNotFound') return Ec2NatErrors.notFound(input.NatGatewayId);
    // Deleting an already deleting gateway: EC2 answers with the gateway, as the request is already honoured.
    if (isVpcError(e) && e.reason === 'natGatewayStatus')
      return new ApiError('InvalidParameterValue', 400, `NAT gateway ${input.NatGatewayId} is already being deleted.`);
    return undefined;
  },
});
