import { ARM_INSTANCE_TYPES } from './arm-instance-types';
import { CURRENT_CLOUD_DISKS, family, type FamilyTraits, type InstanceTypeDefinition } from './instance-type-family';
import { findZone } from './regions';

export * from './instance-type-family';

/**
 * The static instance type catalogue (no I/O).
 *
 * It holds every type the user guide names (the default pay-as-you-go list, docs/rules/ecs-user-guide.md#quotas; the
 * ecs.m1.small of the renewal page, docs/rules/ecs-user-guide.md#subscription-lifecycle; the gn5 GPU family, docs/rules/ecs-user-guide.md#instance-create) and the
 * current families clients ask for today (g7, c7, r7, t6 burstable, g8i, and the Arm families of
 * arm-instance-types.ts).
 *
 * Numbers follow the shape of the real DescribeInstanceTypes answer: memory in GiB, internal
 * bandwidth in Kbit/s (1 Gbit/s = 1024 × 1024 Kbit/s), packet rates in packets per second.
 * Prices are plausible list prices in USD; they are not part of the real response, so
 * DescribeInstanceTypes shows them only as sandbox `Attributes` (see describe.ts).
 */

/**
 * Generation I (docs/rules/ecs-user-guide.md#key-pairs): not I/O optimized, classic or VPC, basic cloud disks and the
 * ephemeral disks the guide's quota table describes (docs/rules/ecs-user-guide.md#quotas).
 */
const GENERATION_I: Omit<FamilyTraits, 'family' | 'category'> = {
  generation: 'ecs-1',
  familyLevel: 'EntryLevel',
  cpuArchitecture: 'X86',
  physicalProcessorModel: 'Intel Xeon E5-2420',
  cpuSpeedFrequencyGhz: 1.9,
  gpuSpec: '',
  gpuMemoryGiB: 0,
  diskQuantity: 16,
  ioOptimized: false,
  networkTypes: ['classic', 'vpc'],
  systemDiskCategories: ['cloud', 'ephemeral_ssd'],
  dataDiskCategories: ['cloud', 'ephemeral', 'ephemeral_ssd'],
  nvmeSupport: 'unsupported',
  bootModes: ['BIOS'],
  paygDefault: true,
};

const GEN_I_NETWORK = { eni: 1, ipsPerEni: 1, ipv6PerEni: 0, bandwidthGbps: 0.5, pps: 50_000 } as const;

/** The nine default pay-as-you-go types of the guide, with the cores and memory it states (docs/rules/ecs-user-guide.md#quotas). */
const GUIDE_DEFAULT_PAYG_TYPES: InstanceTypeDefinition[] = [
  ...family({ ...GENERATION_I, family: 'ecs.t1', category: 'Shared' }, [
    { id: 'ecs.t1.small', cpu: 1, memoryGiB: 1, pricePerHourUsd: 0.014, ...GEN_I_NETWORK, ec2InstanceType: 't2.micro' },
  ]),
  ...family({ ...GENERATION_I, family: 'ecs.s1', category: 'General-purpose' }, [
    { id: 'ecs.s1.small', cpu: 1, memoryGiB: 2, pricePerHourUsd: 0.028, ...GEN_I_NETWORK, ec2InstanceType: 't2.small' },
    { id: 'ecs.s1.medium', cpu: 1, memoryGiB: 4, pricePerHourUsd: 0.045, ...GEN_I_NETWORK },
  ]),
  ...family({ ...GENERATION_I, family: 'ecs.s2', category: 'General-purpose' }, [
    { id: 'ecs.s2.small', cpu: 2, memoryGiB: 2, pricePerHourUsd: 0.04, ...GEN_I_NETWORK },
    { id: 'ecs.s2.large', cpu: 2, memoryGiB: 4, pricePerHourUsd: 0.056, ...GEN_I_NETWORK, ec2InstanceType: 't2.medium' },
    { id: 'ecs.s2.xlarge', cpu: 2, memoryGiB: 8, pricePerHourUsd: 0.09, ...GEN_I_NETWORK, ec2InstanceType: 't2.large' },
  ]),
  ...family({ ...GENERATION_I, family: 'ecs.s3', category: 'General-purpose' }, [
    { id: 'ecs.s3.medium', cpu: 4, memoryGiB: 4, pricePerHourUsd: 0.08, ...GEN_I_NETWORK },
    { id: 'ecs.s3.large', cpu: 4, memoryGiB: 8, pricePerHourUsd: 0.112, ...GEN_I_NETWORK },
  ]),
  ...family({ ...GENERATION_I, family: 'ecs.m1', category: 'Memory-optimized' }, [
    { id: 'ecs.m1.medium', cpu: 4, memoryGiB: 16, pricePerHourUsd: 0.18, ...GEN_I_NETWORK, ec2InstanceType: 't2.xlarge' },
  ]),
];

