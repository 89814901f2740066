import { defaultVpcId } from '../../domain/network';
import { newSecurityGroup, securityGroupError, securityGroupErrors, type NameRuleProfile, type SecurityGroupRecord } from '../../domain/security-group';
import { validateTags, type TagInput } from '../../domain/tags';
import { defaultSecurityGroupIdOfVpc } from '../../domain/vpc';
import { newResourceId } from '../../platform/ids';
import { releaseQuotaSlots, takeQuotaSlots } from '../../store/quota-counters';
import { createSecurityGroup as createGroupItem, groupOf, listSecurityGroups, loadSecurityGroups, saveSecurityGroup } from '../../store/security-groups';
import { loadVpc } from '../../store/vpcs';
import { Errors } from '../../domain/errors';
import { accountOf } from '../action';
import { requireRegion } from '../instances/common';
import { defineOperation } from '../operation';
import { membershipErrors, referencedGroupIds, requireGroup } from './common';

/**
 * The security group operations (docs/operations.md), shared by the ECS declarations of this
 * folder (their codecs) and the EC2 security group adapters
 * (shared/protocol/ec2/actions/security-groups.ts). Typed errors: `SecurityGroupError`
 * (shared/domain/security-group/security-group-error.ts). Where EC2's rules differ (a name unique
 * per VPC, the VPC's `default` group kept) the input names the rule: the operation never asks
 * which dialect called it. The rule operations are in ./rule-operations.ts, the reads in ./queries.ts.
 */

export interface NewSecurityGroup {
  regionId: string;
  /** Default: the account-region's default VPC. */
  vpcId?: string;
  name?: string;
  description?: string;
  /** `normal` (default) or `enterprise`, as given. */
  type?: string;
  tags: readonly TagInput[];
  resourceGroupId?: string;
  /** Which published name rules hold (default: ECS's). */
  nameProfile?: NameRuleProfile;
  /**
   * EC2: a name is unique within its VPC and `default` is the VPC's own group
   * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html, InvalidGroup.Duplicate).
   * ECS allows two groups of one name.
   */
  uniqueNamePerVpc?: boolean;
}

/**
 * CreateSecurityGroup (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-createsecuritygroup):
 * a basic (`normal`, default) or advanced (`enterprise`) group in a VPC that exists (default: the
 * account-region's default VPC), with no rules (docs/rules/ecs-user-guide.md#security-groups: a
 * custom group allows all egress and drops all ingress by its implicit policies). Quota: 100 per
 * region (docs/rules/ecs-user-guide.md#quotas), counted in the same unit of work.
 */
export const createSecurityGroup = defineOperation<NewSecurityGroup, { group: SecurityGroupRecord }>({
  name: 'CreateSecurityGroup',
  run: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.regionId);
    const vpcId = input.vpcId ?? defaultVpcId(accountId, regionId);
    if (input.uniqueNamePerVpc) {
      const taken =
        input.name === 'default' ||
        (await listSecurityGroups(ctx.store, accountId, regionId)).some((g) => g.securityGroupName === input.name && g.vpcId === vpcId);
      if (taken) throw securityGroupError('duplicateName', securityGroupErrors.duplicateName());
    }
    if (!(await loadVpc(ctx.store, accountId, regionId, vpcId))) {
      throw securityGroupError('vpcNotFound', Errors.notFound('InvalidVpcId.NotFound', 'Specified VPC does not exist.'));
    }
    const tags = validateTags(input.tags);
    const group = newSecurityGroup({
      securityGroupId: newResourceId('sg', regionId),
      regionId,
      accountId,
      vpcId,
      securityGroupName: input.name,
      description: input.description,
      securityGroupType: input.type,
      tags,
      creationTime: ctx.now.toISOString(),
      resourceGroupId: input.resourceGroupId,
      ...(input.nameProfile ? { nameProfile: input.nameProfile } : {}),
    });
    await takeQuotaSlots(ctx.store, ctx.tx, {
      accountId,
      quotaName: 'SecurityGroups',
      scope: regionId,
      amount: 1,
      onFail: () => securityGroupError('groupQuota', securityGroupErrors.groupQuota()),
    });
    createGroupItem(ctx.tx, { ...group, memberCount: 0, referencedBy: [] });
    return { group };
  },
});

/**
 * DeleteSecurityGroup (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-deletesecuritygroup,
 * docs/rules/ecs-user-guide.md#security-groups): refused with 403 DependencyViolation while
 * instances are in the group or another group's rule refers to it; otherwise the group and its
 * rules go, the groups it referred to forget it, and its quota slot is given back. The checks read
 * the group's own bookkeeping, and the delete is conditional on the version read, so a concurrent
 * join or authorization makes it retry on fresh reads rather than slip past.
 */
export const deleteSecurityGroup = defineOperation<
  {
    regionId: string;
    securityGroupId: string;
    /**
     * EC2 keeps a VPC's `default` group for as long as the VPC (DeleteVpc removes it), stored or
     * not yet (https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html); ECS
     * has no such group (docs/ec2-dialect.md, "The default security group").
     */
    keepVpcDefaultGroup?: boolean;
  },
  { deleted: SecurityGroupRecord }
>({
  name: 'DeleteSecurityGroup',
  run: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.regionId);
    const cannotDelete = () => securityGroupError('cannotDeleteDefault', securityGroupErrors.cannotDeleteDefault(input.securityGroupId));
    if (input.keepVpcDefaultGroup && input.securityGroupId === defaultSecurityGroupIdOfVpc(accountId, regionId, defaultVpcId(accountId, regionId))) {
      throw cannotDelete();
    }
    const stored = await requireGroup(ctx.store, accountId, regionId, input.securityGroupId);
    if (input.keepVpcDefaultGroup && stored.vpcId && stored.securityGroupId === defaultSecurityGroupIdOfVpc(accountId, regionId, stored.vpcId)) {
      throw cannotDelete();
    }
    if (stored.memberCount > 0) throw securityGroupError('hasMembers', membershipErrors.stillHasInstances());
    if (stored.referencedBy.length > 0) throw securityGroupError('referencedByAnotherGroup', membershipErrors.referencedByAnotherGroup());
    ctx.tx.remove(stored);
    const targets = await loadSecurityGroups(ctx.store, accountId, regionId, [...referencedGroupIds(groupOf(stored))]);
    for (const target of targets.values()) {
      const item = groupOf(target);
      saveSecurityGroup(ctx.tx, target, { ...item, referencedBy: item.referencedBy.filter((id) => id !== stored.securityGroupId) });
    }
    releaseQuotaSlots(ctx.tx, { accountId, quotaName: 'SecurityGroups', scope: regionId, amount: 1 });
    return { deleted: groupOf(stored) };
  },
});
