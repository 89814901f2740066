import { z } from 'zod';
import { defineAction } from '../action';
import { commonFields, p } from '../params';
import { securityGroupIdField } from './common';
import { deleteSecurityGroup as deleteSecurityGroupOperation } from './operations';

/**
 * DeleteSecurityGroup (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-deletesecuritygroup):
 * the ECS codec of the delete operation (./operations.ts), which refuses while instances are in
 * the group or another group's rule refers to it.
 */
export const deleteSecurityGroup = defineAction({
  name: 'DeleteSecurityGroup',
  input: z.object({ ...commonFields, RegionId: p.regionId(), SecurityGroupId: securityGroupIdField() }),
  handler: async (input, ctx) => {
    await deleteSecurityGroupOperation.run({ regionId: input.RegionId, securityGroupId: input.SecurityGroupId }, ctx);
    return {};
  },
});