/**
 * The renewal page shows an "ecs.m1.small": 1 core, 2 GB, "general purpose", Generation III,
 * I/O optimized, VPC (docs/rules/ecs-user-guide.md#subscription-lifecycle). The label sits in the instance-name field and contradicts
 * the Generation I ecs.m1.medium; it is kept as the guide shows it so fixtures built from that page
 * resolve. Not in the default PAYG list, so not PAYG-usable by default.
 */
const GUIDE_RENEWAL_PAGE_TYPE: InstanceTypeDefinition[] = family(
  {
    family: 'ecs.m1',
    generation: 'ecs-3',
    category: 'General-purpose',
    familyLevel: 'EntryLevel',
    cpuArchitecture: 'X86',
    physicalProcessorModel: 'Intel Xeon E5-2682v4',
    cpuSpeedFrequencyGhz: 2.5,
    gpuSpec: '',
    gpuMemoryGiB: 0,
    diskQuantity: 16,
    ioOptimized: true,
    networkTypes: ['vpc'],
    systemDiskCategories: ['cloud_efficiency', 'cloud_ssd'],
    dataDiskCategories: ['cloud_efficiency', 'cloud_ssd'],
    nvmeSupport: 'unsupported',
    bootModes: ['BIOS'],
    paygDefault: false,
  },
  [{ id: 'ecs.m1.small', cpu: 1, memoryGiB: 2, pricePerHourUsd: 0.03, eni: 2, ipsPerEni: 2, ipv6PerEni: 0, bandwidthGbps: 0.5, pps: 100_000 }],
);

/** gn5: NVIDIA Tesla P100, Generation III, VPC only (docs/rules/ecs-user-guide.md#instance-create). Local NVMe SSDs come with it. */
const GN5: InstanceTypeDefinition[] = family(
  {
    family: 'ecs.gn5',
    generation: 'ecs-3',
    category: 'Compute-optimized with GPU',
    familyLevel: 'EnterpriseLevel',
    cpuArchitecture: 'X86',
    physicalProcessorModel: 'Intel Xeon E5-2682v4',
    cpuSpeedFrequencyGhz: 2.5,
    cpuTurboFrequencyGhz: 2.9,
    gpuSpec: 'NVIDIA P100',
    gpuMemoryGiB: 16,
    diskQuantity: 16,
    ioOptimized: true,
    networkTypes: ['vpc'],
    systemDiskCategories: ['cloud_efficiency', 'cloud_ssd', 'cloud_essd'],
    dataDiskCategories: ['cloud_efficiency', 'cloud_ssd', 'cloud_essd'],
    nvmeSupport: 'unsupported',
    bootModes: ['BIOS'],
    paygDefault: false,
  },
  [
    { id: 'ecs.gn5-c4g1.xlarge', cpu: 4, memoryGiB: 30, gpuAmount: 1, pricePerHourUsd: 1.9, eni: 3, ipsPerEni: 10, ipv6PerEni: 0, bandwidthGbps: 3, pps: 300_000, localStorage: { category: 'local_ssd_pro', amount: 1, capacityGiB: 440 } },
    { id: 'ecs.gn5-c8g1.2xlarge', cpu: 8, memoryGiB: 60, gpuAmount: 1, pricePerHourUsd: 2.3, eni: 4, ipsPerEni: 10, ipv6PerEni: 0, bandwidthGbps: 3, pps: 400_000, localStorage: { category: 'local_ssd_pro', amount: 1, capacityGiB: 440 } },
    { id: 'ecs.gn5-c4g1.2xlarge', cpu: 8, memoryGiB: 60, gpuAmount: 2, pricePerHourUsd: 3.8, eni: 4, ipsPerEni: 10, ipv6PerEni: 0, bandwidthGbps: 5, pps: 1_000_000, localStorage: { category: 'local_ssd_pro', amount: 1, capacityGiB: 880 } },
    { id: 'ecs.gn5-c8g1.4xlarge', cpu: 16, memoryGiB: 120, gpuAmount: 2, pricePerHourUsd: 4.6, eni: 8, ipsPerEni: 20, ipv6PerEni: 0, bandwidthGbps: 5, pps: 1_000_000, localStorage: { category: 'local_ssd_pro', amount: 1, capacityGiB: 880 } },
    { id: 'ecs.gn5-c8g1.8xlarge', cpu: 32, memoryGiB: 240, gpuAmount: 4, pricePerHourUsd: 9.2, eni: 8, ipsPerEni: 20, ipv6PerEni: 0, bandwidthGbps: 10, pps: 2_000_000, localStorage: { category: 'local_ssd_pro', amount: 2, capacityGiB: 880 } },
  ],
);

