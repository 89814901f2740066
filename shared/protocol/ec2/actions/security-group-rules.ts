import { modifyRule } from '../../../actions/security-groups/modify-rule-operation';
import { describeSecurityGroups as describeGroupsQuery } from '../../../actions/security-groups/queries';
import { ApiError } from '../../../domain/errors';
import {
  ec2RuleView,
  isSecurityGroupError,
  ruleContextOf,
  sameEc2Rule,
  validateRuleInput,
  type RuleInput,
  type SecurityGroupRule,
} from '../../../domain/security-group';
import { defineEc2Action, Ec2Errors, type Ec2Call } from '../adapter';
import { applyFilters, checkIds, filterValues, pageOf, type Filter } from '../views';
import { checkRuleIds, ec2RuleOf, groupIdsByName, GroupErrors, groupsOf, resolveGroup, RuleErrors, ruleInputs, type IpPermission } from './security-group-view';
import { ruleChangeError } from './security-groups';

/**
 * The rule-level security group actions of EC2 (rules named by `sgr-` id) over the group records
 * and the modify operation (shared/actions/security-groups/modify-rule-operation.ts):
 * DescribeSecurityGroupRules, ModifySecurityGroupRules, UpdateSecurityGroupRuleDescriptions(Ingress|Egress),
 * and the group listings GetSecurityGroupsForVpc and DescribeSecurityGroupReferences.
 * A change naming several rules checks every rule first and then runs one operation per rule, in one unit.
 */

type Direction = 'ingress' | 'egress';

/** A dry run of a rule change: its checks are done; the answer is DryRunOperation. */
const dryRunOf = (call: Ec2Call, groupId: string) => call.perform(describeGroupsQuery, { regionId: call.region, ids: [groupId] }, { dryRun: true });

// ---------------------------------------------------------------------------------------------
// DescribeSecurityGroupRules (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeSecurityGroupRules.html)

export const describeSecurityGroupRules = defineEc2Action<{
  SecurityGroupRuleIds?: string[];
  Filters?: Filter[];
  MaxResults?: number;
  NextToken?: string;
  DryRun?: boolean;
}>({
  name: 'DescribeSecurityGroupRules',
  uses: ['DescribeSecurityGroups', 'DescribeSecurityGroupAttribute'],
  handle: async (input, call) => {
    checkRuleIds(input.SecurityGroupRuleIds);
    const groupIds = filterValues(input.Filters, 'group-id');
    // One read of the groups (by id when the group-id filter names them): each record holds its rules.
    const groups = await groupsOf(call, groupIds ? { ids: groupIds } : {}, input.DryRun);
    const rules = groups.flatMap((g) => ec2RuleView(g).map((r) => ec2RuleOf(call, g.securityGroupId, r)));
    for (const id of input.SecurityGroupRuleIds ?? []) if (!rules.some((r) => r.SecurityGroupRuleId === id)) throw RuleErrors.ruleIdNotFound(id);
    const named = input.SecurityGroupRuleIds?.length ? rules.filter((r) => input.SecurityGroupRuleIds!.includes(r.SecurityGroupRuleId)) : rules;
    const matched = applyFilters(named, input.Filters, {
      'group-id': (r) => r.GroupId,
      'security-group-rule-id': (r) => r.SecurityGroupRuleId,
    });
    matched.sort((a, b) => (a.SecurityGroupRuleId < b.SecurityGroupRuleId ? -1 : 1));
    const { page, nextToken } = pageOf(matched, (r) => r.SecurityGroupRuleId, 'DescribeSecurityGroupRules', input.MaxResults, input.NextToken, {
      min: 5,
      max: 1000,
    });
    return { SecurityGroupRules: page, ...(nextToken ? { NextToken: nextToken } : {}) };
  },
});

// ---------------------------------------------------------------------------------------------
// ModifySecurityGroupRules (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifySecurityGroupRules.html)

const duplicateOf = (ruleId: string) =>
  new ApiError('InvalidPermission.Duplicate', 400, `the specified rule ${ruleId} would duplicate another rule of the group`);

interface RuleRequest {
  IpProtocol?: string;
  FromPort?: number;
  ToPort?: number;
  CidrIpv4?: string;
  CidrIpv6?: string;
  PrefixListId?: string;
  ReferencedGroupId?: string;
  Description?: string;
}

/** An EC2 rule request as the one-permission form ruleInputs reads. */
function asPermission(r: RuleRequest): IpPermission {
  return {
    IpProtocol: r.IpProtocol,
    FromPort: r.FromPort,
    ToPort: r.ToPort,
    ...(r.CidrIpv4 ? { IpRanges: [{ CidrIp: r.CidrIpv4, Description: r.Description }] } : {}),
    ...(r.CidrIpv6 ? { Ipv6Ranges: [{ CidrIpv6: r.CidrIpv6, Description: r.Description }] } : {}),
    ...(r.ReferencedGroupId ? { UserIdGroupPairs: [{ GroupId: r.ReferencedGroupId, Description: r.Description }] } : {}),
    ...(r.PrefixListId ? { PrefixListIds: [{ PrefixListId: r.PrefixListId }] } : {}),
  };
}

