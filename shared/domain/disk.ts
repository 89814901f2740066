import { ApiError } from './errors';

/**
 * Disks as resources. The instances issue creates system and data disks with
 * their instance and releases or keeps them with it; the disks issue adds the
 * disk actions (attach, detach, resize, snapshots, ...) on the same record.
 */
export type DiskStatus = 'Creating' | 'Available' | 'Attaching' | 'In_use' | 'Detaching' | 'ReIniting';
export type DiskType = 'system' | 'data';
export type DiskCategory = 'cloud' | 'cloud_efficiency' | 'cloud_ssd' | 'cloud_essd' | 'cloud_auto' | 'cloud_essd_entry';

export interface DiskRecord {
  diskId: string;
  accountId: string;
  regionId: string;
  zoneId: string;
  type: DiskType;
  category: DiskCategory;
  sizeGiB: number;
  status: DiskStatus;
  instanceId?: string;
  device?: string;
  deleteWithInstance: boolean;
  deleteAutoSnapshot: boolean;
  enableAutoSnapshot: boolean;
  /** Image the disk was created from (system disks): re-initialising returns to it. */
  imageId?: string;
  sourceSnapshotId?: string;
  chargeType: 'PostPaid' | 'PrePaid';
  diskName: string;
  description: string;
  encrypted: boolean;
  performanceLevel?: string;
  creationTime: string;
  attachedTime?: string;
  detachedTime?: string;
  tags: { key: string; value: string }[];
  billing: { pricePerGiBHourUsd: number; chargingSince: string };
}

/**
 * Size ranges per category (guide §4.1: basic 5–2,000 GB, ultra and SSD
 * 20–2,048 GB; ESSD and the newer categories follow the current reference,
 * 20–32,768 GiB for data disks). System disks: 20–500 GiB (40 for Windows).
 */
export const DATA_DISK_SIZE: Record<DiskCategory, { min: number; max: number }> = {
  cloud: { min: 5, max: 2000 },
  cloud_efficiency: { min: 20, max: 2048 },
  cloud_ssd: { min: 20, max: 2048 },
  cloud_essd: { min: 20, max: 32_768 },
  cloud_auto: { min: 1, max: 65_536 },
  cloud_essd_entry: { min: 10, max: 32_768 },
};
export const SYSTEM_DISK_SIZE = { min: 20, max: 500 };
export const DISK_CATEGORIES = Object.keys(DATA_DISK_SIZE) as DiskCategory[];

/** List prices per GiB-hour (sandbox figures, used by the billing ledger). */
export const DISK_PRICE_PER_GIB_HOUR: Record<DiskCategory, number> = {
  cloud: 0.00004,
  cloud_efficiency: 0.00006,
  cloud_ssd: 0.00014,
  cloud_essd: 0.00021,
  cloud_auto: 0.00015,
  cloud_essd_entry: 0.0001,
};

/** Device names: system `/dev/xvda`, data `/dev/xvdb` … `/dev/xvdz` (guide L139-140). */
export const SYSTEM_DEVICE = '/dev/xvda';
export const MAX_DATA_DISKS_PER_INSTANCE = 16;

export function nextDataDevice(used: readonly string[]): string | undefined {
  for (let c = 'b'.charCodeAt(0); c <= 'z'.charCodeAt(0); c++) {
    const device = `/dev/xvd${String.fromCharCode(c)}`;
    if (!used.includes(device)) return device;
  }
  return undefined;
}

export const DiskErrors = {
  categoryNotSupported: () =>
    new ApiError('InvalidDiskCategory.ValueNotSupported', 400, 'The specified parameter "DiskCategory" is not valid.'),
  sizeNotSupported: (name: string) =>
    new ApiError('InvalidDiskSize.ValueNotSupported', 400, `The specified parameter "${name}" is beyond the permitted range.`),
  tooManyDataDisks: () =>
    new ApiError('InvalidDataDiskSize.ValueNotSupported', 400, 'An instance can have at most 16 data disks.'),
  systemDiskTooSmall: (imageSize: number) =>
    new ApiError(
      'InvalidSystemDiskSize.LessThanImageSize',
      400,
      `The specified parameter SystemDisk.Size is less than the image size (${imageSize} GiB).`,
    ),
};

export function validateDataDiskSize(category: DiskCategory, size: number, name: string): void {
  const range = DATA_DISK_SIZE[category];
  if (!Number.isInteger(size) || size < range.min || size > range.max) throw DiskErrors.sizeNotSupported(name);
}
