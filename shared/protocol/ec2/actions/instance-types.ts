import { EC2_INSTANCE_TYPES, findEc2InstanceType, type Ec2InstanceTypeSpec } from '../../../domain/catalogue/ec2-instance-types';
import { isOfferedInZone } from '../../../domain/catalogue/instance-types';
import { findRegion } from '../../../domain/catalogue/regions';
import { ApiError } from '../../../domain/errors';
import { defineEc2Action, Ec2Errors } from '../adapter';
import { applyFilters, pageOf, type Filter } from '../views';

/**
 * DescribeInstanceTypes and DescribeInstanceTypeOfferings: the catalogue under EC2 names and
 * figures (shared/domain/catalogue/ec2-instance-types.ts), as
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeInstanceTypes.html and
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeInstanceTypeOfferings.html
 * describe them. Both read the ECS catalogue action first (the same policy and DryRun rules).
 */

function typeInfo(t: Ec2InstanceTypeSpec) {
  const nitro = t.hypervisor === 'nitro';
  return {
    InstanceType: t.name,
    CurrentGeneration: t.currentGeneration,
    FreeTierEligible: t.freeTier,
    SupportedUsageClasses: ['on-demand', 'spot'],
    SupportedRootDeviceTypes: ['ebs'],
    SupportedVirtualizationTypes: ['hvm'],
    BareMetal: false,
    Hypervisor: t.hypervisor,
    ProcessorInfo: { SupportedArchitectures: t.architectures, SustainedClockSpeedInGhz: t.clockGhz, Manufacturer: t.manufacturer },
    VCpuInfo: {
      DefaultVCpus: t.vcpus,
      DefaultCores: t.cores,
      DefaultThreadsPerCore: t.threadsPerCore,
      ...(t.burstable ? {} : { ValidCores: Array.from({ length: t.cores }, (_, n) => n + 1), ValidThreadsPerCore: t.threadsPerCore === 2 ? [1, 2] : [1] }),
    },
    MemoryInfo: { SizeInMiB: t.memoryMiB },
    InstanceStorageSupported: false,
    EbsInfo: {
      EbsOptimizedSupport: nitro ? 'default' : 'unsupported',
      EncryptionSupport: 'supported',
      NvmeSupport: nitro ? 'required' : 'unsupported',
    },
    NetworkInfo: {
      NetworkPerformance: t.networkPerformance,
      MaximumNetworkInterfaces: t.maxEnis,
      MaximumNetworkCards: 1,
      DefaultNetworkCardIndex: 0,
      NetworkCards: [{ NetworkCardIndex: 0, NetworkPerformance: t.networkPerformance, MaximumNetworkInterfaces: t.maxEnis }],
      Ipv4AddressesPerInterface: t.ipv4PerEni,
      Ipv6AddressesPerInterface: t.ipv6PerEni,
      Ipv6Supported: true,
      EnaSupport: nitro ? 'required' : 'unsupported',
      EfaSupported: false,
      EncryptionInTransitSupported: false,
      EnaSrdSupported: false,
    },
    PlacementGroupInfo: { SupportedStrategies: ['partition', 'spread', ...(t.burstable ? [] : ['cluster'])] },
    HibernationSupported: !t.architectures.includes('arm64') || t.name.startsWith('t4g'),
    BurstablePerformanceSupported: t.burstable,
    DedicatedHostsSupported: !t.burstable,
    AutoRecoverySupported: true,
    SupportedBootModes: t.architectures.includes('arm64') ? ['uefi'] : nitro ? ['legacy-bios', 'uefi'] : ['legacy-bios'],
    NitroEnclavesSupport: 'unsupported',
    NitroTpmSupport: nitro ? 'supported' : 'unsupported',
    PhcSupport: 'unsupported',
  };
}

type TypeInfo = ReturnType<typeof typeInfo>;

