import { z } from 'zod';
import { checkDeleteImage, ImageErrors } from '../../domain/image';
import { instancesUsingImage } from '../../store/image-usage';
import { findAccessibleImage, releaseCustomImageSlot, removeImageItem, syncSharedImageCount } from '../../store/images';
import { stripKeys } from '../../store/instances';
import { loadSnapshots, saveSnapshot } from '../../store/snapshots';
import { accountOf, defineAction } from '../action';
import { commonFields, p } from '../params';
import { findOwnImage, imageIdParam, requireRegion } from './common';

/**
 * DeleteImage (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-deleteimage; docs/rules/ecs-user-guide.md#image-share; the ECS image lifecycle FAQ (https://www.alibabacloud.com/help/en/ecs/user-guide/faq-about-image-lifecycle)). Only the owner deletes
 * its custom image; an id that names no image at all is ignored (the current reference), one
 * the caller can see but does not own (public, marketplace, shared with it) is not found in its
 * account. Refused while the image is being created, copied, imported or exported, or copied
 * from. Without `Force`, refused while it is shared (ImageUseShared: cancel the shares first) or
 * while instances created from it exist, in any account (403 ImageUsingByInstance); with
 * `Force` it goes anyway (the ECS image lifecycle FAQ's (https://www.alibabacloud.com/help/en/ecs/user-guide/faq-about-image-lifecycle) force delete) and takes the image from every recipient:
 * they can no longer see it or launch from it, and their instances keep running but cannot
 * re-initialise their system disk. The snapshots it used become deletable.
 */
export const deleteImage = defineAction({
  name: 'DeleteImage',
  input: z.object({ ...commonFields, RegionId: p.regionId(), ImageId: imageIdParam(), Force: p.bool().optional() }),
  handler: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.RegionId);
    const loaded = await findOwnImage(ctx, regionId, input.ImageId);
    if (!loaded) {
      if (await findAccessibleImage(ctx.store, accountId, regionId, input.ImageId)) throw ImageErrors.notFound();
      return {};
    }
    const image = loaded.current;
    const instancesUsing = await instancesUsingImage(ctx.store, regionId, image.imageId);
    checkDeleteImage(image, { now: ctx.now, force: input.Force ?? false, instancesUsing });

    removeImageItem(ctx.tx, loaded.stored);
    await syncSharedImageCount(ctx.store, ctx.tx, image, undefined);
    releaseCustomImageSlot(ctx.tx, accountId, regionId);
    const ids = image.diskDeviceMappings.map((m) => m.snapshotId).filter((id): id is string => Boolean(id));
    for (const s of await loadSnapshots(ctx.store, accountId, regionId, [...new Set(ids)])) {
      saveSnapshot(ctx.tx, s, { ...stripKeys(s), usedByImageIds: s.usedByImageIds.filter((id) => id !== image.imageId) });
    }
    return {};
  },
});
