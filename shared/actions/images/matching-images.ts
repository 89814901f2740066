import { z } from 'zod';
import { marketplaceImagesForRegion } from '../../domain/catalogue/marketplace-images';
import { isKnownRegion } from '../../domain/catalogue/regions';
import { systemImagesForRegion } from '../../domain/catalogue/system-images';
import { Errors } from '../../domain/errors';
import { filterImages, isLaunchable, settleImage, type ImageRecord } from '../../domain/image';
import { imagesInUseBy } from '../../store/image-usage';
import { imagesSharedWith, listOwnImages, publicImages } from '../../store/images';
import { stripKeys } from '../../store/instances';
import type { StateStore } from '../../store/state-store';
import { pageFields } from '../paging';
import { commonFields, p } from '../params';

const FILTER_KEYS = ['CreationStartTime', 'CreationEndTime', 'NetworkType'];

/** ECS DescribeImages' parameters (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describeimages). */
export const describeImagesInput = z.object({
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
});

/** A DescribeImages query in the schema's typed terms (lists as arrays, flags as booleans); paging and DryRun are the caller's. */
export type ImageQuery = Omit<z.output<typeof describeImagesInput>, 'PageNumber' | 'PageSize' | 'DryRun'>;

export interface ImageMatch {
  /** Every matching image as it is at `now`, in the listing order (catalogue first, then custom images). */
  matched: ImageRecord[];
  /** What rendering needs: whether an image backs one of the account's instances. */
  context: { isInUse: (i: ImageRecord) => boolean };
}

/**
 * The images an account sees in a region that match a query, unpaged: one typed operation for
 * ECS DescribeImages (which pages and renders the result) and the EC2 adapters (which read every
 * match once per request instead of paging through ECS answers). The reads: the caller's own
 * custom images (one Query of its partition), the images shared with it (its share index and one
 * BatchGet), published community images only with `IsPublic=true`, the usage counters; never a Scan.
 */
export async function matchingImages(store: StateStore, accountId: string, now: Date, input: ImageQuery): Promise<ImageMatch> {
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
    wants('self') ? listOwnImages(store, accountId, regionId) : Promise.resolve([]),
    wants('others') ? imagesSharedWith(store, accountId, regionId) : Promise.resolve([]),
    input.IsPublic === true ? publicImages(store, regionId) : Promise.resolve([]),
  ]);
  const byId = new Map<string, ImageRecord>();
  for (const i of [...own, ...shared, ...community]) byId.set(i.imageId, settleImage(stripKeys(i), now));
  const images: ImageRecord[] = [
    ...(wants('system') ? systemImagesForRegion(regionId) : []),
    ...(wants('marketplace') ? marketplaceImagesForRegion(regionId) : []),
    ...byId.values(),
  ];
  const inUse = await imagesInUseBy(
    store,
    accountId,
    regionId,
    images.map((i) => i.imageId),
  );
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
  return { matched, context };
}
