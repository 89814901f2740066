import type { ImageRecord } from '../image';
import { isKnownRegion } from './regions';

/**
 * Alibaba Cloud Marketplace images (no I/O): a small catalogue so that the rules about images
 * that descend from a marketplace image can be exercised. Each is published in some regions only
 * (the ECS image lifecycle FAQ (https://www.alibabacloud.com/help/en/ecs/user-guide/faq-about-image-lifecycle): a custom image derived from one can be copied only into a region where it is
 * published), cannot be copied or shared itself (only custom images can), and images made from
 * it cannot be exported (docs/rules/ecs-user-guide.md#image-export). Launching from one is free in the sandbox (no purchase).
 */
interface MarketplaceImageSpec {
  readonly imageId: string;
  readonly productCode: string;
  readonly imageName: string;
  readonly description: string;
  readonly platform: string;
  readonly osName: string;
  readonly osNameEn: string;
  readonly sizeGiB: number;
  /** Regions where the product is published; undefined: every region. */
  readonly regions?: readonly string[];
  readonly creationTime: string;
}

const SPECS: readonly MarketplaceImageSpec[] = [
  {
    imageId: 'm-marketplace-lamp-centos79',
    productCode: 'cmjj00001001',
    imageName: 'LAMP on CentOS 7.9',
    description: 'Linux, Apache, MySQL and PHP on CentOS 7.9 (sandbox marketplace product).',
    platform: 'CentOS',
    osName: 'CentOS 7.9 64位',
    osNameEn: 'CentOS 7.9 64 bit',
    sizeGiB: 40,
    regions: ['cn-hangzhou', 'cn-shanghai'],
    creationTime: '2024-03-01T08:00:00Z',
  },
  {
    imageId: 'm-marketplace-wordpress-ubuntu2204',
    productCode: 'cmjj00001002',
    imageName: 'WordPress on Ubuntu 22.04',
    description: 'WordPress with Nginx on Ubuntu 22.04 (sandbox marketplace product).',
    platform: 'Ubuntu',
    osName: 'Ubuntu 22.04 64位',
    osNameEn: 'Ubuntu 22.04 64 bit',
    sizeGiB: 40,
    creationTime: '2024-05-01T08:00:00Z',
  },
];

const SPECS_BY_ID: ReadonlyMap<string, MarketplaceImageSpec> = new Map(SPECS.map((s) => [s.imageId, s]));

export const MARKETPLACE_IMAGE_IDS: readonly string[] = SPECS.map((s) => s.imageId);

/** Whether the marketplace image is published in the region. */
export function isMarketplaceImagePublishedIn(imageId: string, regionId: string): boolean {
  const spec = SPECS_BY_ID.get(imageId);
  return spec !== undefined && isKnownRegion(regionId) && (spec.regions === undefined || spec.regions.includes(regionId));
}

function toRecord(spec: MarketplaceImageSpec, regionId: string): ImageRecord {
  return {
    imageId: spec.imageId,
    regionId,
    ownerAccountId: null,
    source: 'marketplace',
    imageName: spec.imageName,
    description: spec.description,
    imageFamily: '',
    imageVersion: spec.creationTime.slice(0, 10).replace(/-/g, ''),
    osType: 'linux',
    platform: spec.platform,
    osName: spec.osName,
    osNameEn: spec.osNameEn,
    architecture: 'x86_64',
    sizeGiB: spec.sizeGiB,
    status: 'Available',
    progress: 100,
    creationTime: spec.creationTime,
    isSupportCloudinit: true,
    isSupportIoOptimized: true,
    isCopied: false,
    bootMode: 'BIOS',
    diskDeviceMappings: [{ device: '/dev/xvda', snapshotId: null, sizeGiB: spec.sizeGiB, type: 'system' }],
    tags: [],
    sharedWith: [],
    isPublic: true,
    productCode: spec.productCode,
  };
}

/** Fresh records of the marketplace images published in the region. */
export function marketplaceImagesForRegion(regionId: string): ImageRecord[] {
  return SPECS.filter((s) => isMarketplaceImagePublishedIn(s.imageId, regionId)).map((s) => toRecord(s, regionId));
}

export function findMarketplaceImage(regionId: string, imageId: string): ImageRecord | undefined {
  const spec = SPECS_BY_ID.get(imageId);
  return spec && isMarketplaceImagePublishedIn(imageId, regionId) ? toRecord(spec, regionId) : undefined;
}
