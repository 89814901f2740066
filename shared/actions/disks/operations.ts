import { createHash } from 'node:crypto';
import { findZone } from '../../domain/catalogue/regions';
import {
  attach,
  checkDelete,
  DATA_DISK_SIZE,
  detach,
  DISK_PRICE_PER_GIB_HOUR,
  DiskErrors,
  isDiskCategory,
  MAX_DATA_DISKS_PER_INSTANCE,
  nextDataDevice,
  PERFORMANCE_LEVELS,
  requireInstanceOperable,
  resize,
  settleDisk,
  type DiskCategory,
  type DiskRecord,
  type ResizeType,
} from '../../domain/disk';
import { modifyDiskSpec as modifyDiskSpecRule } from '../../domain/disk-spec';
import { ApiError, Errors, isApiError } from '../../domain/errors';
import { InstanceErrors } from '../../domain/instance';
import { validateDescription, validateName } from '../../domain/names';
import { isAccomplished, SnapshotErrors, type SnapshotRecord } from '../../domain/snapshot';
import { validateTags, type TagInput } from '../../domain/tags';
import { checkVolumeModifiable, planVolumeModification } from '../../domain/volume-modification';
import { volumeSpecOf, type Ec2VolumeSpec } from '../../domain/volume-types';
import { config, lifecycle, storage } from '../../platform/config';
import { newResourceId } from '../../platform/ids';
import { loadDiskReleaseCascade, loadDisks, releaseDisk, saveDisk, takeCloudDiskQuota, takePostPaidDiskQuota } from '../../store/disks';
import { createDisk as storeDisk } from '../../store/instances';
import { Keys } from '../../store/keys';
import { findVisibleSnapshot } from '../../store/snapshots';
import type { Stored } from '../../store/state-store';
import { requireAccountInGoodStanding } from '../account-standing';
import { accountOf, type ActionContext } from '../action';
import { loadCurrent, requireRegion, save, type LoadedInstance } from '../instances/common';
import { orderIdFor } from '../instances/orders';
import { defineOperation } from '../operation';
import { attachedInstance, dataDisksOf, findLoadedDisk, loadDisk, markUsedByDisks, saveLoadedDisk, transitionSeconds, type LoadedDisk } from './common';

/**
 * The disk operations (docs/operations.md), shared by the ECS declarations of this folder (their
 * codecs) and the EC2 volume adapters (shared/protocol/ec2/actions/volumes.ts). Typed errors:
 * shared/domain/disk-errors.ts (`DiskErrors` in shared/domain/disk.ts). Where the two clouds differ
 * (EBS counts no disks, attaches to running instances, refuses a second modification while one
 * runs) the input says which rule applies: the operation never asks which dialect called it.
 * The reads (DescribeDisks and the EC2 views) are in ./queries.ts.
 */

export interface NewDisk {
  regionId: string;
  /** A pay-as-you-go disk in this zone… */
  zoneId?: string;
  /** …or a subscription disk attached to this subscription instance. */
  instanceId?: string;
  /** An ECS disk category name (default `cloud`). */
  category?: string;
  sizeGiB?: number;
  snapshotId?: string;
  name?: string;
  description?: string;
  encrypted?: boolean;
  performanceLevel?: string;
  /** Multi-attach asked for (it is not modelled: refused). */
  multiAttach?: boolean;
  tags: readonly TagInput[];
  /** ECS's disk counts (250 cloud disks, pay-as-you-go disks per region) hold: not for EBS volumes, which have no count (docs/ec2-dialect.md). */
  enforceDiskQuotas: boolean;
  /**
   * EC2 CreateVolume's ClientToken: a retry with the same token and input answers the disk of the
   * first call (https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-idempotency.html). ECS
   * CreateDisk's ClientToken is the action runner's, on its wire answer.
   */
  clientToken?: string;
  /** EC2 CreateVolume: the EBS type, IOPS and throughput the volume shows (shared/domain/volume-types.ts). */
  ec2Volume?: Ec2VolumeSpec;
}

interface CreateVolumeToken {
  paramsHash: string;
  diskId: string;
  regionId: string;
  expiresAt: number;
}

