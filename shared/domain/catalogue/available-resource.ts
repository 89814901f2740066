import { DATA_DISK_SIZE, DISK_CATEGORIES, SYSTEM_DISK_SIZE } from '../disk';
import { findRegion } from './regions';
import { findInstanceType, instanceTypesOfferedInZone, type InstanceTypeDefinition } from './instance-types';

/**
 * DescribeAvailableResource over the catalogue: which zones, instance types, disk categories and
 * networks can be bought, by billing method
 * (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describeavailableresource).
 * The destination resources form the chain Zone > IoOptimized > InstanceType = Network >
 * SystemDisk > DataDisk; the parameters to the left narrow the answer. The sandbox has no stock
 * limits: whatever the catalogue offers is `Available` / `WithStock`. Pay-as-you-go lists only the
 * types that may be bought pay-as-you-go without a ticket (guide Q4), as RunInstances enforces.
 */
export const DESTINATION_RESOURCES = ['Zone', 'IoOptimized', 'InstanceType', 'Network', 'SystemDisk', 'DataDisk', 'ddh'] as const;
export type DestinationResource = (typeof DESTINATION_RESOURCES)[number];

export interface AvailableResourceQuery {
  regionId: string;
  destination: DestinationResource;
  chargeType: 'PrePaid' | 'PostPaid';
  zoneId?: string;
  instanceType?: string;
  ioOptimized?: string;
  systemDiskCategory?: string;
  dataDiskCategory?: string;
  networkCategory?: string;
  cores?: number;
  memory?: number;
  resourceType: 'instance' | 'disk' | 'reservedinstance' | 'ddh';
}

interface Supported {
  Value: string;
  Status: 'Available';
  StatusCategory: 'WithStock';
  Min?: number;
  Max?: number;
  Unit?: string;
}

const available = (value: string, extra: Partial<Supported> = {}): Supported => ({ Value: value, Status: 'Available', StatusCategory: 'WithStock', ...extra });

function typesFor(q: AvailableResourceQuery, zoneId: string): InstanceTypeDefinition[] {
  return instanceTypesOfferedInZone(q.regionId, zoneId).filter(
    (t) =>
      (q.chargeType === 'PrePaid' || t.paygDefault) &&
      (q.instanceType === undefined || t.instanceTypeId === q.instanceType) &&
      (q.cores === undefined || t.cpuCoreCount === q.cores) &&
      (q.memory === undefined || t.memoryGiB === q.memory) &&
      (q.ioOptimized === undefined || (q.ioOptimized === 'optimized') === t.ioOptimized),
  );
}

function resourcesOf(q: AvailableResourceQuery, zoneId: string): { Type: string; SupportedResources: { SupportedResource: Supported[] } } | undefined {
  const types = q.resourceType === 'disk' ? [] : typesFor(q, zoneId);
  if (q.resourceType !== 'disk' && types.length === 0) return undefined;
  const cats = (wanted: string | undefined) => DISK_CATEGORIES.filter((c) => wanted === undefined || c === wanted);
  let values: Supported[];
  switch (q.destination) {
    case 'Zone':
      values = [available(zoneId)];
      break;
    case 'IoOptimized':
      values = [...new Set(types.map((t) => (t.ioOptimized ? 'optimized' : 'none')))].map((v) => available(v));
      break;
    case 'InstanceType':
      values = types.map((t) => available(t.instanceTypeId));
      break;
    case 'Network':
      values = q.networkCategory === undefined || q.networkCategory === 'vpc' ? [available('vpc')] : [];
      break;
    case 'SystemDisk':
      values = cats(q.systemDiskCategory).map((c) => available(c, { Min: SYSTEM_DISK_SIZE.min, Max: SYSTEM_DISK_SIZE.max, Unit: 'GiB' }));
      break;
    case 'DataDisk':
      values = cats(q.dataDiskCategory).map((c) => available(c, { Min: DATA_DISK_SIZE[c].min, Max: DATA_DISK_SIZE[c].max, Unit: 'GiB' }));
      break;
    case 'ddh':
      values = [];
      break;
  }
  if (values.length === 0) return undefined;
  return { Type: q.destination, SupportedResources: { SupportedResource: values } };
}

export function describeAvailableResource(q: AvailableResourceQuery) {
  const region = findRegion(q.regionId)!;
  const zones = region.zones.filter((z) => q.zoneId === undefined || z.zoneId === q.zoneId);
  const out = zones.flatMap((z) => {
    const resources = resourcesOf(q, z.zoneId);
    if (!resources) return [];
    return [
      {
        RegionId: q.regionId,
        ZoneId: z.zoneId,
        Status: 'Available',
        StatusCategory: 'WithStock',
        AvailableResources: { AvailableResource: [resources] },
      },
    ];
  });
  return { AvailableZones: { AvailableZone: out } };
}

export const isKnownInstanceType = (id: string): boolean => findInstanceType(id) !== undefined;
