import { z } from 'zod';
import { Errors } from '../../domain/errors';
import { InstanceErrors, type InstanceRecord } from '../../domain/instance';
import { groupOf, loadSecurityGroups, saveSecurityGroup } from '../../store/security-groups';
import { accountOf, defineAction, type ActionContext } from '../action';
import { loadCurrent, save, type LoadedInstance } from '../instances/common';
import { commonFields, p } from '../params';
import { checkGroupSet, MAX_GROUPS_PER_INSTANCE, groupMemberLimit, membershipErrors, requireGroup, securityGroupIdField } from './common';

/**
 * JoinSecurityGroup and LeaveSecurityGroup (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-joinsecuritygroup; deprecated in favour of
 * ModifyInstanceAttribute `SecurityGroupIds`, which shares the rules): the instance must be
 * Running or Stopped (§2.1) and not locked; it belongs to 1-5 groups (docs/rules/ecs-user-guide.md#quotas);
 * a group holds at most 1,000 instances (docs/rules/ecs-user-guide.md#quotas). The instance and the group are written in
 * one transaction.
 *
 * `NetworkInterfaceId`: ENIs are not resources of their own; the primary ENI an instance shows
 * (`eni-` + the instance id's suffix, see DescribeInstances) stands for its instance.
 */
const fields = {
  ...commonFields,
  RegionId: p.regionId().optional(),
  SecurityGroupId: securityGroupIdField(),
  InstanceId: p.string({ min: 1, max: 64 }).optional(),
  NetworkInterfaceId: p.string({ min: 1, max: 64 }).optional(),
};

async function loadTarget(ctx: ActionContext, input: { RegionId?: string; InstanceId?: string; NetworkInterfaceId?: string }) {
  if (input.InstanceId !== undefined && input.NetworkInterfaceId !== undefined) throw membershipErrors.eniAndInstance();
  if (input.InstanceId !== undefined) return loadCurrent(ctx, input.RegionId, input.InstanceId);
  if (input.NetworkInterfaceId === undefined) throw Errors.missingParameter('InstanceId');
  if (!input.NetworkInterfaceId.startsWith('eni-')) throw membershipErrors.eniNotSupported();
  try {
    return await loadCurrent(ctx, input.RegionId, `i-${input.NetworkInterfaceId.slice(4)}`);
  } catch {
    throw membershipErrors.eniNotSupported();
  }
}

function requireSteady(inst: InstanceRecord): void {
  if (inst.locks.some((l) => l.reason === 'security')) throw InstanceErrors.lockedForSecurity();
  if (inst.status !== 'Running' && inst.status !== 'Stopped') throw InstanceErrors.incorrectStatus();
}

export const joinSecurityGroup = defineAction({
  name: 'JoinSecurityGroup',
  input: z.object(fields),
  handler: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const loaded: LoadedInstance = await loadTarget(ctx, input);
    const inst = loaded.current;
    const stored = await requireGroup(ctx.store, accountId, inst.regionId, input.SecurityGroupId);
    requireSteady(inst);
    if (inst.securityGroupIds.includes(input.SecurityGroupId)) throw membershipErrors.alreadyMember();
    if (inst.securityGroupIds.length >= MAX_GROUPS_PER_INSTANCE) throw membershipErrors.tooManyGroupsAtJoin();
    const current = await loadSecurityGroups(ctx.store, accountId, inst.regionId, inst.securityGroupIds);
    checkGroupSet([...current.values(), stored], accountId, inst.regionId, membershipErrors.vpcMismatchAtJoin, inst.vpcId);
    if (stored.memberCount + 1 > groupMemberLimit()) throw membershipErrors.groupFullAtJoin();
    saveSecurityGroup(ctx.tx, stored, { ...groupOf(stored), memberCount: stored.memberCount + 1 });
    save(ctx, loaded, { ...inst, securityGroupIds: [...inst.securityGroupIds, input.SecurityGroupId] });
    return {};
  },
});

export const leaveSecurityGroup = defineAction({
  name: 'LeaveSecurityGroup',
  input: z.object(fields),
  handler: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const loaded = await loadTarget(ctx, input);
    const inst = loaded.current;
    const stored = await requireGroup(ctx.store, accountId, inst.regionId, input.SecurityGroupId);
    requireSteady(inst);
    if (!inst.securityGroupIds.includes(input.SecurityGroupId)) throw membershipErrors.notMember();
    if (inst.securityGroupIds.length <= 1) throw membershipErrors.lastGroup();
    saveSecurityGroup(ctx.tx, stored, { ...groupOf(stored), memberCount: Math.max(0, stored.memberCount - 1) });
    save(ctx, loaded, { ...inst, securityGroupIds: inst.securityGroupIds.filter((id) => id !== input.SecurityGroupId) });
    return {};
  },
});