/**
 * CreateDisk (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-createdisk,
 * docs/rules/ecs-user-guide.md#disk-create): a pay-as-you-go data disk in a zone (Creating →
 * Available), or with `instanceId` a subscription disk attached to that subscription instance
 * (Creating → In_use). From a snapshot: an accomplished snapshot of the same region, the size at
 * least the snapshot's. The quotas are taken in the same unit of work.
 */
export const createDisk = defineOperation<NewDisk, { disk: DiskRecord; orderId: string }>({
  name: 'CreateDisk',
  run: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const token = input.clientToken !== undefined ? Keys.clientToken(accountId, 'CreateVolume', input.clientToken) : undefined;
    const paramsHash = createHash('sha256')
      .update(JSON.stringify({ ...input, clientToken: undefined }))
      .digest('hex');
    if (token) {
      const previous = await ctx.store.get<CreateVolumeToken>(token);
      if (previous && previous.paramsHash !== paramsHash) throw Errors.idempotentParameterMismatch();
      const disk = previous && (await findLoadedDisk(ctx, previous.regionId, previous.diskId));
      if (disk) return { disk: disk.current, orderId: '' };
    }
    await requireAccountInGoodStanding(ctx);
    const regionId = requireRegion(input.regionId);
    if (input.zoneId !== undefined && input.instanceId !== undefined) {
      throw Errors.invalid('InvalidParameter.Conflict', 'ZoneId and InstanceId cannot be specified together.');
    }
    if (input.zoneId === undefined && input.instanceId === undefined) throw Errors.missingParameter('ZoneId');
    if (input.zoneId !== undefined && !findZone(regionId, input.zoneId)) throw DiskErrors.zoneNotFound();
    const categoryName = input.category ?? 'cloud';
    if (!isDiskCategory(categoryName)) throw DiskErrors.categoryNotSupported();
    const category: DiskCategory = categoryName;
    if (input.performanceLevel !== undefined && (category !== 'cloud_essd' || !(PERFORMANCE_LEVELS as readonly string[]).includes(input.performanceLevel))) {
      throw DiskErrors.performanceLevel();
    }
    if (input.multiAttach) {
      throw Errors.forbidden('InvalidParameter.MultiAttach', 'The specified param MultiAttach is not valid. Multi-attach disks are not modelled.');
    }
    if (input.name !== undefined) validateName(input.name, 'DiskName', 'InvalidDiskName.Malformed');
    if (input.description !== undefined) validateDescription(input.description);
    const tags = validateTags(input.tags);
    if (input.sizeGiB === undefined && input.snapshotId === undefined) {
      throw Errors.invalid('MissingParameter', 'The input parameter either "SnapshotId" or "Size" should be specified.');
    }

    let snapshot: Stored<SnapshotRecord> | undefined;
    if (input.snapshotId !== undefined) {
      snapshot = await findVisibleSnapshot(ctx.store, accountId, regionId, input.snapshotId, ctx.now);
      if (!snapshot) throw SnapshotErrors.notFound();
      if (!isAccomplished(snapshot, ctx.now)) throw SnapshotErrors.notReady();
    }
    const size = input.sizeGiB ?? snapshot!.sourceDiskSizeGiB;
    const range = DATA_DISK_SIZE[category];
    if (size < range.min || size > range.max) throw DiskErrors.createSizeNotSupported();
    if (snapshot && size < snapshot.sourceDiskSizeGiB) throw DiskErrors.smallerThanSnapshot();

    const now = ctx.now.toISOString();
    const ready = new Date(ctx.now.getTime() + lifecycle.transitionSeconds * 1000).toISOString();
    const diskId = newResourceId('d', regionId);
    const base = {
      diskId,
      accountId,
      regionId,
      type: 'data' as const,
      category,
      sizeGiB: size,
      deleteWithInstance: false,
      deleteAutoSnapshot: true,
      enableAutoSnapshot: false,
      sourceSnapshotId: snapshot?.snapshotId,
      diskName: input.name ?? '',
      description: input.description ?? '',
      encrypted: input.encrypted ?? snapshot?.encrypted ?? false,
      performanceLevel: category === 'cloud_essd' ? (input.performanceLevel ?? 'PL1') : undefined,
      creationTime: now,
      tags,
      billing: { pricePerGiBHourUsd: DISK_PRICE_PER_GIB_HOUR[category], chargingSince: now },
      ...(input.ec2Volume ? { ec2Volume: input.ec2Volume } : {}),
    };

    let disk: DiskRecord;
    if (input.instanceId !== undefined) {
      // A subscription disk, attached to the subscription instance (ResourceGroupId, Tag, ClientToken ignored per the reference).
      const inst = await namedInstance(ctx, regionId, input.instanceId);
      requireInstanceOperable(inst.current);
      if (inst.current.chargeType !== 'PrePaid') {
        throw Errors.forbidden(
          'InvalidPayMethod',
          'The specified billing method is not valid. InstanceId creates a subscription disk for a subscription instance.',
        );
      }
      if (inst.current.status !== 'Running' && inst.current.status !== 'Stopped') throw DiskErrors.instanceStatus();
      const dataDisks = await dataDisksOf(ctx, inst);
      if (dataDisks.length >= MAX_DATA_DISKS_PER_INSTANCE) throw DiskErrors.instanceDiskLimit();
      const device = nextDataDevice(dataDisks.map((d) => d.device ?? ''));
      if (!device) throw DiskErrors.instanceDiskLimit();
      disk = {
        ...base,
        zoneId: inst.current.zoneId,
        chargeType: 'PrePaid',
        status: 'Creating',
        plan: [{ status: 'In_use', at: ready }],
        instanceId: inst.current.instanceId,
        device,
        attachedTime: ready,
      };
      await takeCloudDiskQuota(ctx.store, ctx.tx, accountId, 1, input.enforceDiskQuotas);
      save(ctx, inst, { ...inst.current, dataDiskIds: [...inst.current.dataDiskIds, diskId] });
    } else {
      disk = { ...base, zoneId: input.zoneId!, chargeType: 'PostPaid', portable: true, status: 'Creating', plan: [{ status: 'Available', at: ready }] };
      await takeCloudDiskQuota(ctx.store, ctx.tx, accountId, 1, input.enforceDiskQuotas);
      await takePostPaidDiskQuota(ctx.store, ctx.tx, accountId, regionId, 1, input.enforceDiskQuotas);
    }
    if (snapshot) markUsedByDisks(ctx, snapshot);
    storeDisk(ctx.tx, disk);
    if (token) {
      const record: CreateVolumeToken = { paramsHash, diskId, regionId, expiresAt: Math.floor(ctx.now.getTime() / 1000) + config.clientTokenTtlSeconds };
      ctx.tx.create(token, record);
    }
    return { disk, orderId: disk.chargeType === 'PrePaid' ? orderIdOf(ctx.requestId) : '' };
  },
});

