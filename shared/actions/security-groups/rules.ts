import { z } from 'zod';
import { Errors } from '../../domain/errors';
import { currentDialect } from '../../platform/dialect';
import {
  addRules,
  checkEc2RuleLimit,
  MAX_PERMISSIONS_PER_CALL,
  removeRules,
  ruleContextOf,
  validateRuleInput,
  type RuleDirection,
  type RuleInput,
  type SecurityGroupRecord,
  type SecurityGroupRuleSpec,
} from '../../domain/security-group';
import {
  groupOf,
  loadSecurityGroup,
  loadSecurityGroups,
  saveSecurityGroup,
  type SecurityGroupItem,
} from '../../store/security-groups';
import type { Stored } from '../../store/state-store';
import { accountOf, defineAction, type ActionContext } from '../action';
import { requireRegion } from '../instances/common';
import { commonFields, p } from '../params';
import { referencedGroupIds, requireGroup, securityGroupIdField } from './common';

/**
 * AuthorizeSecurityGroup(Egress) and RevokeSecurityGroup(Egress): rules in `Permissions.N.*`
 * (1-100 per call) or in the deprecated top-level single-rule fields; revoke also by
 * `SecurityGroupRuleId.N`. Validation, identity ("an identical rule authorised twice is stored
 * once"), limits and removal are the domain's (shared/domain/security-group/). Here: the group
 * and the groups its rules name must exist, and the named groups learn who refers to them
 * (`referencedBy`), in the same transaction, so DeleteSecurityGroup can refuse.
 */
export const RULE_FIELDS = [
  'IpProtocol',
  'PortRange',
  'SourcePortRange',
  'SourceCidrIp',
  'DestCidrIp',
  'Ipv6SourceCidrIp',
  'Ipv6DestCidrIp',
  'SourceGroupId',
  'SourceGroupOwnerAccount',
  'SourceGroupOwnerId',
  'DestGroupId',
  'DestGroupOwnerAccount',
  'DestGroupOwnerId',
  'SourcePrefixListId',
  'DestPrefixListId',
  'PortRangeListId',
  'Policy',
  'Priority',
  'NicType',
  'Description',
] as const;
type RuleField = (typeof RULE_FIELDS)[number];
export type WireRule = Partial<Record<RuleField, string>>;

export const ruleShape = Object.fromEntries(RULE_FIELDS.map((f) => [f, p.string({ max: 4096 }).optional()])) as Record<
  RuleField,
  z.ZodOptional<ReturnType<typeof p.string>>
>;

const ruleActionInput = (withRuleIds: boolean) =>
  z.object({
    ...commonFields,
    ...ruleShape,
    RegionId: p.regionId(),
    SecurityGroupId: securityGroupIdField(),
    Permissions: p.list(z.object(ruleShape), { max: 1000 }).optional(),
    ...(withRuleIds ? { SecurityGroupRuleId: p.list(p.string({ min: 1, max: 128 }), { max: 1000 }).optional() } : {}),
    ClientToken: p.clientToken().optional(),
  });

const camel = (s: string) => s[0]!.toLowerCase() + s.slice(1);

export function toRuleInput(wire: WireRule, direction: RuleDirection): RuleInput {
  if (wire.PortRangeListId !== undefined) {
    // Port lists are not modelled: none exists.
    throw Errors.notFound('InvalidPortRangeListId.NotFound', 'The specified port list does not exist.');
  }
  const out: Record<string, string> = {};
  for (const f of RULE_FIELDS) if (wire[f] !== undefined && f !== 'PortRangeListId') out[camel(f)] = wire[f]!;
  return { ...out, direction };
}

/** The rules of the call: `Permissions.N`, else the deprecated top-level fields as one rule. */
function wireRules(input: WireRule & { Permissions?: WireRule[] }): WireRule[] {
  if (input.Permissions && input.Permissions.length > 0) {
    if (input.Permissions.length > MAX_PERMISSIONS_PER_CALL) throw Errors.invalidParameter('Permissions');
    return input.Permissions;
  }
  const single: WireRule = {};
  for (const f of RULE_FIELDS) if (input[f] !== undefined) single[f] = input[f];
  return [single];
}

function validateRules(group: SecurityGroupRecord, wire: WireRule[], direction: RuleDirection): SecurityGroupRuleSpec[] {
  const specs = wire.map((w) => validateRuleInput(toRuleInput(w, direction), ruleContextOf(group)));
  for (const s of specs) {
    // Prefix lists are not modelled either: none exists (documented 404).
    if (s.sourcePrefixListId || s.destPrefixListId) {
      throw Errors.notFound('InvalidPrefixListId.NotFound', 'The specified prefix list was not found.');
    }
  }
  return specs;
}

const refErrors = {
  notFound: (direction: RuleDirection) =>
    direction === 'ingress'
      ? Errors.notFound('InvalidSourceGroupId.NotFound', 'The SourceGroupId provided does not exist in our records.')
      : Errors.notFound('InvalidDestGroupId.NotFound', 'The DestGroupId provided does not exist in our records.'),
  vpcMismatch: (direction: RuleDirection) =>
    direction === 'ingress'
      ? Errors.invalid('InvalidSourceGroupId.Mismatch', 'Specified security group and source group are not in the same VPC.')
      : Errors.invalid('InvalidDestGroupId.Mismatch', 'Specified security group and destination group are not in the same VPC.'),
};

/**
 * The groups new rules name must exist. A group of another account (`*GroupOwnerId`) would sit in
 * that account's own default VPC, never the caller's: such a rule is refused as a VPC mismatch.
 */
