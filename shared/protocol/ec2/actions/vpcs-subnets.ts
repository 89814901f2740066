import { dhcpOptionsIdOfVpc } from '../../../domain/dhcp-options';
import { ApiError } from '../../../domain/errors';
import { ec2ZoneId, zoneOfEc2ZoneId } from '../../../domain/vpc';
import { listVSwitches, listVpcs } from '../../../store/vpcs';
import { defineEc2Action, Ec2Errors, type Ec2Call } from '../adapter';
import { applyFilters, ec2Tags, pageOf, tagsFor, type Filter } from '../views';

/**
 * EC2's VPC and subnet actions over the VPC API declarations (shared/actions/vpc): an EC2 VPC
 * is the VPC, an EC2 subnet is a vSwitch, under the same id (docs/network.md). DNS attributes and
 * map-public-IP-on-launch, which the VPC API does not show, come from a read-only helper.
 */

type Paged = { Filters?: Filter[]; DryRun?: boolean; MaxResults?: number; NextToken?: string };
const vpcNotFound = (id: string) => new ApiError('InvalidVpcID.NotFound', 400, `The vpc ID '${id}' does not exist`);
const subnetNotFound = (id: string) => new ApiError('InvalidSubnetID.NotFound', 400, `The subnet ID '${id}' does not exist`);


const state = (status: string) => (status === 'Available' ? 'available' : 'pending');

async function vpcsView(call: Ec2Call) {
  const [vpcs, records] = await Promise.all([
    call.ecsPages('DescribeVpcs', { RegionId: call.region }, (out) => out.Vpcs.Vpc, 50),
    // Which option set each VPC has (or none): a fact the VPC API's answer does not carry.
    listVpcs(call.store, call.accountId, call.region),
  ]);
  const dhcpOf = new Map(records.map((r) => [r.vpcId, r.dhcpOptionsId]));
  return vpcs.map((v: any) => ({
    VpcId: v.VpcId as string,
    OwnerId: call.accountId,
    State: state(v.Status),
    CidrBlock: v.CidrBlock as string,
    CidrBlockAssociationSet: [
      { AssociationId: `vpc-cidr-assoc-${(v.VpcId as string).replace(/^vpc-/, '').slice(0, 17)}`, CidrBlock: v.CidrBlock, CidrBlockState: { State: 'associated' } },
    ],
    Ipv6CidrBlockAssociationSet: [],
    DhcpOptionsId: dhcpOptionsIdOfVpc(dhcpOf.get(v.VpcId), call.accountId, call.region),
    InstanceTenancy: 'default',
    IsDefault: v.IsDefault as boolean,
    Tags: ec2Tags(v.Tags),
  }));
}

export const describeVpcs = defineEc2Action<{ VpcIds?: string[] } & Paged>({
  name: 'DescribeVpcs',
  uses: ['DescribeVpcs'],
  handle: async (input, call) => {
    let vpcs = await vpcsView(call);
    for (const id of input.VpcIds ?? []) if (!vpcs.some((v) => v.VpcId === id)) throw vpcNotFound(id);
    if (input.VpcIds?.length) vpcs = vpcs.filter((v) => input.VpcIds!.includes(v.VpcId));
    vpcs = applyFilters(vpcs, input.Filters, {
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
    });
    const { page, nextToken } = pageOf(vpcs, (v) => v.VpcId, 'vpc', input.MaxResults, input.NextToken, { min: 5, max: 1000 });
    return { Vpcs: page, ...(nextToken ? { NextToken: nextToken } : {}) };
  },
});

export const createVpc = defineEc2Action<{ CidrBlock?: string; TagSpecifications?: any[]; InstanceTenancy?: string; AmazonProvidedIpv6CidrBlock?: boolean; DryRun?: boolean }>({
  name: 'CreateVpc',
  uses: ['CreateVpc', 'DescribeVpcs'],
  handle: async (input, call) => {
    if (!input.CidrBlock) throw Ec2Errors.missingParameter('CidrBlock');
    if (input.AmazonProvidedIpv6CidrBlock) throw Ec2Errors.unsupported('IPv6 blocks are not supported by this sandbox.');
    if (input.InstanceTenancy && input.InstanceTenancy !== 'default') throw Ec2Errors.unsupported('Only the default tenancy is supported by this sandbox.');
    const out = await call.ecs('CreateVpc', { RegionId: call.region, CidrBlock: input.CidrBlock, Tag: tagsFor(input.TagSpecifications, 'vpc'), DryRun: input.DryRun });
    const vpc = (await vpcsView(call)).find((v) => v.VpcId === out.VpcId)!;
    // AWS answers a new VPC as pending.
    return { Vpc: { ...vpc, State: 'pending' } };
  },
  mapError: (e) =>
    e.code === 'QuotaExceeded.Vpc' ? new ApiError('VpcLimitExceeded', 400, 'The maximum number of VPCs has been reached.') : undefined,
});

