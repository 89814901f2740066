import { createHash } from 'node:crypto';
import { allocateEip, associateEip, describeEips, releaseEip, unassociateEip } from '../../../actions/network/eip-operations';
import type { EipRecord } from '../../../domain/eip';
import { isEipError } from '../../../domain/eip-errors';
import { ApiError } from '../../../domain/errors';
import { defineEc2Action, Ec2Errors, type Ec2Call } from '../adapter';
import { applyFilters, tagsFor, type Filter, type Tag } from '../views';

/**
 * Elastic IP addresses of the EC2 dialect over the EIP operations (shared/actions/network/eip-operations.ts,
 * under the ECS AllocateEipAddress, AssociateEipAddress, UnassociateEipAddress, ReleaseEipAddress,
 * DescribeEipAddresses): an EC2 address is an ECS EIP under the same allocation id (`eipalloc-`
 * through EC2, `eip-` through ECS).
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AllocateAddress.html and its siblings.
 */

/**
 * EC2's default of 5 Elastic IP addresses per region is the allocation's `Ec2Addresses` counter
 * (shared/actions/network/ec2-address-slots.ts), enforced with `ec2Limits`; the ECS account-wide
 * EIP count is kept too.
 */

export const AddressErrors = {
  allocationNotFound: (id: string) => new ApiError('InvalidAllocationID.NotFound', 400, `The allocation ID '${id}' does not exist`),
  addressNotFound: (ip: string) => new ApiError('InvalidAddress.NotFound', 400, `Address '${ip}' not found.`),
  associationNotFound: (id: string) => new ApiError('InvalidAssociationID.NotFound', 400, `The association ID '${id}' does not exist`),
  inUse: (id: string) => new ApiError('InvalidIPAddress.InUse', 400, `Address ${id} is in use.`),
  limit: () => new ApiError('AddressLimitExceeded', 400, 'The maximum number of addresses has been reached.'),
  alreadyAssociated: (id: string) => new ApiError('Resource.AlreadyAssociated', 400, `resource ${id} is already associated with associate-id`),
};

/** The association of an address with an instance, named after both (stable while it lasts). */
const associationIdOf = (allocationId: string, instanceId: string): string =>
  `eipassoc-${createHash('sha256').update(`${allocationId}/${instanceId}`).digest('hex').slice(0, 17)}`;

function ec2Address(e: EipRecord, call: Ec2Call) {
  const associated = e.status === 'InUse' && e.instanceId !== '';
  return {
    AllocationId: e.allocationId,
    PublicIp: e.ipAddress,
    Domain: 'vpc',
    ...(associated ? { InstanceId: e.instanceId, AssociationId: associationIdOf(e.allocationId, e.instanceId), NetworkInterfaceOwnerId: call.accountId } : {}),
    PublicIpv4Pool: 'amazon',
    NetworkBorderGroup: call.region,
    Tags: [] as Tag[],
  };
}

type Ec2Address = ReturnType<typeof ec2Address>;

async function addressesView(call: Ec2Call, dryRun?: boolean): Promise<Ec2Address[]> {
  const eips = await call.perform(describeEips, { regionId: call.region }, { dryRun });
  return eips.map((e) => ec2Address(e, call)).sort((a, b) => (a.AllocationId < b.AllocationId ? -1 : 1));
}

/** The address named by AllocationId or PublicIp. */
async function requireAddress(call: Ec2Call, input: { AllocationId?: string; PublicIp?: string }, dryRun?: boolean): Promise<Ec2Address> {
  if (!input.AllocationId && !input.PublicIp) throw Ec2Errors.missingParameter('AllocationId');
  const all = await addressesView(call, dryRun);
  const found = input.AllocationId ? all.find((a) => a.AllocationId === input.AllocationId) : all.find((a) => a.PublicIp === input.PublicIp);
  if (!found) throw input.AllocationId ? AddressErrors.allocationNotFound(input.AllocationId) : AddressErrors.addressNotFound(input.PublicIp!);
  return found;
}

