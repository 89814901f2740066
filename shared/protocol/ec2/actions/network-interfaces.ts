import { attachInterface, detachInterface } from '../../../actions/network-interfaces/attach-detach';
import { statusOf, typeOf } from '../../../actions/network-interfaces/common';
import { createInterface, deleteInterface } from '../../../actions/network-interfaces/create-delete';
import { describeInterfaces, modifyInterface, type DescribeInterfacesInput } from '../../../actions/network-interfaces/describe-modify';
import { findEc2InstanceTypeByEcsType } from '../../../domain/catalogue/ec2-instance-types';
import { ApiError } from '../../../domain/errors';
import { addressesOf, attachmentIdOf, Ec2EniErrors, type NetworkInterfaceRecord } from '../../../domain/network-interface';
import { isEniError } from '../../../domain/network-interface-errors';
import { ec2ZoneId } from '../../../domain/vpc';
import { listSecurityGroups } from '../../../store/security-groups';
import { defineEc2Action, Ec2Errors, type Ec2Call } from '../adapter';
import { applyFilters, pageOf, tagsFor, type Filter, type Tag } from '../views';

/**
 * EC2's network interface actions (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateNetworkInterface.html
 * and siblings) over the network interface operations (shared/actions/network-interfaces, beside
 * their ECS codecs): an EC2 network interface is the ECS interface under the same id, instances'
 * primary interfaces included. The attachment id is derived from the interface and the instance
 * (the pair is the attachment).
 */

async function groupNames(call: Ec2Call): Promise<Map<string, string>> {
  const groups = await listSecurityGroups(call.store, call.accountId, call.region);
  return new Map(groups.map((g) => [g.securityGroupId, g.securityGroupName]));
}

function ec2Interface(e: NetworkInterfaceRecord, names: Map<string, string>, accountId: string, regionId: string) {
  const attached = statusOf(e) === 'InUse';
  const primary = typeOf(e) === 'Primary';
  return {
    NetworkInterfaceId: e.networkInterfaceId,
    Description: e.description,
    AvailabilityZone: e.zoneId,
    AvailabilityZoneId: ec2ZoneId(regionId, e.zoneId),
    SubnetId: e.vSwitchId,
    VpcId: e.vpcId,
    OwnerId: accountId,
    Status: attached ? 'in-use' : 'available',
    InterfaceType: 'interface',
    MacAddress: e.macAddress,
    PrivateIpAddress: e.privateIp,
    PrivateIpAddresses: addressesOf(e).map((ip, i) => ({ Primary: i === 0, PrivateIpAddress: ip })),
    Ipv6Addresses: [],
    RequesterManaged: false,
    SourceDestCheck: e.sourceDestCheck,
    Groups: e.securityGroupIds.map((id) => ({ GroupId: id, GroupName: names.get(id) ?? 'default' })),
    ...(attached
      ? {
          Attachment: {
            AttachmentId: attachmentIdOf(e.networkInterfaceId, e.instanceId),
            InstanceId: e.instanceId,
            InstanceOwnerId: accountId,
            DeviceIndex: primary ? 0 : e.deviceIndex,
            NetworkCardIndex: 0,
            Status: 'attached',
            DeleteOnTermination: primary ? true : e.deleteOnRelease,
            // The interface's creation time, to the second (as the ECS CreationTime it was read from).
            AttachTime: new Date(e.createdAt.replace(/\.\d{3}Z$/, 'Z')),
          },
        }
      : {}),
    TagSet: e.tags.map((t) => ({ Key: t.key, Value: t.value })) as Tag[],
  };
}

type Ec2Interface = ReturnType<typeof ec2Interface>;

/** The EC2 view of the interfaces that match `query` (every interface of the region by default). */
export async function interfacesView(call: Ec2Call, query: Omit<DescribeInterfacesInput, 'regionId'> = {}, dryRun?: boolean): Promise<Ec2Interface[]> {
  const [list, names] = await Promise.all([call.perform(describeInterfaces, { regionId: call.region, ...query }, { dryRun }), groupNames(call)]);
  return list.map((e) => ec2Interface(e, names, call.accountId, call.region));
}

