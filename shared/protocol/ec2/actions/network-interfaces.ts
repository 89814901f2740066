import { ApiError } from '../../../domain/errors';
import { attachmentIdOf, Ec2EniErrors } from '../../../domain/network-interface';
import { findEc2InstanceTypeByEcsType } from '../../../domain/catalogue/ec2-instance-types';
import { defaultSecurityGroupIdOfVpc, ec2ZoneId } from '../../../domain/vpc';
import { loadInstance } from '../../../store/instances';
import { listSecurityGroups } from '../../../store/security-groups';
import { defineEc2Action, Ec2Errors, type Ec2Call } from '../adapter';
import { applyFilters, ec2Tags, ecsTime, pageOf, tagsFor, type Filter, type Tag } from '../views';

/**
 * EC2's network interface actions (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateNetworkInterface.html
 * and siblings) over the ECS ones (shared/actions/network-interfaces): an EC2 network interface is
 * the ECS interface under the same id, instances' primary interfaces included. The attachment id
 * is derived from the interface and the instance (the pair is the attachment).
 */

interface EcsEni {
  NetworkInterfaceId: string;
  NetworkInterfaceName: string;
  Description: string;
  Status: string;
  Type: string;
  VpcId: string;
  VSwitchId: string;
  ZoneId: string;
  PrivateIpAddress: string;
  MacAddress: string;
  InstanceId: string;
  CreationTime: string;
  DeleteOnRelease: boolean;
  SourceDestCheck: boolean;
  SecurityGroupIds: { SecurityGroupId: string[] };
  PrivateIpSets?: { PrivateIpSet: { PrivateIpAddress: string; Primary: boolean }[] };
  Attachment: { InstanceId?: string; DeviceIndex?: number };
  Tags: unknown;
}

async function groupNames(call: Ec2Call): Promise<Map<string, string>> {
  const groups = await listSecurityGroups(call.store, call.accountId, call.region);
  return new Map(groups.map((g) => [g.securityGroupId, g.securityGroupName]));
}

function ec2Interface(e: EcsEni, names: Map<string, string>, accountId: string, regionId: string) {
  const attached = e.Status === 'InUse' && e.InstanceId !== '';
  return {
    NetworkInterfaceId: e.NetworkInterfaceId,
    Description: e.Description,
    AvailabilityZone: e.ZoneId,
    AvailabilityZoneId: ec2ZoneId(regionId, e.ZoneId),
    SubnetId: e.VSwitchId,
    VpcId: e.VpcId,
    OwnerId: accountId,
    Status: attached ? 'in-use' : 'available',
    InterfaceType: 'interface',
    MacAddress: e.MacAddress,
    PrivateIpAddress: e.PrivateIpAddress,
    PrivateIpAddresses: (e.PrivateIpSets?.PrivateIpSet ?? [{ PrivateIpAddress: e.PrivateIpAddress, Primary: true }]).map((ip) => ({ Primary: ip.Primary, PrivateIpAddress: ip.PrivateIpAddress })),
    Ipv6Addresses: [],
    RequesterManaged: false,
    SourceDestCheck: e.SourceDestCheck,
    Groups: e.SecurityGroupIds.SecurityGroupId.map((id) => ({ GroupId: id, GroupName: names.get(id) ?? 'default' })),
    ...(attached
      ? {
          Attachment: {
            AttachmentId: attachmentIdOf(e.NetworkInterfaceId, e.InstanceId),
            InstanceId: e.InstanceId,
            InstanceOwnerId: accountId,
            DeviceIndex: e.Type === 'Primary' ? 0 : (e.Attachment.DeviceIndex ?? 1),
            NetworkCardIndex: 0,
            Status: 'attached',
            DeleteOnTermination: e.Type === 'Primary' ? true : e.DeleteOnRelease,
            AttachTime: ecsTime(e.CreationTime),
          },
        }
      : {}),
    TagSet: ec2Tags(e.Tags),
  };
}

type Ec2Interface = ReturnType<typeof ec2Interface>;

export async function interfacesView(call: Ec2Call, params: Record<string, unknown> = {}): Promise<Ec2Interface[]> {
  const [list, names] = await Promise.all([
    call.ecsAll<EcsEni>('DescribeNetworkInterfaces', { RegionId: call.region, ...params }, (out) => out.NetworkInterfaceSets.NetworkInterfaceSet, 500),
    groupNames(call),
  ]);
  return list.map((e) => ec2Interface(e, names, call.accountId, call.region));
}

