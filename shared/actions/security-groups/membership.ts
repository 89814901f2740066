import { Errors } from '../../domain/errors';
import type { InstanceRecord } from '../../domain/instance';
import { defaultVpcId } from '../../domain/network';
import { defaultSecurityGroupIdOfVpc } from '../../domain/vpc';
import { addRules, ec2VpcDefaultRules, newSecurityGroup } from '../../domain/security-group';
import { currentDialect } from '../../platform/dialect';
import { countWithoutLimit } from '../../store/quota-counters';
import { createSecurityGroup, groupOf, loadSecurityGroups, saveSecurityGroup, type SecurityGroupItem } from '../../store/security-groups';
import type { Stored } from '../../store/state-store';
import type { ActionContext } from '../action';
import { checkGroupSet, groupMemberLimit, MAX_GROUPS_PER_INSTANCE, membershipErrors } from './common';

/**
 * Instance membership of security groups, as the instance actions need it:
 * - at launch (RunInstances, CreateInstance): which groups, created on first use for the
 *   account-region's default group, and the member counts taken in the launch's transaction;
 * - ModifyInstanceAttribute `SecurityGroupIds` (replaces the whole set);
 * - release (shared/store/network-release.ts gives the members back).
 * The count lives on the group item (shared/store/security-groups.ts), so each of these is a
 * versioned write of the groups touched, in the same transaction as the instance.
 */

export interface LaunchSecurityGroups {
  ids: string[];
  /** Existing groups, by id. */
  existing: Map<string, Stored<SecurityGroupItem>>;
  /** The account-region's default group when it does not exist yet (created by the launch). */
  createDefault?: SecurityGroupItem;
}

/**
 * The default security group of a VPC: the id network.ts derives, created with the VPC through
 * EC2 and on first use otherwise. Its rules are those of the dialect that makes it: through ECS the
 * guide's default-VPC rules (docs/rules/ecs-user-guide.md#security-groups: TCP 22, TCP 3389 and ICMP
 * from 0.0.0.0/0 at priority 110, which user rules shadow); through EC2 EC2's (all inbound from the
 * group itself, all outbound: shared/domain/security-group/default-rules.ts `ec2VpcDefaultRules`).
 * Both dialects then see the one stored group (docs/ec2-dialect.md, "The default security group").
 */
export function newDefaultSecurityGroup(accountId: string, regionId: string, now: Date, vpcId?: string): SecurityGroupItem {
  const inVpc = vpcId ?? defaultVpcId(accountId, regionId);
  const ec2 = currentDialect() === 'ec2';
  const made = newSecurityGroup({
    securityGroupId: defaultSecurityGroupIdOfVpc(accountId, regionId, inVpc),
    regionId,
    accountId,
    vpcId: inVpc,
    securityGroupName: 'default',
    description: 'System created security group.',
    securityGroupType: 'normal',
    creationTime: now.toISOString(),
    defaultRuleProfile: ec2 ? 'custom' : 'vpc-default',
  });
  // The self-reference is not "another group's rule": referencedBy stays empty.
  const record = ec2 ? addRules(made, ec2VpcDefaultRules(made.securityGroupId), { now: now.toISOString() }).group : made;
  return { ...record, memberCount: 0, referencedBy: [] };
}

/**
 * RunInstances / CreateInstance `SecurityGroupId` / `SecurityGroupIds.N` (mutually exclusive,
 * api §3.1): 1 to 5 groups (docs/rules/ecs-user-guide.md#quotas) that exist in the account-region, are in the default VPC
 * (the only VPC) and are not of mixed types. Without either, the default group. Nothing is written.
 */