/** A snapshot that disks were made from shows `Usage: disk` and needs Force to be deleted; it must still exist at commit. */
const orderIdOf = (requestId: string) => String(parseInt(requestId.replace(/[^0-9]/g, '').slice(0, 15) || '1', 10));

export interface DiskAttachment {
  diskId: string;
  instanceId: string;
  device?: string;
  deleteWithInstance?: boolean;
  /** ECS Bootable: attaching a system disk on its own is refused. */
  bootable?: boolean;
  /** The instance must be Stopped (ECS, per configuration) rather than Running or Stopped (EC2, https://docs.aws.amazon.com/ebs/latest/userguide/ebs-attaching-volume.html). */
  requireStopped: boolean;
  /** Device names of the EC2 form (`/dev/sdf`) are accepted besides ECS's `/dev/xvdb`–`/dev/xvdz`. */
  ec2DeviceNames: boolean;
}

/**
 * AttachDisk (rules: shared/domain/disk.ts `attach`). The disk and the instance record (its
 * `dataDiskIds`) change in one unit of work, each conditional on the version read, so two attaches
 * racing for one disk or for the last device of one instance cannot both succeed.
 */
export const attachDisk = defineOperation<DiskAttachment, DiskRecord>({
  name: 'AttachDisk',
  run: async (input, ctx) => {
    const disk = await loadDisk(ctx, undefined, input.diskId);
    const inst = await namedInstance(ctx, disk.current.regionId, input.instanceId);
    // The system disk cannot be detached (docs/rules/ecs-user-guide.md#disk-detach), so there is never a detached system disk to boot from.
    if (input.bootable) throw DiskErrors.notAttachable();
    const dataDisks = (await dataDisksOf(ctx, inst)).filter((d) => d.diskId !== disk.current.diskId);
    const next = attach(disk.current, inst.current, ctx.now, {
      requireStopped: input.requireStopped,
      ec2DeviceNames: input.ec2DeviceNames,
      usedDevices: dataDisks.map((d) => d.device).filter((d): d is string => Boolean(d)),
      device: input.device,
      deleteWithInstance: input.deleteWithInstance,
      transitionSeconds: transitionSeconds(),
    });
    saveLoadedDisk(ctx, disk, next);
    save(ctx, inst, { ...inst.current, dataDiskIds: [...inst.current.dataDiskIds.filter((id) => id !== next.diskId), next.diskId] });
    return next;
  },
});

