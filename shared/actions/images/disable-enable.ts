import { z } from 'zod';
import { defineAction } from '../action';
import { commonFields, p } from '../params';
import { imageIdParam } from './common';
import { setImageDisabled } from './operations';

/**
 * DisableImage and EnableImage: not ECS actions but the AWS feature of the EC2 guide on disabling AMIs (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/disable-an-ami.html) (ec2-api.md
 * §4.3), offered in the ECS dialect (ImageId, RegionId; the answer is just a RequestId). Only
 * the owner disables or enables (anyone else: InvalidImageId.NotFound). A disabled image is
 * hidden from DescribeImages unless IncludeDisabled=true (then Status UnAvailable); disabling
 * removes every share and the public flag, and enabling does not restore them; launching from it
 * (RunInstances, CreateInstance, ReplaceSystemDisk, ReInitDisk) fails with 403
 * InvalidImageId.Disabled; instances launched earlier keep working (stop, start, reboot); the
 * image keeps its snapshots (they are still stored and billed, and cannot be deleted).
 */
const input = z.object({ ...commonFields, RegionId: p.regionId(), ImageId: imageIdParam() });

export const disableImageAction = defineAction({
  name: 'DisableImage',
  input,
  handler: async (req, ctx) => {
    await setImageDisabled.run({ regionId: req.RegionId, imageId: req.ImageId, disabled: true }, ctx);
    return {};
  },
});

export const enableImageAction = defineAction({
  name: 'EnableImage',
  input,
  handler: async (req, ctx) => {
    await setImageDisabled.run({ regionId: req.RegionId, imageId: req.ImageId, disabled: false }, ctx);
    return {};
  },
});
