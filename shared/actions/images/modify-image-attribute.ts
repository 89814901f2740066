import { z } from 'zod';
import { defineAction } from '../action';
import { commonFields, p } from '../params';
import { imageIdParam } from './common';
import { modifyImageAttributes } from './operations';

/**
 * The ECS codec of the modifyImageAttributes operation (./operations.ts, where the rules are). ModifyImageAttribute (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-modifyimageattribute; docs/rules/ecs-user-guide.md#image-modify-delete): the name and description of a custom
 * image can change at any time; also its family, boot mode, licence type and `Status`:
 * `Deprecated` (it still launches instances but cannot be shared or copied; a shared image must
 * be unshared first) or back to `Available` (which cancels any deprecation, passed or scheduled).
 * Only the owner's own custom images.
 *
 * `DeprecationTime` is a sandbox extension, not an ECS parameter: EC2's EnableImageDeprecation
 * (ISO 8601 UTC; rounded to the nearest minute; in the future, at most 10 years ahead, for a
 * public image at most 2 years after its creation). From that time on the image's Status is
 * `Deprecated`. It cannot be combined with `Status`. The rules are shared/domain/image/status-changes.ts
 * `setImageStatus` and `scheduleImageDeprecation`.
 */
export const modifyImageAttribute = defineAction({
  name: 'ModifyImageAttribute',
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    ImageId: imageIdParam(),
    ImageName: p.string().optional(),
    Description: p.string().optional(),
    ImageFamily: p.string().optional(),
    BootMode: p.string().optional(),
    LicenseType: p.string().optional(),
    Status: p.string().optional(),
    DeprecationTime: p.string({ max: 64 }).optional(),
    Features: z.object({ NvmeSupport: p.string().optional(), ImdsSupport: p.string().optional() }).optional(),
  }),
  handler: async (input, ctx) => {
    await modifyImageAttributes.run(
      {
        regionId: input.RegionId,
        imageId: input.ImageId,
        name: input.ImageName,
        description: input.Description,
        family: input.ImageFamily,
        bootMode: input.BootMode,
        licenseType: input.LicenseType,
        status: input.Status,
        deprecationTime: input.DeprecationTime,
      },
      ctx,
    );
    return {};
  },
});
