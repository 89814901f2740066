import { z } from 'zod';
import { requireAccountInGoodStanding } from '../account-standing';
import { findZone } from '../../domain/catalogue/regions';
import {
  DATA_DISK_SIZE,
  DISK_PRICE_PER_GIB_HOUR,
  DiskErrors,
  isDiskCategory,
  MAX_DATA_DISKS_PER_INSTANCE,
  nextDataDevice,
  PERFORMANCE_LEVELS,
  requireInstanceOperable,
  type DiskCategory,
  type DiskRecord,
} from '../../domain/disk';
import { Errors } from '../../domain/errors';
import { InstanceErrors } from '../../domain/instance';
import { validateDescription, validateName } from '../../domain/names';
import { isAccomplished, SnapshotErrors, type SnapshotRecord } from '../../domain/snapshot';
import { validateTags } from '../../domain/tags';
import { lifecycle } from '../../platform/config';
import { newResourceId } from '../../platform/ids';
import { takeCloudDiskQuota, takePostPaidDiskQuota } from '../../store/disks';
import { createDisk as storeDisk } from '../../store/instances';
import { findVisibleSnapshot, saveSnapshot } from '../../store/snapshots';
import type { Stored } from '../../store/state-store';
import { accountOf, defineAction, type ActionContext } from '../action';
import { commonFields, p } from '../params';
import { loadCurrent, requireRegion, save } from '../instances/common';
import { dataDisksOf } from './common';

/**
 * CreateDisk (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-createdisk, docs/rules/ecs-user-guide.md#disk-create): a pay-as-you-go data disk
 * in a zone (Creating → Available), or with InstanceId a subscription disk
 * attached to that subscription instance (Creating → In_use). From a
 * snapshot: an accomplished snapshot of the same region, the size at least
 * the snapshot's. The cloud disk quota (250 per account) and, for
 * pay-as-you-go disks, the region's pay-as-you-go disk quota are taken in
 * the same transaction.
 */
