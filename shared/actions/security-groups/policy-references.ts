import { z } from 'zod';
import { Errors } from '../../domain/errors';
import { groupOf, loadSecurityGroups, saveSecurityGroup } from '../../store/security-groups';
import { accountOf, defineAction } from '../action';
import { requireRegion } from '../instances/common';
import { commonFields, p } from '../params';
import { membershipErrors, requireGroup, securityGroupIdField } from './common';

/**
 * ModifySecurityGroupPolicy (whether instances of a group reach each other,
 * https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-modifysecuritygrouppolicy:
 * an advanced (enterprise) group never allows it) and DescribeSecurityGroupReferences (the groups
 * whose rules name a group, the reason DeleteSecurityGroup refuses,
 * https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describesecuritygroupreferences).
 */
export const modifySecurityGroupPolicy = defineAction({
  name: 'ModifySecurityGroupPolicy',
  idempotent: true,
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    SecurityGroupId: securityGroupIdField(),
    InnerAccessPolicy: p.enum(['Accept', 'Drop']),
    ClientToken: p.clientToken().optional(),
  }),
  handler: async (input, ctx) => {
    const stored = await requireGroup(ctx.store, accountOf(ctx), requireRegion(input.RegionId), input.SecurityGroupId);
    if (stored.securityGroupType === 'enterprise' && input.InnerAccessPolicy === 'Accept') {
      throw Errors.invalidParameter('InnerAccessPolicy', 'Instances in an advanced security group cannot communicate with each other.');
    }
    if (stored.innerAccessPolicy !== input.InnerAccessPolicy) {
      saveSecurityGroup(ctx.tx, stored, { ...groupOf(stored), innerAccessPolicy: input.InnerAccessPolicy });
    }
    return {};
  },
});

export const describeSecurityGroupReferences = defineAction({
  name: 'DescribeSecurityGroupReferences',
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    SecurityGroupId: p.list(securityGroupIdField(), { max: 10 }).refine((ids) => ids.length >= 1, { message: 'empty' }),
  }),
  handler: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.RegionId);
    const byId = await loadSecurityGroups(ctx.store, accountId, regionId, input.SecurityGroupId);
    const refs = [];
    for (const id of input.SecurityGroupId) {
      const g = byId.get(id);
      if (!g) throw membershipErrors.groupNotFound();
      if (g.referencedBy.length === 0) continue;
      refs.push({
        SecurityGroupId: id,
        ReferencingSecurityGroups: { ReferencingSecurityGroup: g.referencedBy.map((r) => ({ AliUid: accountId, SecurityGroupId: r })) },
      });
    }
    return { SecurityGroupReferences: { SecurityGroupReference: refs } };
  },
});
