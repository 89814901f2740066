import { createSecurityGroup as createGroupOperation, deleteSecurityGroup as deleteGroupOperation } from '../../../actions/security-groups/operations';
import { describeSecurityGroups as describeGroupsQuery } from '../../../actions/security-groups/queries';
import { authorizeRules, revokeRules } from '../../../actions/security-groups/rule-operations';
import { ApiError } from '../../../domain/errors';
import { defaultSecurityGroupId, defaultVpcId } from '../../../domain/network';
import { isSecurityGroupError, type RuleDirection, type SecurityGroupRecord } from '../../../domain/security-group';
import { defineEc2Action, Ec2Errors } from '../adapter';
import { afterIdOfToken, checkIds, filterPredicate, pageOf, pageSizeOf, pageTokenAfter, tagsFor, type Filter, type FilterFields, type Tag } from '../views';
import {
  duplicateRuleError,
  ec2Group,
  ec2RuleOf,
  groupArn,
  groupIdsByName,
  GroupErrors,
  resolveGroup,
  ruleInputs,
  type IpPermission,
} from './security-group-view';

/**
 * Security groups of the EC2 dialect: codecs of the security group operations
 * (shared/actions/security-groups/operations.ts, rule-operations.ts, queries.ts). EC2's own rules
 * that ECS does not have (a group name unique per VPC, a duplicate rule refused, revoking a missing
 * rule refused, 60 rules per direction) are named in the operations' input; the typed `reason` of
 * their errors becomes EC2's code here.
 */

export { GroupErrors, resolveGroup, type IpPermission };

