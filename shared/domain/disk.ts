import { isoAfter } from '../platform/clock';
import { storage } from '../platform/config';
import { diskError } from './disk-errors';
import { ApiError, Errors } from './errors';
import { InstanceErrors, type InstanceRecord } from './instance';
import type { VolumeModificationRecord } from './volume-modification';

/**
 * Every rule about disks and nothing else: categories and sizes, device
 * names, the disk state machine (Creating, Available, Attaching, In_use,
 * Detaching, ReIniting) and the preconditions of attach, detach, roll back,
 * re-initialise, resize and delete. Pure functions over records.
 *
 * Time: like instances, a transitional state is a `plan` of future steps
 * stamped with sandbox-clock times; `settleDisk(disk, now)` applies the due
 * ones, so every reader sees the same state for the same instant and nothing
 * needs a sweep to move a disk on.
 */
export type DiskStatus = 'Creating' | 'Available' | 'Attaching' | 'In_use' | 'Detaching' | 'ReIniting';
export type DiskType = 'system' | 'data';
export type DiskCategory = 'cloud' | 'cloud_efficiency' | 'cloud_ssd' | 'cloud_essd' | 'cloud_auto' | 'cloud_essd_entry';

export interface DiskStep {
  status: DiskStatus;
  /** ISO time (ms) on the sandbox clock. */
  at: string;
}

/**
 * The disk's own list of its snapshots (the snapshot items hold the rest):
 * what the per-disk limit, the eviction rule, the overrun rule of automatic
 * snapshots and the full/incremental decision need, without a query.
 */
export interface SnapshotLedgerEntry {
  snapshotId: string;
  type: 'auto' | 'user';
  createdAt: string;
  /** When the copy starts (a manual snapshot waits for a running automatic one) and ends. */
  startAt: string;
  completeAt: string;
}

export interface DiskRecord {
  diskId: string;
  accountId: string;
  regionId: string;
  zoneId: string;
  type: DiskType;
  category: DiskCategory;
  sizeGiB: number;
  status: DiskStatus;
  /** Transitional steps still to come, oldest first (absent when the disk is in a stable state). */
  plan?: DiskStep[];
  instanceId?: string;
  device?: string;
  deleteWithInstance: boolean;
  deleteAutoSnapshot: boolean;
  enableAutoSnapshot: boolean;
  /** The automatic snapshot policy applied to the disk (one per disk) and since when. */
  autoSnapshotPolicyId?: string;
  autoSnapshotPolicyAppliedAt?: string;
  /** Image the disk was created from (system disks): re-initialising returns to it. */
  imageId?: string;
  sourceSnapshotId?: string;
  chargeType: 'PostPaid' | 'PrePaid';
  /** Bought on its own with CreateDisk (counted by the PostPaidDisks quota); unset for disks made with an instance. */
  portable?: boolean;
  diskName: string;
  description: string;
  encrypted: boolean;
  /** EC2 `autoEnableIO` (ModifyVolumeAttribute): a flag only, no volume's I/O is ever suspended here. */
  autoEnableIO?: boolean;
  performanceLevel?: string;
  creationTime: string;
  attachedTime?: string;
  detachedTime?: string;
  tags: { key: string; value: string }[];
  billing: { pricePerGiBHourUsd: number; chargingSince: string };
  snapshots?: SnapshotLedgerEntry[];
  /** Snapshots taken before this instant are no base for an incremental one (ReInitDisk wiped the data). */
  snapshotChainSince?: string;
  /** The last roll-back (ResetDisk) and re-initialisation (ReInitDisk), for the record. */
  lastRollback?: { snapshotId: string; at: string };
  lastReinitAt?: string;
  /** The most recent size change (ResizeDisk, EC2 ModifyVolume), for DescribeVolumesModifications. */
  modification?: VolumeModificationRecord;
  /** Sparse byDue index entry while a step is planned: the disk item is its own timer (diskTransitionIndex). */
  dueKind?: typeof DISK_TRANSITION_DUE_KIND;
  dueAt?: string;
}

/** The byDue kind under which a disk with a planned step waits for the storageTransitions job. */
export const DISK_TRANSITION_DUE_KIND = 'diskTransition';

