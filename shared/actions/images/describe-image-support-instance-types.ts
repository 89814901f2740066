import { z } from 'zod';
import { Errors } from '../../domain/errors';
import { defineAction } from '../action';
import { commonFields, p } from '../params';
import { imageIdParam } from './common';
import { imageSupportedInstanceTypes } from './operations';

/**
 * The ECS codec of the imageSupportedInstanceTypes operation (./operations.ts):
 * DescribeImageSupportInstanceTypes
 * (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describeimagesupportinstancetypes).
 * The image is `ImageId`, or the value of a `Filter.N` whose key is `imageId` (the reference's
 * older form, which it says is going away). `ActionType` (CreateEcs, ChangeOS) gives the same
 * list: a type that boots the image from a new instance also boots it on a replaced system disk.
 * With neither ImageId nor an imageId filter the sandbox answers MissingParameter: the
 * reference marks ImageId optional but describes no answer without an image (docs/operations.md).
 */
export const describeImageSupportInstanceTypes = defineAction({
  name: 'DescribeImageSupportInstanceTypes',
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    ImageId: imageIdParam().optional(),
    ActionType: p.enum(['CreateEcs', 'ChangeOS']).optional(),
    Filter: p.list(z.object({ Key: p.string().optional(), Value: p.string().optional() }), { max: 10 }).optional(),
  }),
  handler: async (input, ctx) => {
    const imageId = input.ImageId ?? input.Filter?.find((f) => f.Key === 'imageId' || f.Key === 'imagId')?.Value;
    if (imageId === undefined) throw Errors.missingParameter('ImageId');
    const types = await imageSupportedInstanceTypes.run({ regionId: input.RegionId, imageId }, ctx);
    return {
      RegionId: input.RegionId,
      ImageId: imageId,
      InstanceTypes: {
        InstanceType: types.map((t) => ({
          InstanceTypeId: t.instanceTypeId,
          InstanceTypeFamily: t.family,
          CpuCoreCount: t.cpuCoreCount,
          // GiB, as DescribeInstanceTypes' MemorySize.
          MemorySize: t.memoryGiB,
        })),
      },
    };
  },
});
