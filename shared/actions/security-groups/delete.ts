import { z } from 'zod';
import { securityGroupErrors } from '../../domain/security-group';
import { defaultSecurityGroupIdOfVpc } from '../../domain/vpc';
import { currentDialect } from '../../platform/dialect';
import { releaseQuotaSlots } from '../../store/quota-counters';
import { groupOf, loadSecurityGroups, saveSecurityGroup } from '../../store/security-groups';
import { accountOf, defineAction } from '../action';
import { requireRegion } from '../instances/common';
import { commonFields, p } from '../params';
import { membershipErrors, referencedGroupIds, requireGroup, securityGroupIdField } from './common';

/**
 * DeleteSecurityGroup (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-deletesecuritygroup, docs/rules/ecs-user-guide.md#security-groups): refused with 403 DependencyViolation
 * while instances are in the group or another group's rule refers to it; otherwise the group and
 * its rules go, the groups it referred to forget it, and its quota slot is given back. The checks
 * read the group's own bookkeeping, and the delete is conditional on the version read, so a
 * concurrent join or authorization makes it retry on fresh reads rather than slip past.
 */
export const deleteSecurityGroup = defineAction({
  name: 'DeleteSecurityGroup',
  input: z.object({ ...commonFields, RegionId: p.regionId(), SecurityGroupId: securityGroupIdField() }),
  handler: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.RegionId);
    const stored = await requireGroup(ctx.store, accountId, regionId, input.SecurityGroupId);
    // EC2 keeps a VPC's `default` group for as long as the VPC (DeleteVpc removes it); ECS has no such
    // group and keeps its own rules (docs/ec2-dialect.md, "The default security group").
    if (currentDialect() === 'ec2' && stored.vpcId && stored.securityGroupId === defaultSecurityGroupIdOfVpc(accountId, regionId, stored.vpcId)) {
      throw securityGroupErrors.cannotDeleteDefault(stored.securityGroupId);
    }
    if (stored.memberCount > 0) throw membershipErrors.stillHasInstances();
    if (stored.referencedBy.length > 0) throw membershipErrors.referencedByAnotherGroup();
    ctx.tx.remove(stored);
    const targets = await loadSecurityGroups(ctx.store, accountId, regionId, [...referencedGroupIds(groupOf(stored))]);
    for (const target of targets.values()) {
      const item = groupOf(target);
      saveSecurityGroup(ctx.tx, target, { ...item, referencedBy: item.referencedBy.filter((id) => id !== stored.securityGroupId) });
    }
    releaseQuotaSlots(ctx.tx, { accountId, quotaName: 'SecurityGroups', scope: regionId, amount: 1 });
    return {};
  },
});