/** The EC2 error for an EIP operation's refusal, by its reason (the ECS message kept). */
const mapEipError = (e: ApiError): ApiError | undefined => {
  if (!isEipError(e)) return undefined;
  switch (e.reason) {
    case 'quota':
      return AddressErrors.limit();
    case 'instanceNotFound':
      return new ApiError('InvalidInstanceID.NotFound', 400, e.message);
    case 'instanceStatus':
      return new ApiError('IncorrectInstanceState', 400, e.message);
    case 'incorrectStatus':
    case 'bindingStatus':
      return new ApiError('InvalidParameterValue', 400, e.message);
    default:
      return undefined;
  }
};

export const allocateAddress = defineEc2Action<{
  Domain?: string;
  Address?: string;
  PublicIpv4Pool?: string;
  NetworkBorderGroup?: string;
  TagSpecifications?: { ResourceType?: string; Tags?: Tag[] }[];
  DryRun?: boolean;
}>({
  name: 'AllocateAddress',
  uses: ['AllocateEipAddress', 'DescribeEipAddresses', 'TagResources'],
  handle: async (input, call) => {
    if (input.Domain !== undefined && input.Domain !== 'vpc' && input.Domain !== 'standard') {
      throw Ec2Errors.invalidParameterValue(`Invalid value '${input.Domain}' for domain.`);
    }
    if (input.Domain === 'standard') throw Ec2Errors.unsupported('EC2-Classic addresses are not available: use Domain=vpc.');
    if (input.Address !== undefined) throw new ApiError('InvalidAddress.NotFound', 400, `Address '${input.Address}' not found.`);
    if (input.NetworkBorderGroup !== undefined && input.NetworkBorderGroup !== call.region) {
      throw Ec2Errors.invalidParameterValue(`Invalid value '${input.NetworkBorderGroup}' for networkBorderGroup.`);
    }
    // The limit (5 per region) is counted in the allocation's own transaction: concurrent calls never pass it.
    if (tagsFor(input.TagSpecifications, 'elastic-ip').length) throw Ec2Errors.unsupported('Tags on Elastic IP addresses are not supported by this sandbox.');
    const eip = await call.perform(allocateEip, { regionId: call.region, ec2Limits: true }, { dryRun: input.DryRun });
    return { AllocationId: eip.allocationId, PublicIp: eip.ipAddress, Domain: 'vpc', PublicIpv4Pool: 'amazon', NetworkBorderGroup: call.region };
  },
  mapError: mapEipError,
});

export const associateAddress = defineEc2Action<{
  AllocationId?: string;
  PublicIp?: string;
  InstanceId?: string;
  NetworkInterfaceId?: string;
  PrivateIpAddress?: string;
  AllowReassociation?: boolean;
  DryRun?: boolean;
}>({
  name: 'AssociateAddress',
  uses: ['AssociateEipAddress', 'UnassociateEipAddress', 'DescribeEipAddresses'],
  // A reassociation (unassociate, then associate) never leaves the address taken from the old
  // instance without reaching the new one.
  oneUnit: true,
  handle: async (input, call) => {
    if (input.NetworkInterfaceId !== undefined)
      throw Ec2Errors.unsupported('Associating an address with a network interface is not supported by this sandbox; give InstanceId.');
    if (!input.InstanceId) throw Ec2Errors.missingParameter('InstanceId');
    const address = await requireAddress(call, input);
    if (address.InstanceId === input.InstanceId) return { AssociationId: address.AssociationId };
    if (address.InstanceId) {
      // Reassociation is automatic unless AllowReassociation=false.
      if (input.AllowReassociation === false) throw AddressErrors.alreadyAssociated(address.AllocationId);
      if (!input.DryRun) await call.perform(unassociateEip, { regionId: call.region, allocationId: address.AllocationId, instanceId: address.InstanceId });
    }
    await call.perform(
      associateEip,
      { regionId: call.region, allocationId: address.AllocationId, instanceId: input.InstanceId, replacePublicIp: true },
      { dryRun: input.DryRun },
    );
    return { AssociationId: associationIdOf(address.AllocationId, input.InstanceId) };
  },
  mapError: mapEipError,
});