/**
 * The byDue fields of a disk: its next planned step, so the step is persisted (and its
 * Disk.StateChanged event emitted) at its due time with nobody reading; none once settled.
 */
export function diskTransitionIndex(d: Pick<DiskRecord, 'diskId' | 'plan'>): Pick<DiskRecord, 'dueKind' | 'dueAt'> {
  const next = d.plan?.[0];
  return next ? { dueKind: DISK_TRANSITION_DUE_KIND, dueAt: `${next.at}#${d.diskId}` } : { dueKind: undefined, dueAt: undefined };
}

/**
 * Size ranges per category. Basic 5–2,000 GiB (docs/rules/ecs-user-guide.md#quotas); Ultra and SSD 20–2,048 GiB (guide
 * L147-148; the current cloud allows 32,768: SANDBOX_ULTRA_SSD_DISK_MAX_GIB); ESSD and the newer
 * categories follow the current reference. System disks: 20–500 GiB.
 */
const ULTRA_SSD_MAX = storage.ultraSsdDiskMaxGiB;
export const DATA_DISK_SIZE: Record<DiskCategory, { min: number; max: number }> = {
  cloud: { min: 5, max: 2000 },
  cloud_efficiency: { min: 20, max: ULTRA_SSD_MAX },
  cloud_ssd: { min: 20, max: ULTRA_SSD_MAX },
  cloud_essd: { min: 20, max: 32_768 },
  cloud_auto: { min: 1, max: 65_536 },
  cloud_essd_entry: { min: 10, max: 32_768 },
};
export const SYSTEM_DISK_SIZE = { min: 20, max: 500 };
export const DISK_CATEGORIES = Object.keys(DATA_DISK_SIZE) as DiskCategory[];
export const PERFORMANCE_LEVELS = ['PL0', 'PL1', 'PL2', 'PL3'] as const;

/** List prices per GiB-hour (sandbox figures, used by the billing ledger). */
export const DISK_PRICE_PER_GIB_HOUR: Record<DiskCategory, number> = {
  cloud: 0.00004,
  cloud_efficiency: 0.00006,
  cloud_ssd: 0.00014,
  cloud_essd: 0.00021,
  cloud_auto: 0.00015,
  cloud_essd_entry: 0.0001,
};

/** Device names: system `/dev/xvda`, data `/dev/xvdb` … `/dev/xvdz` (docs/rules/ecs-user-guide.md#quotas). */
export const SYSTEM_DEVICE = '/dev/xvda';
export const MAX_DATA_DISKS_PER_INSTANCE = 16;
const DATA_DEVICE = /^\/dev\/xvd[b-z]$/;
/**
 * The EC2 dialect also takes EC2's EBS names, `/dev/sdb` … `/dev/sdz`, and keeps the name given
 * (https://docs.aws.amazon.com/ebs/latest/userguide/device_naming.html); `/dev/sdf` and `/dev/xvdf`
 * are the same slot.
 */
const EC2_DATA_DEVICE = /^\/dev\/sd[b-z]$/;
const slotOf = (device: string): string => device.replace(/^\/dev\/(?:xvd|sd)([b-z])$/, '$1');

export function nextDataDevice(used: readonly string[]): string | undefined {
  const slots = used.map(slotOf);
  for (let c = 'b'.charCodeAt(0); c <= 'z'.charCodeAt(0); c++) {
    const device = `/dev/xvd${String.fromCharCode(c)}`;
    if (!slots.includes(slotOf(device))) return device;
  }
  return undefined;
}

