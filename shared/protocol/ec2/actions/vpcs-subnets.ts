import { findRegion } from '../../../domain/catalogue/regions';
import { dhcpOptionsIdOfVpc } from '../../../domain/dhcp-options';
import { ApiError } from '../../../domain/errors';
import { availableAddresses, ec2ZoneId, statusAt, zoneOfEc2ZoneId, type VpcRecord, type VSwitchRecord } from '../../../domain/vpc';
import { isVpcError } from '../../../domain/vpc-errors';
import { describeVpcs as describeVpcsQuery, describeVSwitches } from '../../../actions/vpc/queries';
import { createVpc as createVpcOperation, deleteVpc as deleteVpcOperation, modifyVpc } from '../../../actions/vpc/vpc-operations';
import { createVSwitch, deleteVSwitch, modifyVSwitch } from '../../../actions/vpc/vswitch-operations';
import { defineEc2Action, Ec2Errors, type Ec2Call } from '../adapter';
import { afterIdOfToken, filterPredicate, pageSizeOf, pageTokenAfter, tagsFor, type Filter, type FilterFields } from '../views';

/**
 * EC2's VPC and subnet actions: codecs of the VPC and vSwitch operations
 * (shared/actions/vpc/vpc-operations.ts, vswitch-operations.ts, queries.ts), run with
 * `call.perform` (no VPC API wire on the way, typed `VpcError` reasons on the way back). An EC2
 * VPC is the VPC, an EC2 subnet is a vSwitch, under the same id (docs/network.md). The operations
 * take AWS's rules where they differ (`ec2Rules`: /16 to /28 blocks, usable at once, a `default`
 * security group with each new VPC).
 */

type Paged = { Filters?: Filter[]; DryRun?: boolean; MaxResults?: number; NextToken?: string };
type BoolValue = { Value?: boolean };
const vpcNotFound = (id: string) => new ApiError('InvalidVpcID.NotFound', 400, `The vpc ID '${id}' does not exist`);
const subnetNotFound = (id: string) => new ApiError('InvalidSubnetID.NotFound', 400, `The subnet ID '${id}' does not exist`);

const state = (v: { availableAt: string }, now: Date) => (statusAt(v, now) === 'Available' ? 'available' : 'pending');
const ec2TagsOf = (tags: readonly { key: string; value: string }[]) => tags.map((t) => ({ Key: t.key, Value: t.value }));
const tagInputs = (specs: Parameters<typeof tagsFor>[0], type: string) => tagsFor(specs, type).map((t) => ({ key: t.Key, value: t.Value }));

/** MaxResults (5 to 1000, clamped) and NextToken of `kind` as a query's paging. */
const pagingOf = (kind: string, input: Paged) => ({
  limit: input.MaxResults === undefined ? undefined : pageSizeOf(input.MaxResults, { min: 5, max: 1000 }),
  afterId: afterIdOfToken(kind, input.NextToken),
});
const nextTokenOf = (kind: string, afterId: string | undefined) => (afterId ? { NextToken: pageTokenAfter(kind, afterId) } : {});

function vpcView(v: VpcRecord, call: Ec2Call, now: Date) {
  return {
    VpcId: v.vpcId,
    OwnerId: call.accountId,
    State: state(v, now),
    CidrBlock: v.cidrBlock,
    CidrBlockAssociationSet: [
      { AssociationId: `vpc-cidr-assoc-${v.vpcId.replace(/^vpc-/, '').slice(0, 17)}`, CidrBlock: v.cidrBlock, CidrBlockState: { State: 'associated' } },
    ],
    Ipv6CidrBlockAssociationSet: [],
    DhcpOptionsId: dhcpOptionsIdOfVpc(v.dhcpOptionsId, call.accountId, call.region),
    InstanceTenancy: 'default',
    IsDefault: v.isDefault,
    Tags: ec2TagsOf(v.tags),
  };
}
type VpcView = ReturnType<typeof vpcView>;