/** t6 burstable: CPU credits instead of dedicated cores; entry level, VPC only. */
const T6: InstanceTypeDefinition[] = family(
  {
    family: 'ecs.t6',
    generation: 'ecs-4',
    category: 'Shared',
    familyLevel: 'CreditEntryLevel',
    cpuArchitecture: 'X86',
    physicalProcessorModel: 'Intel Xeon (Skylake) Platinum 8163',
    cpuSpeedFrequencyGhz: 2.5,
    gpuSpec: '',
    gpuMemoryGiB: 0,
    diskQuantity: 16,
    ioOptimized: true,
    networkTypes: ['vpc'],
    systemDiskCategories: ['cloud_efficiency', 'cloud_essd', 'cloud_auto', 'cloud_essd_entry'],
    dataDiskCategories: ['cloud_efficiency', 'cloud_essd', 'cloud_auto', 'cloud_essd_entry'],
    nvmeSupport: 'unsupported',
    bootModes: ['BIOS', 'UEFI'],
    paygDefault: true,
  },
  [
    { id: 'ecs.t6-c2m1.large', cpu: 2, memoryGiB: 1, pricePerHourUsd: 0.0135, eni: 2, ipsPerEni: 2, ipv6PerEni: 1, bandwidthGbps: 0.08, pps: 60_000, burstable: { baselineCredit: 20, initialCredit: 60 }, ec2InstanceType: 't3.micro' },
    { id: 'ecs.t6-c1m1.large', cpu: 2, memoryGiB: 2, pricePerHourUsd: 0.022, eni: 2, ipsPerEni: 2, ipv6PerEni: 1, bandwidthGbps: 0.1, pps: 100_000, burstable: { baselineCredit: 40, initialCredit: 60 }, ec2InstanceType: 't3.small' },
    { id: 'ecs.t6-c1m2.large', cpu: 2, memoryGiB: 4, pricePerHourUsd: 0.035, eni: 2, ipsPerEni: 2, ipv6PerEni: 1, bandwidthGbps: 0.2, pps: 150_000, burstable: { baselineCredit: 40, initialCredit: 60 }, ec2InstanceType: 't3.medium' },
    { id: 'ecs.t6-c1m4.large', cpu: 2, memoryGiB: 8, pricePerHourUsd: 0.055, eni: 2, ipsPerEni: 2, ipv6PerEni: 1, bandwidthGbps: 0.4, pps: 200_000, burstable: { baselineCredit: 60, initialCredit: 60 }, ec2InstanceType: 't3.large' },
    { id: 'ecs.t6-c1m4.xlarge', cpu: 4, memoryGiB: 16, pricePerHourUsd: 0.11, eni: 2, ipsPerEni: 6, ipv6PerEni: 1, bandwidthGbps: 0.8, pps: 400_000, burstable: { baselineCredit: 120, initialCredit: 120 }, ec2InstanceType: 't3.xlarge' },
  ],
);

/** The 7th generation (Ice Lake): general purpose 1:4, compute 1:2, memory 1:8. */
const SEVENTH_GENERATION: Omit<FamilyTraits, 'family' | 'category'> = {
  generation: 'ecs-5',
  familyLevel: 'EnterpriseLevel',
  cpuArchitecture: 'X86',
  physicalProcessorModel: 'Intel Xeon (Ice Lake) Platinum 8369B',
  cpuSpeedFrequencyGhz: 2.7,
  cpuTurboFrequencyGhz: 3.5,
  gpuSpec: '',
  gpuMemoryGiB: 0,
  diskQuantity: 16,
  ioOptimized: true,
  networkTypes: ['vpc'],
  systemDiskCategories: CURRENT_CLOUD_DISKS,
  dataDiskCategories: CURRENT_CLOUD_DISKS,
  nvmeSupport: 'unsupported',
  bootModes: ['BIOS', 'UEFI'],
  paygDefault: true,
};

