import { z } from 'zod';
import { isKnownRegion } from '../../domain/catalogue/regions';
import { systemImagesForRegion } from '../../domain/catalogue/system-images';
import { Errors } from '../../domain/errors';
import { renderEcsImage, settleImage, type ImageRecord } from '../../domain/image';
import { imagesSharedWith, listOwnImages } from '../../store/images';
import { imagesInUseBy } from '../../store/image-usage';
import { stripKeys } from '../../store/instances';
import { accountOf, defineAction } from '../action';
import { defineOperation } from '../operation';
import { commonFields, p } from '../params';

/**
 * DescribeImageFromFamily (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describeimagefromfamily):
 * the operation (docs/operations.md) and, below it, its ECS codec. The newest Available image of a
 * family among the images the caller may launch (public system images, its own, those shared with
 * it). A deprecated or disabled image is passed over, so deprecating the newest image of a family
 * makes the previous one the answer. No image when none is available.
 */
export const imageFromFamily = defineOperation<{ regionId: string; family: string }, { image?: ImageRecord; inUse: boolean }>({
  name: 'DescribeImageFromFamily',
  run: async (input, ctx) => {
    const accountId = accountOf(ctx);
    if (!isKnownRegion(input.regionId)) throw Errors.notFound('InvalidRegionId.NotFound', 'The RegionId provided does not exist.');
    const [own, shared] = await Promise.all([listOwnImages(ctx.store, accountId, input.regionId), imagesSharedWith(ctx.store, accountId, input.regionId)]);
    const candidates: ImageRecord[] = [...systemImagesForRegion(input.regionId), ...[...own, ...shared].map((i) => settleImage(stripKeys(i), ctx.now))].filter(
      (i) => i.imageFamily === input.family && i.status === 'Available' && !i.disabled,
    );
    candidates.sort((a, b) => Date.parse(b.creationTime) - Date.parse(a.creationTime) || b.imageId.localeCompare(a.imageId));
    const newest = candidates[0];
    if (!newest) return { inUse: false };
    const inUse = await imagesInUseBy(ctx.store, accountId, input.regionId, [newest.imageId]);
    return { image: newest, inUse: inUse.has(newest.imageId) };
  },
});

/** The ECS codec: `Image` is the image as DescribeImages shows it, or empty. */
export const describeImageFromFamilyAction = defineAction({
  name: 'DescribeImageFromFamily',
  input: z.object({ ...commonFields, RegionId: p.regionId(), ImageFamily: p.string({ min: 1, max: 128 }) }),
  handler: async (input, ctx) => {
    const { image, inUse } = await imageFromFamily.run({ regionId: input.RegionId, family: input.ImageFamily }, ctx);
    return { Image: image ? renderEcsImage(image, accountOf(ctx), { isInUse: () => inUse }) : {} };
  },
});
