import { Errors } from '../../domain/errors';
import { securityGroupError, type RuleDirection, type SecurityGroupRecord, type SecurityGroupRuleSpec } from '../../domain/security-group';
import { groupOf, loadSecurityGroup, loadSecurityGroups, saveSecurityGroup, type SecurityGroupItem } from '../../store/security-groups';
import type { Stored } from '../../store/state-store';
import type { ActionContext } from '../action';
import { referencedGroupIds } from './common';

/**
 * The groups a group's rules name (as source or destination): they must exist in the same VPC
 * when a rule names them, and each keeps `referencedBy` (who names it) in the same unit of work,
 * so DeleteSecurityGroup can refuse while another group's rule refers to it.
 */

const refErrors = {
  notFound: (direction: RuleDirection) =>
    direction === 'ingress'
      ? securityGroupError(
          'referencedGroupNotFound',
          Errors.notFound('InvalidSourceGroupId.NotFound', 'The SourceGroupId provided does not exist in our records.'),
        )
      : securityGroupError(
          'referencedGroupNotFound',
          Errors.notFound('InvalidDestGroupId.NotFound', 'The DestGroupId provided does not exist in our records.'),
        ),
  vpcMismatch: (direction: RuleDirection) =>
    direction === 'ingress'
      ? securityGroupError(
          'referencedGroupVpcMismatch',
          Errors.invalid('InvalidSourceGroupId.Mismatch', 'Specified security group and source group are not in the same VPC.'),
        )
      : securityGroupError(
          'referencedGroupVpcMismatch',
          Errors.invalid('InvalidDestGroupId.Mismatch', 'Specified security group and destination group are not in the same VPC.'),
        ),
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
