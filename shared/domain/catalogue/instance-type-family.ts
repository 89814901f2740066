/**
 * The shape of the instance-type catalogue (no I/O): what a type is, and `family`, which builds the
 * types of one family from what its sizes share and what each size has. The families themselves are
 * in instance-types.ts (x86) and arm-instance-types.ts (Arm).
 */

export type CpuArchitecture = 'X86' | 'ARM';

/** The `InstanceCategory` values the reference lists for DescribeInstanceTypes (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describeinstancetypes). */
export type InstanceCategory = 'General-purpose' | 'Compute-optimized' | 'Memory-optimized' | 'Shared' | 'Compute-optimized with GPU';

export type InstanceFamilyLevel = 'EntryLevel' | 'EnterpriseLevel' | 'CreditEntryLevel';

export type NetworkType = 'classic' | 'vpc';

export type BootMode = 'BIOS' | 'UEFI';

export interface LocalStorage {
  readonly category: 'local_ssd_pro' | 'local_hdd_pro';
  /** Number of local disks per instance. */
  readonly amount: number;
  /** Capacity of each local disk, GiB. */
  readonly capacityGiB: number;
}

/** t5/t6 burstable credit figures (DescribeInstanceTypes `BaselineCredit`, `InitialCredit`). */
export interface BurstableCredits {
  /** Baseline performance summed over all vCPUs, in percent of one vCPU. */
  readonly baselineCredit: number;
  readonly initialCredit: number;
}

export interface InstanceTypeDefinition {
  readonly instanceTypeId: string;
  readonly family: string;
  /** The generation label zones report in `supportedInstanceGeneration` (ecs-1 = the guide's Generation I). */
  readonly generation: string;
  readonly category: InstanceCategory;
  readonly familyLevel: InstanceFamilyLevel;
  readonly cpuCoreCount: number;
  readonly memoryGiB: number;
  readonly cpuArchitecture: CpuArchitecture;
  readonly physicalProcessorModel: string;
  readonly cpuSpeedFrequencyGhz: number;
  readonly cpuTurboFrequencyGhz?: number;
  readonly gpuAmount: number;
  /** Empty when the type has no GPU, as in the real answer. */
  readonly gpuSpec: string;
  /** Memory of each GPU, GiB (0 without GPU). */
  readonly gpuMemoryGiB: number;
  readonly eniQuantity: number;
  readonly eniPrivateIpAddressQuantity: number;
  readonly eniIpv6AddressQuantity: number;
  /** Data disks attachable per instance: 16 (docs/rules/ecs-user-guide.md#disk-attach, decision §16.1). */
  readonly diskQuantity: number;
  readonly localStorage?: LocalStorage;
  readonly bandwidthRxKbps: number;
  readonly bandwidthTxKbps: number;
  readonly ppsRx: number;
  readonly ppsTx: number;
  /**
   * Generation I types are not I/O optimized (docs/rules/ecs-user-guide.md#key-pairs): they cannot bind SSH key pairs,
   * and zones list them in a separate `ResourcesInfo` entry with `IoOptimized: false`.
   */
  readonly ioOptimized: boolean;
  /** gn5 must use VPC (docs/rules/ecs-user-guide.md#instance-create); only Generation I still offers the classic network. */
  readonly networkTypes: readonly NetworkType[];
  readonly systemDiskCategories: readonly string[];
  readonly dataDiskCategories: readonly string[];
  readonly nvmeSupport: 'required' | 'unsupported';
  readonly bootModes: readonly BootMode[];
  readonly burstable?: BurstableCredits;
  readonly pricePerHourUsd: number;
  /** Subscription price for one month: hourly × 730 h × 0.7 (the usual ~30% subscription discount), rounded to cents. */
  readonly pricePerMonthUsd: number;
  /**
   * Usable pay-as-you-go by a new account without a quota ticket. The guide lists exactly the
   * nine Generation I types of Q4 (docs/rules/ecs-user-guide.md#quotas, "raise via ticket").
   *
   * Decision for the families that did not exist in 2017: the general-purpose, compute, memory
   * and burstable families of today (g7, c7, r7, t6, g8i) are the successors of that default list
   * and are PAYG-usable by default (the reference's own RunInstances example is a PostPaid
   * ecs.g7.large, https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-overview). GPU types (gn5) and the renewal-page ecs.m1.small are not:
   * GPU capacity needs a quota application, as on the real cloud.
   */
  readonly paygDefault: boolean;
  /** The closest EC2 type, for the EC2 dialect (e.g. t2.micro, the EC2 user guide (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/concepts.html)). Unique when set. */
  readonly ec2InstanceType?: string;
}