export const DiskErrors = {
  categoryNotSupported: () =>
    diskError('categoryNotSupported', new ApiError('InvalidDiskCategory.ValueNotSupported', 400, 'The specified parameter "DiskCategory" is not valid.')),
  sizeNotSupported: (name: string) =>
    diskError('sizeOutOfRange', new ApiError('InvalidDiskSize.ValueNotSupported', 400, `The specified parameter "${name}" is beyond the permitted range.`)),
  tooManyDataDisks: () =>
    diskError('instanceDiskLimit', new ApiError('InvalidDataDiskSize.ValueNotSupported', 400, 'An instance can have at most 16 data disks.')),
  systemDiskTooSmall: (imageSize: number) =>
    diskError(
      'sizeOutOfRange',
      new ApiError('InvalidSystemDiskSize.LessThanImageSize', 400, `The specified parameter SystemDisk.Size is less than the image size (${imageSize} GiB).`),
    ),
  notFound: () => diskError('notFound', Errors.notFound('InvalidDiskId.NotFound', 'The specified disk does not exist.')),
  incorrectStatus: (detail?: string) =>
    diskError(
      'incorrectStatus',
      new ApiError('IncorrectDiskStatus', 403, `The current disk status does not support this operation.${detail ? ` ${detail}` : ''}`),
    ),
  systemDisk: () => diskError('systemDisk', new ApiError('DiskTypeViolation', 403, 'The specified disk is a system disk and cannot support the operation.')),
  notAttachedTo: () =>
    diskError('notAttachedTo', new ApiError('DependencyViolation', 403, 'The specified disk has not been attached on the specified instance.')),
  notAttachable: () =>
    diskError(
      'systemDisk',
      new ApiError(
        'DiskId.ValueNotSupported',
        403,
        "The specified parameter diskid is not supported. A disk that serves as an instance's system disk cannot be attached on its own.",
      ),
    ),
  notSameZone: () => diskError('notSameZone', new ApiError('ResourcesNotInSameZone', 403, 'The specified instance and disk are not in the same zone.')),
  instanceDiskLimit: () =>
    diskError(
      'instanceDiskLimit',
      new ApiError(
        'InstanceDiskLimitExceeded',
        403,
        `The amount of the disk on instance in question reach its limits. An instance has at most ${MAX_DATA_DISKS_PER_INSTANCE} data disks.`,
      ),
    ),
  deviceMalformed: () =>
    diskError('deviceMalformed', new ApiError('InvalidDevice.Malformed', 400, 'The specified device is not valid. Data disks use /dev/xvdb to /dev/xvdz.')),
  deviceInUse: () => diskError('deviceInUse', new ApiError('InvalidDevice.InUse', 403, 'The specified device has been occupied.')),
  creatingSnapshot: () =>
    diskError(
      'snapshotRunning',
      new ApiError('DiskCreatingSnapshot', 403, 'The operation is denied due to a snapshot of the specified disk is not completed yet.'),
    ),
  stillAttached: () => diskError('stillAttached', new ApiError('DiskStillAttached', 403, 'The disk is still attached to the disk.')),
  notPortable: () => diskError('notPortable', new ApiError('DiskNotPortable', 403, 'The specified disk is not a portable disk.')),
  attachInstanceStatus: () =>
    diskError(
      'instanceStatus',
      new ApiError(
        'IncorrectInstanceStatus',
        400,
        storage.attachRequiresStopped
          ? 'The current status of the resource does not support this operation. The instance must be Stopped to attach a disk.'
          : 'The current status of the resource does not support this operation. The instance must be Running or Stopped to attach a disk.',
      ),
    ),
  createSizeNotSupported: () => diskError('sizeOutOfRange', new ApiError('InvalidDiskSize.NotSupported', 400, 'The specified parameter size is not valid.')),
  smallerThanSnapshot: () =>
    diskError('smallerThanSnapshot', new ApiError('InvalidDiskSize.TooSmall', 403, 'Specified disk size is less than the size of snapshot.')),
  performanceLevel: () =>
    diskError('performanceLevel', new ApiError('InvalidPerformanceLevel.Malformed', 400, 'The specified parameter "PerformanceLevel" is not valid.')),
  resizeNotLarger: () => diskError('notLarger', new ApiError('InvalidDiskSize', 403, 'Specified new disk size is less than or equal the original disk size.')),
  resizeTooLarge: () => diskError('sizeOutOfRange', new ApiError('InvalidDiskSize.TooLarge', 403, 'Specified new disk size is beyond the permitted range.')),
  resizeType: () => diskError('resizeType', new ApiError('InvalidParam.Type', 400, 'The specified type is not supported.')),
  resizeOnlineNotRunning: () =>
    diskError(
      'instanceStatus',
      new ApiError('InvalidInstanceStatus.NotRunning', 403, 'The status of instance to which the disk attachs must be running when resizing online.'),
    ),
  imageGone: () => diskError('imageGone', Errors.notFound('InvalidDiskId.OperationNotSupported', 'The operation is not supported due to image not exist.')),
  sourceSnapshotGone: () =>
    diskError('sourceSnapshotGone', new ApiError('InvalidSourceSnapshot', 403, 'The snapshot which is used to create the specified disk has been deleted.')),
  operationConflict: () =>
    diskError('snapshotRunning', new ApiError('Operation.Conflict', 403, 'The operation may conflicts with others. A snapshot of the disk is being created.')),
  noAttributeToModify: () => diskError('noAttributeToModify', new ApiError('NoAttributeToModify', 400, 'No attribute to be modified in this request.')),
  zoneNotFound: () => diskError('zoneNotFound', Errors.notFound('InvalidZoneId.NotFound', 'The specified zone does not exist.')),
  /** The instance a disk operation names (InstanceErrors' code and message). */
  instanceNotFound: () => diskError('instanceNotFound', InstanceErrors.notFound()),
  instanceStatus: (detail?: string) => diskError('instanceStatus', InstanceErrors.incorrectStatus(detail)),
  instanceLocked: (ecs: ApiError) => diskError('instanceLocked', ecs),
};