const LARGE_NET = { eni: 3, ipsPerEni: 6, ipv6PerEni: 6, bandwidthGbps: 2, pps: 900_000 } as const;
const XLARGE_NET = { eni: 4, ipsPerEni: 15, ipv6PerEni: 15, bandwidthGbps: 3, pps: 1_000_000 } as const;
const XLARGE2_NET = { eni: 4, ipsPerEni: 15, ipv6PerEni: 15, bandwidthGbps: 5, pps: 1_600_000 } as const;

const G7 = family({ ...SEVENTH_GENERATION, family: 'ecs.g7', category: 'General-purpose' }, [
  { id: 'ecs.g7.large', cpu: 2, memoryGiB: 8, pricePerHourUsd: 0.118, ...LARGE_NET, ec2InstanceType: 'm6i.large' },
  { id: 'ecs.g7.xlarge', cpu: 4, memoryGiB: 16, pricePerHourUsd: 0.236, ...XLARGE_NET, ec2InstanceType: 'm6i.xlarge' },
  { id: 'ecs.g7.2xlarge', cpu: 8, memoryGiB: 32, pricePerHourUsd: 0.472, ...XLARGE2_NET, ec2InstanceType: 'm6i.2xlarge' },
]);

const C7 = family({ ...SEVENTH_GENERATION, family: 'ecs.c7', category: 'Compute-optimized' }, [
  { id: 'ecs.c7.large', cpu: 2, memoryGiB: 4, pricePerHourUsd: 0.094, ...LARGE_NET, ec2InstanceType: 'c6i.large' },
  { id: 'ecs.c7.xlarge', cpu: 4, memoryGiB: 8, pricePerHourUsd: 0.188, ...XLARGE_NET, ec2InstanceType: 'c6i.xlarge' },
  { id: 'ecs.c7.2xlarge', cpu: 8, memoryGiB: 16, pricePerHourUsd: 0.376, ...XLARGE2_NET, ec2InstanceType: 'c6i.2xlarge' },
]);

const R7 = family({ ...SEVENTH_GENERATION, family: 'ecs.r7', category: 'Memory-optimized' }, [
  { id: 'ecs.r7.large', cpu: 2, memoryGiB: 16, pricePerHourUsd: 0.15, ...LARGE_NET, ec2InstanceType: 'r6i.large' },
  { id: 'ecs.r7.xlarge', cpu: 4, memoryGiB: 32, pricePerHourUsd: 0.3, ...XLARGE_NET, ec2InstanceType: 'r6i.xlarge' },
  { id: 'ecs.r7.2xlarge', cpu: 8, memoryGiB: 64, pricePerHourUsd: 0.6, ...XLARGE2_NET, ec2InstanceType: 'r6i.2xlarge' },
]);

/** g8i (Sapphire Rapids): ESSD-class disks only, attached over NVMe. */
const G8I = family(
  {
    family: 'ecs.g8i',
    generation: 'ecs-6',
    category: 'General-purpose',
    familyLevel: 'EnterpriseLevel',
    cpuArchitecture: 'X86',
    physicalProcessorModel: 'Intel Xeon (Sapphire Rapids) Platinum 8475B',
    cpuSpeedFrequencyGhz: 2.7,
    cpuTurboFrequencyGhz: 3.2,
    gpuSpec: '',
    gpuMemoryGiB: 0,
    diskQuantity: 16,
    ioOptimized: true,
    networkTypes: ['vpc'],
    systemDiskCategories: ['cloud_essd', 'cloud_auto', 'cloud_essd_entry'],
    dataDiskCategories: ['cloud_essd', 'cloud_auto', 'cloud_essd_entry'],
    nvmeSupport: 'required',
    bootModes: ['BIOS', 'UEFI'],
    paygDefault: true,
  },
  [
    { id: 'ecs.g8i.large', cpu: 2, memoryGiB: 8, pricePerHourUsd: 0.125, eni: 3, ipsPerEni: 6, ipv6PerEni: 6, bandwidthGbps: 2.5, pps: 1_000_000, ec2InstanceType: 'm7i.large' },
    { id: 'ecs.g8i.xlarge', cpu: 4, memoryGiB: 16, pricePerHourUsd: 0.25, eni: 4, ipsPerEni: 15, ipv6PerEni: 15, bandwidthGbps: 4, pps: 1_200_000, ec2InstanceType: 'm7i.xlarge' },
    { id: 'ecs.g8i.2xlarge', cpu: 8, memoryGiB: 32, pricePerHourUsd: 0.5, eni: 4, ipsPerEni: 15, ipv6PerEni: 15, bandwidthGbps: 6, pps: 1_600_000, ec2InstanceType: 'm7i.2xlarge' },
  ],
);