/** What every size of a family shares. */
export type FamilyTraits = Pick<
  InstanceTypeDefinition,
  | 'family'
  | 'generation'
  | 'category'
  | 'familyLevel'
  | 'cpuArchitecture'
  | 'physicalProcessorModel'
  | 'cpuSpeedFrequencyGhz'
  | 'cpuTurboFrequencyGhz'
  | 'gpuSpec'
  | 'gpuMemoryGiB'
  | 'diskQuantity'
  | 'ioOptimized'
  | 'networkTypes'
  | 'systemDiskCategories'
  | 'dataDiskCategories'
  | 'nvmeSupport'
  | 'bootModes'
  | 'paygDefault'
>;

/** What differs per size. Network figures are given once and used for both directions. */
export interface SizeSpec {
  readonly id: string;
  readonly cpu: number;
  readonly memoryGiB: number;
  readonly pricePerHourUsd: number;
  readonly eni: number;
  readonly ipsPerEni: number;
  readonly ipv6PerEni: number;
  readonly bandwidthGbps: number;
  readonly pps: number;
  readonly gpuAmount?: number;
  readonly localStorage?: LocalStorage;
  readonly burstable?: BurstableCredits;
  readonly ec2InstanceType?: string;
  readonly category?: InstanceCategory;
  readonly paygDefault?: boolean;
}

const HOURS_PER_MONTH = 730;
const SUBSCRIPTION_DISCOUNT = 0.7;
const KBPS_PER_GBPS = 1024 * 1024;

const monthlyFromHourly = (hourly: number): number => Math.round(hourly * HOURS_PER_MONTH * SUBSCRIPTION_DISCOUNT * 100) / 100;

export function family(traits: FamilyTraits, sizes: readonly SizeSpec[]): InstanceTypeDefinition[] {
  return sizes.map((s) => {
    const bandwidth = Math.round(s.bandwidthGbps * KBPS_PER_GBPS);
    const type: InstanceTypeDefinition = {
      ...traits,
      instanceTypeId: s.id,
      category: s.category ?? traits.category,
      paygDefault: s.paygDefault ?? traits.paygDefault,
      cpuCoreCount: s.cpu,
      memoryGiB: s.memoryGiB,
      gpuAmount: s.gpuAmount ?? 0,
      eniQuantity: s.eni,
      eniPrivateIpAddressQuantity: s.ipsPerEni,
      eniIpv6AddressQuantity: s.ipv6PerEni,
      bandwidthRxKbps: bandwidth,
      bandwidthTxKbps: bandwidth,
      ppsRx: s.pps,
      ppsTx: s.pps,
      pricePerHourUsd: s.pricePerHourUsd,
      pricePerMonthUsd: monthlyFromHourly(s.pricePerHourUsd),
      ...(s.localStorage ? { localStorage: s.localStorage } : {}),
      ...(s.burstable ? { burstable: s.burstable } : {}),
      ...(s.ec2InstanceType ? { ec2InstanceType: s.ec2InstanceType } : {}),
    };
    return type;
  });
}

export const CURRENT_CLOUD_DISKS = ['cloud_efficiency', 'cloud_ssd', 'cloud_essd', 'cloud_auto', 'cloud_essd_entry'] as const;
