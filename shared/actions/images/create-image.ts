import { z } from 'zod';
import type { ImageArchitecture, ImageBootMode } from '../../domain/image';
import { defineAction } from '../action';
import { tagsInput } from '../instances/common';
import { commonFields, p } from '../params';
import { createImage as createImageOperation, type NewImageSource } from './create-operation';

/**
 * The ECS codec of the createImage operation (./create-operation.ts, where the rules are):
 * CreateImage (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-createimage).
 * Sources in the documented order of priority: `InstanceId` > `DiskDeviceMapping.N` > `SnapshotId`
 * (a lone system-disk snapshot).
 */
const mappingInput = z.object({
  Device: p.string().optional(),
  DiskType: p.string().optional(),
  Size: p.int().optional(),
  SnapshotId: p.string().optional(),
});

const schema = z.object({
  ...commonFields,
  RegionId: p.regionId(),
  InstanceId: p.string().optional(),
  SnapshotId: p.string().optional(),
  DiskDeviceMapping: p.list(mappingInput, { max: 100 }).optional(),
  ImageName: p.string().optional(),
  Description: p.string().optional(),
  ImageFamily: p.string().optional(),
  ImageVersion: p.string().optional(),
  Platform: p.string().optional(),
  Architecture: p.string().optional(),
  BootMode: p.string().optional(),
  ResourceGroupId: p.string().optional(),
  DetectionStrategy: p.string().optional(),
  Features: z.object({ ImdsSupport: p.string().optional() }).optional(),
  SecureBootOptions: z.object({ SecureBootSupport: p.string().optional() }).optional(),
  Tag: tagsInput(),
  ClientToken: p.clientToken().optional(),
});
type CreateImageInput = z.output<typeof schema>;

function sourceOf(input: CreateImageInput): NewImageSource | undefined {
  if (input.InstanceId !== undefined) return { kind: 'instance', instanceId: input.InstanceId };
  if (input.DiskDeviceMapping && input.DiskDeviceMapping.length > 0) {
    return {
      kind: 'snapshots',
      mappings: input.DiskDeviceMapping.map((m) => ({ device: m.Device, diskType: m.DiskType, sizeGiB: m.Size, snapshotId: m.SnapshotId })),
    };
  }
  if (input.SnapshotId !== undefined) return { kind: 'snapshots', mappings: [{ snapshotId: input.SnapshotId, diskType: 'system' }] };
  return undefined;
}

export const createImage = defineAction({
  name: 'CreateImage',
  idempotent: true,
  input: schema,
  handler: async (input, ctx) => {
    const image = await createImageOperation.run(
      {
        regionId: input.RegionId,
        source: sourceOf(input),
        name: input.ImageName,
        description: input.Description,
        family: input.ImageFamily,
        version: input.ImageVersion,
        platform: input.Platform,
        // Checked by the operation (InvalidArchitecture.Malformed, BootMode InvalidParameter).
        architecture: input.Architecture as ImageArchitecture | undefined,
        bootMode: input.BootMode as ImageBootMode | undefined,
        resourceGroupId: input.ResourceGroupId,
        tags: input.Tag?.map((t) => ({ key: t.Key, value: t.Value })) ?? [],
      },
      ctx,
    );
    return { ImageId: image.imageId };
  },
});