/** The errors every rule change shares, by typed reason (undefined: the general mapping). */
export function ruleChangeError(e: ApiError, direction: RuleDirection): ApiError | undefined {
  if (!isSecurityGroupError(e)) return undefined;
  switch (e.reason) {
    case 'malformedRule':
      return GroupErrors.ruleMalformed(e.message);
    case 'referencedGroupNotFound':
      // EC2 names a missing source group as a missing group; a missing destination keeps its code.
      return direction === 'egress' ? undefined : new ApiError('InvalidGroup.NotFound', 400, e.message);
    case 'ruleLimit':
    case 'ec2RuleLimit':
      return GroupErrors.ruleLimit();
    case 'duplicateRule':
      return e.rule ? duplicateRuleError(e.rule) : undefined;
    case 'ruleNotFound':
      return GroupErrors.ruleNotFound();
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Groups

export const createSecurityGroup = defineEc2Action<{
  GroupName: string;
  Description: string;
  VpcId?: string;
  TagSpecifications?: { ResourceType?: string; Tags?: Tag[] }[];
  DryRun?: boolean;
}>({
  name: 'CreateSecurityGroup',
  uses: ['CreateSecurityGroup', 'DescribeSecurityGroups'],
  handle: async (input, call) => {
    if (/^sg-/i.test(input.GroupName)) throw Ec2Errors.invalidParameterValue('Group names may not be in the format sg-*.');
    if (input.GroupName.length > 255)
      throw Ec2Errors.invalidParameterValue(`Value (${input.GroupName}) for parameter GroupName is invalid. Length exceeds 255.`);
    const tags = tagsFor(input.TagSpecifications, 'security-group');
    const vpcId = input.VpcId ?? defaultVpcId(call.accountId, call.region);
    const { group } = await call
      .perform(
        createGroupOperation,
        {
          regionId: call.region,
          vpcId: input.VpcId,
          name: input.GroupName,
          description: input.Description,
          tags: tags.map((t) => ({ key: t.Key, value: t.Value })),
          nameProfile: 'ec2',
          uniqueNamePerVpc: true,
        },
        { dryRun: input.DryRun },
      )
      .catch((e: unknown) => {
        throw isSecurityGroupError(e) && e.reason === 'duplicateName' ? GroupErrors.duplicate(input.GroupName, vpcId) : e;
      });
    return { GroupId: group.securityGroupId, SecurityGroupArn: groupArn(call, group.securityGroupId), Tags: tags };
  },
  mapError: (e, input) => {
    if (!isSecurityGroupError(e)) return undefined;
    switch (e.reason) {
      case 'vpcNotFound':
        return new ApiError('InvalidVpcID.NotFound', 400, `The vpc ID '${input.VpcId}' does not exist`);
      case 'invalidName':
        return Ec2Errors.invalidParameterValue(
          `Value (${input.GroupName}) for parameter GroupName is invalid. Valid characters: a-z, A-Z, 0-9, spaces, and ._-:/()#,@[]+=&;{}!$*`,
        );
      case 'invalidDescription':
        return Ec2Errors.invalidParameterValue(
          `Value (${input.Description}) for parameter GroupDescription is invalid. This sandbox takes 2-256 characters not starting with http:// or https://.`,
        );
      case 'groupQuota':
        return new ApiError('SecurityGroupLimitExceeded', 400, 'The maximum number of security groups has been reached.');
      default:
        return undefined;
    }
  },
});

const GROUP_FILTERS: FilterFields<ReturnType<typeof ec2Group>> = {
  'group-id': (g) => g.GroupId,
  'group-name': (g) => g.GroupName,
  description: (g) => g.Description,
  'vpc-id': (g) => g.VpcId,
  'owner-id': (g) => g.OwnerId,
  'ip-permission.protocol': (g) => g.IpPermissions.map((p) => p.IpProtocol),
  'ip-permission.from-port': (g) => g.IpPermissions.map((p) => p.FromPort),
  'ip-permission.to-port': (g) => g.IpPermissions.map((p) => p.ToPort),
  'ip-permission.cidr': (g) => g.IpPermissions.flatMap((p) => (p.IpRanges ?? []).map((r) => r.CidrIp)),
  'ip-permission.group-id': (g) => g.IpPermissions.flatMap((p) => (p.UserIdGroupPairs ?? []).map((r) => r.GroupId)),
  'egress.ip-permission.cidr': (g) => g.IpPermissionsEgress.flatMap((p) => (p.IpRanges ?? []).map((r) => r.CidrIp)),
};

/** A filter of one exact value (no wildcard) becomes a field of the query. */
const exactValue = (filters: Filter[] | undefined, name: string): string | undefined => {
  const f = (filters ?? []).filter((x) => x.Name === name);
  const value = f.length === 1 && f[0]!.Values?.length === 1 ? f[0]!.Values[0]! : undefined;
  return value !== undefined && !/[*?]/.test(value) ? value : undefined;
};

/**
 * DescribeSecurityGroups (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeSecurityGroups.html)
 * through the typed query: GroupIds are one BatchGet, GroupNames one exact field; otherwise a
 * `vpc-id` or `group-name` filter of one exact value is a field of the query, every filter is its
 * predicate (on the group as EC2 shows it), and MaxResults/NextToken page the query (the token
 * names the page's last group), so a page reads about one page of the partition.
 */
export const describeSecurityGroups = defineEc2Action<{
  GroupIds?: string[];
  GroupNames?: string[];
  Filters?: Filter[];
  MaxResults?: number;
  NextToken?: string;
  DryRun?: boolean;
}>({
  name: 'DescribeSecurityGroups',
  uses: ['DescribeSecurityGroups', 'DescribeSecurityGroupAttribute'],
  handle: async (input, call) => {
    checkIds(input.GroupIds, 'InvalidGroupId.Malformed', ['sg'], 'sg');
    const keep = filterPredicate(input.Filters, GROUP_FILTERS);
    const matches = keep && ((g: SecurityGroupRecord) => keep(ec2Group(call, g)));
    const query = { regionId: call.region, withPendingDefaultGroup: true, ...(matches ? { matches } : {}) };
    const ids = input.GroupIds?.length ? input.GroupIds : undefined;
    const names = input.GroupNames?.length ? input.GroupNames : undefined;
    if (ids || names) {
      // Every named group must exist, so these are read whole (one BatchGet, or one exact field) and paged here.
      const named = await call.perform(
        describeGroupsQuery,
        { regionId: call.region, withPendingDefaultGroup: true, ...(ids ? { ids } : {}), ...(names ? { names } : {}) },
        { dryRun: input.DryRun },
      );
      for (const id of ids ?? []) if (!named.groups.some((g) => g.securityGroupId === id)) throw GroupErrors.notFound(id);
      for (const name of names ?? []) {
        if (!named.groups.some((g) => g.securityGroupName === name)) throw GroupErrors.nameNotFound(name, defaultVpcId(call.accountId, call.region));
      }
      const views = named.groups.map((g) => ec2Group(call, g));
      const { page, nextToken } = pageOf(keep ? views.filter(keep) : views, (g) => g.GroupId, 'DescribeSecurityGroups', input.MaxResults, input.NextToken, {
        min: 5,
        max: 1000,
      });
      return { SecurityGroups: page, ...(nextToken ? { NextToken: nextToken } : {}) };
    }
    const vpcId = exactValue(input.Filters, 'vpc-id');
    const name = exactValue(input.Filters, 'group-name');
    const limit = input.MaxResults === undefined ? undefined : pageSizeOf(input.MaxResults, { min: 5, max: 1000 });
    const afterGroupId = afterIdOfToken('DescribeSecurityGroups', input.NextToken);
    const page = await call.perform(
      describeGroupsQuery,
      { ...query, ...(vpcId !== undefined ? { vpcId } : {}), ...(name !== undefined ? { names: [name] } : {}), paging: { limit, afterGroupId } },
      { dryRun: input.DryRun },
    );
    return {
      SecurityGroups: page.groups.map((g) => ec2Group(call, g)),
      ...(page.lastGroupId !== undefined ? { NextToken: pageTokenAfter('DescribeSecurityGroups', page.lastGroupId) } : {}),
    };
  },
});

export const deleteSecurityGroup = defineEc2Action<{ GroupId?: string; GroupName?: string; DryRun?: boolean }>({
  name: 'DeleteSecurityGroup',
  uses: ['DeleteSecurityGroup', 'DescribeSecurityGroups'],
  handle: async (input, call) => {
    // The default VPC's `default` group exists from the start in EC2's view, stored or not: the operation refuses it.
    if (input.GroupId) checkIds([input.GroupId], 'InvalidGroupId.Malformed', ['sg'], 'sg');
    const groupId =
      input.GroupId ??
      (input.GroupName === 'default' ? defaultSecurityGroupId(call.accountId, call.region) : (await resolveGroup(call, input)).securityGroupId);
    await call.perform(deleteGroupOperation, { regionId: call.region, securityGroupId: groupId, keepVpcDefaultGroup: true }, { dryRun: input.DryRun });
    return { Return: true, GroupId: groupId };
  },
  mapError: (e, input) => {
    if (!isSecurityGroupError(e)) return undefined;
    if (e.reason === 'hasMembers' || e.reason === 'referencedByAnotherGroup') return GroupErrors.dependency(input.GroupId ?? input.GroupName ?? '');
    if (e.reason === 'notFound') return GroupErrors.notFound(input.GroupId ?? input.GroupName ?? '');
    return undefined;
  },
});

// ---------------------------------------------------------------------------------------------
// Inbound rules

export interface RuleChangeInput {
  GroupId?: string;
  GroupName?: string;
  IpPermissions?: IpPermission[];
  IpProtocol?: string;
  FromPort?: number;
  ToPort?: number;
  CidrIp?: string;
  SourceSecurityGroupName?: string;
  SourceSecurityGroupOwnerId?: string;
  DryRun?: boolean;
}

/** `IpPermissions.N`, else the legacy top-level single-rule form (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/Query-Requests.html). */
export function permissionsOf(input: RuleChangeInput): IpPermission[] {
  const legacy = input.IpProtocol !== undefined || input.CidrIp !== undefined || input.SourceSecurityGroupName !== undefined;
  if (input.IpPermissions?.length) {
    if (legacy)
      throw Ec2Errors.invalidCombination(
        'The parameter IpPermissions cannot be used with the parameters IpProtocol, FromPort, ToPort, CidrIp or SourceSecurityGroupName.',
      );
    return input.IpPermissions;
  }
  if (!legacy) throw Ec2Errors.missingParameter('IpPermissions');
  return [
    {
      IpProtocol: input.IpProtocol ?? '-1',
      FromPort: input.FromPort,
      ToPort: input.ToPort,
      ...(input.CidrIp ? { IpRanges: [{ CidrIp: input.CidrIp }] } : {}),
      ...(input.SourceSecurityGroupName ? { UserIdGroupPairs: [{ GroupName: input.SourceSecurityGroupName, UserId: input.SourceSecurityGroupOwnerId }] } : {}),
    },
  ];
}

export const authorizeSecurityGroupIngress = defineEc2Action<RuleChangeInput>({
  name: 'AuthorizeSecurityGroupIngress',
  uses: ['AuthorizeSecurityGroup', 'DescribeSecurityGroups', 'DescribeSecurityGroupAttribute'],
  handle: async (input, call) => {
    const group = await resolveGroup(call, input);
    const perms = permissionsOf(input);
    const rules = ruleInputs(perms, 'ingress', await groupIdsByName(call, perms));
    const { added } = await call.perform(
      authorizeRules,
      { regionId: call.region, securityGroupId: group.securityGroupId, direction: 'ingress', rules, ec2Rules: true },
      { dryRun: input.DryRun },
    );
    return { Return: true, SecurityGroupRules: added.map((r) => ec2RuleOf(call, group.securityGroupId, r)) };
  },
  mapError: (e) => ruleChangeError(e, 'ingress'),
});

export const revokeSecurityGroupIngress = defineEc2Action<RuleChangeInput & { SecurityGroupRuleIds?: string[] }>({
  name: 'RevokeSecurityGroupIngress',
  uses: ['RevokeSecurityGroup', 'DescribeSecurityGroups', 'DescribeSecurityGroupAttribute'],
  handle: async (input, call) => {
    const group = await resolveGroup(call, input);
    const byIds = input.SecurityGroupRuleIds?.length ? { ruleIds: input.SecurityGroupRuleIds } : undefined;
    const perms = byIds ? [] : permissionsOf(input);
    const change = byIds ?? { rules: ruleInputs(perms, 'ingress', await groupIdsByName(call, perms)) };
    await call.perform(
      revokeRules,
      { regionId: call.region, securityGroupId: group.securityGroupId, direction: 'ingress', ...change, ec2Rules: true },
      { dryRun: input.DryRun },
    );
    return { Return: true };
  },
  mapError: (e) => ruleChangeError(e, 'ingress'),
});