export function validateDataDiskSize(category: DiskCategory, size: number, name: string): void {
  const range = DATA_DISK_SIZE[category];
  if (!Number.isInteger(size) || size < range.min || size > range.max) throw DiskErrors.sizeNotSupported(name);
}

export function isDiskCategory(value: string): value is DiskCategory {
  return (DISK_CATEGORIES as string[]).includes(value);
}

// ---------------------------------------------------------------- time

/** Apply every planned step that is due at `now`. Never mutates. */
export function settleDisk(input: DiskRecord, now: Date): DiskRecord {
  if (!input.plan || input.plan.length === 0) return input;
  const disk: DiskRecord = { ...input, plan: [...input.plan] };
  const nowMs = now.getTime();
  while (disk.plan!.length > 0 && Date.parse(disk.plan![0]!.at) <= nowMs) {
    const step = disk.plan!.shift()!;
    const from = disk.status;
    disk.status = step.status;
    if (step.status === 'In_use' && from === 'Attaching') disk.attachedTime = step.at;
    if (step.status === 'Available') {
      if (from === 'Detaching') disk.detachedTime = step.at;
      disk.instanceId = undefined;
      disk.device = undefined;
    }
  }
  if (disk.plan!.length === 0) disk.plan = undefined;
  return disk;
}

/** Whether one of the disk's snapshots is still being copied at `now`. */
export function snapshotRunning(disk: DiskRecord, now: Date): boolean {
  return (disk.snapshots ?? []).some((s) => Date.parse(s.completeAt) > now.getTime());
}

/** A disk that was attached at least once (CreateSnapshot refuses a never-attached one). */
export const everAttached = (disk: DiskRecord): boolean => disk.attachedTime !== undefined;

// ---------------------------------------------------------------- preconditions on the instance

/** Security and overdue locks, and a running image creation, refuse every disk operation on the instance (docs/rules/ecs-user-guide.md#disk-attach). */
export function requireInstanceOperable(inst: InstanceRecord): void {
  if (inst.locks.some((l) => l.reason === 'security')) throw DiskErrors.instanceLocked(InstanceErrors.lockedForSecurity());
  if (inst.locks.some((l) => l.reason === 'financial')) throw DiskErrors.instanceLocked(InstanceErrors.expiredOrInArrears());
  if (inst.imageCreationInProgress) throw diskError('instanceStatus', InstanceErrors.imageCreating());
}

const runningOrStopped = (inst: InstanceRecord) => inst.status === 'Running' || inst.status === 'Stopped';

// ---------------------------------------------------------------- attach / detach

export interface AttachOptions {
  /** Instance must be Stopped (docs/rules/ecs-user-guide.md#disk-attach) rather than Running or Stopped (current cloud). */
  requireStopped: boolean;
  /** EC2 device names (`/dev/sdf`, `xvdf`) are accepted too (the EC2 dialect). */
  ec2DeviceNames?: boolean;
  /** Devices of the instance's data disks (attached or attaching). */
  usedDevices: string[];
  device?: string;
  deleteWithInstance?: boolean;
  transitionSeconds: number;
}

