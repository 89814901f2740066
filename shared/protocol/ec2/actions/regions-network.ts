import { findRegion } from '../../../domain/catalogue/regions';
import { ApiError } from '../../../domain/errors';
import { defaultVpcId, defaultVSwitchId, vSwitchCidr } from '../../../domain/network';
import { defineEc2Action, Ec2Errors, type Ec2Call } from '../adapter';
import { applyFilters, type Filter } from '../views';

/**
 * DescribeRegions and DescribeAvailabilityZones over the ECS catalogue actions; DescribeVpcs and
 * DescribeSubnets over the account's default network (shared/domain/network.ts: one VPC per
 * region, one vSwitch per zone; the EC2 subnet is the ECS vSwitch, under the same id).
 */

export const describeRegions = defineEc2Action<{ RegionNames?: string[]; Filters?: Filter[]; AllRegions?: boolean; DryRun?: boolean }>({
  name: 'DescribeRegions',
  uses: ['DescribeRegions'],
  handle: async (input, call) => {
    const out = await call.ecs('DescribeRegions', { DryRun: input.DryRun, AcceptLanguage: 'en-US' });
    let regions = (out.Regions.Region as { RegionId: string; RegionEndpoint: string }[]).map((r) => ({
      RegionName: r.RegionId,
      Endpoint: `ec2.${r.RegionId}.amazonaws.com`,
      OptInStatus: 'opt-in-not-required',
    }));
    for (const name of input.RegionNames ?? []) {
      if (!regions.some((r) => r.RegionName === name)) throw Ec2Errors.invalidParameterValue(`Invalid region: ${name}`);
    }
    if (input.RegionNames?.length) regions = regions.filter((r) => input.RegionNames!.includes(r.RegionName));
    regions = applyFilters(regions, input.Filters, {
      'region-name': (r) => r.RegionName,
      endpoint: (r) => r.Endpoint,
      'opt-in-status': (r) => r.OptInStatus,
    });
    return { Regions: regions };
  },
});

export const describeAvailabilityZones = defineEc2Action<{
  ZoneNames?: string[];
  ZoneIds?: string[];
  Filters?: Filter[];
  AllAvailabilityZones?: boolean;
  DryRun?: boolean;
}>({
  name: 'DescribeAvailabilityZones',
  uses: ['DescribeZones'],
  handle: async (input, call) => {
    const out = await call.ecs('DescribeZones', { DryRun: input.DryRun, RegionId: call.region, AcceptLanguage: 'en-US' });
    let zones = (out.Zones.Zone as { ZoneId: string }[]).map((z) => ({
      // The sandbox's zone id is both the EC2 zone name and its zone id.
      ZoneName: z.ZoneId,
      ZoneId: z.ZoneId,
      State: 'available',
      OptInStatus: 'opt-in-not-required',
      Messages: [],
      RegionName: call.region,
      GroupName: call.region,
      NetworkBorderGroup: call.region,
      ZoneType: 'availability-zone',
    }));
    const asked = [...(input.ZoneNames ?? []), ...(input.ZoneIds ?? [])];
    for (const name of asked) {
      if (!zones.some((z) => z.ZoneName === name)) throw Ec2Errors.invalidParameterValue(`The zone '${name}' does not exist.`);
    }
    if (asked.length) zones = zones.filter((z) => asked.includes(z.ZoneName));
    zones = applyFilters(zones, input.Filters, {
      'zone-name': (z) => z.ZoneName,
      'zone-id': (z) => z.ZoneId,
      'region-name': (z) => z.RegionName,
      state: (z) => z.State,
      'zone-type': (z) => z.ZoneType,
      'group-name': (z) => z.GroupName,
      'opt-in-status': (z) => z.OptInStatus,
    });
    return { AvailabilityZones: zones };
  },
});

/** 172.16.0.0/12, the default VPC's block (shared/domain/network.ts). */
const DEFAULT_VPC_CIDR = '172.16.0.0/12';