/**
 * The 6th generation (Cascade Lake): g6, c6, r6, the successors the EC2 dialect shows as m5, c5
 * and r5 (issue 15: the EC2 families tools ask for). Sizes and ratios as the 7th generation.
 */
const SIXTH_GENERATION: Omit<FamilyTraits, 'family' | 'category'> = {
  ...SEVENTH_GENERATION,
  generation: 'ecs-4',
  physicalProcessorModel: 'Intel Xeon (Cascade Lake) Platinum 8269CY',
  cpuSpeedFrequencyGhz: 2.5,
  cpuTurboFrequencyGhz: 3.2,
};

const G6 = family({ ...SIXTH_GENERATION, family: 'ecs.g6', category: 'General-purpose' }, [
  { id: 'ecs.g6.large', cpu: 2, memoryGiB: 8, pricePerHourUsd: 0.11, ...LARGE_NET, ec2InstanceType: 'm5.large' },
  { id: 'ecs.g6.xlarge', cpu: 4, memoryGiB: 16, pricePerHourUsd: 0.22, ...XLARGE_NET, ec2InstanceType: 'm5.xlarge' },
  { id: 'ecs.g6.2xlarge', cpu: 8, memoryGiB: 32, pricePerHourUsd: 0.44, ...XLARGE2_NET, ec2InstanceType: 'm5.2xlarge' },
]);

const C6 = family({ ...SIXTH_GENERATION, family: 'ecs.c6', category: 'Compute-optimized' }, [
  { id: 'ecs.c6.large', cpu: 2, memoryGiB: 4, pricePerHourUsd: 0.088, ...LARGE_NET, ec2InstanceType: 'c5.large' },
  { id: 'ecs.c6.xlarge', cpu: 4, memoryGiB: 8, pricePerHourUsd: 0.176, ...XLARGE_NET, ec2InstanceType: 'c5.xlarge' },
  { id: 'ecs.c6.2xlarge', cpu: 8, memoryGiB: 16, pricePerHourUsd: 0.352, ...XLARGE2_NET, ec2InstanceType: 'c5.2xlarge' },
]);

const R6 = family({ ...SIXTH_GENERATION, family: 'ecs.r6', category: 'Memory-optimized' }, [
  { id: 'ecs.r6.large', cpu: 2, memoryGiB: 16, pricePerHourUsd: 0.14, ...LARGE_NET, ec2InstanceType: 'r5.large' },
  { id: 'ecs.r6.xlarge', cpu: 4, memoryGiB: 32, pricePerHourUsd: 0.28, ...XLARGE_NET, ec2InstanceType: 'r5.xlarge' },
]);