export const createDefaultVpc = defineEc2Action<{ DryRun?: boolean }>({
  name: 'CreateDefaultVpc',
  uses: ['CreateVpc', 'DescribeVpcs'],
  handle: async (input, call) => {
    const out = await call.ecs('CreateVpc', { RegionId: call.region, IsDefault: true, DryRun: input.DryRun });
    const vpc = (await vpcsView(call)).find((v) => v.VpcId === out.VpcId)!;
    return { Vpc: vpc };
  },
  mapError: (e) =>
    e.code === 'DefaultVpcAlreadyExist'
      ? new ApiError('DefaultVpcAlreadyExists', 400, 'A Default VPC already exists for this account in this region.')
      : undefined,
});

const vpcErrors = (e: ApiError, id?: string): ApiError | undefined => {
  switch (e.code) {
    case 'InvalidVpcId.NotFound':
      return vpcNotFound(id ?? '');
    case 'DependencyViolation.VSwitch':
    case 'DependencyViolation.SecurityGroup':
    case 'DependencyViolation.RouteTable':
    case 'DependencyViolation.Ipv4Gateway':
    case 'DependencyViolation.Instance':
      return new ApiError('DependencyViolation', 400, `The vpc '${id}' has dependencies and cannot be deleted.`);
    default:
      return undefined;
  }
};

export const deleteVpc = defineEc2Action<{ VpcId: string; DryRun?: boolean }>({
  name: 'DeleteVpc',
  uses: ['DeleteVpc'],
  handle: async (input, call) => {
    await call.ecs('DeleteVpc', { RegionId: call.region, VpcId: input.VpcId, DryRun: input.DryRun });
    return {};
  },
  mapError: (e, input) => vpcErrors(e, input.VpcId),
});

type BoolValue = { Value?: boolean };

export const modifyVpcAttribute = defineEc2Action<{ VpcId: string; EnableDnsSupport?: BoolValue; EnableDnsHostnames?: BoolValue; EnableNetworkAddressUsageMetrics?: BoolValue; DryRun?: boolean }>({
  name: 'ModifyVpcAttribute',
  uses: ['ModifyVpcAttribute'],
  handle: async (input, call) => {
    const given = [input.EnableDnsSupport, input.EnableDnsHostnames, input.EnableNetworkAddressUsageMetrics].filter((a) => a !== undefined);
    // One attribute per call (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyVpcAttribute.html).
    if (given.length !== 1) throw Ec2Errors.invalidParameterValue('Fields for multiple attribute types specified: you can only modify one attribute at a time');
    if (input.EnableNetworkAddressUsageMetrics) throw Ec2Errors.unsupported('Network address usage metrics are not simulated by this sandbox.');
    await call.ecs('ModifyVpcAttribute', {
      RegionId: call.region,
      VpcId: input.VpcId,
      EnableDnsSupport: input.EnableDnsSupport?.Value,
      EnableDnsHostnames: input.EnableDnsHostnames?.Value,
      DryRun: input.DryRun,
    });
    return {};
  },
  mapError: (e, input) => vpcErrors(e, input.VpcId),
});

