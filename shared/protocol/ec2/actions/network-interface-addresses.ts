import { modifyInterface } from '../../../actions/network-interfaces/describe-modify';
import { assignPrivateIps, unassignPrivateIps } from '../../../actions/network-interfaces/private-ips';
import { ApiError } from '../../../domain/errors';
import { isEniError } from '../../../domain/network-interface-errors';
import { primaryEniId } from '../../../domain/network-interface';
import { defineEc2Action, Ec2Errors, type Ec2Call } from '../adapter';
import { checkIds } from '../views';
import { eniErrors, interfacesView } from './network-interfaces';

/**
 * EC2's secondary private addresses and interface attributes over the network interface operations
 * (shared/actions/network-interfaces): AssignPrivateIpAddresses / UnassignPrivateIpAddresses (the
 * operations under the ECS actions of the same names),
 * DescribeNetworkInterfaceAttribute (the EC2 interface view, one attribute) and
 * ResetNetworkInterfaceAttribute (source/destination checking back on).
 */

const checkEniId = (id: string | undefined) => {
  if (!id) throw Ec2Errors.missingParameter('NetworkInterfaceId');
  checkIds([id], 'InvalidNetworkInterfaceID.Malformed', ['eni'], 'eni');
};

const addressErrors = (e: ApiError, input: { NetworkInterfaceId?: string }): ApiError | undefined => {
  if (!isEniError(e)) return undefined;
  switch (e.reason) {
    case 'ipCount':
      return new ApiError('PrivateIpAddressLimitExceeded', 400, 'Number of private addresses will exceed limit.');
    case 'eniType':
      return Ec2Errors.unsupported('This sandbox keeps secondary private addresses on secondary network interfaces only (docs/network.md).');
    case 'ipNotAssigned':
      return Ec2Errors.invalidParameterValue(`Some of the specified addresses are not assigned to interface ${input.NetworkInterfaceId}`);
    default:
      return eniErrors(e, input);
  }
};

const prefixesUnsupported = () => Ec2Errors.unsupported('IPv4 prefixes are not simulated by this sandbox.');

/** https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AssignPrivateIpAddresses.html */
export const assignPrivateIpAddresses = defineEc2Action<{
  NetworkInterfaceId?: string;
  PrivateIpAddresses?: string[];
  SecondaryPrivateIpAddressCount?: number;
  AllowReassignment?: boolean;
  Ipv4Prefixes?: string[];
  Ipv4PrefixCount?: number;
}>({
  name: 'AssignPrivateIpAddresses',
  uses: ['AssignPrivateIpAddresses'],
  handle: async (input, call) => {
    checkEniId(input.NetworkInterfaceId);
    const named = input.PrivateIpAddresses ?? [];
    if (named.length && input.SecondaryPrivateIpAddressCount !== undefined) {
      throw Ec2Errors.invalidCombination('You may specify either a secondary private IP address count or specific addresses, not both.');
    }
    if (!named.length && input.SecondaryPrivateIpAddressCount === undefined && !input.Ipv4Prefixes?.length && input.Ipv4PrefixCount === undefined) {
      throw Ec2Errors.missingParameter('PrivateIpAddress or SecondaryPrivateIpAddressCount');
    }
    if (input.SecondaryPrivateIpAddressCount !== undefined && input.SecondaryPrivateIpAddressCount < 1) {
      throw Ec2Errors.invalidParameterValue(
        `Value (${input.SecondaryPrivateIpAddressCount}) for parameter secondaryPrivateIpAddressCount is invalid. Expecting a positive value.`,
      );
    }
    if (input.Ipv4Prefixes?.length || input.Ipv4PrefixCount !== undefined) throw prefixesUnsupported();
    const ips = await call.perform(assignPrivateIps, {
      regionId: call.region,
      networkInterfaceId: input.NetworkInterfaceId!,
      addresses: named,
      count: input.SecondaryPrivateIpAddressCount,
      ec2Limits: true,
    });
    return {
      NetworkInterfaceId: input.NetworkInterfaceId,
      AssignedPrivateIpAddresses: ips.map((ip) => ({ PrivateIpAddress: ip })),
      AssignedIpv4Prefixes: [],
    };
  },
  mapError: addressErrors,
});

/** https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_UnassignPrivateIpAddresses.html */
export const unassignPrivateIpAddresses = defineEc2Action<{ NetworkInterfaceId?: string; PrivateIpAddresses?: string[]; Ipv4Prefixes?: string[] }>({
  name: 'UnassignPrivateIpAddresses',
  uses: ['UnassignPrivateIpAddresses'],
  handle: async (input, call) => {
    checkEniId(input.NetworkInterfaceId);
    if (!input.PrivateIpAddresses?.length && !input.Ipv4Prefixes?.length) throw Ec2Errors.missingParameter('PrivateIpAddress');
    if (input.Ipv4Prefixes?.length) throw prefixesUnsupported();
    await call.perform(unassignPrivateIps, {
      regionId: call.region,
      networkInterfaceId: input.NetworkInterfaceId!,
      addresses: [...new Set(input.PrivateIpAddresses)],
    });
    return {};
  },
  mapError: addressErrors,
});

