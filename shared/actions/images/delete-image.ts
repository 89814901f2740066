import { z } from 'zod';
import { defineAction } from '../action';
import { commonFields, p } from '../params';
import { imageIdParam } from './common';
import { deleteImage as deleteImageOperation } from './operations';

/**
 * The ECS codec of the deleteImage operation (./operations.ts, where the rules are). DeleteImage (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-deleteimage; docs/rules/ecs-user-guide.md#image-share; the ECS image lifecycle FAQ (https://www.alibabacloud.com/help/en/ecs/user-guide/faq-about-image-lifecycle)). Only the owner deletes
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
    await deleteImageOperation.run({ regionId: input.RegionId, imageId: input.ImageId, force: input.Force ?? false }, ctx);
    return {};
  },
});
