import { z } from 'zod';
import { defineAction } from '../action';
import { commonFields, p } from '../params';
import { instanceOf } from './attribute-operations';
import { instanceId, requireRegion } from './common';

/**
 * DescribeUserData: the instance's user data as it was given (Base64), or an
 * empty string when none is set
 * (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describeuserdata).
 */
export const describeUserData = defineAction({
  name: 'DescribeUserData',
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    InstanceId: instanceId(),
  }),
  handler: async (input, ctx) => {
    const regionId = requireRegion(input.RegionId);
    const current = await instanceOf.run({ regionId, instanceId: input.InstanceId }, ctx);
    return { RegionId: regionId, InstanceId: current.instanceId, UserData: current.userData ?? '' };
  },
});
