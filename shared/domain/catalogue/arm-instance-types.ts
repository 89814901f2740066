import { CURRENT_CLOUD_DISKS, family, type FamilyTraits, type InstanceTypeDefinition } from './instance-type-family';

/**
 * The Arm families of the catalogue (no I/O). ECS groups Arm types apart from x86 ones: each vCPU
 * is a physical core of a YiTian 710 or an Ampere Altra processor
 * (https://www.alibabacloud.com/help/en/elastic-compute-service/latest/instance-type-families).
 * Arm types boot in UEFI mode only and take only `arm64` images (the launch's image check,
 * shared/domain/image/compatibility.ts).
 *
 * The EC2 dialect shows them as AWS's Graviton types (shared/domain/catalogue/ec2-instance-types.ts):
 * g6r/c6r (Ampere Altra) as m6g/c6g, g8y/r8y (YiTian 710) as m7g/r6g. Sizes and ratios as the x86
 * families: general purpose 1:4, compute 1:2, memory 1:8.
 */
const ARM_TRAITS: Omit<FamilyTraits, 'family' | 'category' | 'generation' | 'physicalProcessorModel' | 'cpuSpeedFrequencyGhz'> = {
  familyLevel: 'EnterpriseLevel',
  cpuArchitecture: 'ARM',
  gpuSpec: '',
  gpuMemoryGiB: 0,
  diskQuantity: 16,
  ioOptimized: true,
  networkTypes: ['vpc'],
  systemDiskCategories: CURRENT_CLOUD_DISKS,
  dataDiskCategories: CURRENT_CLOUD_DISKS,
  nvmeSupport: 'unsupported',
  bootModes: ['UEFI'],
  paygDefault: true,
};

const AMPERE = { ...ARM_TRAITS, generation: 'ecs-4', physicalProcessorModel: 'Ampere Altra', cpuSpeedFrequencyGhz: 2.8 } as const;
const YITIAN = { ...ARM_TRAITS, generation: 'ecs-6', physicalProcessorModel: 'YiTian 710', cpuSpeedFrequencyGhz: 2.75 } as const;

const LARGE = { eni: 3, ipsPerEni: 6, ipv6PerEni: 6, bandwidthGbps: 1, pps: 900_000 } as const;
const XLARGE = { eni: 4, ipsPerEni: 15, ipv6PerEni: 15, bandwidthGbps: 1.5, pps: 1_000_000 } as const;
const XLARGE2 = { eni: 4, ipsPerEni: 15, ipv6PerEni: 15, bandwidthGbps: 2.5, pps: 1_600_000 } as const;

const G6R = family({ ...AMPERE, family: 'ecs.g6r', category: 'General-purpose' }, [
  { id: 'ecs.g6r.large', cpu: 2, memoryGiB: 8, pricePerHourUsd: 0.088, ...LARGE, ec2InstanceType: 'm6g.large' },
  { id: 'ecs.g6r.xlarge', cpu: 4, memoryGiB: 16, pricePerHourUsd: 0.176, ...XLARGE, ec2InstanceType: 'm6g.xlarge' },
  { id: 'ecs.g6r.2xlarge', cpu: 8, memoryGiB: 32, pricePerHourUsd: 0.352, ...XLARGE2, ec2InstanceType: 'm6g.2xlarge' },
]);

const C6R = family({ ...AMPERE, family: 'ecs.c6r', category: 'Compute-optimized' }, [
  { id: 'ecs.c6r.large', cpu: 2, memoryGiB: 4, pricePerHourUsd: 0.07, ...LARGE, ec2InstanceType: 'c6g.large' },
  { id: 'ecs.c6r.xlarge', cpu: 4, memoryGiB: 8, pricePerHourUsd: 0.14, ...XLARGE, ec2InstanceType: 'c6g.xlarge' },
  { id: 'ecs.c6r.2xlarge', cpu: 8, memoryGiB: 16, pricePerHourUsd: 0.28, ...XLARGE2, ec2InstanceType: 'c6g.2xlarge' },
]);

const G8Y = family({ ...YITIAN, family: 'ecs.g8y', category: 'General-purpose' }, [
  { id: 'ecs.g8y.large', cpu: 2, memoryGiB: 8, pricePerHourUsd: 0.094, ...LARGE, ec2InstanceType: 'm7g.large' },
  { id: 'ecs.g8y.xlarge', cpu: 4, memoryGiB: 16, pricePerHourUsd: 0.188, ...XLARGE, ec2InstanceType: 'm7g.xlarge' },
  { id: 'ecs.g8y.2xlarge', cpu: 8, memoryGiB: 32, pricePerHourUsd: 0.376, ...XLARGE2, ec2InstanceType: 'm7g.2xlarge' },
]);

const R8Y = family({ ...YITIAN, family: 'ecs.r8y', category: 'Memory-optimized' }, [
  { id: 'ecs.r8y.large', cpu: 2, memoryGiB: 16, pricePerHourUsd: 0.12, ...LARGE, ec2InstanceType: 'r6g.large' },
  { id: 'ecs.r8y.xlarge', cpu: 4, memoryGiB: 32, pricePerHourUsd: 0.24, ...XLARGE, ec2InstanceType: 'r6g.xlarge' },
  { id: 'ecs.r8y.2xlarge', cpu: 8, memoryGiB: 64, pricePerHourUsd: 0.48, ...XLARGE2, ec2InstanceType: 'r6g.2xlarge' },
]);

export const ARM_INSTANCE_TYPES: readonly InstanceTypeDefinition[] = [...G6R, ...C6R, ...G8Y, ...R8Y];
