import { ApiError } from '../../../domain/errors';
import { defineEc2Action, Ec2Errors, type Ec2Call } from '../adapter';
import { applyFilters, checkIds, ec2Tags, filterValues, pageOf, type Filter } from '../views';

import {
  checkRuleIds,
  DEFAULT_EGRESS,
  ec2Rule,
  ec2RuleView,
  ecsGroups,
  ecsRules,
  resolveGroup,
  ruleFailures,
  RuleErrors,
  rulesOf,
  sameEc2Rule,
  virtualDefaultRuleId,
  type EcsGroup,
  type EcsPermission,
} from './security-group-ecs-wire';
import { GroupErrors, type IpPermission } from './security-group-view';

/**
 * The rule-level security group actions of EC2 (rules named by `sgr-` id) over the ECS rule set:
 * DescribeSecurityGroupRules, ModifySecurityGroupRules, UpdateSecurityGroupRuleDescriptions(Ingress|Egress),
 * and the group listings GetSecurityGroupsForVpc and DescribeSecurityGroupReferences.
 * A change naming several rules checks every rule first and only then writes (ECS modifies one rule per call).
 */

type Direction = 'ingress' | 'egress';

async function viewOf(call: Ec2Call, group: EcsGroup): Promise<EcsPermission[]> {
  return ec2RuleView(group, await rulesOf(call, group.SecurityGroupId));
}

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
    let groups = await ecsGroups(call, input.DryRun);
    const groupIds = filterValues(input.Filters, 'group-id');
    if (groupIds) groups = groups.filter((g) => groupIds.includes(g.SecurityGroupId));
    const rules = [];
    for (const g of groups) for (const r of await viewOf(call, g)) rules.push({ ...ec2Rule(call, g.SecurityGroupId, r), Tags: [] });
    for (const id of input.SecurityGroupRuleIds ?? []) if (!rules.some((r) => r.SecurityGroupRuleId === id)) throw RuleErrors.ruleIdNotFound(id);
    const named = input.SecurityGroupRuleIds?.length ? rules.filter((r) => input.SecurityGroupRuleIds!.includes(r.SecurityGroupRuleId)) : rules;
    const matched = applyFilters(named, input.Filters, {
      'group-id': (r) => r.GroupId,
      'security-group-rule-id': (r) => r.SecurityGroupRuleId,
    });
    matched.sort((a, b) => (a.SecurityGroupRuleId < b.SecurityGroupRuleId ? -1 : 1));
    const { page, nextToken } = pageOf(matched, (r) => r.SecurityGroupRuleId, 'DescribeSecurityGroupRules', input.MaxResults, input.NextToken, { min: 5, max: 1000 });
    return { SecurityGroupRules: page, ...(nextToken ? { NextToken: nextToken } : {}) };
  },
});

// ---------------------------------------------------------------------------------------------
// ModifySecurityGroupRules (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifySecurityGroupRules.html)

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

/** An EC2 rule request as the one-permission form ecsRules reads. */
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

const ecsActionOf = (d: Direction) => (d === 'ingress' ? 'ModifySecurityGroupRule' : 'ModifySecurityGroupEgressRule');

/**
 * Store the unstored default egress rule (security-group-egress.ts) before a change names it by id:
 * the rule then has an ECS id, which the caller's change goes to.
 */
async function materializedId(call: Ec2Call, group: EcsGroup, id: string): Promise<string> {
  if (id !== virtualDefaultRuleId(group.SecurityGroupId)) return id;
  const stored = await rulesOf(call, group.SecurityGroupId);
  if (stored.some((r) => r.Direction === 'egress')) return id;
  await call.ecs('AuthorizeSecurityGroupEgress', {
    RegionId: call.region,
    SecurityGroupId: group.SecurityGroupId,
    Permissions: [DEFAULT_EGRESS, { ...DEFAULT_EGRESS, Policy: 'drop', Priority: '100', Description: 'EC2: no other outbound traffic' }],
  });
  const after = await rulesOf(call, group.SecurityGroupId);
  return after.find((r) => r.Direction === 'egress' && r.Policy !== 'Drop')!.SecurityGroupRuleId;
}