/** t5 burstable (the EC2 dialect's t3a): CPU credits, entry level, VPC only. */
const T5 = family(
  {
    family: 'ecs.t5',
    generation: 'ecs-3',
    category: 'Shared',
    familyLevel: 'CreditEntryLevel',
    cpuArchitecture: 'X86',
    physicalProcessorModel: 'Intel Xeon (Skylake) Platinum 8163',
    cpuSpeedFrequencyGhz: 2.5,
    gpuSpec: '',
    gpuMemoryGiB: 0,
    diskQuantity: 16,
    ioOptimized: true,
    networkTypes: ['vpc'],
    systemDiskCategories: ['cloud_efficiency', 'cloud_essd', 'cloud_auto', 'cloud_essd_entry'],
    dataDiskCategories: ['cloud_efficiency', 'cloud_essd', 'cloud_auto', 'cloud_essd_entry'],
    nvmeSupport: 'unsupported',
    bootModes: ['BIOS', 'UEFI'],
    paygDefault: true,
  },
  [
    { id: 'ecs.t5-lc2m1.nano', cpu: 1, memoryGiB: 0.5, pricePerHourUsd: 0.005, eni: 1, ipsPerEni: 1, ipv6PerEni: 0, bandwidthGbps: 0.1, pps: 40_000, burstable: { baselineCredit: 6, initialCredit: 30 }, ec2InstanceType: 't3a.nano' },
    { id: 'ecs.t5-lc1m1.small', cpu: 1, memoryGiB: 1, pricePerHourUsd: 0.01, eni: 1, ipsPerEni: 1, ipv6PerEni: 0, bandwidthGbps: 0.2, pps: 60_000, burstable: { baselineCredit: 6, initialCredit: 30 }, ec2InstanceType: 't3a.micro' },
    { id: 'ecs.t5-c1m1.large', cpu: 2, memoryGiB: 2, pricePerHourUsd: 0.019, eni: 2, ipsPerEni: 2, ipv6PerEni: 1, bandwidthGbps: 0.5, pps: 100_000, burstable: { baselineCredit: 18, initialCredit: 60 }, ec2InstanceType: 't3a.small' },
    { id: 'ecs.t5-c1m2.large', cpu: 2, memoryGiB: 4, pricePerHourUsd: 0.031, eni: 2, ipsPerEni: 2, ipv6PerEni: 1, bandwidthGbps: 0.5, pps: 100_000, burstable: { baselineCredit: 18, initialCredit: 60 }, ec2InstanceType: 't3a.medium' },
    { id: 'ecs.t5-c1m4.large', cpu: 2, memoryGiB: 8, pricePerHourUsd: 0.05, eni: 2, ipsPerEni: 2, ipv6PerEni: 1, bandwidthGbps: 0.5, pps: 100_000, burstable: { baselineCredit: 18, initialCredit: 60 }, ec2InstanceType: 't3a.large' },
  ],
);

/** All types, grouped by family, oldest generation first: the order DescribeInstanceTypes pages through. */
export const INSTANCE_TYPES: readonly InstanceTypeDefinition[] = [
  ...GUIDE_DEFAULT_PAYG_TYPES,
  ...GUIDE_RENEWAL_PAGE_TYPE,
  ...GN5,
  ...T5,
  ...T6,
  ...G6,
  ...C6,
  ...R6,
  ...G7,
  ...C7,
  ...R7,
  ...G8I,
  ...ARM_INSTANCE_TYPES,
];

const TYPES_BY_ID: ReadonlyMap<string, InstanceTypeDefinition> = new Map(
  INSTANCE_TYPES.map((t) => [t.instanceTypeId, t]),
);

export function findInstanceType(instanceTypeId: string): InstanceTypeDefinition | undefined {
  return TYPES_BY_ID.get(instanceTypeId);
}

/**
 * Regions with gn5 (docs/rules/ecs-user-guide.md#instance-create: China East 1 and 2, China North 2, China South 1, US East 1,
 * US West 1, Hong Kong, Asia Pacific SE 1, Germany 1; Asia Pacific SE 2 is not in the catalogue).
 * Qingdao and Tokyo are absent from that list, so gn5 is not offered there.
 */
const GN5_REGION_IDS: ReadonlySet<string> = new Set([
  'cn-hangzhou',
  'cn-shanghai',
  'cn-beijing',
  'cn-shenzhen',
  'us-east-1',
  'us-west-1',
  'cn-hongkong',
  'ap-southeast-1',
  'eu-central-1',
]);

/**
 * Whether a type can be created in a zone. The only rule is the guide's gn5 region list; every
 * other type is offered in every zone of every region. False for an unknown type or zone, or a
 * zone that is not in the region.
 */
export function isOfferedInZone(instanceTypeId: string, regionId: string, zoneId: string): boolean {
  const type = findInstanceType(instanceTypeId);
  if (!type || !findZone(regionId, zoneId)) return false;
  if (type.family === 'ecs.gn5') return GN5_REGION_IDS.has(regionId);
  return true;
}

/** The types offered in a zone, in catalogue order (empty for an unknown zone). */
export function instanceTypesOfferedInZone(regionId: string, zoneId: string): InstanceTypeDefinition[] {
  return INSTANCE_TYPES.filter((t) => isOfferedInZone(t.instanceTypeId, regionId, zoneId));
}
