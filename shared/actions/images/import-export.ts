import { z } from 'zod';
import { ApiError } from '../../domain/errors';
import {
  checkExport,
  checkOssLocation,
  exportFormatOf,
  exportSeconds,
  importSeconds,
  planImport,
  totalSizeGiB,
  validateImageDescription,
  validateImageName,
  validateOssPrefix,
  type ImageDiskDeviceMapping,
  type ImageRecord,
} from '../../domain/image';
import type { TaskRecord } from '../../domain/task';
import { validateTags } from '../../domain/tags';
import { lifecycle } from '../../platform/config';
import { newResourceId } from '../../platform/ids';
import { createImageItem, saveImage, takeCustomImageSlot } from '../../store/images';
import { createTaskItem } from '../../store/tasks';
import { accountOf, defineAction } from '../action';
import { tagsInput } from '../instances/common';
import { commonFields, p } from '../params';
import { createImageSnapshot, imageIdParam, imageSnapshotRecord, loadOwnImageNow, requireRegion, requireUnusedName } from './common';

/**
 * ImportImage and ExportImage (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-importimage; docs/rules/ecs-user-guide.md#image-import; the ECS image lifecycle FAQ (https://www.alibabacloud.com/help/en/ecs/user-guide/faq-about-image-lifecycle)): both are tasks with
 * a TaskId, Processing until their window on the sandbox clock has passed, then Finished (or
 * Failed), and cancellable meanwhile (CancelTask). The OSS side is not modelled: an object is
 * named by its bucket and key or its URL, and only the rules the control plane can check are
 * applied (same region, a public address, the format, the sizes).
 */
const importDisk = z.object({
  Device: p.string().optional(),
  DiskImSize: p.int().optional(),
  DiskImageSize: p.int().optional(),
  Format: p.string().optional(),
  OSSBucket: p.string().optional(),
  OSSObject: p.string().optional(),
});

export const importImage = defineAction({
  name: 'ImportImage',
  idempotent: true,
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    DiskDeviceMapping: p.list(importDisk, { max: 100 }).optional(),
    ImageName: p.string().optional(),
    Description: p.string().optional(),
    OSType: p.string().optional(),
    Architecture: p.string().optional(),
    Platform: p.string().optional(),
    BootMode: p.string().optional(),
    LicenseType: p.string().optional(),
    RoleName: p.string().optional(),
    ResourceGroupId: p.string().optional(),
    DetectionStrategy: p.string().optional(),
    StorageLocationArn: p.string().optional(),
    Features: z.object({ ImdsSupport: p.string().optional(), NvmeSupport: p.string().optional() }).optional(),
    Tag: tagsInput(),
    ClientToken: p.clientToken().optional(),
  }),
  handler: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.RegionId);
    if (input.ImageName !== undefined) validateImageName(input.ImageName, { forImport: true });
    if (input.Description !== undefined) validateImageDescription(input.Description);
    const tags = validateTags(input.Tag?.map((t) => ({ key: t.Key, value: t.Value })));
    const plan = planImport(
      {
        osType: input.OSType,
        architecture: input.Architecture,
        platform: input.Platform,
        bootMode: input.BootMode,
        licenseType: input.LicenseType,
        disks: (input.DiskDeviceMapping ?? []).map((d) => ({
          format: d.Format,
          ossBucket: d.OSSBucket,
          ossObject: d.OSSObject,
          sizeGiB: d.DiskImageSize ?? d.DiskImSize,
          device: d.Device,
        })),
      },
      regionId,
    );
    if (input.ImageName !== undefined) await requireUnusedName(ctx, accountId, regionId, input.ImageName);

    const imageId = newResourceId('m', regionId);
    const taskId = newResourceId('t', regionId);
    const now = ctx.now.toISOString();
    const totalGiB = plan.disks.reduce((s, d) => s + d.sizeGiB, 0);
    const completeAt = new Date(ctx.now.getTime() + importSeconds(totalGiB) * 1000).toISOString();
    const mappings: ImageDiskDeviceMapping[] = plan.disks.map((d) => {
      const mapping: ImageDiskDeviceMapping = {
        device: d.device,
        type: d.type,
        sizeGiB: d.sizeGiB,
        snapshotId: plan.failure ? null : newResourceId('s', regionId),
        format: d.format,
        importOssBucket: d.ossBucket,
        importOssObject: d.ossObject,
        encrypted: false,
      };
      if (mapping.snapshotId) {
        createImageSnapshot(
          ctx.tx,
          imageSnapshotRecord({
            snapshotId: mapping.snapshotId,
            accountId,
            regionId,
            imageId,
            mapping,
            creationTime: now,
            startAt: now,
            completeAt,
            description: `Imported for image ${imageId} by task ${taskId}`,
          }),
        );
      }
      return mapping;
    });
    const bits = plan.architecture === 'i386' ? '32' : '64';
    const image: ImageRecord = {
      imageId,
      regionId,
      ownerAccountId: accountId,
      source: 'custom',
      imageName: input.ImageName ?? imageId,
      description: input.Description ?? '',
      imageFamily: '',
      imageVersion: '',
      osType: plan.osType,
      platform: plan.platform,
      osName: `${plan.platform} ${bits}位`,
      osNameEn: `${plan.platform} ${bits} bit`,
      architecture: plan.architecture,
      sizeGiB: plan.disks[0]!.sizeGiB,
      status: 'Creating',
      progress: 0,
      creationTime: now,
      isSupportCloudinit: plan.osType === 'linux',
      isSupportIoOptimized: true,
      isCopied: false,
      bootMode: plan.bootMode,
      diskDeviceMappings: mappings,
      tags,
      sharedWith: [],
      isPublic: false,
      importTaskId: taskId,
      licenseType: plan.licenseType,
      resourceGroupId: input.ResourceGroupId,
      build: {
        kind: 'import',
        queuedAt: now,
        startAt: now,
        readyAt: completeAt,
        outcome: plan.failure ? 'CreateFailed' : 'Available',
        failure: plan.failure,
      },
    };
    const task: TaskRecord = {
      taskId,
      accountId,
      regionId,
      taskAction: 'ImportImage',
      resourceId: imageId,
      creationTime: now,
      startAt: now,
      completeAt,
      outcome: plan.failure ? 'Failed' : 'Finished',
      failure: plan.failure,
      status: 'Processing',
      relatedItems: plan.disks.flatMap((d) => [
        { name: 'OSSBucket', value: d.ossBucket },
        { name: 'OSSObject', value: d.ossObject },
        { name: 'ImageFormat', value: d.format },
      ]),
    };
    await takeCustomImageSlot(ctx.store, ctx.tx, accountId, regionId);
    createImageItem(ctx.tx, image);
    createTaskItem(ctx.tx, task);
    return { ImageId: imageId, TaskId: taskId, RegionId: regionId };
  },
});