/** DetachDisk (rules: shared/domain/disk.ts `detach`), the disk and the instance record in one unit of work. */
export const detachDisk = defineOperation<{ diskId: string; instanceId: string; deleteWithInstance?: boolean }, DiskRecord>({
  name: 'DetachDisk',
  run: async (input, ctx) => {
    const disk = await loadDisk(ctx, undefined, input.diskId);
    const inst = await namedInstance(ctx, disk.current.regionId, input.instanceId);
    const next = detach(disk.current, inst.current, ctx.now, { deleteWithInstance: input.deleteWithInstance, transitionSeconds: transitionSeconds() });
    saveLoadedDisk(ctx, disk, next);
    save(ctx, inst, { ...inst.current, dataDiskIds: inst.current.dataDiskIds.filter((id) => id !== next.diskId) });
    return next;
  },
});

/**
 * DeleteDisk (docs/rules/ecs-user-guide.md#disk-delete,
 * https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-deletedisk):
 * releases an Available data disk. Its automatic snapshots go with it when DeleteAutoSnapshot is
 * on; manual snapshots always stay. An unknown id deletes nothing (`deleted: false`): ECS ignores
 * it, as the reference documents.
 */
export const deleteDisk = defineOperation<{ diskId: string }, { deleted: boolean }>({
  name: 'DeleteDisk',
  run: async (input, ctx) => {
    const disk = await findLoadedDisk(ctx, undefined, input.diskId);
    if (!disk) return { deleted: false };
    checkDelete(disk.current, ctx.now);
    const cascade = await loadDiskReleaseCascade(ctx.store, [disk.current]);
    releaseDisk(ctx.tx, disk.stored, cascade);
    return { deleted: true };
  },
});

export interface DiskResize {
  diskId: string;
  newSizeGiB: number;
  type: ResizeType;
  /** EC2's rules between two modifications of a volume apply (shared/domain/volume-modification.ts `checkVolumeModifiable`). */
  volumeModificationRules: boolean;
}

/**
 * ResizeDisk (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-resizedisk):
 * grow a disk (never shrink) within its category's range; not while a snapshot of it is being
 * copied; `online` needs a Running instance. The change is recorded as the disk's latest
 * modification (EC2 DescribeVolumesModifications) in the same write.
 */
export const resizeDisk = defineOperation<DiskResize, { disk: DiskRecord; original: DiskRecord }>({
  name: 'ResizeDisk',
  run: async (input, ctx) => {
    const disk = await loadDisk(ctx, undefined, input.diskId);
    const inst = await attachedInstance(ctx, disk.current);
    if (input.volumeModificationRules) checkVolumeModifiable(disk.current.diskId, disk.current.modification, ctx.now);
    const resized = resize(disk.current, input.newSizeGiB, input.type, inst?.current, ctx.now);
    const modification = planVolumeModification(disk.current.sizeGiB, resized.sizeGiB, ctx.now, {
      transitionSeconds: lifecycle.transitionSeconds,
      snapshotSecondsPerGiB: storage.snapshotSecondsPerGiB,
    });
    const next = { ...resized, modification };
    saveLoadedDisk(ctx, disk, next);
    return { disk: next, original: disk.current };
  },
});