/** Whether the interface has a public address: the primary interface of an instance with a public IP or an Elastic IP. */
async function hasPublicAddress(call: Ec2Call, eni: { NetworkInterfaceId: string; Attachment?: { InstanceId?: string } }): Promise<boolean> {
  const instanceId = eni.Attachment?.InstanceId;
  if (!instanceId || primaryEniId(instanceId) !== eni.NetworkInterfaceId) return false;
  const out = await call.ecs('DescribeInstances', { RegionId: call.region, InstanceIds: JSON.stringify([instanceId]), PageSize: 100 });
  const i = out.Instances.Instance[0] as { PublicIpAddress?: { IpAddress?: string[] }; EipAddress?: { IpAddress?: string } } | undefined;
  return Boolean(i?.PublicIpAddress?.IpAddress?.length || i?.EipAddress?.IpAddress);
}

const ENI_ATTRIBUTES = ['description', 'groupSet', 'sourceDestCheck', 'attachment', 'associatePublicIpAddress'];

/** https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeNetworkInterfaceAttribute.html */
export const describeNetworkInterfaceAttribute = defineEc2Action<{ NetworkInterfaceId?: string; Attribute?: string; DryRun?: boolean }>({
  name: 'DescribeNetworkInterfaceAttribute',
  uses: ['DescribeNetworkInterfaces', 'DescribeInstances'],
  onlyGivenLists: true,
  handle: async (input, call) => {
    checkEniId(input.NetworkInterfaceId);
    if (input.Attribute !== undefined && !ENI_ATTRIBUTES.includes(input.Attribute)) {
      throw Ec2Errors.invalidParameterValue(`Value (${input.Attribute}) for parameter attribute is invalid. Unknown attribute.`);
    }
    const [eni] = await interfacesView(call, { ids: [input.NetworkInterfaceId!] }, input.DryRun);
    if (!eni) throw new ApiError('InvalidNetworkInterfaceID.NotFound', 400, `The networkInterface ID '${input.NetworkInterfaceId}' does not exist`);
    const all = {
      description: { Description: { Value: eni.Description } },
      groupSet: { Groups: eni.Groups },
      sourceDestCheck: { SourceDestCheck: { Value: eni.SourceDestCheck } },
      attachment: eni.Attachment ? { Attachment: eni.Attachment } : {},
      associatePublicIpAddress: { AssociatePublicIpAddress: await hasPublicAddress(call, eni) },
    } as Record<string, Record<string, unknown>>;
    // Without Attribute every attribute is answered (the reference marks it optional and names no default).
    const chosen = input.Attribute ? [input.Attribute] : ENI_ATTRIBUTES;
    return Object.assign({ NetworkInterfaceId: eni.NetworkInterfaceId }, ...chosen.map((a) => all[a]));
  },
});

/** https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ResetNetworkInterfaceAttribute.html: only `sourceDestCheck`, back to true. */
export const resetNetworkInterfaceAttribute = defineEc2Action<{ NetworkInterfaceId?: string; SourceDestCheck?: string; DryRun?: boolean }>({
  name: 'ResetNetworkInterfaceAttribute',
  uses: ['ModifyNetworkInterfaceAttribute', 'ModifyInstanceEc2Facts', 'DescribeNetworkInterfaces'],
  handle: async (input, call) => {
    checkEniId(input.NetworkInterfaceId);
    if (input.SourceDestCheck === undefined) throw Ec2Errors.missingParameter('SourceDestCheck');
    if (input.SourceDestCheck !== 'sourceDestCheck') {
      throw Ec2Errors.invalidParameterValue(`Value (${input.SourceDestCheck}) for parameter sourceDestCheck is invalid. Only 'sourceDestCheck' can be reset.`);
    }
    const [eni] = await interfacesView(call, { ids: [input.NetworkInterfaceId!] });
    if (!eni) throw new ApiError('InvalidNetworkInterfaceID.NotFound', 400, `The networkInterface ID '${input.NetworkInterfaceId}' does not exist`);
    const instanceId = eni.Attachment?.InstanceId;
    if (instanceId && primaryEniId(instanceId) === eni.NetworkInterfaceId) {
      // The primary interface's flag is the instance's (ModifyInstanceAttribute sourceDestCheck).
      await call.ecs('ModifyInstanceEc2Facts', { RegionId: call.region, InstanceId: [instanceId], SourceDestCheck: true, DryRun: input.DryRun });
    } else {
      await call.perform(
        modifyInterface,
        { regionId: call.region, networkInterfaceId: input.NetworkInterfaceId!, sourceDestCheck: true },
        { dryRun: input.DryRun },
      );
    }
    return {};
  },
  mapError: eniErrors,
});