export const createDisk = defineAction({
  name: 'CreateDisk',
  idempotent: true,
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    ZoneId: p.string().optional(),
    InstanceId: p.string().optional(),
    DiskCategory: p.string().optional(),
    Size: p.int().optional(),
    SnapshotId: p.string().optional(),
    DiskName: p.string().optional(),
    Description: p.string().optional(),
    Encrypted: p.bool().optional(),
    KMSKeyId: p.string().optional(),
    PerformanceLevel: p.string().optional(),
    MultiAttach: p.string().optional(),
    BurstingEnabled: p.bool().optional(),
    ProvisionedIops: p.int().optional(),
    ResourceGroupId: p.string().optional(),
    StorageSetId: p.string().optional(),
    StorageSetPartitionNumber: p.int().optional(),
    Tag: p.list(z.object({ Key: p.string().optional(), Value: p.string().optional() }), { max: 64 }).optional(),
    ClientToken: p.clientToken().optional(),
  }),
  handler: async (input, ctx) => {
    await requireAccountInGoodStanding(ctx);
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.RegionId);
    if (input.ZoneId !== undefined && input.InstanceId !== undefined) {
      throw Errors.invalid('InvalidParameter.Conflict', 'ZoneId and InstanceId cannot be specified together.');
    }
    if (input.ZoneId === undefined && input.InstanceId === undefined) throw Errors.missingParameter('ZoneId');
    if (input.ZoneId !== undefined && !findZone(regionId, input.ZoneId)) {
      throw Errors.notFound('InvalidZoneId.NotFound', 'The specified zone does not exist.');
    }
    const categoryName = input.DiskCategory ?? 'cloud';
    if (!isDiskCategory(categoryName)) throw DiskErrors.categoryNotSupported();
    const category: DiskCategory = categoryName;
    if (input.PerformanceLevel !== undefined && (category !== 'cloud_essd' || !(PERFORMANCE_LEVELS as readonly string[]).includes(input.PerformanceLevel))) {
      throw DiskErrors.performanceLevel();
    }
    if (input.MultiAttach !== undefined && input.MultiAttach !== 'Disabled') {
      throw Errors.forbidden('InvalidParameter.MultiAttach', 'The specified param MultiAttach is not valid. Multi-attach disks are not modelled.');
    }
    if (input.DiskName !== undefined) validateName(input.DiskName, 'DiskName', 'InvalidDiskName.Malformed');
    if (input.Description !== undefined) validateDescription(input.Description);
    const tags = validateTags(input.Tag?.map((t) => ({ key: t.Key, value: t.Value })));
    if (input.Size === undefined && input.SnapshotId === undefined) {
      throw Errors.invalid('MissingParameter', 'The input parameter either "SnapshotId" or "Size" should be specified.');
    }

    let snapshot: Stored<SnapshotRecord> | undefined;
    if (input.SnapshotId !== undefined) {
      snapshot = await findVisibleSnapshot(ctx.store, accountId, regionId, input.SnapshotId, ctx.now);
      if (!snapshot) throw SnapshotErrors.notFound();
      if (!isAccomplished(snapshot, ctx.now)) throw Errors.forbidden('InvalidSnapshotId.NotReady', 'The specified snapshot has not completed yet.');
    }
    const size = input.Size ?? snapshot!.sourceDiskSizeGiB;
    const range = DATA_DISK_SIZE[category];
    if (size < range.min || size > range.max) throw DiskErrors.createSizeNotSupported();
    if (snapshot && size < snapshot.sourceDiskSizeGiB) throw DiskErrors.smallerThanSnapshot();

    const now = ctx.now.toISOString();
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
      diskName: input.DiskName ?? '',
      description: input.Description ?? '',
      encrypted: input.Encrypted ?? (snapshot?.encrypted ?? false),
      performanceLevel: category === 'cloud_essd' ? (input.PerformanceLevel ?? 'PL1') : undefined,
      creationTime: now,
      tags,
      billing: { pricePerGiBHourUsd: DISK_PRICE_PER_GIB_HOUR[category], chargingSince: now },
    };

    let disk: DiskRecord;
    if (input.InstanceId !== undefined) {
      // A subscription disk, attached to the subscription instance (ResourceGroupId, Tag, ClientToken ignored per the reference).
      const inst = await loadCurrent(ctx, regionId, input.InstanceId);
      requireInstanceOperable(inst.current);
      if (inst.current.chargeType !== 'PrePaid') {
        throw Errors.forbidden('InvalidPayMethod', 'The specified billing method is not valid. InstanceId creates a subscription disk for a subscription instance.');
      }
      if (inst.current.status !== 'Running' && inst.current.status !== 'Stopped') throw InstanceErrors.incorrectStatus();
      const dataDisks = await dataDisksOf(ctx, inst);
      if (dataDisks.length >= MAX_DATA_DISKS_PER_INSTANCE) throw DiskErrors.instanceDiskLimit();
      const device = nextDataDevice(dataDisks.map((d) => d.device ?? ''));
      if (!device) throw DiskErrors.instanceDiskLimit();
      disk = {
        ...base,
        zoneId: inst.current.zoneId,
        chargeType: 'PrePaid',
        status: 'Creating',
        plan: [{ status: 'In_use', at: new Date(ctx.now.getTime() + lifecycle.transitionSeconds * 1000).toISOString() }],
        instanceId: inst.current.instanceId,
        device,
        attachedTime: new Date(ctx.now.getTime() + lifecycle.transitionSeconds * 1000).toISOString(),
      };
      await takeCloudDiskQuota(ctx.store, ctx.tx, accountId, 1);
      save(ctx, inst, { ...inst.current, dataDiskIds: [...inst.current.dataDiskIds, diskId] });
    } else {
      disk = {
        ...base,
        zoneId: input.ZoneId!,
        chargeType: 'PostPaid',
        portable: true,
        status: 'Creating',
        plan: [{ status: 'Available', at: new Date(ctx.now.getTime() + lifecycle.transitionSeconds * 1000).toISOString() }],
      };
      await takeCloudDiskQuota(ctx.store, ctx.tx, accountId, 1);
      await takePostPaidDiskQuota(ctx.store, ctx.tx, accountId, regionId, 1);
    }
    if (snapshot) markUsedByDisks(ctx, snapshot);
    storeDisk(ctx.tx, disk);
    return { DiskId: diskId, OrderId: disk.chargeType === 'PrePaid' ? orderId(ctx.requestId) : '' };
  },
});

/** A snapshot that disks were made from shows `Usage: disk` and needs Force to be deleted; it must still exist at commit. */
export function markUsedByDisks(ctx: ActionContext, snapshot: Stored<SnapshotRecord>): void {
  if (snapshot.usedByDisks) ctx.tx.requireUnchanged(snapshot);
  else saveSnapshot(ctx.tx, snapshot, { ...snapshot, usedByDisks: true });
}

const orderId = (requestId: string) => String(parseInt(requestId.replace(/[^0-9]/g, '').slice(0, 15) || '1', 10));
