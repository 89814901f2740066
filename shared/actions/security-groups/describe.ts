import { z } from 'zod';
import { Errors } from '../../domain/errors';
import { networkTypeOf, renderSecurityGroup, renderSecurityGroupAttribute, securityGroupErrors, type SecurityGroupRecord } from '../../domain/security-group';
import { matchesTagFilter } from '../../domain/tags';
import { groupOf, listSecurityGroups, loadSecurityGroups } from '../../store/security-groups';
import { accountOf, defineAction } from '../action';
import { requireRegion } from '../instances/common';
import { pageFields } from '../paging';
import { commonFields, p } from '../params';
import { tagEntries, toTagFilter } from '../tags/input';
import { MAX_INSTANCES_PER_GROUP, requireGroup, securityGroupIdField } from './common';

/**
 * DescribeSecurityGroups (filters, page-number or token paging) and DescribeSecurityGroupAttribute
 * (the rules, by direction, token-paged). Reads are one Query of the account-region's group
 * partition, or GetItems by id.
 */
const encodeToken = (prefix: string, value: string | number) => Buffer.from(`${prefix}:${value}`).toString('base64url');
function decodeToken(prefix: string, token: string): string {
  const text = Buffer.from(token, 'base64url').toString('utf8');
  if (!text.startsWith(`${prefix}:`) || text.length <= prefix.length + 1) {
    throw Errors.invalid('InvalidNextToken.Malformed', 'The specified NextToken is not valid.');
  }
  return text.slice(prefix.length + 1);
}