/** The EC2 error for a network interface operation's refusal, by its reason. */
export const eniErrors = (e: ApiError, input: { NetworkInterfaceId?: string; SubnetId?: string; InstanceId?: string }): ApiError | undefined => {
  if (!isEniError(e)) return undefined;
  switch (e.reason) {
    case 'notFound':
      return Ec2EniErrors.notFound(input.NetworkInterfaceId ?? '');
    case 'vSwitchNotFound':
      return new ApiError('InvalidSubnetID.NotFound', 400, `The subnet ID '${input.SubnetId}' does not exist`);
    case 'groupNotFound':
      return new ApiError('InvalidGroup.NotFound', 400, 'The security group does not exist');
    case 'instanceNotFound':
      return new ApiError('InvalidInstanceID.NotFound', 400, `The instance ID '${input.InstanceId}' does not exist`);
    case 'ipNotEnough':
      return new ApiError(
        'InsufficientFreeAddressesInSubnet',
        400,
        `Subnet ${input.SubnetId} has insufficient free addresses to create this network interface`,
      );
    case 'ipInvalid':
      return Ec2Errors.invalidParameterValue("Address does not fall within the subnet's address range");
    case 'ipInUse':
      return new ApiError('InvalidIPAddress.InUse', 400, 'The specified address is already in use.');
    case 'quota':
      return new ApiError('NetworkInterfaceLimitExceeded', 400, 'The maximum number of network interfaces has been reached.');
    case 'eniState':
      return Ec2EniErrors.inUse(input.NetworkInterfaceId ?? '');
    case 'primary':
      return Ec2EniErrors.primary();
    case 'ecsState':
      return new ApiError('IncorrectInstanceState', 400, `The instance '${input.InstanceId}' is not in a state from which it can be modified.`);
    case 'zoneMismatch':
      return Ec2Errors.invalidParameterValue('You may not attach a network interface to an instance if they are not in the same availability zone');
    case 'vpcMismatch':
      return Ec2Errors.invalidParameterValue('The network interface and the instance or security groups belong to different networks.');
    case 'deviceIndex':
      return Ec2Errors.invalidParameterValue(e.message);
    default:
      return undefined;
  }
};

type CreateInput = {
  SubnetId?: string;
  Description?: string;
  Groups?: string[];
  PrivateIpAddress?: string;
  PrivateIpAddresses?: unknown[];
  SecondaryPrivateIpAddressCount?: number;
  Ipv6AddressCount?: number;
  Ipv6Addresses?: unknown[];
  Ipv4Prefixes?: unknown[];
  Ipv4PrefixCount?: number;
  InterfaceType?: string;
  TagSpecifications?: { ResourceType?: string; Tags?: Tag[] }[];
  ClientToken?: string;
  DryRun?: boolean;
};

export const createNetworkInterface = defineEc2Action<CreateInput>({
  name: 'CreateNetworkInterface',
  uses: ['CreateNetworkInterface', 'DescribeNetworkInterfaces', 'DescribeVSwitches'],
  oneUnit: true,
  handle: async (input, call) => {
    if (!input.SubnetId) throw Ec2Errors.missingParameter('SubnetId');
    if (
      input.PrivateIpAddresses?.length ||
      input.SecondaryPrivateIpAddressCount ||
      input.Ipv6AddressCount ||
      input.Ipv6Addresses?.length ||
      input.Ipv4Prefixes?.length ||
      input.Ipv4PrefixCount
    ) {
      throw Ec2Errors.unsupported('Secondary private addresses, IPv6 addresses and prefixes are not simulated by this sandbox.');
    }
    if (input.InterfaceType !== undefined && input.InterfaceType !== 'interface')
      throw Ec2Errors.unsupported(`Interface type ${input.InterfaceType} is not simulated by this sandbox.`);
    // Without groups, EC2 gives the interface its VPC's default group.
    const record = await call.perform(
      createInterface,
      {
        regionId: call.region,
        vSwitchId: input.SubnetId,
        securityGroupIds: input.Groups ?? [],
        defaultGroupWhenNone: true,
        primaryIpAddress: input.PrivateIpAddress,
        description: input.Description,
        // EC2's DeleteOnTermination is false for an interface attached after launch.
        deleteOnRelease: false,
        tags: tagsFor(input.TagSpecifications, 'network-interface').map((t) => ({ key: t.Key, value: t.Value })),
      },
      { dryRun: input.DryRun, clientToken: input.ClientToken },
    );
    const created = ec2Interface(record, await groupNames(call), call.accountId, call.region);
    return { NetworkInterface: created, ...(input.ClientToken ? { ClientToken: input.ClientToken } : {}) };
  },
  mapError: eniErrors,
});

type DescribeInput = { NetworkInterfaceIds?: string[]; Filters?: Filter[]; MaxResults?: number; NextToken?: string; DryRun?: boolean };

export const describeNetworkInterfaces = defineEc2Action<DescribeInput>({
  name: 'DescribeNetworkInterfaces',
  uses: ['DescribeNetworkInterfaces'],
  handle: async (input, call) => {
    let all = await interfacesView(call, {}, input.DryRun);
    for (const id of input.NetworkInterfaceIds ?? []) if (!all.some((e) => e.NetworkInterfaceId === id)) throw Ec2EniErrors.notFound(id);
    if (input.NetworkInterfaceIds?.length) all = all.filter((e) => input.NetworkInterfaceIds!.includes(e.NetworkInterfaceId));
    all = applyFilters(all, input.Filters, {
      'network-interface-id': (e) => e.NetworkInterfaceId,
      'subnet-id': (e) => e.SubnetId,
      'vpc-id': (e) => e.VpcId,
      'availability-zone': (e) => e.AvailabilityZone,
      status: (e) => e.Status,
      description: (e) => e.Description,
      'mac-address': (e) => e.MacAddress,
      'owner-id': (e) => e.OwnerId,
      'private-ip-address': (e) => e.PrivateIpAddress,
      'addresses.private-ip-address': (e) => e.PrivateIpAddresses.map((a) => a.PrivateIpAddress),
      'interface-type': (e) => e.InterfaceType,
      'requester-managed': (e) => e.RequesterManaged,
      'source-dest-check': (e) => e.SourceDestCheck,
      'group-id': (e) => e.Groups.map((g) => g.GroupId),
      'group-name': (e) => e.Groups.map((g) => g.GroupName),
      'attachment.attachment-id': (e) => e.Attachment?.AttachmentId ?? '',
      'attachment.instance-id': (e) => e.Attachment?.InstanceId ?? '',
      'attachment.instance-owner-id': (e) => e.Attachment?.InstanceOwnerId ?? '',
      'attachment.device-index': (e) => e.Attachment?.DeviceIndex ?? '',
      'attachment.status': (e) => e.Attachment?.Status ?? '',
      'attachment.delete-on-termination': (e) => e.Attachment?.DeleteOnTermination ?? '',
    });
    const { page, nextToken } = pageOf(all, (e) => e.NetworkInterfaceId, 'eni', input.MaxResults, input.NextToken, { min: 5, max: 1000 });
    return { NetworkInterfaces: page, ...(nextToken ? { NextToken: nextToken } : {}) };
  },
});