export async function resolveSecurityGroupsForLaunch(
  ctx: ActionContext,
  accountId: string,
  regionId: string,
  requested: { securityGroupId?: string; securityGroupIds?: string[]; vpcId?: string },
): Promise<LaunchSecurityGroups> {
  if (requested.securityGroupId !== undefined && requested.securityGroupIds !== undefined) {
    throw Errors.invalid('InvalidParameter.Conflict', 'SecurityGroupId and SecurityGroupIds.N cannot be specified together.');
  }
  const vpcId = requested.vpcId ?? defaultVpcId(accountId, regionId);
  // The launch's VPC's default group (the account-region's one for the default VPC).
  const defaultId = defaultSecurityGroupIdOfVpc(accountId, regionId, vpcId);
  const ids = [...new Set(requested.securityGroupIds ?? (requested.securityGroupId !== undefined ? [requested.securityGroupId] : [defaultId]))];
  if (ids.length < 1) throw Errors.invalidParameter('SecurityGroupIds');
  if (ids.length > MAX_GROUPS_PER_INSTANCE) throw membershipErrors.tooManyGroupsAtLaunch();
  const existing = await loadSecurityGroups(ctx.store, accountId, regionId, ids);
  let createDefault: SecurityGroupItem | undefined;
  for (const id of ids) {
    if (existing.has(id)) continue;
    if (id === defaultId) createDefault = newDefaultSecurityGroup(accountId, regionId, ctx.now, vpcId);
    else throw membershipErrors.groupNotFound();
  }
  const groups = [...existing.values(), ...(createDefault ? [createDefault] : [])];
  checkGroupSet(groups, accountId, regionId, membershipErrors.vpcMismatchAtLaunch, vpcId);
  return { ids, existing, createDefault };
}

/**
 * The launch's writes: `amount` more members in each group (at most 1,000 per group, docs/rules/ecs-user-guide.md#quotas),
 * the default group created if it was missing (counted as a security group of the region, without
 * a limit: the system creates it). Put before the instances in the unit of work, so a big launch's
 * first transaction holds every check.
 */
export function joinSecurityGroupsAtLaunch(ctx: ActionContext, groups: LaunchSecurityGroups, amount: number): void {
  for (const stored of groups.existing.values()) {
    if (stored.memberCount + amount > groupMemberLimit()) throw membershipErrors.groupFullAtLaunch(stored.securityGroupId);
    saveSecurityGroup(ctx.tx, stored, { ...groupOf(stored), memberCount: stored.memberCount + amount });
  }
  if (groups.createDefault) {
    const group = groups.createDefault;
    if (amount > groupMemberLimit()) throw membershipErrors.groupFullAtLaunch(group.securityGroupId);
    createSecurityGroup(ctx.tx, { ...group, memberCount: amount });
    countWithoutLimit(ctx.tx, { accountId: group.accountId, quotaName: 'SecurityGroups', scope: group.regionId, amount: 1 });
  }
}

/**
 * ModifyInstanceAttribute `SecurityGroupIds.N`: replaces the instance's whole set (api §3.1).
 * Same rules as at launch (1-5 existing groups, one VPC, one type); groups left lose a member,
 * groups joined gain one (within their capacity). Returns the new list for the instance record.
 */
export async function changeInstanceSecurityGroups(ctx: ActionContext, instance: InstanceRecord, requestedIds: readonly string[]): Promise<string[]> {
  const ids = [...new Set(requestedIds)];
  if (ids.length < 1) throw Errors.invalidParameter('SecurityGroupIds');
  if (ids.length > MAX_GROUPS_PER_INSTANCE) throw membershipErrors.tooManyGroupsAtLaunch();
  const { accountId, regionId } = instance;
  const before = new Set(instance.securityGroupIds);
  const loaded = await loadSecurityGroups(ctx.store, accountId, regionId, [...ids, ...before]);
  for (const id of ids) if (!loaded.has(id)) throw membershipErrors.groupNotFound();
  checkGroupSet(
    ids.map((id) => loaded.get(id)!),
    accountId,
    regionId,
    membershipErrors.vpcMismatchAtLaunch,
    instance.vpcId,
  );
  for (const id of ids) {
    if (before.has(id)) continue;
    const stored = loaded.get(id)!;
    if (stored.memberCount + 1 > groupMemberLimit()) throw membershipErrors.groupFullAtLaunch(id);
    saveSecurityGroup(ctx.tx, stored, { ...groupOf(stored), memberCount: stored.memberCount + 1 });
  }
  for (const id of before) {
    const stored = loaded.get(id);
    if (ids.includes(id) || !stored) continue;
    saveSecurityGroup(ctx.tx, stored, { ...groupOf(stored), memberCount: Math.max(0, stored.memberCount - 1) });
  }
  return ids;
}