const wildcard = (pattern: string) =>
  new RegExp(
    `^${pattern
      .split('*')
      .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
    'u',
  );

export const describeSecurityGroups = defineAction({
  name: 'DescribeSecurityGroups',
  input: z.object({
    ...commonFields,
    ...pageFields(50),
    RegionId: p.regionId(),
    SecurityGroupId: p.string().optional(),
    SecurityGroupIds: p.jsonList(p.string(), { max: 100 }).optional(),
    SecurityGroupName: p.string().optional(),
    SecurityGroupType: p.string().optional(),
    VpcId: p.string().optional(),
    NetworkType: p.string().optional(),
    ResourceGroupId: p.string().optional(),
    ServiceManaged: p.bool().optional(),
    FuzzyQuery: p.bool().optional(),
    IsQueryEcsCount: p.bool().optional(),
    Tag: tagEntries(),
    MaxResults: p.int({ min: 1, max: 100 }).optional(),
    NextToken: p.string().optional(),
  }),
  handler: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.RegionId);
    if (input.SecurityGroupType !== undefined && input.SecurityGroupType !== 'normal' && input.SecurityGroupType !== 'enterprise') {
      throw securityGroupErrors.type();
    }
    if (input.NetworkType !== undefined && input.NetworkType !== 'vpc' && input.NetworkType !== 'classic') {
      throw Errors.invalidParameter('NetworkType');
    }
    const byIds = input.SecurityGroupIds ?? (input.SecurityGroupId !== undefined ? [input.SecurityGroupId] : undefined);
    const stored = byIds
      ? [...(await loadSecurityGroups(ctx.store, accountId, regionId, byIds)).values()].sort((a, b) => (a.securityGroupId < b.securityGroupId ? -1 : 1))
      : await listSecurityGroups(ctx.store, accountId, regionId);
    const tagFilter = toTagFilter(input.Tag);
    // SecurityGroupName: exact, or a `*` pattern; with FuzzyQuery a plain name matches as a substring.
    const name = input.SecurityGroupName;
    const namePattern = name === undefined ? undefined : wildcard(name.includes('*') || !input.FuzzyQuery ? name : `*${name}*`);
    const nameMatches = (n: string) => namePattern === undefined || namePattern.test(n);
    const matched = stored.filter(
      (g) =>
        nameMatches(g.securityGroupName) &&
        (input.SecurityGroupType === undefined || g.securityGroupType === input.SecurityGroupType) &&
        (input.VpcId === undefined || g.vpcId === input.VpcId) &&
        (input.NetworkType === undefined || networkTypeOf(g) === input.NetworkType) &&
        (input.ResourceGroupId === undefined || (g.resourceGroupId ?? '') === input.ResourceGroupId) &&
        (input.ServiceManaged === undefined || (g.serviceManaged ?? false) === input.ServiceManaged) &&
        matchesTagFilter(g.tags, tagFilter),
    );
    const render = (g: (typeof matched)[number]) => renderSecurityGroup(groupOf(g), { ecsCount: g.memberCount, instanceCapacity: MAX_INSTANCES_PER_GROUP });

    if (input.NextToken !== undefined || input.MaxResults !== undefined) {
      const limit = input.MaxResults ?? 10;
      const after = input.NextToken !== undefined ? decodeToken('sg', input.NextToken) : undefined;
      const rest = after === undefined ? matched : matched.filter((g) => g.securityGroupId > after);
      const page = rest.slice(0, limit);
      const more = rest.length > limit;
      return {
        RegionId: regionId,
        TotalCount: matched.length,
        PageNumber: 1,
        PageSize: limit,
        NextToken: more ? encodeToken('sg', page[page.length - 1]!.securityGroupId) : '',
        SecurityGroups: { SecurityGroup: page.map(render) },
      };
    }
    const pageSize = input.PageSize ?? 10;
    const pageNumber = input.PageNumber ?? 1;
    const page = matched.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
    return {
      RegionId: regionId,
      TotalCount: matched.length,
      PageNumber: pageNumber,
      PageSize: pageSize,
      NextToken: '',
      SecurityGroups: { SecurityGroup: page.map(render) },
    };
  },
});

export const describeSecurityGroupAttribute = defineAction({
  name: 'DescribeSecurityGroupAttribute',
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    SecurityGroupId: securityGroupIdField(),
    Direction: p.string().optional(),
    NicType: p.string().optional(),
    Attribute: p.string().optional(),
    MaxResults: p.int({ min: 10, max: 1000 }).optional(),
    NextToken: p.string().optional(),
  }),
  handler: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.RegionId);
    const direction = input.Direction ?? 'all';
    if (direction !== 'all' && direction !== 'ingress' && direction !== 'egress') throw Errors.invalidParameter('Direction');
    if (input.NicType !== undefined && input.NicType !== 'internet' && input.NicType !== 'intranet') {
      throw securityGroupErrors.nicType();
    }
    const stored = await requireGroup(ctx.store, accountId, regionId, input.SecurityGroupId);
    const group: SecurityGroupRecord = groupOf(stored);
    // Names of the groups the rules refer to (SourceGroupName / DestGroupName).
    const refIds = group.rules.map((r) => r.sourceGroupId || r.destGroupId).filter((id) => id !== '');
    const refs = await loadSecurityGroups(ctx.store, accountId, regionId, refIds);
    const body = renderSecurityGroupAttribute(group, { direction, nicType: input.NicType }, { groupNameOf: (id) => refs.get(id)?.securityGroupName }) as {
      Permissions: { Permission: Record<string, string>[] };
    } & Record<string, unknown>;

    const all = body.Permissions.Permission;
    const limit = input.MaxResults ?? 500;
    const start = input.NextToken !== undefined ? Number(decodeToken('rule', input.NextToken)) : 0;
    if (!Number.isInteger(start) || start < 0) throw Errors.invalid('InvalidNextToken.Malformed', 'The specified NextToken is not valid.');
    const page = all.slice(start, start + limit);
    const next = start + limit < all.length ? encodeToken('rule', start + limit) : '';
    return {
      ...body,
      Permissions: { Permission: page },
      NextToken: next,
      ...(input.Attribute === 'snapshotPolicyIds' ? { SnapshotPolicyIds: { SnapshotPolicyId: [] } } : {}),
    };
  },
});