export const modifySecurityGroupRules = defineEc2Action<{
  GroupId: string;
  SecurityGroupRules?: { SecurityGroupRuleId?: string; SecurityGroupRule?: RuleRequest }[];
  DryRun?: boolean;
}>({
  name: 'ModifySecurityGroupRules',
  uses: [
    'ModifySecurityGroupRule',
    'ModifySecurityGroupEgressRule',
    'AuthorizeSecurityGroupEgress',
    'DescribeSecurityGroups',
    'DescribeSecurityGroupAttribute',
  ],
  // Several rules, each its own operation: one unit, all or nothing.
  oneUnit: true,
  handle: async (input, call) => {
    if (!input.SecurityGroupRules?.length) throw Ec2Errors.missingParameter('SecurityGroupRules');
    const group = await resolveGroup(call, { GroupId: input.GroupId });
    const view = ec2RuleView(group);
    const changes = input.SecurityGroupRules.map((u) => {
      if (!u.SecurityGroupRuleId) throw Ec2Errors.missingParameter('SecurityGroupRuleId');
      checkRuleIds([u.SecurityGroupRuleId]);
      const rule = view.find((r) => r.ruleId === u.SecurityGroupRuleId);
      if (!rule) throw RuleErrors.ruleIdNotFound(u.SecurityGroupRuleId);
      if (!u.SecurityGroupRule) throw Ec2Errors.missingParameter('SecurityGroupRule');
      // EC2 has allow rules only: the rule keeps its policy and priority.
      const [wanted] = ruleInputs([asPermission(u.SecurityGroupRule)], rule.direction, () => undefined) as [RuleInput];
      // EC2 replaces the whole rule; another rule of the group (as the call found it) with the same identity is a duplicate.
      const spec = validateRuleInput(wanted, ruleContextOf(group));
      if (view.some((o) => o.ruleId !== rule.ruleId && sameEc2Rule(spec, o))) throw duplicateOf(rule.ruleId);
      const { direction: _direction, policy: _policy, priority: _priority, ...change } = wanted;
      return { rule, change };
    });
    if (input.DryRun) await dryRunOf(call, group.securityGroupId);
    for (const c of changes) {
      await call
        .perform(modifyRule, {
          regionId: call.region,
          securityGroupId: group.securityGroupId,
          direction: c.rule.direction,
          ruleId: c.rule.ruleId,
          change: c.change,
          ec2Rules: true,
        })
        .catch((e: unknown) => {
          throw isSecurityGroupError(e) && e.reason === 'duplicateRule' ? duplicateOf(c.rule.ruleId) : e;
        });
    }
    return { Return: true };
  },
  mapError: (e) => {
    if (isSecurityGroupError(e) && e.reason === 'peerKindChange') {
      return Ec2Errors.invalidParameterValue('A rule cannot change its kind of peer (CIDR, IPv6 CIDR or security group): revoke it and authorize a new one.');
    }
    return ruleChangeError(e, 'ingress');
  },
});

// ---------------------------------------------------------------------------------------------
// UpdateSecurityGroupRuleDescriptions(Ingress|Egress)
// (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_UpdateSecurityGroupRuleDescriptionsIngress.html)

function updateDescriptions(direction: Direction) {
  const name = direction === 'ingress' ? 'UpdateSecurityGroupRuleDescriptionsIngress' : 'UpdateSecurityGroupRuleDescriptionsEgress';
  return defineEc2Action<{
    GroupId?: string;
    GroupName?: string;
    IpPermissions?: IpPermission[];
    SecurityGroupRuleDescriptions?: { SecurityGroupRuleId?: string; Description?: string }[];
    DryRun?: boolean;
  }>({
    name,
    uses: [
      direction === 'ingress' ? 'ModifySecurityGroupRule' : 'ModifySecurityGroupEgressRule',
      'AuthorizeSecurityGroupEgress',
      'DescribeSecurityGroups',
      'DescribeSecurityGroupAttribute',
    ],
    // Several rules, each its own operation: one unit, all or nothing.
    oneUnit: true,
    handle: async (input, call) => {
      const group = await resolveGroup(call, input);
      const view = ec2RuleView(group).filter((r) => r.direction === direction);
      const updates: { rule: SecurityGroupRule; description: string }[] = [];
      if (input.SecurityGroupRuleDescriptions?.length) {
        if (input.IpPermissions?.length) throw Ec2Errors.invalidCombination('Specify either IpPermissions or SecurityGroupRuleDescriptions, not both.');
        for (const d of input.SecurityGroupRuleDescriptions) {
          checkRuleIds([d.SecurityGroupRuleId ?? '']);
          const rule = view.find((r) => r.ruleId === d.SecurityGroupRuleId);
          if (!rule) throw RuleErrors.ruleIdNotFound(d.SecurityGroupRuleId!);
          updates.push({ rule, description: d.Description ?? '' });
        }
      } else {
        if (!input.IpPermissions?.length) throw Ec2Errors.missingParameter('IpPermissions');
        const names = await groupIdsByName(call, input.IpPermissions);
        for (const perm of input.IpPermissions) {
          for (const want of ruleInputs([perm], direction, names)) {
            const spec = validateRuleInput(want, ruleContextOf(group));
            const rule = view.find((r) => sameEc2Rule(spec, r));
            if (!rule) throw GroupErrors.ruleNotFound();
            updates.push({ rule, description: want.description ?? '' });
          }
        }
      }
      for (const u of updates) {
        if (u.description.length > 255) throw Ec2Errors.invalidParameterValue('Description must be at most 255 characters.');
        if (u.description === '' && u.rule.description !== '') {
          // ECS keeps a description a change leaves empty; EC2 would remove it.
          throw Ec2Errors.unsupported('This sandbox cannot remove a rule description; give the new description instead.');
        }
      }
      if (input.DryRun) await dryRunOf(call, group.securityGroupId);
      for (const u of updates) {
        if (u.description === u.rule.description) continue;
        await call.perform(modifyRule, {
          regionId: call.region,
          securityGroupId: group.securityGroupId,
          direction,
          ruleId: u.rule.ruleId,
          change: { description: u.description },
          ec2Rules: true,
        });
      }
      return { Return: true };
    },
    mapError: (e) => ruleChangeError(e, direction),
  });
}

