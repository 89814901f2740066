import { z } from 'zod';
import { Errors } from '../../domain/errors';
import {
  scheduleImageDeprecation,
  setImageStatus,
  validateImageDescription,
  validateImageFamily,
  validateImageName,
  type ImageBootMode,
  type ImageRecord,
} from '../../domain/image';
import { saveImage } from '../../store/images';
import { accountOf, defineAction } from '../action';
import { commonFields, p } from '../params';
import { imageIdParam, loadOwnImageNow, requireUnusedName } from './common';

/**
 * ModifyImageAttribute (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-modifyimageattribute; docs/rules/ecs-user-guide.md#image-modify-delete): the name and description of a custom
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
    const accountId = accountOf(ctx);
    const loaded = await loadOwnImageNow(ctx, input.RegionId, input.ImageId);
    let next: ImageRecord = loaded.current;
    if (input.ImageName !== undefined) {
      validateImageName(input.ImageName);
      if (input.ImageName !== next.imageName) await requireUnusedName(ctx, accountId, next.regionId, input.ImageName, next.imageId);
      next = { ...next, imageName: input.ImageName };
    }
    if (input.Description !== undefined) {
      validateImageDescription(input.Description);
      next = { ...next, description: input.Description };
    }
    if (input.ImageFamily !== undefined) {
      validateImageFamily(input.ImageFamily);
      next = { ...next, imageFamily: input.ImageFamily };
    }
    if (input.BootMode !== undefined) {
      if (!['BIOS', 'UEFI', 'UEFI-Preferred'].includes(input.BootMode)) throw Errors.invalidParameter('BootMode');
      next = { ...next, bootMode: input.BootMode as ImageBootMode };
    }
    if (input.LicenseType !== undefined) {
      if (!['Auto', 'Aliyun', 'BYOL'].includes(input.LicenseType)) throw Errors.invalidParameter('LicenseType');
      next = { ...next, licenseType: input.LicenseType };
    }
    if (input.Status !== undefined && input.DeprecationTime !== undefined) {
      throw Errors.invalidParameter('DeprecationTime', 'It cannot be given together with Status.');
    }
    if (input.Status !== undefined) {
      if (input.Status !== 'Deprecated' && input.Status !== 'Available') throw Errors.invalidParameter('Status', 'Valid values: Deprecated, Available.');
      next = setImageStatus(next, input.Status, ctx.now);
    }
    if (input.DeprecationTime !== undefined) next = scheduleImageDeprecation(next, input.DeprecationTime, ctx.now);
    if (next !== loaded.current) saveImage(ctx.tx, loaded.stored, next);
    return {};
  },
});