/**
 * AttachDisk (docs/rules/ecs-user-guide.md#disk-attach, https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-attachdisk): the disk must be a
 * data disk, Available, in the instance's zone; the instance must not be
 * locked or overdue, must be Stopped (or Running, per configuration), and
 * may hold at most 16 data disks. The disk goes Attaching → In_use.
 */
export function attach(disk: DiskRecord, inst: InstanceRecord, now: Date, opts: AttachOptions): DiskRecord {
  requireInstanceOperable(inst);
  if (disk.type === 'system') throw DiskErrors.notAttachable();
  if (disk.status !== 'Available') {
    throw DiskErrors.incorrectStatus(disk.instanceId ? 'A disk can be attached to one instance at a time.' : undefined);
  }
  if (disk.zoneId !== inst.zoneId) throw DiskErrors.notSameZone();
  const statusOk = opts.requireStopped ? inst.status === 'Stopped' : runningOrStopped(inst);
  if (!statusOk) throw DiskErrors.attachInstanceStatus();
  if (opts.usedDevices.length >= MAX_DATA_DISKS_PER_INSTANCE) throw DiskErrors.instanceDiskLimit();
  let device = opts.device;
  if (device !== undefined) {
    if (!DATA_DEVICE.test(device) && !(opts.ec2DeviceNames && EC2_DATA_DEVICE.test(device))) throw DiskErrors.deviceMalformed();
    if (opts.usedDevices.map(slotOf).includes(slotOf(device))) throw DiskErrors.deviceInUse();
  } else {
    device = nextDataDevice(opts.usedDevices);
    if (!device) throw DiskErrors.instanceDiskLimit();
  }
  return {
    ...disk,
    status: 'Attaching',
    plan: [{ status: 'In_use', at: isoAfter(now, opts.transitionSeconds) }],
    instanceId: inst.instanceId,
    device,
    deleteWithInstance: opts.deleteWithInstance ?? disk.deleteWithInstance,
  };
}

/**
 * DetachDisk: only In_use data disks (docs/rules/ecs-user-guide.md#disk-detach); the system disk
 * cannot be detached; the instance must be Running or Stopped (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-overview
 * DetachDisk) and not locked. Detaching → Available.
 */
export function detach(disk: DiskRecord, inst: InstanceRecord, now: Date, opts: { deleteWithInstance?: boolean; transitionSeconds: number }): DiskRecord {
  if (disk.type === 'system') throw DiskErrors.systemDisk();
  if (disk.status !== 'In_use') throw DiskErrors.incorrectStatus('Only an In_use disk can be detached.');
  if (disk.instanceId !== inst.instanceId) throw DiskErrors.notAttachedTo();
  requireInstanceOperable(inst);
  if (!runningOrStopped(inst)) throw DiskErrors.instanceStatus('The instance must be Running or Stopped to detach a disk.');
  return {
    ...disk,
    status: 'Detaching',
    plan: [{ status: 'Available', at: isoAfter(now, opts.transitionSeconds) }],
    deleteWithInstance: opts.deleteWithInstance ?? disk.deleteWithInstance,
  };
}

/** A data disk kept when its instance is released (the ECS guide on releasing instances (https://www.alibabacloud.com/help/en/ecs/user-guide/release-an-instance)): Available, pay-as-you-go, nothing pending. */
export function keptAfterInstanceRelease(disk: DiskRecord, at: Date): DiskRecord {
  return {
    ...disk,
    status: 'Available',
    plan: undefined,
    instanceId: undefined,
    device: undefined,
    chargeType: 'PostPaid',
    detachedTime: at.toISOString(),
  };
}

// ---------------------------------------------------------------- roll back, re-initialise, resize, delete

/**
 * The instance a disk is attached to must be Stopped for a roll-back, a
 * re-initialisation or a system disk replacement (docs/rules/ecs-user-guide.md#replace-system-disk,
 * L1872), and must not be locked or overdue.
 */
export function requireStoppedInstance(inst: InstanceRecord): void {
  requireInstanceOperable(inst);
  if (inst.status !== 'Stopped') throw DiskErrors.instanceStatus('The instance must be Stopped.');
}