export async function checkReferencedGroups(
  ctx: ActionContext,
  group: SecurityGroupRecord,
  specs: SecurityGroupRuleSpec[],
  direction: RuleDirection,
): Promise<Map<string, Stored<SecurityGroupItem>>> {
  const sameAccount = new Set<string>();
  for (const s of specs) {
    const id = direction === 'ingress' ? s.sourceGroupId : s.destGroupId;
    if (!id) continue;
    const owner = direction === 'ingress' ? s.sourceGroupOwnerId || s.sourceGroupOwnerAccount : s.destGroupOwnerId || s.destGroupOwnerAccount;
    if (owner && owner !== group.accountId) {
      const other = /^\d{1,20}$/.test(owner) ? await loadSecurityGroup(ctx.store, owner, group.regionId, id) : undefined;
      throw other ? refErrors.vpcMismatch(direction) : refErrors.notFound(direction);
    }
    sameAccount.add(id);
  }
  const found = await loadSecurityGroups(ctx.store, group.accountId, group.regionId, [...sameAccount]);
  for (const id of sameAccount) {
    const ref = found.get(id);
    if (!ref) throw refErrors.notFound(direction);
    if (ref.vpcId !== group.vpcId) throw refErrors.vpcMismatch(direction);
  }
  return found;
}

/** Keep `referencedBy` of the named groups equal to what the rules say, in this transaction. */
export async function syncReferences(
  ctx: ActionContext,
  before: SecurityGroupRecord,
  after: SecurityGroupRecord,
  loaded: Map<string, Stored<SecurityGroupItem>> = new Map(),
): Promise<void> {
  const was = referencedGroupIds(before);
  const now = referencedGroupIds(after);
  const added = [...now].filter((id) => !was.has(id));
  const removed = [...was].filter((id) => !now.has(id));
  const missing = [...added, ...removed].filter((id) => !loaded.has(id));
  const more = await loadSecurityGroups(ctx.store, after.accountId, after.regionId, missing);
  const get = (id: string) => loaded.get(id) ?? more.get(id);
  const self = after.securityGroupId;
  for (const id of added) {
    const target = get(id);
    if (!target) continue;
    const item = groupOf(target);
    if (!item.referencedBy.includes(self)) saveSecurityGroup(ctx.tx, target, { ...item, referencedBy: [...item.referencedBy, self] });
  }
  for (const id of removed) {
    const target = get(id);
    if (!target) continue;
    const item = groupOf(target);
    saveSecurityGroup(ctx.tx, target, { ...item, referencedBy: item.referencedBy.filter((x) => x !== self) });
  }
}

function authorizeAction(name: string, direction: RuleDirection) {
  return defineAction({
    name,
    idempotent: true,
    input: ruleActionInput(false),
    handler: async (input, ctx) => {
      const accountId = accountOf(ctx);
      const regionId = requireRegion(input.RegionId);
      const stored = await requireGroup(ctx.store, accountId, regionId, input.SecurityGroupId);
      const group = groupOf(stored);
      const specs = validateRules(group, wireRules(input), direction);
      const refs = await checkReferencedGroups(ctx, group, specs, direction);
      const result = addRules(group, specs, { now: ctx.now.toISOString() });
      if (result.added.length === 0) return {};
      // Through EC2, EC2's 60 rules per direction, counted in this unit of work (the group is written at the version read).
      if (currentDialect() === 'ec2') checkEc2RuleLimit(result.group.rules, direction);
      const next: SecurityGroupItem = { ...group, rules: result.group.rules };
      saveSecurityGroup(ctx.tx, stored, next);
      await syncReferences(ctx, group, next, refs);
      return {};
    },
  });
}

function revokeAction(name: string, direction: RuleDirection) {
  return defineAction({
    name,
    idempotent: true,
    input: ruleActionInput(true),
    handler: async (input, ctx) => {
      const accountId = accountOf(ctx);
      const regionId = requireRegion(input.RegionId);
      const ruleIds = (input as { SecurityGroupRuleId?: string[] }).SecurityGroupRuleId;
      const hasPermissions = (input.Permissions?.length ?? 0) > 0 || RULE_FIELDS.some((f) => input[f] !== undefined);
      if (ruleIds && ruleIds.length > 0 && hasPermissions) {
        throw Errors.invalidParameter('SecurityGroupRuleId', 'SecurityGroupRuleId.N and Permissions.N cannot be specified together.');
      }
      if (ruleIds && ruleIds.length > MAX_PERMISSIONS_PER_CALL) throw Errors.invalidParameter('SecurityGroupRuleId');
      const stored = await requireGroup(ctx.store, accountId, regionId, input.SecurityGroupId);
      const group = groupOf(stored);
      const result =
        ruleIds && ruleIds.length > 0
          ? removeRules(group, { direction, ruleIds })
          : removeRules(group, { direction, rules: validateRules(group, wireRules(input), direction) });
      if (result.removed.length === 0) return {};
      const next: SecurityGroupItem = { ...group, rules: result.group.rules };
      saveSecurityGroup(ctx.tx, stored, next);
      await syncReferences(ctx, group, next);
      return {};
    },
  });
}

export const authorizeSecurityGroup = authorizeAction('AuthorizeSecurityGroup', 'ingress');
export const authorizeSecurityGroupEgress = authorizeAction('AuthorizeSecurityGroupEgress', 'egress');
export const revokeSecurityGroup = revokeAction('RevokeSecurityGroup', 'ingress');
export const revokeSecurityGroupEgress = revokeAction('RevokeSecurityGroupEgress', 'egress');