const VPC_FILTERS: FilterFields<VpcView> = {
  'vpc-id': (v) => v.VpcId,
  'is-default': (v) => v.IsDefault,
  // Older names EC2 still accepts (Ansible's ec2_instance sends isDefault).
  isDefault: (v) => v.IsDefault,
  state: (v) => v.State,
  'cidr-block': (v) => v.CidrBlock,
  cidr: (v) => v.CidrBlock,
  cidrBlock: (v) => v.CidrBlock,
  'cidr-block-association.cidr-block': (v) => v.CidrBlockAssociationSet.map((a) => a.CidrBlock),
  'cidr-block-association.association-id': (v) => v.CidrBlockAssociationSet.map((a) => a.AssociationId),
  'cidr-block-association.state': () => 'associated',
  'owner-id': (v) => v.OwnerId,
  'dhcp-options-id': (v) => v.DhcpOptionsId,
  'instance-tenancy': (v) => v.InstanceTenancy,
};

/** The EC2 codes of the typed network errors (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html); undefined: the common translation. */
const mapVpcError = (e: ApiError, input: { VpcId?: string; SubnetId?: string; CidrBlock?: string; AvailabilityZone?: string }): ApiError | undefined => {
  if (!isVpcError(e)) return undefined;
  switch (e.reason) {
    case 'vpcNotFound':
      return vpcNotFound(input.VpcId ?? '');
    case 'vSwitchNotFound':
      return subnetNotFound(input.SubnetId ?? '');
    case 'dependency':
      return input.SubnetId !== undefined
        ? new ApiError('DependencyViolation', 400, `The subnet '${input.SubnetId}' has dependencies and cannot be deleted.`)
        : new ApiError('DependencyViolation', 400, `The vpc '${input.VpcId}' has dependencies and cannot be deleted.`);
    case 'vpcQuota':
      return new ApiError('VpcLimitExceeded', 400, 'The maximum number of VPCs has been reached.');
    case 'vSwitchQuota':
      return new ApiError('SubnetLimitExceeded', 400, 'The maximum number of subnets has been reached.');
    case 'vpcCidrInvalid':
      return new ApiError('InvalidVpc.Range', 400, `The CIDR '${input.CidrBlock}' is invalid.`);
    case 'vSwitchCidrInvalid':
      return new ApiError('InvalidSubnet.Range', 400, `The CIDR '${input.CidrBlock}' is invalid.`);
    case 'vSwitchCidrOverlap':
      return new ApiError('InvalidSubnet.Conflict', 400, `The CIDR '${input.CidrBlock}' conflicts with another subnet`);
    case 'zoneNotFound':
      return Ec2Errors.invalidParameterValue(`Value (${input.AvailabilityZone}) for parameter availabilityZone is invalid.`);
    case 'defaultVpcExists':
      return new ApiError('DefaultVpcAlreadyExists', 400, 'A Default VPC already exists for this account in this region.');
    case 'defaultVpcMissing':
      return new ApiError('DefaultVpcDoesNotExist', 400, 'No default VPC exists for this account in this region.');
    case 'defaultVSwitchExists':
      return new ApiError('DefaultSubnetAlreadyExistsInAvailabilityZone', 400, `Default subnet already exists in availability zone ${input.AvailabilityZone}.`);
    case 'noFreeDefaultBlock':
      return new ApiError('InsufficientFreeAddressesInSubnet', 400, 'The default VPC has no free /20 block.');
    default:
      return undefined;
  }
};

export const describeVpcs = defineEc2Action<{ VpcIds?: string[] } & Paged>({
  name: 'DescribeVpcs',
  uses: ['DescribeVpcs'],
  handle: async (input, call) => {
    const keep = filterPredicate(input.Filters, VPC_FILTERS);
    const found = await call.perform(describeVpcsQuery, {
      regionId: call.region,
      ids: input.VpcIds?.length ? input.VpcIds : undefined,
      matches: keep && ((v, now) => keep(vpcView(v, call, now))),
      paging: pagingOf('vpc', input),
    });
    if (found.missing[0] !== undefined) throw vpcNotFound(found.missing[0]);
    return { Vpcs: found.items.map((v) => vpcView(v, call, found.now)), ...nextTokenOf('vpc', found.nextAfterId) };
  },
});

