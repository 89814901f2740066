import { z } from 'zod';
import { marketplaceImagesForRegion } from '../../domain/catalogue/marketplace-images';
import { isKnownRegion } from '../../domain/catalogue/regions';
import { systemImagesForRegion } from '../../domain/catalogue/system-images';
import { Errors } from '../../domain/errors';
import { filterImages, isLaunchable, renderEcsImage, settleImage, type ImageRecord } from '../../domain/image';
import { imagesInUseBy } from '../../store/image-usage';
import { imagesSharedWith, listOwnImages, publicImages } from '../../store/images';
import { stripKeys } from '../../store/instances';
import { accountOf, defineAction } from '../action';
import { pageFields, pageOf } from '../paging';
import { commonFields, p } from '../params';

/**
 * DescribeImages (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describeimages): the region's public system images and marketplace images,
 * the caller's own custom images (one Query of its partition), the images other accounts share
 * with it (one Query of its share index and one BatchGet; never a Scan) and, with
 * `IsPublic=true`, published community images. Every custom image is shown as it is at the
 * sandbox clock's now. `Status` defaults to Available; `IncludeDisabled=true` (EC2's parameter,
 * the EC2 guide on disabling AMIs (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/disable-an-ami.html)) adds the caller's disabled images, which show Status `UnAvailable`. `Usage` says
 * whether the image backs one of the caller's instances (a counter, not a Scan).
 */
const FILTER_KEYS = ['CreationStartTime', 'CreationEndTime', 'NetworkType'];

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
    ImageOwnerId: p.string().optional(),
    Status: p.string().optional(),
    OSType: p.string().optional(),
    Architecture: p.string().optional(),
    Usage: p.string().optional(),
    InstanceType: p.string().optional(),
    SnapshotId: p.string().optional(),
    IsPublic: p.bool().optional(),
    IsSupportCloudinit: p.bool().optional(),
    IsSupportIoOptimized: p.bool().optional(),
    IncludeDisabled: p.bool().optional(),
    ActionType: p.enum(['CreateEcs', 'ChangeOS']).optional(),
    Usable: p.bool().optional(),
    ShowExpired: p.bool().optional(),
    ResourceGroupId: p.string().optional(),
    Filter: p.list(z.object({ Key: p.string().optional(), Value: p.string().optional() }), { max: 20 }).optional(),
    Tag: p.tags().optional(),
  }),
  handler: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = input.RegionId;
    if (!isKnownRegion(regionId)) throw Errors.invalidRegion();
    const alias = input.ImageOwnerAlias || undefined;

    let createdFrom: number | undefined;
    let createdUntil: number | undefined;
    for (const f of input.Filter ?? []) {
      if (f.Key === undefined && f.Value === undefined) continue;
      if (!FILTER_KEYS.includes(f.Key ?? '')) throw Errors.notFound('InvalidFilterKey.NotFound', 'The specified filter key is not valid.');
      if (f.Key === 'NetworkType') continue;
      const at = Date.parse(f.Value ?? '');
      if (Number.isNaN(at)) throw Errors.notFound('InvalidFilterKey.NotFound', 'The specified start time or end time is invalid.');
      if (f.Key === 'CreationStartTime') createdFrom = at;
      else createdUntil = at;
    }

    const wants = (a: string) => alias === undefined || alias === a;
    const [own, shared, community] = await Promise.all([
      wants('self') ? listOwnImages(ctx.store, accountId, regionId) : Promise.resolve([]),
      wants('others') ? imagesSharedWith(ctx.store, accountId, regionId) : Promise.resolve([]),
      input.IsPublic === true ? publicImages(ctx.store, regionId) : Promise.resolve([]),
    ]);
    const byId = new Map<string, ImageRecord>();
    for (const i of [...own, ...shared, ...community]) byId.set(i.imageId, settleImage(stripKeys(i), ctx.now));
    const images: ImageRecord[] = [
      ...(wants('system') ? systemImagesForRegion(regionId) : []),
      ...(wants('marketplace') ? marketplaceImagesForRegion(regionId) : []),
      ...byId.values(),
    ];
    const inUse = await imagesInUseBy(ctx.store, accountId, regionId, images.map((i) => i.imageId));
    const context = { isInUse: (i: ImageRecord) => inUse.has(i.imageId) };

    let matched = filterImages(
      images,
      accountId,
      {
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
        includeDisabled: input.IncludeDisabled,
        imageOwnerId: input.ImageOwnerId,
        createdFrom,
        createdUntil,
      },
      context,
    );
    // ChangeOS: images that can replace a system disk, so none with data disk snapshots (docs/rules/ecs-user-guide.md#image-from-instance).
    if (input.ActionType === 'ChangeOS') matched = matched.filter((i) => !i.diskDeviceMappings.some((m) => m.type === 'data' && m.snapshotId));
    if (input.Usable !== undefined) matched = matched.filter((i) => isLaunchable(i) === input.Usable);
    if (input.ResourceGroupId) matched = matched.filter((i) => i.resourceGroupId === input.ResourceGroupId);
    const page = pageOf(matched, input.PageNumber, input.PageSize);
    return {
      RegionId: regionId,
      TotalCount: page.TotalCount,
      PageNumber: page.PageNumber,
      PageSize: page.PageSize,
      Images: { Image: page.items.map((img) => renderEcsImage(img, accountId, context)) },
    };
  },
});
