import { DATA_DISK_SIZE, type DiskCategory } from './disk';
import { ApiError } from './errors';

/**
 * EBS volume types and ECS disk categories: ONE table, read both ways (docs/volume-types.md).
 * Seven EBS types share five ECS categories, so the EC2 dialect keeps the type a volume was given
 * (with its IOPS and throughput) on the disk, with the category it chose for it. That record counts
 * while the disk still has that category; a disk made or changed by ECS shows its category's type.
 *
 * EBS limits: https://docs.aws.amazon.com/ebs/latest/userguide/ebs-volume-types.html and
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyVolume.html.
 */
export type VolumeType = 'gp2' | 'gp3' | 'io1' | 'io2' | 'st1' | 'sc1' | 'standard';

interface Provisioned {
  min: number;
  max: number;
  /** Most IOPS per GiB of size (io1 50, io2 1,000, gp3 500); MiB/s per IOPS for throughput (gp3 0.25). */
  ratio: number;
  /** What a volume gets when it does not ask (gp3's baseline; io1/io2 from 3,000 as ModifyVolume documents). */
  baseline: number;
}

interface VolumeTypeRow {
  category: DiskCategory;
  sizeGiB: readonly [number, number];
  iops?: Provisioned;
  throughput?: Provisioned;
}

export const VOLUME_TYPES: Record<VolumeType, VolumeTypeRow> = {
  gp2: { category: 'cloud_ssd', sizeGiB: [1, 16_384] },
  gp3: {
    category: 'cloud_essd',
    sizeGiB: [1, 16_384],
    iops: { min: 3000, max: 80_000, ratio: 500, baseline: 3000 },
    throughput: { min: 125, max: 2000, ratio: 0.25, baseline: 125 },
  },
  io1: { category: 'cloud_essd', sizeGiB: [4, 16_384], iops: { min: 100, max: 64_000, ratio: 50, baseline: 3000 } },
  io2: { category: 'cloud_essd', sizeGiB: [4, 65_536], iops: { min: 100, max: 256_000, ratio: 1000, baseline: 3000 } },
  st1: { category: 'cloud_efficiency', sizeGiB: [125, 16_384] },
  sc1: { category: 'cloud_efficiency', sizeGiB: [125, 16_384] },
  standard: { category: 'cloud', sizeGiB: [1, 1024] },
};

/** The type a category shows when the disk has no EC2 record for it: the first row of the table with that category; ECS-only categories show as gp3. */
const TYPE_OF_CATEGORY: Record<DiskCategory, VolumeType> = {
  cloud_ssd: 'gp2',
  cloud_essd: 'gp3',
  cloud_efficiency: 'st1',
  cloud: 'standard',
  cloud_auto: 'gp3',
  cloud_essd_entry: 'gp3',
};

/** What the EC2 dialect keeps on a disk: the type it was given, the category chosen for it, and the provisioned performance. */
export interface Ec2VolumeSpec {
  type: VolumeType;
  category: DiskCategory;
  iops?: number;
  throughput?: number;
}

export const isVolumeType = (type: string): type is VolumeType => Object.hasOwn(VOLUME_TYPES, type);

/**
 * The category of a volume of this type and size: the table's, or ESSD AutoPL (1 GiB up) when the
 * size is below the table category's smallest disk (a 10 GiB gp2: standard SSDs start at 20 GiB).
 */
export function categoryOfVolume(type: VolumeType, sizeGiB: number): DiskCategory {
  const category = VOLUME_TYPES[type].category;
  return sizeGiB < DATA_DISK_SIZE[category].min ? 'cloud_auto' : category;
}

/** The EBS type, IOPS and throughput a disk shows: its EC2 record while the category is still the one chosen for it. */
export function volumeSpecOf(disk: { category: DiskCategory; ec2Volume?: Ec2VolumeSpec }): { type: VolumeType; iops?: number; throughput?: number } {
  const kept = disk.ec2Volume?.category === disk.category ? disk.ec2Volume : undefined;
  const type = kept?.type ?? TYPE_OF_CATEGORY[disk.category];
  const row = VOLUME_TYPES[type];
  return {
    type,
    ...(row.iops ? { iops: kept?.iops ?? row.iops.baseline } : {}),
    ...(row.throughput ? { throughput: kept?.throughput ?? row.throughput.baseline } : {}),
  };
}

const invalid = (message: string) => new ApiError('InvalidParameterValue', 400, message);
const combination = (message: string) => new ApiError('InvalidParameterCombination', 400, message);

/**
 * EBS's rules for a volume of `type` and `sizeGiB` with the IOPS and throughput asked for
 * (undefined: the current value when the type stays, else the baseline). Returns the spec to keep.
 * IOPS only for gp3, io1 and io2, throughput only for gp3 (InvalidParameterCombination); a value
 * out of its range or above its ratio to the size (IOPS) or to the IOPS (throughput) is
 * InvalidParameterValue.
 */
export function volumeSpecFor(
  type: VolumeType,
  sizeGiB: number,
  asked: { iops?: number; throughput?: number },
  current?: { type: VolumeType; iops?: number; throughput?: number },
): Ec2VolumeSpec {
  const row = VOLUME_TYPES[type];
  const [minSize, maxSize] = row.sizeGiB;
  if (sizeGiB < minSize || sizeGiB > maxSize) {
    throw invalid(`Volume of ${sizeGiB}GiB is invalid for volume type ${type}: the size must be between ${minSize} and ${maxSize} GiB.`);
  }
  if (asked.iops !== undefined && !row.iops) throw combination(`The parameter iops is not supported for ${type} volumes.`);
  if (asked.throughput !== undefined && !row.throughput) throw combination(`The parameter throughput is not supported for ${type} volumes.`);
  const same = current?.type === type;
  const iops = row.iops ? (asked.iops ?? (same ? current.iops : undefined) ?? row.iops.baseline) : undefined;
  const throughput = row.throughput ? (asked.throughput ?? (same ? current.throughput : undefined) ?? row.throughput.baseline) : undefined;
  if (row.iops && iops !== undefined) {
    if (iops < row.iops.min || iops > row.iops.max)
      throw invalid(`Value (${iops}) for parameter iops is invalid. ${type} takes ${row.iops.min} to ${row.iops.max} IOPS.`);
    // gp3's baseline holds at any size; above it, and for io1/io2 always, IOPS are bounded by the size.
    if ((type !== 'gp3' || iops > row.iops.baseline) && iops > row.iops.ratio * sizeGiB) {
      throw invalid(`Iops to volume size ratio of ${(iops / sizeGiB).toFixed(1)} is too high; maximum is ${row.iops.ratio}.`);
    }
  }
  if (row.throughput && throughput !== undefined) {
    if (throughput < row.throughput.min || throughput > row.throughput.max) {
      throw invalid(`Value (${throughput}) for parameter throughput is invalid. ${type} takes ${row.throughput.min} to ${row.throughput.max} MiB/s.`);
    }
    if (throughput > row.throughput.baseline && throughput > row.throughput.ratio * (iops ?? 0)) {
      throw invalid(`Throughput to iops ratio of ${(throughput / (iops ?? 1)).toFixed(3)} is too high; maximum is ${row.throughput.ratio} MiB/s per iops.`);
    }
  }
  return { type, category: categoryOfVolume(type, sizeGiB), ...(iops !== undefined ? { iops } : {}), ...(throughput !== undefined ? { throughput } : {}) };
}