export const createVpc = defineEc2Action<{
  CidrBlock?: string;
  TagSpecifications?: any[];
  InstanceTenancy?: string;
  AmazonProvidedIpv6CidrBlock?: boolean;
  DryRun?: boolean;
}>({
  name: 'CreateVpc',
  uses: ['CreateVpc', 'DescribeVpcs'],
  handle: async (input, call) => {
    if (!input.CidrBlock) throw Ec2Errors.missingParameter('CidrBlock');
    if (input.AmazonProvidedIpv6CidrBlock) throw Ec2Errors.unsupported('IPv6 blocks are not supported by this sandbox.');
    if (input.InstanceTenancy && input.InstanceTenancy !== 'default') throw Ec2Errors.unsupported('Only the default tenancy is supported by this sandbox.');
    const { vpc, now } = await call.perform(
      createVpcOperation,
      { regionId: call.region, cidrBlock: input.CidrBlock, tags: tagInputs(input.TagSpecifications, 'vpc'), ec2Rules: true },
      { dryRun: input.DryRun },
    );
    // AWS answers a new VPC as pending.
    return { Vpc: { ...vpcView(vpc, call, now), State: 'pending' } };
  },
  mapError: (e, input) => mapVpcError(e, input),
});

export const createDefaultVpc = defineEc2Action<{ DryRun?: boolean }>({
  name: 'CreateDefaultVpc',
  uses: ['CreateVpc', 'DescribeVpcs'],
  handle: async (input, call) => {
    const { vpc, now } = await call.perform(createVpcOperation, { regionId: call.region, isDefault: true, tags: [], ec2Rules: true }, { dryRun: input.DryRun });
    return { Vpc: vpcView(vpc, call, now) };
  },
  mapError: (e) => mapVpcError(e, {}),
});

export const deleteVpc = defineEc2Action<{ VpcId: string; DryRun?: boolean }>({
  name: 'DeleteVpc',
  uses: ['DeleteVpc'],
  handle: async (input, call) => {
    await call.perform(deleteVpcOperation, { regionId: call.region, vpcId: input.VpcId }, { dryRun: input.DryRun });
    return {};
  },
  mapError: (e, input) => mapVpcError(e, { VpcId: input.VpcId }),
});

export const modifyVpcAttribute = defineEc2Action<{
  VpcId: string;
  EnableDnsSupport?: BoolValue;
  EnableDnsHostnames?: BoolValue;
  EnableNetworkAddressUsageMetrics?: BoolValue;
  DryRun?: boolean;
}>({
  name: 'ModifyVpcAttribute',
  uses: ['ModifyVpcAttribute'],
  handle: async (input, call) => {
    const given = [input.EnableDnsSupport, input.EnableDnsHostnames, input.EnableNetworkAddressUsageMetrics].filter((a) => a !== undefined);
    // One attribute per call (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyVpcAttribute.html).
    if (given.length !== 1) throw Ec2Errors.invalidParameterValue('Fields for multiple attribute types specified: you can only modify one attribute at a time');
    if (input.EnableNetworkAddressUsageMetrics) throw Ec2Errors.unsupported('Network address usage metrics are not simulated by this sandbox.');
    await call.perform(
      modifyVpc,
      {
        regionId: call.region,
        vpcId: input.VpcId,
        enableDnsSupport: input.EnableDnsSupport?.Value,
        enableDnsHostnames: input.EnableDnsHostnames?.Value,
        ec2Rules: true,
      },
      { dryRun: input.DryRun },
    );
    return {};
  },
  mapError: (e, input) => mapVpcError(e, { VpcId: input.VpcId }),
});

export const describeVpcAttribute = defineEc2Action<{ VpcId: string; Attribute: string; DryRun?: boolean }>({
  name: 'DescribeVpcAttribute',
  uses: ['DescribeVpcs'],
  handle: async (input, call) => {
    const [vpc] = (await call.perform(describeVpcsQuery, { regionId: call.region, ids: [input.VpcId] })).items;
    if (!vpc) throw vpcNotFound(input.VpcId);
    switch (input.Attribute) {
      case 'enableDnsSupport':
        return { VpcId: input.VpcId, EnableDnsSupport: { Value: vpc.enableDnsSupport } };
      case 'enableDnsHostnames':
        return { VpcId: input.VpcId, EnableDnsHostnames: { Value: vpc.enableDnsHostnames } };
      case 'enableNetworkAddressUsageMetrics':
        return { VpcId: input.VpcId, EnableNetworkAddressUsageMetrics: { Value: false } };
      default:
        throw Ec2Errors.invalidParameterValue(`Value (${input.Attribute}) for parameter attribute is invalid. Unknown attribute.`);
    }
  },
  onlyGivenLists: true,
});