export const disassociateAddress = defineEc2Action<{ AssociationId?: string; PublicIp?: string; DryRun?: boolean }>({
  name: 'DisassociateAddress',
  uses: ['UnassociateEipAddress', 'DescribeEipAddresses'],
  handle: async (input, call) => {
    if (!input.AssociationId && !input.PublicIp) throw Ec2Errors.missingParameter('AssociationId');
    const all = await addressesView(call);
    const address = input.AssociationId ? all.find((a) => a.AssociationId === input.AssociationId) : all.find((a) => a.PublicIp === input.PublicIp);
    if (!address) throw input.AssociationId ? AddressErrors.associationNotFound(input.AssociationId) : AddressErrors.addressNotFound(input.PublicIp!);
    // An address that is not associated: nothing to do (EC2 answers success).
    if (!address.InstanceId) return { Return: true };
    await call.perform(unassociateEip, { regionId: call.region, allocationId: address.AllocationId, instanceId: address.InstanceId }, { dryRun: input.DryRun });
    return { Return: true };
  },
  mapError: mapEipError,
});

export const releaseAddress = defineEc2Action<{ AllocationId?: string; PublicIp?: string; NetworkBorderGroup?: string; DryRun?: boolean }>({
  name: 'ReleaseAddress',
  uses: ['ReleaseEipAddress', 'DescribeEipAddresses'],
  handle: async (input, call) => {
    const address = await requireAddress(call, input);
    if (address.InstanceId) throw AddressErrors.inUse(address.AllocationId);
    await call.perform(releaseEip, { regionId: call.region, allocationId: address.AllocationId }, { dryRun: input.DryRun });
    return { Return: true };
  },
  mapError: mapEipError,
});

export const describeAddresses = defineEc2Action<{ AllocationIds?: string[]; PublicIps?: string[]; Filters?: Filter[]; DryRun?: boolean }>({
  name: 'DescribeAddresses',
  uses: ['DescribeEipAddresses'],
  handle: async (input, call) => {
    let addresses = await addressesView(call, input.DryRun);
    for (const id of input.AllocationIds ?? []) if (!addresses.some((a) => a.AllocationId === id)) throw AddressErrors.allocationNotFound(id);
    for (const ip of input.PublicIps ?? []) if (!addresses.some((a) => a.PublicIp === ip)) throw AddressErrors.addressNotFound(ip);
    if (input.AllocationIds?.length) addresses = addresses.filter((a) => input.AllocationIds!.includes(a.AllocationId));
    if (input.PublicIps?.length) addresses = addresses.filter((a) => input.PublicIps!.includes(a.PublicIp));
    addresses = applyFilters(addresses, input.Filters, {
      'allocation-id': (a) => a.AllocationId,
      'association-id': (a) => a.AssociationId,
      domain: (a) => a.Domain,
      'instance-id': (a) => a.InstanceId,
      'network-border-group': (a) => a.NetworkBorderGroup,
      'network-interface-owner-id': (a) => a.NetworkInterfaceOwnerId,
      'public-ip': (a) => a.PublicIp,
      'public-ipv4-pool': (a) => a.PublicIpv4Pool,
    });
    return { Addresses: addresses };
  },
});

export const describeAddressesAttribute = defineEc2Action<{
  AllocationIds?: string[];
  Attribute?: string;
  MaxResults?: number;
  NextToken?: string;
  DryRun?: boolean;
}>({
  name: 'DescribeAddressesAttribute',
  uses: ['DescribeEipAddresses'],
  handle: async (input, call) => {
    if (input.Attribute !== undefined && input.Attribute !== 'domain-name') {
      throw Ec2Errors.invalidParameterValue(`Value (${input.Attribute}) for parameter attribute is invalid.`);
    }
    let addresses = await addressesView(call, input.DryRun);
    for (const id of input.AllocationIds ?? []) if (!addresses.some((a) => a.AllocationId === id)) throw AddressErrors.allocationNotFound(id);
    if (input.AllocationIds?.length) addresses = addresses.filter((a) => input.AllocationIds!.includes(a.AllocationId));
    // No reverse DNS records are set in the sandbox: each address is listed without a PtrRecord.
    return { Addresses: addresses.map((a) => ({ PublicIp: a.PublicIp, AllocationId: a.AllocationId })) };
  },
});
