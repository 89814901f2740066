import { ApiError, Errors } from '../errors';
import { INSTANCE_TYPES, instanceTypesOfferedInZone, type InstanceTypeDefinition } from './instance-types';
import { currentDialect } from '../../platform/dialect';
import { ZONE_DISK_CATEGORIES, findRegion, regionsListedBy, type CatalogueLanguage } from './regions';

/**
 * DescribeRegions, DescribeZones and DescribeInstanceTypes as pure functions over the static
 * catalogue (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-overview). They return the response body without `RequestId`, which the
 * protocol layer adds, and throw `ApiError` for the documented error codes.
 */

// ---------------------------------------------------------------------------------------------
// Shared parameter checks

/**
 * The reference lists zh-CN, zh-TW, en-US, ja, fr, de and ko as valid, while its error message
 * says only zh-CN, en-US and ja are allowed. Decision: accept all seven documented values (case
 * does not matter, as for any language tag); names exist in zh-CN, en-US and ja, so zh-TW falls
 * back to zh-CN and fr/de/ko to en-US. Anything else is InvalidAcceptLanguage.NotFound (404).
 */
const LANGUAGES: Readonly<Record<string, CatalogueLanguage>> = {
  'zh-cn': 'zh-CN',
  'zh-tw': 'zh-CN',
  'en-us': 'en-US',
  ja: 'ja',
  fr: 'en-US',
  de: 'en-US',
  ko: 'en-US',
};

function languageOf(acceptLanguage: string | undefined): CatalogueLanguage {
  if (!acceptLanguage) return 'zh-CN';
  const language = LANGUAGES[acceptLanguage.toLowerCase()];
  if (!language) {
    throw Errors.notFound('InvalidAcceptLanguage.NotFound', 'Only Chinese (zh-CN), English (en-US), and Japanese (ja) are allowed.');
  }
  return language;
}

/** DescribeZones documents 404 InvalidInstanceChargeType.NotFound; DescribeRegions documents none, so it reuses it. */
function checkChargeType(value: string | undefined, allowed: readonly string[]): void {
  if (value && !allowed.includes(value)) {
    throw Errors.notFound('InvalidInstanceChargeType.NotFound', 'The InstanceChargeType does not exist in our records');
  }
}

// ---------------------------------------------------------------------------------------------
// DescribeRegions

export interface DescribeRegionsInput {
  acceptLanguage?: string;
  instanceChargeType?: string;
  resourceType?: string;
}

const REGION_CHARGE_TYPES = ['PrePaid', 'PostPaid', 'SpotWithPriceLimit', 'SpotAsPriceGo'] as const;
const REGION_RESOURCE_TYPES = ['instance', 'disk', 'reservedinstance', 'scu'] as const;

export interface RegionItem {
  RegionId: string;
  LocalName: string;
  RegionEndpoint: string;
  Status: 'available' | 'soldOut';
}

