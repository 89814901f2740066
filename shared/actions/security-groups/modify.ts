import { z } from 'zod';
import { validateDescription, validateGroupName } from '../../domain/security-group';
import { groupOf, saveSecurityGroup } from '../../store/security-groups';
import { accountOf, defineAction } from '../action';
import { requireRegion } from '../instances/common';
import { commonFields, p } from '../params';
import { requireGroup, securityGroupIdField } from './common';

/**
 * ModifySecurityGroupAttribute (docs/rules/ecs-user-guide.md#security-groups: name and description; SDK model): each
 * parameter that is given is validated like at creation and replaces the old value; an absent
 * one leaves it unchanged.
 */
export const modifySecurityGroupAttribute = defineAction({
  name: 'ModifySecurityGroupAttribute',
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    SecurityGroupId: securityGroupIdField(),
    SecurityGroupName: p.string().optional(),
    Description: p.string().optional(),
  }),
  handler: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.RegionId);
    const name = input.SecurityGroupName !== undefined ? validateGroupName(input.SecurityGroupName) : undefined;
    const description = input.Description !== undefined ? validateDescription(input.Description) : undefined;
    const stored = await requireGroup(ctx.store, accountId, regionId, input.SecurityGroupId);
    if (name === undefined && description === undefined) return {};
    const group = groupOf(stored);
    saveSecurityGroup(ctx.tx, stored, {
      ...group,
      securityGroupName: name ?? group.securityGroupName,
      description: description ?? group.description,
    });
    return {};
  },
});
