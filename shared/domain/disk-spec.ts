import { ApiError } from './errors';
import {
  DATA_DISK_SIZE,
  DISK_PRICE_PER_GIB_HOUR,
  DiskErrors,
  PERFORMANCE_LEVELS,
  requireInstanceOperable,
  SYSTEM_DISK_SIZE,
  type DiskCategory,
  type DiskRecord,
} from './disk';
import { diskError } from './disk-errors';
import { InstanceErrors, type InstanceRecord } from './instance';

/**
 * ModifyDiskSpec: change a disk's category or an ESSD's performance level
 * (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-modifydiskspec,
 * docs/rules/ecs-user-guide.md#disk-spec):
 *
 * - the disk is In_use or Available; an instance it is attached to is Running or Stopped, not
 *   expired, overdue or locked;
 * - categories move among ultra, standard SSD, ESSD and ESSD AutoPL; basic disks, ESSD Entry and
 *   local disks do not change category; the size must fit the new category's range;
 * - a performance level is an ESSD's only: PL0 to PL3, each from a minimum size
 *   (PL2 461 GiB, PL3 1,261 GiB: https://www.alibabacloud.com/help/en/ecs/user-guide/essds);
 *   a subscription ESSD only goes up, a pay-as-you-go one goes up or down but not to PL0;
 * - the change takes effect at once and is billed at the new category's price from then on
 *   (the ledger follows the disk's price per GiB-hour; the sandbox's price has no per-level step).
 */
const CHANGEABLE: readonly DiskCategory[] = ['cloud_efficiency', 'cloud_ssd', 'cloud_essd', 'cloud_auto'];
const PL_MIN_GIB: Record<string, number> = { PL0: 1, PL1: 20, PL2: 461, PL3: 1261 };
const rank = (pl: string) => PERFORMANCE_LEVELS.indexOf(pl as (typeof PERFORMANCE_LEVELS)[number]);

export const DiskSpecErrors = {
  category: () =>
    diskError('categoryNotSupported', new ApiError('InvalidDiskCategory.ValueNotSupported', 400, 'The specified disk category is not supported.')),
  categoryUnchangeable: (from: string) =>
    diskError('categoryNotSupported', new ApiError('InvalidDiskCategory.ValueNotSupported', 400, `The category of a ${from} disk cannot be changed.`)),
  sizeForCategory: () =>
    diskError('sizeOutOfRange', new ApiError('InvalidDiskSize.NotSupported', 400, 'The size of the disk is outside the range of the specified category.')),
  levelNeedsEssd: () =>
    diskError('performanceLevel', new ApiError('InvalidPerformanceLevel.ValueNotSupported', 400, 'The performance level applies to cloud_essd disks only.')),
  levelTooSmall: (pl: string) =>
    diskError(
      'performanceLevel',
      new ApiError('InvalidPerformanceLevel.ValueNotSupported', 400, `The disk is too small for ${pl} (at least ${PL_MIN_GIB[pl]} GiB); resize it first.`),
    ),
  prepaidDowngrade: () =>
    diskError(
      'performanceLevel',
      new ApiError('InvalidPerformanceLevel.ValueNotSupported', 400, 'The performance level of a subscription disk can only be upgraded.'),
    ),
  toPl0: () =>
    diskError('performanceLevel', new ApiError('InvalidPerformanceLevel.ValueNotSupported', 400, 'The performance level cannot be downgraded to PL0.')),
};

export interface DiskSpecChange {
  category?: string;
  performanceLevel?: string;
}

export function modifyDiskSpec(disk: DiskRecord, change: DiskSpecChange, inst: InstanceRecord | undefined): DiskRecord {
  if (disk.status !== 'In_use' && disk.status !== 'Available') throw DiskErrors.incorrectStatus();
  if (inst) {
    requireInstanceOperable(inst);
    if (inst.subscriptionPhase === 'Expired' || inst.subscriptionPhase === 'ForcedStop') throw DiskErrors.instanceLocked(InstanceErrors.expiredOrInArrears());
    if (inst.status !== 'Running' && inst.status !== 'Stopped') throw DiskErrors.instanceStatus();
  }
  let category = disk.category;
  if (change.category !== undefined && change.category !== disk.category) {
    if (!(CHANGEABLE as readonly string[]).includes(change.category)) throw DiskSpecErrors.category();
    if (!CHANGEABLE.includes(disk.category)) throw DiskSpecErrors.categoryUnchangeable(disk.category);
    category = change.category as DiskCategory;
    const range = disk.type === 'system' ? SYSTEM_DISK_SIZE : DATA_DISK_SIZE[category];
    if (disk.sizeGiB < range.min || disk.sizeGiB > range.max) throw DiskSpecErrors.sizeForCategory();
  }
  let performanceLevel = category === 'cloud_essd' ? (disk.category === 'cloud_essd' ? (disk.performanceLevel ?? 'PL1') : 'PL1') : undefined;
  if (change.performanceLevel !== undefined) {
    if (category !== 'cloud_essd') throw DiskSpecErrors.levelNeedsEssd();
    if (rank(change.performanceLevel) < 0) throw DiskErrors.performanceLevel();
    performanceLevel = change.performanceLevel;
  } else if (change.category === undefined && category === 'cloud_essd') {
    // Neither given: the reference's default level, PL1.
    performanceLevel = 'PL1';
  }
  if (performanceLevel !== undefined) {
    if (disk.sizeGiB < (PL_MIN_GIB[performanceLevel] ?? 0)) throw DiskSpecErrors.levelTooSmall(performanceLevel);
    if (disk.category === 'cloud_essd') {
      const from = rank(disk.performanceLevel ?? 'PL1');
      const to = rank(performanceLevel);
      if (to < from && disk.chargeType === 'PrePaid') throw DiskSpecErrors.prepaidDowngrade();
      if (to < from && performanceLevel === 'PL0') throw DiskSpecErrors.toPl0();
    }
  }
  // Asking for what the disk already is changes nothing and succeeds (a retry of a change that landed).
  if (category === disk.category && performanceLevel === (disk.category === 'cloud_essd' ? (disk.performanceLevel ?? 'PL1') : disk.performanceLevel))
    return disk;
  return {
    ...disk,
    category,
    performanceLevel,
    billing: { ...disk.billing, pricePerGiBHourUsd: DISK_PRICE_PER_GIB_HOUR[category] },
  };
}