export const updateSecurityGroupRuleDescriptionsIngress = updateDescriptions('ingress');
export const updateSecurityGroupRuleDescriptionsEgress = updateDescriptions('egress');

// ---------------------------------------------------------------------------------------------
// Group listings

/** GetSecurityGroupsForVpc: the groups that can be used in a VPC (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_GetSecurityGroupsForVpc.html). */
export const getSecurityGroupsForVpc = defineEc2Action<{ VpcId: string; Filters?: Filter[]; MaxResults?: number; NextToken?: string; DryRun?: boolean }>({
  name: 'GetSecurityGroupsForVpc',
  uses: ['DescribeSecurityGroups', 'DescribeVpcs'],
  handle: async (input, call) => {
    checkIds([input.VpcId], 'InvalidVpcID.Malformed', ['vpc'], 'vpc');
    const vpcs = await call.ecsPages<{ VpcId: string }>('DescribeVpcs', { RegionId: call.region }, (out) => out.Vpcs.Vpc, 50);
    if (!vpcs.some((v) => v.VpcId === input.VpcId)) throw new ApiError('InvalidVpcID.NotFound', 400, `The vpc ID '${input.VpcId}' does not exist`);
    const groups = await groupsOf(call, { vpcId: input.VpcId }, input.DryRun);
    const views = groups.map((g) => ({
      Description: g.description,
      GroupName: g.securityGroupName,
      OwnerId: call.accountId,
      GroupId: g.securityGroupId,
      Tags: g.tags.map((t) => ({ Key: t.key, Value: t.value })),
      PrimaryVpcId: g.vpcId,
    }));
    const matched = applyFilters(views, input.Filters, {
      'group-id': (g) => g.GroupId,
      description: (g) => g.Description,
      'group-name': (g) => g.GroupName,
      'owner-id': (g) => g.OwnerId,
      'primary-vpc-id': (g) => g.PrimaryVpcId,
    }).sort((a, b) => (a.GroupId < b.GroupId ? -1 : 1));
    const { page, nextToken } = pageOf(matched, (g) => g.GroupId, 'GetSecurityGroupsForVpc', input.MaxResults, input.NextToken, { min: 5, max: 1000 });
    return { SecurityGroupForVpcs: page, ...(nextToken ? { NextToken: nextToken } : {}) };
  },
});

/**
 * DescribeSecurityGroupReferences: the VPCs on the other side of a peering or Transit Gateway
 * connection whose groups refer to the given groups
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeSecurityGroupReferences.html).
 * ECS references live within one VPC and the sandbox has no peering, so the answer is the
 * references from another VPC: none; the groups must exist.
 */
export const describeSecurityGroupReferences = defineEc2Action<{ GroupId?: string[]; DryRun?: boolean }>({
  name: 'DescribeSecurityGroupReferences',
  uses: ['DescribeSecurityGroupReferences', 'DescribeSecurityGroups'],
  handle: async (input, call) => {
    if (!input.GroupId?.length) throw Ec2Errors.missingParameter('GroupId');
    checkIds(input.GroupId, 'InvalidGroupId.Malformed', ['sg'], 'sg');
    const groups = await groupsOf(call);
    const vpcOf = new Map(groups.map((g) => [g.securityGroupId, g.vpcId]));
    for (const id of input.GroupId) if (!vpcOf.has(id)) throw GroupErrors.notFound(id);
    if (input.DryRun) await dryRunOf(call, input.GroupId[0]!);
    const refs = [];
    for (const id of input.GroupId) {
      // The groups of the account whose rules name this one (as source or destination), from another VPC.
      for (const by of groups) {
        if (by.securityGroupId === id || !by.rules.some((r) => r.sourceGroupId === id || r.destGroupId === id)) continue;
        if (by.vpcId !== vpcOf.get(id)) refs.push({ GroupId: id, ReferencingVpcId: by.vpcId });
      }
    }
    return { SecurityGroupReferenceSet: refs };
  },
});