export const modifySecurityGroupRules = defineEc2Action<{
  GroupId: string;
  SecurityGroupRules?: { SecurityGroupRuleId?: string; SecurityGroupRule?: RuleRequest }[];
  DryRun?: boolean;
}>({
  name: 'ModifySecurityGroupRules',
  uses: ['ModifySecurityGroupRule', 'ModifySecurityGroupEgressRule', 'AuthorizeSecurityGroupEgress', 'DescribeSecurityGroups', 'DescribeSecurityGroupAttribute'],
  // Several ECS writes (one per rule, per credit value, detach then attach): one unit, all or nothing.
  oneUnit: true,
  handle: async (input, call) => {
    if (!input.SecurityGroupRules?.length) throw Ec2Errors.missingParameter('SecurityGroupRules');
    const group = await resolveGroup(call, { GroupId: input.GroupId });
    const view = await viewOf(call, group);
    const changes = input.SecurityGroupRules.map((u) => {
      if (!u.SecurityGroupRuleId) throw Ec2Errors.missingParameter('SecurityGroupRuleId');
      checkRuleIds([u.SecurityGroupRuleId]);
      const rule = view.find((r) => r.SecurityGroupRuleId === u.SecurityGroupRuleId);
      if (!rule) throw RuleErrors.ruleIdNotFound(u.SecurityGroupRuleId);
      if (!u.SecurityGroupRule) throw Ec2Errors.missingParameter('SecurityGroupRule');
      const [ecs] = ecsRules([asPermission(u.SecurityGroupRule)], rule.Direction, new Map());
      // EC2 replaces the whole rule; another rule of the group with the same identity is a duplicate.
      if (view.some((o) => o.SecurityGroupRuleId !== rule.SecurityGroupRuleId && sameEc2Rule(rule.Direction, ecs!, o))) {
        throw new ApiError('InvalidPermission.Duplicate', 400, `the specified rule ${u.SecurityGroupRuleId} would duplicate another rule of the group`);
      }
      return { rule, ecs: ecs! };
    });
    if (input.DryRun) {
      await call.ecs('DescribeSecurityGroups', { RegionId: call.region, DryRun: true });
    }
    for (const c of changes) {
      const id = await materializedId(call, group, c.rule.SecurityGroupRuleId);
      const { Policy: _policy, Priority: _priority, ...fields } = c.ecs;
      await call.ecs(ecsActionOf(c.rule.Direction), { RegionId: call.region, SecurityGroupId: group.SecurityGroupId, SecurityGroupRuleId: id, ...fields });
    }
    return { Return: true };
  },
  mapError: (e) => {
    if (e.code === 'InvalidParameter' && /authorization object/.test(e.message)) {
      return Ec2Errors.invalidParameterValue('A rule cannot change its kind of peer (CIDR, IPv6 CIDR or security group): revoke it and authorize a new one.');
    }
    return ruleFailures(e);
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
    uses: [ecsActionOf(direction), 'AuthorizeSecurityGroupEgress', 'DescribeSecurityGroups', 'DescribeSecurityGroupAttribute'],
    // Several ECS writes (one per rule): one unit, all or nothing.
    oneUnit: true,
    handle: async (input, call) => {
      const group = await resolveGroup(call, input);
      const view = (await viewOf(call, group)).filter((r) => r.Direction === direction);
      const updates: { rule: EcsPermission; description: string }[] = [];
      if (input.SecurityGroupRuleDescriptions?.length) {
        if (input.IpPermissions?.length) throw Ec2Errors.invalidCombination('Specify either IpPermissions or SecurityGroupRuleDescriptions, not both.');
        for (const d of input.SecurityGroupRuleDescriptions) {
          checkRuleIds([d.SecurityGroupRuleId ?? '']);
          const rule = view.find((r) => r.SecurityGroupRuleId === d.SecurityGroupRuleId);
          if (!rule) throw RuleErrors.ruleIdNotFound(d.SecurityGroupRuleId!);
          updates.push({ rule, description: d.Description ?? '' });
        }
      } else {
        if (!input.IpPermissions?.length) throw Ec2Errors.missingParameter('IpPermissions');
        const names = new Map((await ecsGroups(call)).map((g) => [g.SecurityGroupName, g.SecurityGroupId]));
        for (const perm of input.IpPermissions) {
          for (const want of ecsRules([perm], direction, names)) {
            const rule = view.find((r) => sameEc2Rule(direction, want, r));
            if (!rule) throw GroupErrors.ruleNotFound();
            updates.push({ rule, description: want.Description ?? '' });
          }
        }
      }
      for (const u of updates) {
        if (u.description.length > 255) throw Ec2Errors.invalidParameterValue('Description must be at most 255 characters.');
        if (u.description === '' && u.rule.Description !== '') {
          // ECS keeps a description a change leaves empty; EC2 would remove it.
          throw Ec2Errors.unsupported('This sandbox cannot remove a rule description; give the new description instead.');
        }
      }
      if (input.DryRun) await call.ecs('DescribeSecurityGroups', { RegionId: call.region, DryRun: true });
      for (const u of updates) {
        if (u.description === u.rule.Description) continue;
        const id = await materializedId(call, group, u.rule.SecurityGroupRuleId);
        await call.ecs(ecsActionOf(direction), { RegionId: call.region, SecurityGroupId: group.SecurityGroupId, SecurityGroupRuleId: id, Description: u.description });
      }
      return { Return: true };
    },
    mapError: (e) => ruleFailures(e),
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
    const groups = (await ecsGroups(call, input.DryRun)).filter((g) => g.VpcId === input.VpcId);
    const views = groups.map((g) => ({
      Description: g.Description,
      GroupName: g.SecurityGroupName,
      OwnerId: call.accountId,
      GroupId: g.SecurityGroupId,
      Tags: ec2Tags(g.Tags),
      PrimaryVpcId: g.VpcId,
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
    const groups = await ecsGroups(call);
    const vpcOf = new Map(groups.map((g) => [g.SecurityGroupId, g.VpcId]));
    for (const id of input.GroupId) if (!vpcOf.has(id)) throw GroupErrors.notFound(id);
    const out = await call.ecs('DescribeSecurityGroupReferences', { RegionId: call.region, SecurityGroupId: input.GroupId, DryRun: input.DryRun });
    const refs = [];
    for (const ref of out.SecurityGroupReferences.SecurityGroupReference as { SecurityGroupId: string; ReferencingSecurityGroups: { ReferencingSecurityGroup: { SecurityGroupId: string }[] } }[]) {
      for (const by of ref.ReferencingSecurityGroups.ReferencingSecurityGroup) {
        const vpc = vpcOf.get(by.SecurityGroupId);
        if (vpc && vpc !== vpcOf.get(ref.SecurityGroupId)) refs.push({ GroupId: ref.SecurityGroupId, ReferencingVpcId: vpc });
      }
    }
    return { SecurityGroupReferenceSet: refs };
  },
});