// ---------------------------------------------------------------------------------------------
// Subnets

function subnetView(s: VSwitchRecord, call: Ec2Call, now: Date) {
  return {
    SubnetId: s.vSwitchId,
    SubnetArn: `arn:aws:ec2:${call.region}:${call.accountId}:subnet/${s.vSwitchId}`,
    VpcId: s.vpcId,
    OwnerId: call.accountId,
    State: state(s, now),
    CidrBlock: s.cidrBlock,
    AvailabilityZone: s.zoneId,
    AvailabilityZoneId: ec2ZoneId(call.region, s.zoneId),
    AvailableIpAddressCount: availableAddresses(s),
    DefaultForAz: s.isDefault,
    MapPublicIpOnLaunch: s.mapPublicIpOnLaunch ?? false,
    MapCustomerOwnedIpOnLaunch: false,
    AssignIpv6AddressOnCreation: false,
    Ipv6CidrBlockAssociationSet: [],
    EnableDns64: false,
    Ipv6Native: false,
    PrivateDnsNameOptionsOnLaunch: { HostnameType: 'ip-name', EnableResourceNameDnsARecord: false, EnableResourceNameDnsAAAARecord: false },
    Tags: ec2TagsOf(s.tags),
  };
}
type SubnetView = ReturnType<typeof subnetView>;

const SUBNET_FILTERS: FilterFields<SubnetView> = {
  'subnet-id': (s) => s.SubnetId,
  subnetId: (s) => s.SubnetId,
  'subnet-arn': (s) => s.SubnetArn,
  'vpc-id': (s) => s.VpcId,
  vpcId: (s) => s.VpcId,
  'availability-zone': (s) => s.AvailabilityZone,
  availabilityZone: (s) => s.AvailabilityZone,
  'availability-zone-id': (s) => s.AvailabilityZoneId,
  availabilityZoneId: (s) => s.AvailabilityZoneId,
  'available-ip-address-count': (s) => s.AvailableIpAddressCount,
  availableIpAddressCount: (s) => s.AvailableIpAddressCount,
  'default-for-az': (s) => s.DefaultForAz,
  defaultForAz: (s) => s.DefaultForAz,
  state: (s) => s.State,
  'cidr-block': (s) => s.CidrBlock,
  cidr: (s) => s.CidrBlock,
  cidrBlock: (s) => s.CidrBlock,
  'owner-id': (s) => s.OwnerId,
  'map-public-ip-on-launch': (s) => s.MapPublicIpOnLaunch,
  'ipv6-native': (s) => s.Ipv6Native,
};

export const describeSubnets = defineEc2Action<{ SubnetIds?: string[] } & Paged>({
  name: 'DescribeSubnets',
  uses: ['DescribeVSwitches'],
  handle: async (input, call) => {
    const keep = filterPredicate(input.Filters, SUBNET_FILTERS);
    const found = await call.perform(describeVSwitches, {
      regionId: call.region,
      ids: input.SubnetIds?.length ? input.SubnetIds : undefined,
      matches: keep && ((s, now) => keep(subnetView(s, call, now))),
      paging: pagingOf('subnet', input),
    });
    if (found.missing[0] !== undefined) throw subnetNotFound(found.missing[0]);
    return { Subnets: found.items.map((s) => subnetView(s, call, found.now)), ...nextTokenOf('subnet', found.nextAfterId) };
  },
});