/**
 * ModifyDiskSpec: a disk's category or an ESSD's performance level (rules: shared/domain/disk-spec.ts).
 * Immediate in the sandbox; `orderId` for a subscription disk (its price difference is an order).
 */
export interface DiskSpecInput {
  diskId: string;
  category?: string;
  performanceLevel?: string;
  /** EC2 ModifyVolume: the EBS type, IOPS and throughput to keep (checked by volumeSpecFor, shared/domain/volume-types.ts). */
  ec2Volume?: Ec2VolumeSpec;
  /** EC2's rules between two modifications hold, and this change is one (DescribeVolumesModifications); off when a resize in the same unit already started it. */
  volumeModificationRules?: boolean;
}

export const modifyDiskSpec = defineOperation<DiskSpecInput, { disk: DiskRecord; orderId?: string }>({
  name: 'ModifyDiskSpec',
  run: async (input, ctx) => {
    await requireAccountInGoodStanding(ctx);
    const disk = await loadDisk(ctx, undefined, input.diskId);
    const inst = await attachedInstance(ctx, disk.current);
    if (input.volumeModificationRules) checkVolumeModifiable(disk.current.diskId, disk.current.modification, ctx.now);
    let next = modifyDiskSpecRule(disk.current, { category: input.category, performanceLevel: input.performanceLevel }, inst?.current);
    if (input.ec2Volume) next = withVolumeSpec(disk.current, next, input.ec2Volume, input.volumeModificationRules ? ctx.now : undefined);
    if (next !== disk.current) saveLoadedDisk(ctx, disk, next);
    return { disk: next, ...(disk.current.chargeType === 'PrePaid' ? { orderId: orderIdOf(ctx.requestId) } : {}) };
  },
});

/**
 * The disk with its new EBS spec, and the modification that records the type before and after:
 * a new one (`startAt`) or the resize's that started earlier in the same unit.
 */
function withVolumeSpec(before: DiskRecord, next: DiskRecord, spec: Ec2VolumeSpec, startAt: Date | undefined): DiskRecord {
  const changed: DiskRecord = { ...next, ec2Volume: spec };
  const modification = startAt
    ? planVolumeModification(before.sizeGiB, before.sizeGiB, startAt, {
        transitionSeconds: lifecycle.transitionSeconds,
        snapshotSecondsPerGiB: storage.snapshotSecondsPerGiB,
      })
    : before.modification;
  return modification ? { ...changed, modification: { ...modification, originalVolume: volumeSpecOf(before), targetVolume: volumeSpecOf(changed) } } : changed;
}

export interface DiskAttributeChange {
  regionId?: string;
  diskIds: readonly string[];
  name?: string;
  description?: string;
  deleteWithInstance?: boolean;
  deleteAutoSnapshot?: boolean;
  enableAutoSnapshot?: boolean;
  /** Accepted and not modelled (no disk bursts here); on its own it is still a change asked for. */
  burstingEnabled?: boolean;
  /** EC2's autoEnableIO volume attribute (ModifyVolumeAttribute): a stored flag, as no volume's I/O is ever suspended here. */
  autoEnableIO?: boolean;
}

/**
 * ModifyDiskAttribute (and EC2 ModifyVolumeAttribute): omitted fields stay unchanged; all disks
 * change or none. The system disk always goes with its instance (the ECS guide on releasing
 * instances, https://www.alibabacloud.com/help/en/ecs/user-guide/release-an-instance).
 */
