import { findInstanceType } from '../../domain/catalogue/instance-types';
import { findRegion } from '../../domain/catalogue/regions';
import {
  DISK_PRICE_PER_GIB_HOUR,
  DiskErrors,
  requireStoppedInstance,
  snapshotRunning,
  SYSTEM_DEVICE,
  SYSTEM_DISK_SIZE,
  type DiskRecord,
} from '../../domain/disk';
import { ApiError, Errors } from '../../domain/errors';
import { imageIncompatibilityWith } from '../../domain/image';
import { validatePassword } from '../../domain/names';
import { newResourceId } from '../../platform/ids';
import { loadDiskReleaseCascade, releaseDisk, takeCloudDiskQuota } from '../../store/disks';
import { moveImageUse } from '../../store/image-usage';
import { findImageForLaunch } from '../../store/images';
import { createDisk } from '../../store/instances';
import { accountOf } from '../action';
import { loadCurrent, save } from '../instances/common';
import { defineOperation } from '../operation';
import { findLoadedDisk } from './common';

/**
 * ReplaceSystemDisk (docs/rules/ecs-user-guide.md#replace-system-disk, https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-replacesystemdisk): a new system disk
 * from another image, with a new disk id, on a Stopped instance that keeps
 * its IP. The old disk is released with what goes with it: its automatic
 * snapshots when DeleteAutoSnapshot is on (the default), never its manual
 * ones, which can no longer roll back the new disk (another disk id). The
 * new disk has no automatic snapshot policy until one is applied again.
 * ECS codec: ./replace-system-disk.ts.
 */
export interface SystemDiskReplacement {
  instanceId: string;
  imageId: string;
  /** The new disk's size (default: the largest of 40 GiB, the image and the old disk). */
  sizeGiB?: number;
  password?: string;
  passwordInherit?: boolean;
  keyPairName?: string;
  encrypted?: boolean;
}

const systemDiskSizeError = (code: string, message: string, status = 404) => new ApiError(code, status, message);

export const replaceSystemDisk = defineOperation<SystemDiskReplacement, DiskRecord>({
  name: 'ReplaceSystemDisk',
  run: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const inst = await loadCurrent(ctx, undefined, input.instanceId);
    const current = inst.current;
    if (current.status === 'Pending') throw Errors.forbidden('OperationDenied.InstanceCreating', 'The specified instance is creating.');
    requireStoppedInstance(current);

    const image = await findImageForLaunch(ctx.store, accountId, current.regionId, input.imageId);
    if (!image) throw Errors.notFound('InvalidImageId.NotFound', 'The specified ImageId does not exist.');
    // A custom image with data disk snapshots cannot replace a system disk (docs/rules/ecs-user-guide.md#image-from-instance).
    if (image.diskDeviceMappings.some((m) => m.type === 'data' && m.snapshotId)) {
      throw Errors.invalid('OperationDenied', 'The specified image contains the snapshot of the data disk,does not support this operation.');
    }
    const type = findInstanceType(current.instanceType);
    if (type && imageIncompatibilityWith(image, type)) {
      throw Errors.invalid('InvalidParameter.Conflict', 'The specified image does not support the specified instance type.');
    }
    // Outside mainland China the OS family cannot switch between Linux and Windows (docs/rules/ecs-user-guide.md#replace-system-disk).
    if (image.osType !== current.osType && !findRegion(current.regionId)?.isMainlandChina) {
      throw Errors.forbidden(
        'OperationDenied.ImageNotValid',
        'The specified image cannot replace the system disk: outside mainland China an instance cannot switch between Linux and Windows.',
      );
    }
    if (input.password !== undefined) {
      if (input.passwordInherit) throw Errors.invalid('InvalidPasswordParam.Mismatch', 'The input password should be null when passwdInherit is true.');
      validatePassword(input.password, image.osType);
    }

    const old = await findLoadedDisk(ctx, current.regionId, current.systemDiskId);
    if (!old) throw Errors.invalid('InvalidInstance.NotFoundSystemDisk', 'The specified instance has no system disk.');
    if (snapshotRunning(old.current, ctx.now)) throw DiskErrors.creatingSnapshot();

    const size = input.sizeGiB ?? Math.max(40, image.sizeGiB, old.current.sizeGiB);
    if (size < SYSTEM_DISK_SIZE.min)
      throw systemDiskSizeError('InvalidSystemDiskSize.LessThanMinSize', `The specified SystemDisk.Size is less than ${SYSTEM_DISK_SIZE.min} GiB.`);
    if (size > SYSTEM_DISK_SIZE.max)
      throw systemDiskSizeError('InvalidSystemDiskSize.MoreThanMaxSize', `The specified SystemDisk.Size is more than ${SYSTEM_DISK_SIZE.max} GiB.`);
    if (size < image.sizeGiB) {
      throw systemDiskSizeError(
        'InvalidSystemDiskSize.LessThanImageSize',
        `The specified parameter SystemDisk.Size is less than the image size (${image.sizeGiB} GiB).`,
      );
    }
    if (size < old.current.sizeGiB) {
      throw systemDiskSizeError(
        'InvalidSystemDiskSize.ValueNotSupported',
        `The specified SystemDisk.Size cannot be smaller than the current system disk (${old.current.sizeGiB} GiB).`,
        400,
      );
    }

    const now = ctx.now.toISOString();
    const disk: DiskRecord = {
      diskId: newResourceId('d', current.regionId),
      accountId,
      regionId: current.regionId,
      zoneId: current.zoneId,
      type: 'system',
      // Neither the category nor the billing method changes (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-replacesystemdisk).
      category: old.current.category,
      sizeGiB: size,
      status: 'In_use',
      instanceId: current.instanceId,
      device: SYSTEM_DEVICE,
      deleteWithInstance: true,
      deleteAutoSnapshot: true,
      enableAutoSnapshot: false,
      imageId: image.imageId,
      chargeType: old.current.chargeType,
      diskName: '',
      description: '',
      encrypted: input.encrypted ?? false,
      performanceLevel: old.current.performanceLevel,
      creationTime: now,
      attachedTime: now,
      tags: [],
      billing: { pricePerGiBHourUsd: DISK_PRICE_PER_GIB_HOUR[old.current.category], chargingSince: now },
    };
    const cascade = await loadDiskReleaseCascade(ctx.store, [old.current]);
    releaseDisk(ctx.tx, old.stored, cascade);
    await takeCloudDiskQuota(ctx.store, ctx.tx, accountId, 1);
    createDisk(ctx.tx, disk);
    moveImageUse(ctx.tx, accountId, current.regionId, current.imageId, image.imageId);
    save(ctx, inst, {
      ...current,
      systemDiskId: disk.diskId,
      imageId: image.imageId,
      osType: image.osType,
      osName: image.osName,
      osNameEn: image.osNameEn,
      keyPairName: input.keyPairName ?? current.keyPairName,
    });
    return disk;
  },
});