/** Every region supports every charge and resource type, so the filters only validate. */
export function describeRegions(input: DescribeRegionsInput = {}): { Regions: { Region: RegionItem[] } } {
  const language = languageOf(input.acceptLanguage);
  checkChargeType(input.instanceChargeType, REGION_CHARGE_TYPES);
  if (input.resourceType && !(REGION_RESOURCE_TYPES as readonly string[]).includes(input.resourceType)) {
    throw Errors.notFound('InvalidResourceType.NotFound', 'The ResourceType provided does not exist in our records.');
  }
  return {
    Regions: {
      // The EC2 dialect also lists the AWS regions Alibaba Cloud lacks (regions.ts EC2_ONLY_REGIONS).
      Region: regionsListedBy(currentDialect()).map((r) => ({
        RegionId: r.regionId,
        LocalName: r.localName[language],
        RegionEndpoint: r.endpoint,
        Status: 'available',
      })),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// DescribeZones

export interface DescribeZonesInput {
  regionId: string;
  acceptLanguage?: string;
  instanceChargeType?: string;
  spotStrategy?: string;
  /** Default true. */
  verbose?: boolean;
  /**
   * The instance types the caller may create, when the action layer restricts them (e.g. the
   * guide's default pay-as-you-go entitlement, docs/rules/ecs-user-guide.md#quotas, for PostPaid). Omitted = all offered.
   */
  allowedInstanceTypes?: readonly string[];
}

const ZONE_CHARGE_TYPES = ['PrePaid', 'PostPaid'] as const;
const SPOT_STRATEGIES = ['NoSpot', 'SpotWithPriceLimit', 'SpotAsPriceGo'] as const;

/**
 * What can be created in a zone. Terraform and the old SDKs look for these exact spellings.
 * Dedicated hosts and shared block storage are not emulated, so neither appears.
 */
const ZONE_RESOURCE_TYPES = ['VSwitch', 'IoOptimized', 'Instance', 'Disk'] as const;

export interface ResourcesInfoItem {
  IoOptimized: boolean;
  InstanceGenerations: { supportedInstanceGeneration: string[] };
  InstanceTypeFamilies: { supportedInstanceTypeFamily: string[] };
  InstanceTypes: { supportedInstanceType: string[] };
  NetworkTypes: { supportedNetworkCategory: string[] };
  SystemDiskCategories: { supportedSystemDiskCategory: string[] };
  DataDiskCategories: { supportedDataDiskCategory: string[] };
}

export interface ZoneItem {
  ZoneId: string;
  LocalName: string;
  ZoneType: 'AvailabilityZone';
  AvailableResourceCreation: { ResourceTypes: string[] };
  AvailableDiskCategories: { DiskCategories: string[] };
  AvailableInstanceTypes: { InstanceTypes: string[] };
  AvailableVolumeCategories: { VolumeCategories: string[] };
  AvailableDedicatedHostTypes: { DedicatedHostType: string[] };
  DedicatedHostGenerations: { DedicatedHostGeneration: string[] };
  AvailableResources: { ResourcesInfo: ResourcesInfoItem[] };
}

const unique = (values: Iterable<string>): string[] => [...new Set(values)];

/**
 * One `ResourcesInfo` entry per combination of I/O optimisation and network types, as the real
 * answer groups them: the guide's Generation I types (not I/O optimized, classic or VPC) apart
 * from the I/O optimized, VPC-only ones.
 */
function resourcesInfoOf(types: readonly InstanceTypeDefinition[]): ResourcesInfoItem[] {
  const groups = new Map<string, InstanceTypeDefinition[]>();
  for (const t of types) {
    const key = `${t.ioOptimized}|${t.networkTypes.join(',')}`;
    groups.set(key, [...(groups.get(key) ?? []), t]);
  }
  return [...groups.values()].map((group) => ({
    IoOptimized: group[0]!.ioOptimized,
    InstanceGenerations: { supportedInstanceGeneration: unique(group.map((t) => t.generation)) },
    InstanceTypeFamilies: { supportedInstanceTypeFamily: unique(group.map((t) => t.family)) },
    InstanceTypes: { supportedInstanceType: group.map((t) => t.instanceTypeId) },
    NetworkTypes: { supportedNetworkCategory: [...group[0]!.networkTypes] },
    SystemDiskCategories: { supportedSystemDiskCategory: unique(group.flatMap((t) => t.systemDiskCategories)) },
    DataDiskCategories: { supportedDataDiskCategory: unique(group.flatMap((t) => t.dataDiskCategories)) },
  }));
}

/**
 * `Verbose=false` keeps the zone's identity and the short lists (resource types, disk
 * categories) and empties the bulky ones (instance types, `ResourcesInfo`, dedicated hosts).
 * The wrappers stay, so SDK clients that walk them find empty arrays rather than undefined.
 */
export function describeZones(input: DescribeZonesInput): { Zones: { Zone: ZoneItem[] } } {
  if (!input.regionId) throw Errors.missingParameter('RegionId');
  const region = findRegion(input.regionId);
  if (!region) throw Errors.invalidRegion();
  const language = languageOf(input.acceptLanguage);
  checkChargeType(input.instanceChargeType, ZONE_CHARGE_TYPES);
  if (input.spotStrategy && !(SPOT_STRATEGIES as readonly string[]).includes(input.spotStrategy)) {
    throw Errors.invalid('InvalidSpotStrategy', 'The specified SpotStrategy is not valid.');
  }
  const verbose = input.verbose ?? true;
  const allowed = input.allowedInstanceTypes ? new Set(input.allowedInstanceTypes) : undefined;

  return {
    Zones: {
      Zone: region.zones.map((zone) => {
        const types = instanceTypesOfferedInZone(region.regionId, zone.zoneId).filter((t) => !allowed || allowed.has(t.instanceTypeId));
        return {
          ZoneId: zone.zoneId,
          LocalName: zone.localName[language],
          ZoneType: 'AvailabilityZone',
          AvailableResourceCreation: { ResourceTypes: [...ZONE_RESOURCE_TYPES] },
          AvailableDiskCategories: { DiskCategories: [...ZONE_DISK_CATEGORIES] },
          AvailableInstanceTypes: { InstanceTypes: verbose ? types.map((t) => t.instanceTypeId) : [] },
          AvailableVolumeCategories: { VolumeCategories: [] },
          AvailableDedicatedHostTypes: { DedicatedHostType: [] },
          DedicatedHostGenerations: { DedicatedHostGeneration: [] },
          AvailableResources: { ResourcesInfo: verbose ? resourcesInfoOf(types) : [] },
        };
      }),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// DescribeInstanceTypes

export interface DescribeInstanceTypesInput {
  /** `InstanceTypes.N`, 1 to 10 ids. Unknown ids simply match nothing. */
  instanceTypes?: string[];
  instanceTypeFamily?: string;
  /** `InstanceTypeFamilies.N`, 1 to 10. */
  instanceTypeFamilies?: string[];
  instanceCategory?: string;
  instanceFamilyLevel?: string;
  /** X86 or ARM. */
  cpuArchitecture?: string;
  gpuSpec?: string;
  minimumCpuCoreCount?: number;
  maximumCpuCoreCount?: number;
  /** GiB. */
  minimumMemorySize?: number;
  maximumMemorySize?: number;
  minimumGpuAmount?: number;
  maximumGpuAmount?: number;
  /** 1 to 100, default 100 (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-overview: the 1600 limit ended on 2023-11-15). */
  maxResults?: number;
  nextToken?: string;
}

const MAX_LIST_FILTER = 10;
const MAX_RESULTS_LIMIT = 100;
const CPU_ARCHITECTURES = ['X86', 'ARM'] as const;
const FAMILY_LEVELS = ['EntryLevel', 'EnterpriseLevel', 'CreditEntryLevel'] as const;

/**
 * NextToken is opaque to clients: base64url of `it:<index of the next item>`. A token that does
 * not decode to an index inside the current result is rejected with `InvalidNextToken.Malformed`
 * (400), following the documented `Invalid<Name>.Malformed` pattern (https://api.alibabacloud.com/document/Ecs/2014-05-26/errorCode); the
 * reference documents no code for this case.
 */
const TOKEN_PREFIX = 'it:';
const encodeNextToken = (index: number): string => Buffer.from(`${TOKEN_PREFIX}${index}`).toString('base64url');

function invalidNextToken(): ApiError {
  return Errors.invalid('InvalidNextToken.Malformed', 'The specified parameter "NextToken" is not valid.');
}

function decodeNextToken(token: string, total: number): number {
  if (!/^[A-Za-z0-9_-]+$/.test(token)) throw invalidNextToken();
  const decoded = Buffer.from(token, 'base64url').toString('utf8');
  const match = /^it:([1-9][0-9]{0,8})$/.exec(decoded);
  const index = match ? Number(match[1]) : NaN;
  if (!(index > 0 && index < total)) throw invalidNextToken();
  return index;
}

function checkNonNegative(name: string, value: number | undefined): void {
  if (value !== undefined && !(Number.isFinite(value) && value >= 0)) throw Errors.invalidParameter(name);
}

function maxResultsOf(value: number | undefined): number {
  if (value === undefined) return MAX_RESULTS_LIMIT;
  if (!Number.isInteger(value) || value < 1 || value > MAX_RESULTS_LIMIT) {
    throw Errors.invalidParameter('MaxResults', `It must be an integer from 1 to ${MAX_RESULTS_LIMIT}.`);
  }
  return value;
}

function validateInstanceTypesInput(input: DescribeInstanceTypesInput): void {
  if ((input.instanceTypes?.length ?? 0) > MAX_LIST_FILTER) throw Errors.invalidParameter('InstanceTypes');
  if ((input.instanceTypeFamilies?.length ?? 0) > MAX_LIST_FILTER) {
    throw Errors.invalidParameter('InstanceTypeFamilies');
  }
  if (input.cpuArchitecture && !(CPU_ARCHITECTURES as readonly string[]).includes(input.cpuArchitecture)) {
    throw Errors.invalidParameter('CpuArchitecture');
  }
  if (input.instanceFamilyLevel && !(FAMILY_LEVELS as readonly string[]).includes(input.instanceFamilyLevel)) {
    throw Errors.invalidParameter('InstanceFamilyLevel');
  }
  checkNonNegative('MinimumCpuCoreCount', input.minimumCpuCoreCount);
  checkNonNegative('MaximumCpuCoreCount', input.maximumCpuCoreCount);
  checkNonNegative('MinimumMemorySize', input.minimumMemorySize);
  checkNonNegative('MaximumMemorySize', input.maximumMemorySize);
  checkNonNegative('MinimumGPUAmount', input.minimumGpuAmount);
  checkNonNegative('MaximumGPUAmount', input.maximumGpuAmount);
}

function matchesInstanceTypeFilter(t: InstanceTypeDefinition, input: DescribeInstanceTypesInput): boolean {
  const inRange = (value: number, min?: number, max?: number) => (min === undefined || value >= min) && (max === undefined || value <= max);
  if (input.instanceTypes?.length && !input.instanceTypes.includes(t.instanceTypeId)) return false;
  if (input.instanceTypeFamily && t.family !== input.instanceTypeFamily) return false;
  if (input.instanceTypeFamilies?.length && !input.instanceTypeFamilies.includes(t.family)) return false;
  if (input.instanceCategory && t.category !== input.instanceCategory) return false;
  if (input.instanceFamilyLevel && t.familyLevel !== input.instanceFamilyLevel) return false;
  if (input.cpuArchitecture && t.cpuArchitecture !== input.cpuArchitecture) return false;
  if (input.gpuSpec && t.gpuSpec !== input.gpuSpec) return false;
  return (
    inRange(t.cpuCoreCount, input.minimumCpuCoreCount, input.maximumCpuCoreCount) &&
    inRange(t.memoryGiB, input.minimumMemorySize, input.maximumMemorySize) &&
    inRange(t.gpuAmount, input.minimumGpuAmount, input.maximumGpuAmount)
  );
}

/** Sandbox extension: list prices, which the real answer does not carry, as `Attributes` entries. */
export const PRICE_PER_HOUR_ATTRIBUTE = 'PricePerHourUsd';
export const PRICE_PER_MONTH_ATTRIBUTE = 'PricePerMonthUsd';

/** One `InstanceTypes.InstanceType[]` item, with the reference's field names. */
export function renderInstanceType(t: InstanceTypeDefinition): Record<string, unknown> {
  return {
    InstanceTypeId: t.instanceTypeId,
    InstanceTypeFamily: t.family,
    InstanceCategory: t.category,
    InstanceFamilyLevel: t.familyLevel,
    CpuCoreCount: t.cpuCoreCount,
    MemorySize: t.memoryGiB,
    CpuArchitecture: t.cpuArchitecture,
    PhysicalProcessorModel: t.physicalProcessorModel,
    CpuSpeedFrequency: t.cpuSpeedFrequencyGhz,
    ...(t.cpuTurboFrequencyGhz !== undefined ? { CpuTurboFrequency: t.cpuTurboFrequencyGhz } : {}),
    GPUAmount: t.gpuAmount,
    GPUSpec: t.gpuSpec,
    GPUMemorySize: t.gpuMemoryGiB,
    EniQuantity: t.eniQuantity,
    EniPrivateIpAddressQuantity: t.eniPrivateIpAddressQuantity,
    EniIpv6AddressQuantity: t.eniIpv6AddressQuantity,
    DiskQuantity: t.diskQuantity,
    ...(t.localStorage
      ? {
          LocalStorageCategory: t.localStorage.category,
          LocalStorageAmount: t.localStorage.amount,
          LocalStorageCapacity: t.localStorage.capacityGiB,
        }
      : {}),
    InstanceBandwidthRx: t.bandwidthRxKbps,
    InstanceBandwidthTx: t.bandwidthTxKbps,
    InstancePpsRx: t.ppsRx,
    InstancePpsTx: t.ppsTx,
    NvmeSupport: t.nvmeSupport,
    SupportedBootModes: { SupportedBootMode: [...t.bootModes] },
    ...(t.burstable ? { BaselineCredit: t.burstable.baselineCredit, InitialCredit: t.burstable.initialCredit } : {}),
    Attributes: {
      Attribute: [
        { Name: PRICE_PER_HOUR_ATTRIBUTE, Value: String(t.pricePerHourUsd) },
        { Name: PRICE_PER_MONTH_ATTRIBUTE, Value: t.pricePerMonthUsd.toFixed(2) },
      ],
    },
  };
}

/**
 * Filters, then pages in catalogue order. `NextToken` is empty on the last page; without a
 * token the first page (up to `MaxResults`) comes back (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-overview).
 */
export function describeInstanceTypes(input: DescribeInstanceTypesInput = {}): {
  InstanceTypes: { InstanceType: Record<string, unknown>[] };
  NextToken: string;
} {
  validateInstanceTypesInput(input);
  const pageSize = maxResultsOf(input.maxResults);
  const matching = INSTANCE_TYPES.filter((t) => matchesInstanceTypeFilter(t, input));
  const start = input.nextToken ? decodeNextToken(input.nextToken, matching.length) : 0;
  const end = Math.min(start + pageSize, matching.length);
  return {
    InstanceTypes: { InstanceType: matching.slice(start, end).map(renderInstanceType) },
    NextToken: end < matching.length ? encodeNextToken(end) : '',
  };
}
