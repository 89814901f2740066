import { defaultVpcId } from '../../domain/network';
import { addRules, ec2VpcDefaultRules, newSecurityGroup, type SecurityGroupRecord } from '../../domain/security-group';
import { defaultSecurityGroupIdOfVpc } from '../../domain/vpc';
import { Keys } from '../../store/keys';
import { pageOfPartition } from '../../store/partition-pages';
import { groupOf, loadSecurityGroup, loadSecurityGroups, SECURITY_GROUP, type SecurityGroupItem } from '../../store/security-groups';
import { accountOf, type ActionContext } from '../action';
import { requireRegion } from '../instances/common';
import { defineOperation } from '../operation';
import { allOf } from '../resource-listing';

/**
 * The security group reads as a typed query (docs/operations.md): a BatchGet by id or one Query of
 * the account-region's group partition that pages (never the whole region for one page, never a
 * Scan). Exact filters are fields; a dialect's other filters are one predicate applied as the
 * query pages, so a page is full.
 */
export interface SecurityGroupQuery {
  regionId: string;
  /** Only these groups (one BatchGet; unknown ids are left out). */
  ids?: readonly string[];
  vpcId?: string;
  /** Groups with one of these names (exact). */
  names?: readonly string[];
  /** A dialect's other filters, as one predicate on the group. */
  matches?: (g: SecurityGroupRecord) => boolean;
  /**
   * EC2: the default VPC's `default` group exists from the account's start
   * (https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html); the sandbox
   * stores it on the first launch, so until then it is listed as it will be made: all inbound
   * from itself, all outbound.
   */
  withPendingDefaultGroup?: boolean;
  /** At most `limit` groups (default all), after the group `afterGroupId` (id order). */
  paging?: { limit?: number; afterGroupId?: string };
}

export interface SecurityGroupPage {
  groups: SecurityGroupRecord[];
  /** The last group of the page when more follow. */
  lastGroupId?: string;
}

/** The account-region's default group as EC2 shows it before it is stored. */
function pendingDefaultGroup(accountId: string, regionId: string, now: Date): SecurityGroupRecord {
  const vpcId = defaultVpcId(accountId, regionId);
  const made = newSecurityGroup({
    securityGroupId: defaultSecurityGroupIdOfVpc(accountId, regionId, vpcId),
    regionId,
    accountId,
    vpcId,
    securityGroupName: 'default',
    description: 'default VPC security group',
    securityGroupType: 'normal',
    creationTime: now.toISOString(),
    nameProfile: 'ec2',
  });
  return addRules(made, ec2VpcDefaultRules(made.securityGroupId), { now: now.toISOString(), newRuleId: () => '' }).group;
}

/**
 * The pending default group when it belongs on this page (its id inside the page's range `inPage`),
 * passes `keep` and is not stored. `listed`: the groups an unfiltered read of that range found,
 * which already say whether it is stored, with no read of its own.
 */
async function pendingDefault(
  ctx: ActionContext,
  accountId: string,
  regionId: string,
  keep: (g: SecurityGroupRecord) => boolean,
  inPage: (id: string) => boolean,
  listed?: readonly SecurityGroupRecord[],
) {
  if (accountId === '') return undefined;
  const pending = pendingDefaultGroup(accountId, regionId, ctx.now);
  const id = pending.securityGroupId;
  if (!inPage(id) || !keep(pending)) return undefined;
  if (listed) return listed.some((g) => g.securityGroupId === id) ? undefined : pending;
  return (await loadSecurityGroup(ctx.store, accountId, regionId, id)) ? undefined : pending;
}

const byId = (a: SecurityGroupRecord, b: SecurityGroupRecord) => (a.securityGroupId < b.securityGroupId ? -1 : 1);

export const describeSecurityGroups = defineOperation<SecurityGroupQuery, SecurityGroupPage>({
  name: 'DescribeSecurityGroups',
  run: async (q, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(q.regionId);
    const tests: ((g: SecurityGroupRecord) => boolean)[] = [];
    if (q.ids) tests.push((g) => q.ids!.includes(g.securityGroupId));
    if (q.vpcId !== undefined) tests.push((g) => g.vpcId === q.vpcId);
    if (q.names) tests.push((g) => q.names!.includes(g.securityGroupName));
    if (q.matches) tests.push(q.matches);
    const filter = allOf(tests);
    const keep = filter ?? (() => true);
    const limit = q.paging?.limit ?? Number.MAX_SAFE_INTEGER;
    const after = q.paging?.afterGroupId;
    let groups: SecurityGroupRecord[];
    let lastGroupId: string | undefined;
    if (q.ids) {
      const found = [...(await loadSecurityGroups(ctx.store, accountId, regionId, q.ids)).values()].map((g) => groupOf(g) as SecurityGroupRecord);
      groups = found.filter((g) => keep(g) && (after === undefined || g.securityGroupId > after)).sort(byId);
    } else {
      const page = await pageOfPartition<SecurityGroupItem, SecurityGroupRecord>(ctx.store, Keys.resourcePartition(accountId, regionId, SECURITY_GROUP), {
        limit,
        afterId: after,
        view: (raw) => groupOf(raw),
        // No filter: one Query of `limit + 1` groups.
        ...(filter ? { keep: filter } : {}),
      });
      groups = page.items;
      lastGroupId = page.nextAfterId;
    }
    // The pending group takes its place in id order: on this page if it falls before the page's end.
    const inPage = (id: string) => (after === undefined || id > after) && (lastGroupId === undefined || id < lastGroupId);
    const listed = !q.ids && !filter ? groups : undefined;
    const pending = q.withPendingDefaultGroup ? await pendingDefault(ctx, accountId, regionId, keep, inPage, listed) : undefined;
    if (pending) groups = [...groups, pending].sort(byId);
    if (groups.length > limit) {
      groups = groups.slice(0, limit);
      lastGroupId = groups.at(-1)!.securityGroupId;
    }
    return { groups, ...(lastGroupId !== undefined ? { lastGroupId } : {}) };
  },
});