/**
 * ExportImage: an Available custom image without data disks, not descending from a marketplace
 * image and not encrypted (docs/rules/ecs-user-guide.md#image-export) goes to an OSS bucket of its region as
 * `<OSSPrefix>_<ImageId>_<TaskId>.<format>` (raw by default, docs/rules/ecs-user-guide.md#image-export). One export of an
 * image at a time; the image cannot be deleted meanwhile (ImageIsExporting).
 */
export const exportImage = defineAction({
  name: 'ExportImage',
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    ImageId: imageIdParam(),
    OSSBucket: p.string({ min: 1, max: 256 }),
    OSSPrefix: p.string().optional(),
    ImageFormat: p.string().optional(),
    RoleName: p.string().optional(),
  }),
  handler: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const loaded = await loadOwnImageNow(ctx, input.RegionId, input.ImageId);
    const image = loaded.current;
    checkExport(image, ctx.now);
    const format = exportFormatOf(input.ImageFormat);
    if (input.OSSPrefix !== undefined) validateOssPrefix(input.OSSPrefix);
    checkOssLocation(input.OSSBucket, '', image.regionId);
    if (!/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(input.OSSBucket)) {
      throw new ApiError('InvalidOSSBucket.NotFound', 400, 'The specified OSS bucket does not exist in this region.');
    }
    const taskId = newResourceId('t', image.regionId);
    const now = ctx.now.toISOString();
    const completeAt = new Date(ctx.now.getTime() + exportSeconds(totalSizeGiB(image), lifecycle.transitionSeconds) * 1000).toISOString();
    const object = `${input.OSSPrefix ? `${input.OSSPrefix}_` : ''}${image.imageId}_${taskId}.${format}`;
    const task: TaskRecord = {
      taskId,
      accountId,
      regionId: image.regionId,
      taskAction: 'ExportImage',
      resourceId: image.imageId,
      creationTime: now,
      startAt: now,
      completeAt,
      outcome: 'Finished',
      status: 'Processing',
      relatedItems: [
        { name: 'OSSBucket', value: input.OSSBucket },
        { name: 'OSSObject', value: object },
        { name: 'ImageFormat', value: format },
      ],
    };
    createTaskItem(ctx.tx, task);
    saveImage(ctx.tx, loaded.stored, { ...image, exporting: { taskId, until: completeAt } });
    return { TaskId: taskId, RegionId: image.regionId };
  },
});