export const describeVpcAttribute = defineEc2Action<{ VpcId: string; Attribute: string; DryRun?: boolean }>({
  name: 'DescribeVpcAttribute',
  uses: ['DescribeVpcs'],
  handle: async (input, call) => {
    const out = await call.ecs('DescribeVpcs', { RegionId: call.region, VpcId: [input.VpcId] });
    if (!out.Vpcs.Vpc.length) throw vpcNotFound(input.VpcId);
    const vpc = (await listVpcs(call.store, call.accountId, call.region)).find((v) => v.vpcId === input.VpcId)!;
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

async function subnetsView(call: Ec2Call) {
  const [vSwitches, records] = await Promise.all([
    call.ecsPages('DescribeVSwitches', { RegionId: call.region }, (out) => out.VSwitches.VSwitch, 50),
    listVSwitches(call.store, call.accountId, call.region),
  ]);
  const mapPublic = new Map(records.map((r) => [r.vSwitchId, r.mapPublicIpOnLaunch]));
  return vSwitches.map((s: any) => ({
    SubnetId: s.VSwitchId as string,
    SubnetArn: `arn:aws:ec2:${call.region}:${call.accountId}:subnet/${s.VSwitchId}`,
    VpcId: s.VpcId as string,
    OwnerId: call.accountId,
    State: state(s.Status),
    CidrBlock: s.CidrBlock as string,
    AvailabilityZone: s.ZoneId as string,
    AvailabilityZoneId: ec2ZoneId(call.region, s.ZoneId),
    AvailableIpAddressCount: s.AvailableIpAddressCount as number,
    DefaultForAz: s.IsDefault as boolean,
    MapPublicIpOnLaunch: mapPublic.get(s.VSwitchId) ?? false,
    MapCustomerOwnedIpOnLaunch: false,
    AssignIpv6AddressOnCreation: false,
    Ipv6CidrBlockAssociationSet: [],
    EnableDns64: false,
    Ipv6Native: false,
    PrivateDnsNameOptionsOnLaunch: { HostnameType: 'ip-name', EnableResourceNameDnsARecord: false, EnableResourceNameDnsAAAARecord: false },
    Tags: ec2Tags(s.Tags),
  }));
}

export const describeSubnets = defineEc2Action<{ SubnetIds?: string[] } & Paged>({
  name: 'DescribeSubnets',
  uses: ['DescribeVSwitches'],
  handle: async (input, call) => {
    let subnets = await subnetsView(call);
    for (const id of input.SubnetIds ?? []) if (!subnets.some((s) => s.SubnetId === id)) throw subnetNotFound(id);
    if (input.SubnetIds?.length) subnets = subnets.filter((s) => input.SubnetIds!.includes(s.SubnetId));
    subnets = applyFilters(subnets, input.Filters, {
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
    });
    const { page, nextToken } = pageOf(subnets, (s) => s.SubnetId, 'subnet', input.MaxResults, input.NextToken, { min: 5, max: 1000 });
    return { Subnets: page, ...(nextToken ? { NextToken: nextToken } : {}) };
  },
});

const subnetErrors = (e: ApiError, id?: string): ApiError | undefined => {
  switch (e.code) {
    case 'InvalidVSwitchId.NotFound':
      return subnetNotFound(id ?? '');
    case 'DependencyViolation.Instance':
    case 'DependencyViolation':
      return new ApiError('DependencyViolation', 400, `The subnet '${id}' has dependencies and cannot be deleted.`);
    case 'QuotaExceeded.VSwitch':
      return new ApiError('SubnetLimitExceeded', 400, 'The maximum number of subnets has been reached.');
    case 'InvalidZoneId.NotFound':
      return Ec2Errors.invalidParameterValue(`Value (${id}) for parameter availabilityZone is invalid.`);
    default:
      return undefined;
  }
};

function zoneOf(call: Ec2Call, zone?: string, zoneId?: string): string | undefined {
  if (zoneId) {
    const z = zoneOfEc2ZoneId(call.region, zoneId);
    if (!z) throw Ec2Errors.invalidParameterValue(`Value (${zoneId}) for parameter availabilityZoneId is invalid. Subnets can currently only be created in the following availability zones: ${call.region}.`);
    return z;
  }
  return zone;
}

/** A zone for a subnet created without one: the zone whose blocks overlap least (AWS picks one). */
const firstZone = async (call: Ec2Call) => (await call.ecs('DescribeZones', { RegionId: call.region })).Zones.Zone[0].ZoneId as string;

export const createSubnet = defineEc2Action<{ VpcId: string; CidrBlock?: string; AvailabilityZone?: string; AvailabilityZoneId?: string; TagSpecifications?: any[]; DryRun?: boolean }>({
  name: 'CreateSubnet',
  uses: ['CreateVSwitch', 'DescribeVSwitches', 'DescribeZones'],
  handle: async (input, call) => {
    if (!input.CidrBlock) throw Ec2Errors.missingParameter('CidrBlock');
    const zone = zoneOf(call, input.AvailabilityZone, input.AvailabilityZoneId) ?? (await firstZone(call));
    const out = await call.ecs('CreateVSwitch', {
      RegionId: call.region,
      VpcId: input.VpcId,
      ZoneId: zone,
      CidrBlock: input.CidrBlock,
      Tag: tagsFor(input.TagSpecifications, 'subnet'),
      DryRun: input.DryRun,
    });
    const subnet = (await subnetsView(call)).find((s) => s.SubnetId === out.VSwitchId)!;
    return { Subnet: { ...subnet, State: 'pending' } };
  },
  mapError: (e, input) => (e.code === 'InvalidVpcId.NotFound' ? vpcNotFound(input.VpcId) : subnetErrors(e, input.AvailabilityZone)),
});

export const createDefaultSubnet = defineEc2Action<{ AvailabilityZone?: string; AvailabilityZoneId?: string; DryRun?: boolean }>({
  name: 'CreateDefaultSubnet',
  uses: ['CreateVSwitch', 'DescribeVSwitches', 'DescribeVpcs'],
  handle: async (input, call) => {
    const zone = zoneOf(call, input.AvailabilityZone, input.AvailabilityZoneId);
    if (!zone) throw Ec2Errors.missingParameter('AvailabilityZone');
    const vpc = (await vpcsView(call)).find((v) => v.IsDefault);
    if (!vpc) throw new ApiError('DefaultVpcDoesNotExist', 400, 'No default VPC exists for this account in this region.');
    const existing = (await subnetsView(call)).filter((s) => s.VpcId === vpc.VpcId);
    if (existing.some((s) => s.DefaultForAz && s.AvailabilityZone === zone)) {
      throw new ApiError('DefaultSubnetAlreadyExistsInAvailabilityZone', 400, `Default subnet already exists in availability zone ${zone}.`);
    }
    // The first free /20 of the default VPC's block, as AWS takes it.
    const taken = new Set(existing.map((s) => s.CidrBlock));
    const [a, b] = vpc.CidrBlock.split('.');
    let cidr = '';
    for (let i = 0; i < 16 && !cidr; i++) if (!taken.has(`${a}.${b}.${i * 16}.0/20`)) cidr = `${a}.${b}.${i * 16}.0/20`;
    if (!cidr) throw new ApiError('InsufficientFreeAddressesInSubnet', 400, 'The default VPC has no free /20 block.');
    const out = await call.ecs('CreateVSwitch', { RegionId: call.region, VpcId: vpc.VpcId, ZoneId: zone, CidrBlock: cidr, IsDefault: true, DryRun: input.DryRun });
    return { Subnet: (await subnetsView(call)).find((s) => s.SubnetId === out.VSwitchId)! };
  },
  mapError: (e, input) => subnetErrors(e, input.AvailabilityZone),
});

export const deleteSubnet = defineEc2Action<{ SubnetId: string; DryRun?: boolean }>({
  name: 'DeleteSubnet',
  uses: ['DeleteVSwitch'],
  handle: async (input, call) => {
    await call.ecs('DeleteVSwitch', { RegionId: call.region, VSwitchId: input.SubnetId, DryRun: input.DryRun });
    return {};
  },
  mapError: (e, input) => subnetErrors(e, input.SubnetId),
});

export const modifySubnetAttribute = defineEc2Action<{ SubnetId: string; MapPublicIpOnLaunch?: BoolValue; AssignIpv6AddressOnCreation?: BoolValue; DryRun?: boolean }>({
  name: 'ModifySubnetAttribute',
  uses: ['ModifyVSwitchAttribute'],
  handle: async (input, call) => {
    if (input.AssignIpv6AddressOnCreation?.Value) throw Ec2Errors.unsupported('IPv6 is not supported by this sandbox.');
    await call.ecs('ModifyVSwitchAttribute', {
      RegionId: call.region,
      VSwitchId: input.SubnetId,
      MapPublicIpOnLaunch: input.MapPublicIpOnLaunch?.Value,
      DryRun: input.DryRun,
    });
    return {};
  },
  mapError: (e, input) => subnetErrors(e, input.SubnetId),
});