export const attachNetworkInterface = defineEc2Action<{
  NetworkInterfaceId: string;
  InstanceId: string;
  DeviceIndex?: number;
  NetworkCardIndex?: number;
  DryRun?: boolean;
}>({
  name: 'AttachNetworkInterface',
  uses: ['AttachNetworkInterface'],
  handle: async (input, call) => {
    if (input.DeviceIndex === undefined) throw Ec2Errors.missingParameter('DeviceIndex');
    if (input.DeviceIndex === 0) throw Ec2Errors.invalidParameterValue(`Instance '${input.InstanceId}' already has an interface attached at device index '0'.`);
    try {
      const out = await call.perform(
        attachInterface,
        { regionId: call.region, networkInterfaceId: input.NetworkInterfaceId, instanceId: input.InstanceId, deviceIndex: input.DeviceIndex, ec2Limits: true },
        { dryRun: input.DryRun },
      );
      return { AttachmentId: out.attachmentId, NetworkCardIndex: 0 };
    } catch (e) {
      if (isEniError(e) && e.reason === 'perInstance') {
        const ecsType = e.instanceType ?? '';
        throw Ec2EniErrors.limit(findEc2InstanceTypeByEcsType(ecsType)?.name ?? ecsType);
      }
      throw e;
    }
  },
  mapError: eniErrors,
});

export const detachNetworkInterface = defineEc2Action<{ AttachmentId: string; Force?: boolean; DryRun?: boolean }>({
  name: 'DetachNetworkInterface',
  uses: ['DetachNetworkInterface', 'DescribeNetworkInterfaces'],
  oneUnit: true,
  handle: async (input, call) => {
    const all = await interfacesView(call);
    const found = all.find((e) => e.Attachment?.AttachmentId === input.AttachmentId);
    if (!found?.Attachment) throw Ec2EniErrors.attachmentNotFound(input.AttachmentId);
    await call.perform(
      detachInterface,
      { regionId: call.region, networkInterfaceId: found.NetworkInterfaceId, instanceId: found.Attachment.InstanceId },
      { dryRun: input.DryRun },
    );
    return {};
  },
  mapError: (e) => eniErrors(e, {}),
});

type ModifyInput = {
  NetworkInterfaceId: string;
  Description?: { Value?: string };
  Groups?: string[];
  SourceDestCheck?: { Value?: boolean };
  Attachment?: { AttachmentId?: string; DeleteOnTermination?: boolean };
  DryRun?: boolean;
};

export const modifyNetworkInterfaceAttribute = defineEc2Action<ModifyInput>({
  name: 'ModifyNetworkInterfaceAttribute',
  uses: ['ModifyNetworkInterfaceAttribute'],
  handle: async (input, call) => {
    await call.perform(
      modifyInterface,
      {
        regionId: call.region,
        networkInterfaceId: input.NetworkInterfaceId,
        description: input.Description?.Value,
        securityGroupIds: input.Groups?.length ? input.Groups : undefined,
        sourceDestCheck: input.SourceDestCheck?.Value,
        deleteOnRelease: input.Attachment?.DeleteOnTermination,
      },
      { dryRun: input.DryRun },
    );
    return {};
  },
  mapError: (e, input) =>
    isEniError(e) && e.reason === 'eniType'
      ? Ec2Errors.unsupported(`The primary network interface ${input.NetworkInterfaceId} changes with its instance (ModifyInstanceAttribute) in this sandbox.`)
      : eniErrors(e, input),
});

export const deleteNetworkInterface = defineEc2Action<{ NetworkInterfaceId: string; DryRun?: boolean }>({
  name: 'DeleteNetworkInterface',
  uses: ['DeleteNetworkInterface'],
  handle: async (input, call) => {
    await call.perform(deleteInterface, { regionId: call.region, networkInterfaceId: input.NetworkInterfaceId }, { dryRun: input.DryRun });
    return {};
  },
  mapError: eniErrors,
});
