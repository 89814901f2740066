import { ec2ZoneId } from '../../../domain/vpc';
import { defineEc2Action, Ec2Errors } from '../adapter';
import { applyFilters, type Filter } from '../views';

/**
 * DescribeRegions and DescribeAvailabilityZones over the ECS catalogue actions. VPCs and subnets
 * are in vpcs-subnets.ts.
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
      // The sandbox's zone id is the EC2 zone name; the zone id is AWS-style (use1-az1, shared/domain/vpc.ts).
      ZoneName: z.ZoneId,
      ZoneId: ec2ZoneId(call.region, z.ZoneId),
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
      if (!zones.some((z) => z.ZoneName === name || z.ZoneId === name)) throw Ec2Errors.invalidParameterValue(`The zone '${name}' does not exist.`);
    }
    if (asked.length) zones = zones.filter((z) => asked.includes(z.ZoneName) || asked.includes(z.ZoneId));
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
