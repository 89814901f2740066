import { z } from 'zod';
import { defineAction } from '../action';
import { commonFields, p } from '../params';
import { tagEntries, toTagInputs } from '../tags/input';
import { createSecurityGroup as createSecurityGroupOperation } from './operations';

/**
 * CreateSecurityGroup (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-createsecuritygroup): a basic (`normal`, default) or advanced (`enterprise`)
 * group in the account-region's default VPC, with no rules (docs/rules/ecs-user-guide.md#security-groups: a custom group
 * allows all egress and drops all ingress by its implicit policies). Quota: 100 per region
 * (docs/rules/ecs-user-guide.md#quotas), counted in the same transaction. The ECS codec of the
 * create operation (./operations.ts).
 */
export const createSecurityGroup = defineAction({
  name: 'CreateSecurityGroup',
  idempotent: true,
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    SecurityGroupName: p.string().optional(),
    Description: p.string().optional(),
    SecurityGroupType: p.string().optional(),
    VpcId: p.string().optional(),
    ResourceGroupId: p.string().optional(),
    ServiceManaged: p.bool().optional(),
    Tag: tagEntries(),
    ClientToken: p.clientToken().optional(),
  }),
  handler: async (input, ctx) => {
    const { group } = await createSecurityGroupOperation.run(
      {
        regionId: input.RegionId,
        vpcId: input.VpcId,
        name: input.SecurityGroupName,
        description: input.Description,
        type: input.SecurityGroupType,
        tags: toTagInputs(input.Tag),
        resourceGroupId: input.ResourceGroupId,
      },
      ctx,
    );
    return { SecurityGroupId: group.securityGroupId };
  },
});