export const describeInstanceTypes = defineEc2Action<{
  InstanceTypes?: string[];
  Filters?: Filter[];
  MaxResults?: number;
  NextToken?: string;
  DryRun?: boolean;
}>({
  name: 'DescribeInstanceTypes',
  uses: ['DescribeInstanceTypes'],
  handle: async (input) => {
    // The catalogue needs no more than the caller's permission, checked at the door: DryRun answers at once.
    if (input.DryRun) throw Ec2Errors.dryRun();
    const unknown = (input.InstanceTypes ?? []).filter((n) => !findEc2InstanceType(n));
    if (unknown.length) {
      throw new ApiError('InvalidInstanceType', 400, `The following supplied instance types do not exist: [${unknown.join(', ')}]`);
    }
    let types: TypeInfo[] = EC2_INSTANCE_TYPES.filter((t) => !input.InstanceTypes?.length || input.InstanceTypes.includes(t.name)).map(typeInfo);
    types = applyFilters(types, input.Filters, {
      'instance-type': (t) => t.InstanceType,
      'current-generation': (t) => t.CurrentGeneration,
      'free-tier-eligible': (t) => t.FreeTierEligible,
      'bare-metal': (t) => t.BareMetal,
      hypervisor: (t) => t.Hypervisor,
      'burstable-performance-supported': (t) => t.BurstablePerformanceSupported,
      'hibernation-supported': (t) => t.HibernationSupported,
      'instance-storage-supported': (t) => t.InstanceStorageSupported,
      'processor-info.supported-architecture': (t) => t.ProcessorInfo.SupportedArchitectures,
      'processor-info.sustained-clock-speed-in-ghz': (t) => t.ProcessorInfo.SustainedClockSpeedInGhz,
      'processor-info.manufacturer': (t) => t.ProcessorInfo.Manufacturer,
      'vcpu-info.default-vcpus': (t) => t.VCpuInfo.DefaultVCpus,
      'vcpu-info.default-cores': (t) => t.VCpuInfo.DefaultCores,
      'vcpu-info.default-threads-per-core': (t) => t.VCpuInfo.DefaultThreadsPerCore,
      'memory-info.size-in-mib': (t) => t.MemoryInfo.SizeInMiB,
      'network-info.network-performance': (t) => t.NetworkInfo.NetworkPerformance,
      'network-info.maximum-network-interfaces': (t) => t.NetworkInfo.MaximumNetworkInterfaces,
      'network-info.ipv4-addresses-per-interface': (t) => t.NetworkInfo.Ipv4AddressesPerInterface,
      'network-info.ipv6-supported': (t) => t.NetworkInfo.Ipv6Supported,
      'network-info.ena-support': (t) => t.NetworkInfo.EnaSupport,
      'ebs-info.ebs-optimized-support': (t) => t.EbsInfo.EbsOptimizedSupport,
      'ebs-info.encryption-support': (t) => t.EbsInfo.EncryptionSupport,
      'ebs-info.nvme-support': (t) => t.EbsInfo.NvmeSupport,
      'supported-usage-class': (t) => t.SupportedUsageClasses,
      'supported-root-device-type': (t) => t.SupportedRootDeviceTypes,
      'supported-virtualization-type': (t) => t.SupportedVirtualizationTypes,
      'supported-boot-mode': (t) => t.SupportedBootModes,
      'auto-recovery-supported': (t) => t.AutoRecoverySupported,
      'dedicated-hosts-supported': (t) => t.DedicatedHostsSupported,
    });
    const { page, nextToken } = pageOf(types, (t) => t.InstanceType, 'DescribeInstanceTypes', input.MaxResults, input.NextToken, { min: 5, max: 100 });
    return { InstanceTypes: page, ...(nextToken ? { NextToken: nextToken } : {}) };
  },
});

const LOCATION_TYPES = ['region', 'availability-zone', 'availability-zone-id', 'outpost'];

export const describeInstanceTypeOfferings = defineEc2Action<{
  LocationType?: string;
  Filters?: Filter[];
  MaxResults?: number;
  NextToken?: string;
  DryRun?: boolean;
}>({
  name: 'DescribeInstanceTypeOfferings',
  uses: ['DescribeInstanceTypes'],
  handle: async (input, call) => {
    // The catalogue needs no more than the caller's permission, checked at the door: DryRun answers at once.
    if (input.DryRun) throw Ec2Errors.dryRun();
    const locationType = input.LocationType ?? 'region';
    if (!LOCATION_TYPES.includes(locationType)) {
      throw Ec2Errors.invalidParameterValue(`Value (${locationType}) for parameter locationType is invalid. Valid values: ${LOCATION_TYPES.join(', ')}`);
    }
    const zones = findRegion(call.region)?.zones ?? [];
    let offerings: { InstanceType: string; LocationType: string; Location: string }[] = [];
    for (const t of EC2_INSTANCE_TYPES) {
      const where = zones.filter((z) => isOfferedInZone(t.ecsType, call.region, z.zoneId));
      if (locationType === 'region') {
        if (where.length) offerings.push({ InstanceType: t.name, LocationType: 'region', Location: call.region });
      } else if (locationType !== 'outpost') {
        for (const z of where) offerings.push({ InstanceType: t.name, LocationType: locationType, Location: z.zoneId });
      }
    }
    offerings = applyFilters(offerings, input.Filters, { location: (o) => o.Location, 'instance-type': (o) => o.InstanceType });
    const { page, nextToken } = pageOf(
      offerings,
      (o) => `${o.InstanceType}\u0000${o.Location}`,
      'DescribeInstanceTypeOfferings',
      input.MaxResults,
      input.NextToken,
      { min: 5, max: 1000 },
    );
    return { InstanceTypeOfferings: page, ...(nextToken ? { NextToken: nextToken } : {}) };
  },
});
