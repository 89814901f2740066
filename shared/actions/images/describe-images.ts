import { z } from 'zod';
import { isKnownRegion } from '../../domain/catalogue/regions';
import { systemImagesForRegion } from '../../domain/catalogue/system-images';
import { Errors } from '../../domain/errors';
import { filterImages, renderEcsImage, type ImageRecord } from '../../domain/image';
import { Keys } from '../../store/keys';
import { accountOf, defineAction } from '../action';
import { pageFields, pageOf } from '../paging';
import { commonFields, p } from '../params';

/**
 * DescribeImages: the public system images of the region plus the caller's
 * own custom images, filtered per the reference (ecs-api.md §3.2), paged.
 */
export const describeImages = defineAction({
  name: 'DescribeImages',
  input: z.object({
    ...commonFields,
    ...pageFields(100),
    RegionId: p.regionId(),
    ImageId: p.commaList({ max: 100 }).optional(),
    ImageName: p.string().optional(),
    ImageFamily: p.string().optional(),
    ImageOwnerAlias: p.string().optional(),
    Status: p.string().optional(),
    OSType: p.string().optional(),
    Architecture: p.string().optional(),
    Usage: p.string().optional(),
    InstanceType: p.string().optional(),
    SnapshotId: p.string().optional(),
    IsPublic: p.bool().optional(),
    IsSupportCloudinit: p.bool().optional(),
    IsSupportIoOptimized: p.bool().optional(),
    Tag: p.tags().optional(),
  }),
  handler: async (input, ctx) => {
    const accountId = accountOf(ctx);
    if (!isKnownRegion(input.RegionId)) throw Errors.invalidRegion();
    const own = await ctx.store.queryAll<ImageRecord>({ pk: Keys.resourcePartition(accountId, input.RegionId, 'image') });
    const images: ImageRecord[] = [...systemImagesForRegion(input.RegionId), ...own];
    const matched = filterImages(images, accountId, {
      imageIds: input.ImageId,
      ownerAlias: input.ImageOwnerAlias,
      status: input.Status,
      imageName: input.ImageName,
      imageFamily: input.ImageFamily,
      osType: input.OSType,
      architecture: input.Architecture,
      usage: input.Usage,
      instanceType: input.InstanceType,
      snapshotId: input.SnapshotId,
      isPublic: input.IsPublic,
      isSupportCloudinit: input.IsSupportCloudinit,
      isSupportIoOptimized: input.IsSupportIoOptimized,
      tags: input.Tag?.map((t) => ({ key: t.Key ?? '', value: t.Value })),
    });
    const page = pageOf(matched, input.PageNumber, input.PageSize);
    return {
      RegionId: input.RegionId,
      TotalCount: page.TotalCount,
      PageNumber: page.PageNumber,
      PageSize: page.PageSize,
      Images: { Image: page.items.map((img) => renderEcsImage(img, accountId)) },
    };
  },
});
