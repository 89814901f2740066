import { currentDialect } from '../../platform/dialect';
import { z } from 'zod';
import { defineAction } from '../action';
import { commonFields, p } from '../params';
import { createDisk as createDiskOperation } from './operations';

/**
 * CreateDisk, the ECS codec of the create operation (./operations.ts): a pay-as-you-go data disk
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
    const { disk, orderId } = await createDiskOperation.run(
      {
        regionId: input.RegionId,
        zoneId: input.ZoneId,
        instanceId: input.InstanceId,
        category: input.DiskCategory,
        sizeGiB: input.Size,
        snapshotId: input.SnapshotId,
        name: input.DiskName,
        description: input.Description,
        encrypted: input.Encrypted,
        performanceLevel: input.PerformanceLevel,
        multiAttach: input.MultiAttach === undefined ? undefined : input.MultiAttach !== 'Disabled',
        tags: input.Tag?.map((t) => ({ key: t.Key, value: t.Value })) ?? [],
        // ECS's disk counts hold only ECS calls, also when another EC2 action reaches CreateDisk (docs/ec2-dialect.md).
        enforceDiskQuotas: currentDialect() !== 'ec2',
      },
      ctx,
    );
    return { DiskId: disk.diskId, OrderId: orderId };
  },
});
