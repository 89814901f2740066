import { z } from 'zod';
import { Errors } from '../../domain/errors';
import { defaultVpcId } from '../../domain/network';
import { loadVpc } from '../../store/vpcs';
import { newSecurityGroup, securityGroupErrors } from '../../domain/security-group';
import { validateTags } from '../../domain/tags';
import { newResourceId } from '../../platform/ids';
import { takeQuotaSlots } from '../../store/quota-counters';
import { createSecurityGroup as createGroupItem } from '../../store/security-groups';
import { accountOf, defineAction } from '../action';
import { requireRegion } from '../instances/common';
import { commonFields, p } from '../params';
import { tagEntries, toTagInputs } from '../tags/input';

/**
 * CreateSecurityGroup (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-createsecuritygroup): a basic (`normal`, default) or advanced (`enterprise`)
 * group in the account-region's default VPC, with no rules (docs/rules/ecs-user-guide.md#security-groups: a custom group
 * allows all egress and drops all ingress by its implicit policies). Quota: 100 per region
 * (docs/rules/ecs-user-guide.md#quotas), counted in the same transaction.
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
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.RegionId);
    // A group belongs to a VPC: the one named (it must exist), else the default VPC.
    const vpcId = input.VpcId ?? defaultVpcId(accountId, regionId);
    if (!(await loadVpc(ctx.store, accountId, regionId, vpcId))) throw Errors.notFound('InvalidVpcId.NotFound', 'Specified VPC does not exist.');
    const tags = validateTags(toTagInputs(input.Tag));
    const group = newSecurityGroup({
      securityGroupId: newResourceId('sg', regionId),
      regionId,
      accountId,
      vpcId,
      securityGroupName: input.SecurityGroupName,
      description: input.Description,
      securityGroupType: input.SecurityGroupType,
      tags,
      creationTime: ctx.now.toISOString(),
      resourceGroupId: input.ResourceGroupId,
    });
    await takeQuotaSlots(ctx.store, ctx.tx, {
      accountId,
      quotaName: 'SecurityGroups',
      scope: regionId,
      amount: 1,
      onFail: () => securityGroupErrors.groupQuota(),
    });
    createGroupItem(ctx.tx, { ...group, memberCount: 0, referencedBy: [] });
    return { SecurityGroupId: group.securityGroupId };
  },
});