function defaultVpc(call: Ec2Call) {
  const vpcId = defaultVpcId(call.accountId, call.region);
  return {
    VpcId: vpcId,
    OwnerId: call.accountId,
    State: 'available',
    CidrBlock: DEFAULT_VPC_CIDR,
    CidrBlockAssociationSet: [{ AssociationId: `vpc-cidr-assoc-${vpcId.slice(4, 21)}`, CidrBlock: DEFAULT_VPC_CIDR, CidrBlockState: { State: 'associated' } }],
    DhcpOptionsId: 'default',
    InstanceTenancy: 'default',
    IsDefault: true,
    Tags: [],
  };
}

export const describeVpcs = defineEc2Action<{ VpcIds?: string[]; Filters?: Filter[]; DryRun?: boolean; MaxResults?: number; NextToken?: string }>({
  name: 'DescribeVpcs',
  uses: [],
  handle: async (input, call) => {
    let vpcs = call.accountId ? [defaultVpc(call)] : [];
    for (const id of input.VpcIds ?? []) {
      if (!vpcs.some((v) => v.VpcId === id)) throw new ApiError('InvalidVpcID.NotFound', 400, `The vpc ID '${id}' does not exist`);
    }
    vpcs = applyFilters(vpcs, input.Filters, {
      'vpc-id': (v) => v.VpcId,
      'is-default': (v) => v.IsDefault,
      // The legacy spelling Ansible's ec2_instance filters the default VPC by.
      isDefault: (v) => v.IsDefault,
      state: (v) => v.State,
      'cidr-block': (v) => v.CidrBlock,
      cidr: (v) => v.CidrBlock,
      'owner-id': (v) => v.OwnerId,
      'dhcp-options-id': (v) => v.DhcpOptionsId,
    });
    return { Vpcs: vpcs };
  },
});

export const describeSubnets = defineEc2Action<{ SubnetIds?: string[]; Filters?: Filter[]; DryRun?: boolean; MaxResults?: number; NextToken?: string }>({
  name: 'DescribeSubnets',
  uses: [],
  handle: async (input, call) => {
    const region = findRegion(call.region)!;
    const vpcId = defaultVpcId(call.accountId, call.region);
    let subnets = call.accountId
      ? region.zones.map((z) => {
          const id = defaultVSwitchId(call.accountId, call.region, z.zoneId);
          return {
            SubnetId: id,
            SubnetArn: `arn:aws:ec2:${call.region}:${call.accountId}:subnet/${id}`,
            VpcId: vpcId,
            OwnerId: call.accountId,
            State: 'available',
            CidrBlock: vSwitchCidr(call.region, z.zoneId),
            AvailabilityZone: z.zoneId,
            AvailabilityZoneId: z.zoneId,
            AvailableIpAddressCount: 65_531,
            DefaultForAz: true,
            MapPublicIpOnLaunch: true,
            AssignIpv6AddressOnCreation: false,
            Ipv6CidrBlockAssociationSet: [],
            Tags: [],
          };
        })
      : [];
    for (const id of input.SubnetIds ?? []) {
      if (!subnets.some((s) => s.SubnetId === id)) {
        throw new ApiError('InvalidSubnetID.NotFound', 400, `The subnet ID '${id}' does not exist`);
      }
    }
    if (input.SubnetIds?.length) subnets = subnets.filter((s) => input.SubnetIds!.includes(s.SubnetId));
    subnets = applyFilters(subnets, input.Filters, {
      'subnet-id': (s) => s.SubnetId,
      'vpc-id': (s) => s.VpcId,
      'availability-zone': (s) => s.AvailabilityZone,
      'availability-zone-id': (s) => s.AvailabilityZoneId,
      'default-for-az': (s) => s.DefaultForAz,
      defaultForAz: (s) => s.DefaultForAz,
      state: (s) => s.State,
      'cidr-block': (s) => s.CidrBlock,
      'owner-id': (s) => s.OwnerId,
      'map-public-ip-on-launch': (s) => s.MapPublicIpOnLaunch,
    });
    return { Subnets: subnets };
  },
});