export const eniErrors = (e: ApiError, input: { NetworkInterfaceId?: string; SubnetId?: string; InstanceId?: string }): ApiError | undefined => {
  switch (e.code) {
    case 'InvalidEniId.NotFound':
      return Ec2EniErrors.notFound(input.NetworkInterfaceId ?? '');
    case 'InvalidVSwitchId.NotFound':
      return new ApiError('InvalidSubnetID.NotFound', 400, `The subnet ID '${input.SubnetId}' does not exist`);
    case 'InvalidSecurityGroupId.NotFound':
      return new ApiError('InvalidGroup.NotFound', 400, 'The security group does not exist');
    case 'InvalidEcsId.NotFound':
    case 'InvalidInstanceId.NotFound':
      return new ApiError('InvalidInstanceID.NotFound', 400, `The instance ID '${input.InstanceId}' does not exist`);
    case 'InvalidVSwitchId.IpNotEnough':
      return new ApiError(
        'InsufficientFreeAddressesInSubnet',
        400,
        `Subnet ${input.SubnetId} has insufficient free addresses to create this network interface`,
      );
    case 'InvalidVSwitchId.IpInvalid':
      return Ec2Errors.invalidParameterValue("Address does not fall within the subnet's address range");
    case 'InvalidIp.IpAssigned':
      return new ApiError('InvalidIPAddress.InUse', 400, 'The specified address is already in use.');
    case 'MaxEniCountExceeded':
      return new ApiError('NetworkInterfaceLimitExceeded', 400, 'The maximum number of network interfaces has been reached.');
    case 'InvalidOperation.InvalidEniState':
      return Ec2EniErrors.inUse(input.NetworkInterfaceId ?? '');
    case 'InvalidOperation.DetachPrimaryEniNotAllowed':
      return Ec2EniErrors.primary();
    case 'InvalidOperation.InvalidEcsState':
      return new ApiError('IncorrectInstanceState', 400, `The instance '${input.InstanceId}' is not in a state from which it can be modified.`);
    case 'InvalidOperation.AvailabilityZoneMismatch':
      return Ec2Errors.invalidParameterValue('You may not attach a network interface to an instance if they are not in the same availability zone');
    case 'InvalidOperation.VpcMismatch':
      return Ec2Errors.invalidParameterValue('The network interface and the instance or security groups belong to different networks.');
    case 'InvalidParameter.DeviceIndex':
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
    const subnets = await call.ecs('DescribeVSwitches', { RegionId: call.region, VSwitchId: [input.SubnetId] });
    const subnet = (subnets.VSwitches.VSwitch as { VpcId: string }[])[0];
    if (!subnet) throw new ApiError('InvalidSubnetID.NotFound', 400, `The subnet ID '${input.SubnetId}' does not exist`);
    // Without groups, EC2 gives the interface its VPC's default group.
    const groups = input.Groups?.length ? input.Groups : [defaultSecurityGroupIdOfVpc(call.accountId, call.region, subnet.VpcId)];
    const out = await call.ecs<{ NetworkInterfaceId: string }>('CreateNetworkInterface', {
      RegionId: call.region,
      VSwitchId: input.SubnetId,
      SecurityGroupIds: groups,
      PrimaryIpAddress: input.PrivateIpAddress,
      Description: input.Description,
      // EC2's DeleteOnTermination is false for an interface attached after launch.
      DeleteOnRelease: false,
      Tag: tagsFor(input.TagSpecifications, 'network-interface'),
      ClientToken: input.ClientToken,
      DryRun: input.DryRun,
    });
    const [created] = await interfacesView(call, { NetworkInterfaceId: [out.NetworkInterfaceId] });
    return { NetworkInterface: created, ...(input.ClientToken ? { ClientToken: input.ClientToken } : {}) };
  },
  mapError: eniErrors,
});

type DescribeInput = { NetworkInterfaceIds?: string[]; Filters?: Filter[]; MaxResults?: number; NextToken?: string; DryRun?: boolean };

export const describeNetworkInterfaces = defineEc2Action<DescribeInput>({
  name: 'DescribeNetworkInterfaces',
  uses: ['DescribeNetworkInterfaces'],
  handle: async (input, call) => {
    if (input.DryRun) await call.ecs('DescribeNetworkInterfaces', { RegionId: call.region, DryRun: true });
    let all = await interfacesView(call);
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
      const out = await call.ecs<{ AttachmentId: string }>('AttachNetworkInterface', {
        RegionId: call.region,
        NetworkInterfaceId: input.NetworkInterfaceId,
        InstanceId: input.InstanceId,
        DeviceIndex: input.DeviceIndex,
        NetworkCardIndex: input.NetworkCardIndex,
        DryRun: input.DryRun,
      });
      return { AttachmentId: out.AttachmentId, NetworkCardIndex: 0 };
    } catch (e) {
      if (e instanceof ApiError && e.code === 'EniPerInstanceLimitExceeded') {
        const ecsType = (await loadInstance(call.store, call.accountId, call.region, input.InstanceId))?.instanceType ?? '';
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
  handle: async (input, call) => {
    const all = await interfacesView(call);
    const found = all.find((e) => e.Attachment?.AttachmentId === input.AttachmentId);
    if (!found?.Attachment) throw Ec2EniErrors.attachmentNotFound(input.AttachmentId);
    await call.ecs('DetachNetworkInterface', {
      RegionId: call.region,
      NetworkInterfaceId: found.NetworkInterfaceId,
      InstanceId: found.Attachment.InstanceId,
      DryRun: input.DryRun,
    });
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
    await call.ecs('ModifyNetworkInterfaceAttribute', {
      RegionId: call.region,
      NetworkInterfaceId: input.NetworkInterfaceId,
      Description: input.Description?.Value,
      SecurityGroupId: input.Groups?.length ? input.Groups : undefined,
      SourceDestCheck: input.SourceDestCheck?.Value,
      DeleteOnRelease: input.Attachment?.DeleteOnTermination,
      DryRun: input.DryRun,
    });
    return {};
  },
  mapError: (e, input) =>
    e.code === 'InvalidOperation.InvalidEniType'
      ? Ec2Errors.unsupported(`The primary network interface ${input.NetworkInterfaceId} changes with its instance (ModifyInstanceAttribute) in this sandbox.`)
      : eniErrors(e, input),
});

export const deleteNetworkInterface = defineEc2Action<{ NetworkInterfaceId: string; DryRun?: boolean }>({
  name: 'DeleteNetworkInterface',
  uses: ['DeleteNetworkInterface'],
  handle: async (input, call) => {
    await call.ecs('DeleteNetworkInterface', { RegionId: call.region, NetworkInterfaceId: input.NetworkInterfaceId, DryRun: input.DryRun });
    return {};
  },
  mapError: eniErrors,
});