/**
 * ResetDisk (docs/rules/ecs-user-guide.md#disk-rollback, https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-resetdisk): roll the disk back to
 * one of its own accomplished snapshots. The disk is In_use or Available; an
 * attached instance must be Stopped (checked by the caller with the instance).
 */
export function rollBack(disk: DiskRecord, snapshotId: string, now: Date): DiskRecord {
  if (disk.status !== 'In_use' && disk.status !== 'Available') throw DiskErrors.incorrectStatus();
  if (snapshotRunning(disk, now)) throw DiskErrors.operationConflict();
  return { ...disk, lastRollback: { snapshotId, at: now.toISOString() } };
}

/**
 * ReInitDisk (docs/rules/ecs-user-guide.md#disk-reinit, https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-reinitdisk): back to the state at
 * creation (the image, the source snapshot, or empty). In_use disks only, the
 * instance Stopped and started at least once; automatic snapshots are kept
 * (docs/rules/ecs-user-guide.md#disk-reinit), the next snapshot is a full one. ReIniting → In_use.
 */
export function reinitialize(disk: DiskRecord, inst: InstanceRecord, now: Date, transitionSeconds: number): DiskRecord {
  if (disk.status !== 'In_use' || disk.instanceId !== inst.instanceId)
    throw DiskErrors.incorrectStatus('Only an attached (In_use) disk can be re-initialized.');
  requireStoppedInstance(inst);
  if (!inst.startTime) throw DiskErrors.instanceStatus('The instance has never been started.');
  if (snapshotRunning(disk, now)) throw DiskErrors.creatingSnapshot();
  const at = now.toISOString();
  return {
    ...disk,
    status: 'ReIniting',
    plan: [{ status: 'In_use', at: isoAfter(now, transitionSeconds) }],
    snapshotChainSince: at,
    lastReinitAt: at,
  };
}

export type ResizeType = 'offline' | 'online';

/**
 * ResizeDisk: grow only, within the category's range (system disks 500 GiB);
 * the disk In_use or Available and no snapshot running; `online` needs a
 * Running instance.
 */
export function resize(disk: DiskRecord, newSize: number, type: ResizeType, inst: InstanceRecord | undefined, now: Date): DiskRecord {
  if (disk.status !== 'In_use' && disk.status !== 'Available') throw DiskErrors.incorrectStatus();
  if (inst) {
    requireInstanceOperable(inst);
    if (type === 'online' && inst.status !== 'Running') throw DiskErrors.resizeOnlineNotRunning();
    if (type === 'offline' && !runningOrStopped(inst)) throw DiskErrors.instanceStatus();
  } else if (type === 'online') {
    throw DiskErrors.incorrectStatus('The current status of the resource does not support resize online');
  }
  if (snapshotRunning(disk, now)) throw DiskErrors.creatingSnapshot();
  if (!Number.isInteger(newSize) || newSize <= disk.sizeGiB) throw DiskErrors.resizeNotLarger();
  const max = disk.type === 'system' ? SYSTEM_DISK_SIZE.max : DATA_DISK_SIZE[disk.category].max;
  if (newSize > max) throw DiskErrors.resizeTooLarge();
  return { ...disk, sizeGiB: newSize };
}

/**
 * DeleteDisk (docs/rules/ecs-user-guide.md#disk-delete): a data disk that is Available (detach it
 * first), with no snapshot being copied. Snapshots are the caller's cascade.
 */
export function checkDelete(disk: DiskRecord, now: Date): void {
  if (disk.type === 'system') throw DiskErrors.systemDisk();
  if (disk.status === 'In_use') throw DiskErrors.stillAttached();
  if (disk.status !== 'Available') throw DiskErrors.incorrectStatus('Only an Available disk can be released; detach it first.');
  if (snapshotRunning(disk, now)) throw DiskErrors.creatingSnapshot();
}

/** Whether an automatic snapshot policy acts on the disk: never on an unused basic disk (docs/rules/ecs-user-guide.md#auto-snapshot-policy). */
export function autoSnapshotEligible(disk: DiskRecord): boolean {
  if (disk.status === 'In_use') return true;
  if (disk.status !== 'Available' || !everAttached(disk)) return false;
  return disk.category !== 'cloud';
}