/** The zone of `AvailabilityZone` or `AvailabilityZoneId` (AWS-style zone ids, docs/network.md). */
function zoneOf(call: Ec2Call, zone?: string, zoneId?: string): string | undefined {
  if (zoneId) {
    const z = zoneOfEc2ZoneId(call.region, zoneId);
    if (!z)
      throw Ec2Errors.invalidParameterValue(
        `Value (${zoneId}) for parameter availabilityZoneId is invalid. Subnets can currently only be created in the following availability zones: ${call.region}.`,
      );
    return z;
  }
  return zone;
}

export const createSubnet = defineEc2Action<{
  VpcId: string;
  CidrBlock?: string;
  AvailabilityZone?: string;
  AvailabilityZoneId?: string;
  TagSpecifications?: any[];
  DryRun?: boolean;
}>({
  name: 'CreateSubnet',
  uses: ['CreateVSwitch', 'DescribeVSwitches', 'DescribeZones'],
  handle: async (input, call) => {
    if (!input.CidrBlock) throw Ec2Errors.missingParameter('CidrBlock');
    if (!input.VpcId) throw Ec2Errors.missingParameter('VpcId');
    // Without a zone: the region's first (AWS picks one).
    const zone = zoneOf(call, input.AvailabilityZone, input.AvailabilityZoneId) ?? findRegion(call.region)?.zones[0]?.zoneId ?? '';
    const { vSwitch, now } = await call.perform(
      createVSwitch,
      {
        regionId: call.region,
        vpcId: input.VpcId,
        zoneId: zone,
        cidrBlock: input.CidrBlock,
        tags: tagInputs(input.TagSpecifications, 'subnet'),
        ec2Rules: true,
      },
      { dryRun: input.DryRun },
    );
    return { Subnet: { ...subnetView(vSwitch, call, now), State: 'pending' } };
  },
  mapError: (e, input) => mapVpcError(e, { VpcId: input.VpcId, CidrBlock: input.CidrBlock, AvailabilityZone: input.AvailabilityZone }),
});

export const createDefaultSubnet = defineEc2Action<{ AvailabilityZone?: string; AvailabilityZoneId?: string; DryRun?: boolean }>({
  name: 'CreateDefaultSubnet',
  uses: ['CreateVSwitch', 'DescribeVSwitches', 'DescribeVpcs'],
  handle: async (input, call) => {
    const zone = zoneOf(call, input.AvailabilityZone, input.AvailabilityZoneId);
    if (!zone) throw Ec2Errors.missingParameter('AvailabilityZone');
    // In the default VPC, its first free /20 (the operation picks it).
    const { vSwitch, now } = await call.perform(
      createVSwitch,
      { regionId: call.region, zoneId: zone, isDefault: true, tags: [], ec2Rules: true },
      { dryRun: input.DryRun },
    );
    return { Subnet: subnetView(vSwitch, call, now) };
  },
  mapError: (e, input) => mapVpcError(e, { AvailabilityZone: input.AvailabilityZone ?? input.AvailabilityZoneId }),
});

export const deleteSubnet = defineEc2Action<{ SubnetId: string; DryRun?: boolean }>({
  name: 'DeleteSubnet',
  uses: ['DeleteVSwitch'],
  handle: async (input, call) => {
    await call.perform(deleteVSwitch, { regionId: call.region, vSwitchId: input.SubnetId }, { dryRun: input.DryRun });
    return {};
  },
  mapError: (e, input) => mapVpcError(e, { SubnetId: input.SubnetId }),
});

export const modifySubnetAttribute = defineEc2Action<{
  SubnetId: string;
  MapPublicIpOnLaunch?: BoolValue;
  AssignIpv6AddressOnCreation?: BoolValue;
  DryRun?: boolean;
}>({
  name: 'ModifySubnetAttribute',
  uses: ['ModifyVSwitchAttribute'],
  handle: async (input, call) => {
    if (input.AssignIpv6AddressOnCreation?.Value) throw Ec2Errors.unsupported('IPv6 is not supported by this sandbox.');
    await call.perform(
      modifyVSwitch,
      { regionId: call.region, vSwitchId: input.SubnetId, mapPublicIpOnLaunch: input.MapPublicIpOnLaunch?.Value },
      { dryRun: input.DryRun },
    );
    return {};
  },
  mapError: (e, input) => mapVpcError(e, { SubnetId: input.SubnetId }),
});