export const modifyDiskAttribute = defineOperation<DiskAttributeChange, DiskRecord[]>({
  name: 'ModifyDiskAttribute',
  run: async (input, ctx) => {
    const ids = [...new Set(input.diskIds)];
    if (ids.length === 0) throw Errors.invalid('IncompleteParamter', 'Some fields can not be null in this request. Specify DiskId or DiskIds.N.');
    const changes: Partial<DiskRecord> = {};
    if (input.name !== undefined) {
      validateName(input.name, 'DiskName', 'InvalidDiskName.Malformed');
      changes.diskName = input.name;
    }
    if (input.description !== undefined) {
      validateDescription(input.description);
      changes.description = input.description;
    }
    if (input.deleteWithInstance !== undefined) changes.deleteWithInstance = input.deleteWithInstance;
    if (input.deleteAutoSnapshot !== undefined) changes.deleteAutoSnapshot = input.deleteAutoSnapshot;
    if (input.enableAutoSnapshot !== undefined) changes.enableAutoSnapshot = input.enableAutoSnapshot;
    if (input.autoEnableIO !== undefined) changes.autoEnableIO = input.autoEnableIO;
    if (Object.keys(changes).length === 0 && input.burstingEnabled === undefined) throw DiskErrors.noAttributeToModify();

    const loaded: LoadedDisk[] = [];
    for (const id of ids) {
      const disk = await findLoadedDisk(ctx, input.regionId, id);
      if (!disk) throw DiskErrors.notFound();
      if (disk.current.type === 'system' && changes.deleteWithInstance === false) throw DiskErrors.notPortable();
      loaded.push(disk);
    }
    return loaded.map((disk) => {
      ctx.tx.group();
      const next = { ...disk.current, ...changes };
      saveLoadedDisk(ctx, disk, next);
      return next;
    });
  },
});

/**
 * ModifyDiskChargeType (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-modifydiskchargetype):
 * the data disks attached to a subscription instance move between pay-as-you-go and subscription
 * (the system disk follows its instance: ModifyInstanceChargeType). Every disk must be a data disk
 * attached to that instance; all change or none.
 */
export const modifyDiskChargeType = defineOperation<
  { regionId: string; instanceId: string; diskIds: readonly string[]; chargeType: 'PrePaid' | 'PostPaid' },
  { orderId: string }
>({
  name: 'ModifyDiskChargeType',
  run: async (input, ctx) => {
    const regionId = requireRegion(input.regionId);
    if (input.diskIds.length === 0) throw Errors.missingParameter('DiskIds');
    const { current: inst } = await loadCurrent(ctx, regionId, input.instanceId);
    if (inst.chargeType !== 'PrePaid') {
      throw InstanceErrors.chargeTypeViolation(
        'The operation is not permitted due to charge type of the instance. Only the disks of a subscription instance change their billing method.',
      );
    }
    const ids = [...new Set(input.diskIds)];
    const disks = await loadDisks(ctx.store, inst.accountId, regionId, ids);
    if (disks.length !== ids.length) throw DiskErrors.notFound();
    for (const disk of disks) {
      if (disk.instanceId !== inst.instanceId)
        throw new ApiError('InvalidParameter.DiskNotBelongToInstance', 400, `The disk ${disk.diskId} is not attached to the instance.`);
      if (disk.type === 'system') throw Errors.invalidParameter('DiskIds', 'The system disk follows its instance (ModifyInstanceChargeType).');
    }
    for (const disk of disks) if (disk.chargeType !== input.chargeType) saveDisk(ctx.tx, disk, { ...disk, chargeType: input.chargeType });
    return { orderId: orderIdFor(ctx.requestId) };
  },
});

/** An instance a disk operation names, as it is now; unknown: the typed InvalidInstanceId.NotFound. */
async function namedInstance(ctx: ActionContext, regionId: string, instanceId: string): Promise<LoadedInstance> {
  try {
    return await loadCurrent(ctx, regionId, instanceId);
  } catch (e) {
    if (isApiError(e) && e.code === InstanceErrors.notFound().code) throw DiskErrors.instanceNotFound();
    throw e;
  }
}

/** A disk as it is at `now` (its due transitions applied). */
export const diskAt = (disk: DiskRecord, now: Date): DiskRecord => settleDisk(disk, now);
