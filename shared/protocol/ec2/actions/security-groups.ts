import { ApiError } from '../../../domain/errors';
import { defaultSecurityGroupId, defaultVpcId } from '../../../domain/network';
import { securityGroupErrors } from '../../../domain/security-group';
import { defineEc2Action, Ec2Errors, type Ec2Call } from '../adapter';
import { applyFilters, checkIds, ec2Tags, pageOf, tagsFor, type Filter, type Tag } from '../views';

/**
 * Security groups of the EC2 dialect over the ECS security group actions. An EC2 permission
 * (`IpPermissions.N.*`, or the legacy top-level `IpProtocol`/`FromPort`/`ToPort`/`CidrIp`) is
 * an ECS `accept` rule of priority 1 (EC2 has only allow rules). EC2's own rules that ECS does
 * not have (a group name unique per VPC, a duplicate rule refused, revoking a missing rule
 * refused) are checked by the adapter against the ECS view before it calls the ECS action.
 */

export const GroupErrors = {
  notFound: (id: string) => new ApiError('InvalidGroup.NotFound', 400, `The security group '${id}' does not exist`),
  nameNotFound: (name: string, vpcId: string) =>
    new ApiError('InvalidGroup.NotFound', 400, `The security group '${name}' does not exist in default VPC '${vpcId}'`),
  duplicate: (name: string, vpcId: string) =>
    new ApiError('InvalidGroup.Duplicate', 400, `The security group '${name}' already exists for VPC '${vpcId}'`),
  malformed: (id: string) => Ec2Errors.malformedId('InvalidGroupId.Malformed', id, 'sg'),
  dependency: (id: string) => new ApiError('DependencyViolation', 400, `resource ${id} has a dependent object`),
  duplicateRule: (peer: string, proto: string, from?: number, to?: number) =>
    new ApiError(
      'InvalidPermission.Duplicate',
      400,
      `the specified rule "peer: ${peer}, ${proto}${from !== undefined && proto !== 'ALL' ? `, from port: ${from}, to port: ${to}` : ''}, ALLOW" already exists`,
    ),
  ruleNotFound: () =>
    new ApiError(
      'InvalidPermission.NotFound',
      400,
      'The specified rule does not exist in this security group.',
    ),
};

export interface EcsGroup {
  SecurityGroupId: string;
  SecurityGroupName: string;
  Description: string;
  SecurityGroupType: string;
  VpcId: string;
  Tags: unknown;
}
export interface EcsPermission {
  SecurityGroupRuleId: string;
  Direction: 'ingress' | 'egress';
  IpProtocol: string;
  PortRange: string;
  SourceCidrIp: string;
  Ipv6SourceCidrIp: string;
  SourceGroupId: string;
  SourceGroupOwnerAccount: string;
  DestCidrIp: string;
  Ipv6DestCidrIp: string;
  DestGroupId: string;
  DestGroupOwnerAccount: string;
  Policy: string;
  Description: string;
}

export interface IpPermission {
  IpProtocol?: string;
  FromPort?: number;
  ToPort?: number;
  IpRanges?: { CidrIp?: string; Description?: string }[];
  Ipv6Ranges?: { CidrIpv6?: string; Description?: string }[];
  UserIdGroupPairs?: { GroupId?: string; GroupName?: string; UserId?: string; Description?: string }[];
  PrefixListIds?: { PrefixListId?: string; Description?: string }[];
}

// ---------------------------------------------------------------------------------------------
// Protocols and rules

const PROTOCOL_TO_ECS: Record<string, string> = {
  '-1': 'ALL', all: 'ALL', tcp: 'TCP', '6': 'TCP', udp: 'UDP', '17': 'UDP', icmp: 'ICMP', '1': 'ICMP', icmpv6: 'ICMPv6', '58': 'ICMPv6', gre: 'GRE', '47': 'GRE',
};
export const PROTOCOL_TO_EC2: Record<string, string> = { ALL: '-1', TCP: 'tcp', UDP: 'udp', ICMP: 'icmp', ICMPv6: 'icmpv6', GRE: '47' };

function ecsProtocol(p: string | undefined): string {
  const v = PROTOCOL_TO_ECS[(p ?? '').toLowerCase()];
  if (!v) throw Ec2Errors.invalidParameterValue(`Invalid value '${p ?? ''}' for IP protocol. Unknown protocol.`);
  return v;
}

/** EC2 ports → an ECS PortRange (`22/22`; `-1/-1` where ECS takes no ports: ALL, ICMP, GRE). */
function ecsPortRange(protocol: string, from: number | undefined, to: number | undefined): string {
  if (protocol === 'TCP' || protocol === 'UDP') {
    if (from === undefined || to === undefined) {
      throw Ec2Errors.invalidParameterValue("Invalid value 'Must specify both from and to ports with TCP/UDP.' for portRange.");
    }
    if (from < 0 || to > 65535 || from > to) throw Ec2Errors.invalidParameterValue(`Invalid value '${from}-${to}' for portRange.`);
    // EC2 writes "all ports" as 0-65535; ECS's lowest port is 1.
    return `${Math.max(1, from)}/${to}`;
  }
  return '-1/-1';
}

/** One ECS rule per peer of each EC2 permission. */
export function ecsRules(perms: IpPermission[], direction: 'ingress' | 'egress', groupIdOfName: Map<string, string>): Record<string, string>[] {
  const rules: Record<string, string>[] = [];
  const peerField = direction === 'ingress' ? { v4: 'SourceCidrIp', v6: 'Ipv6SourceCidrIp', group: 'SourceGroupId', owner: 'SourceGroupOwnerAccount' } : { v4: 'DestCidrIp', v6: 'Ipv6DestCidrIp', group: 'DestGroupId', owner: 'DestGroupOwnerAccount' };
  for (const p of perms) {
    const protocol = ecsProtocol(p.IpProtocol);
    const portRange = ecsPortRange(protocol, p.FromPort, p.ToPort);
    const base = { IpProtocol: protocol, PortRange: portRange, Policy: 'accept', Priority: '1' };
    for (const r of p.IpRanges ?? []) rules.push({ ...base, [peerField.v4]: r.CidrIp ?? '', ...(r.Description ? { Description: r.Description } : {}) });
    for (const r of p.Ipv6Ranges ?? []) rules.push({ ...base, [peerField.v6]: r.CidrIpv6 ?? '', ...(r.Description ? { Description: r.Description } : {}) });
    for (const g of p.UserIdGroupPairs ?? []) {
      const id = g.GroupId ?? (g.GroupName ? groupIdOfName.get(g.GroupName) : undefined);
      if (!id) throw GroupErrors.notFound(g.GroupName ?? '');
      rules.push({ ...base, [peerField.group]: id, ...(g.UserId ? { [peerField.owner]: g.UserId } : {}), ...(g.Description ? { Description: g.Description } : {}) });
    }
    if ((p.PrefixListIds ?? []).length) throw Ec2Errors.unsupported('Prefix lists are not supported by this sandbox.');
    if (!p.IpRanges?.length && !p.Ipv6Ranges?.length && !p.UserIdGroupPairs?.length) {
      throw Ec2Errors.missingParameter('IpPermissions.1.IpRanges (or Ipv6Ranges, Groups)');
    }
  }
  return rules;
}

export const portsOf = (range: string): [number, number] => {
  const [a, b] = range.split('/').map(Number);
  return [a ?? -1, b ?? -1];
};

/** ECS rules of one direction (accept only: EC2 has no deny rules) → EC2 permissions grouped by protocol and ports. */
function ec2Permissions(perms: EcsPermission[], direction: 'ingress' | 'egress', accountId: string): IpPermission[] {
  const out = new Map<string, IpPermission>();
  for (const r of perms) {
    if (r.Direction !== direction || r.Policy === 'Drop') continue;
    const protocol = PROTOCOL_TO_EC2[r.IpProtocol] ?? r.IpProtocol.toLowerCase();
    const [from, to] = portsOf(r.PortRange);
    const key = `${protocol}|${r.PortRange}`;
    let p = out.get(key);
    if (!p) {
      p = {
        IpProtocol: protocol,
        ...(protocol === '-1' || protocol === '47' ? {} : { FromPort: from, ToPort: to }),
        IpRanges: [],
        Ipv6Ranges: [],
        UserIdGroupPairs: [],
        PrefixListIds: [],
      };
      out.set(key, p);
    }
    const v4 = direction === 'ingress' ? r.SourceCidrIp : r.DestCidrIp;
    const v6 = direction === 'ingress' ? r.Ipv6SourceCidrIp : r.Ipv6DestCidrIp;
    const group = direction === 'ingress' ? r.SourceGroupId : r.DestGroupId;
    const owner = direction === 'ingress' ? r.SourceGroupOwnerAccount : r.DestGroupOwnerAccount;
    const desc = r.Description ? { Description: r.Description } : {};
    if (v4) p.IpRanges!.push({ CidrIp: v4, ...desc });
    if (v6) p.Ipv6Ranges!.push({ CidrIpv6: v6, ...desc });
    if (group) p.UserIdGroupPairs!.push({ GroupId: group, UserId: owner || accountId, ...desc });
  }
  return [...out.values()];
}

// ---------------------------------------------------------------------------------------------
// Reading groups

export async function ecsGroups(call: Ec2Call, dryRun?: boolean): Promise<EcsGroup[]> {
  if (dryRun) await call.ecs('DescribeSecurityGroups', { RegionId: call.region, DryRun: true });
  return call.ecsAll<EcsGroup>('DescribeSecurityGroups', { RegionId: call.region }, (out) => out.SecurityGroups.SecurityGroup);
}

export async function rulesOf(call: Ec2Call, groupId: string): Promise<EcsPermission[]> {
  const out = await call.ecs('DescribeSecurityGroupAttribute', { RegionId: call.region, SecurityGroupId: groupId, MaxResults: 1000 });
  return out.Permissions.Permission;
}

function ec2Group(call: Ec2Call, g: EcsGroup, rules: EcsPermission[]) {
  const egress = ec2Permissions(rules, 'egress', call.accountId);
  return {
    GroupId: g.SecurityGroupId,
    GroupName: g.SecurityGroupName,
    Description: g.Description,
    OwnerId: call.accountId,
    VpcId: g.VpcId,
    SecurityGroupArn: `arn:aws:ec2:${call.region}:${call.accountId}:security-group/${g.SecurityGroupId}`,
    IpPermissions: ec2Permissions(rules, 'ingress', call.accountId),
    // A basic (normal) group with no egress rule lets every packet out: EC2 writes that as its default rule.
    // Once EC2 changed the egress rules a hidden drop-all rule is stored (security-group-rules.ts), so no rule shown means none.
    IpPermissionsEgress:
      !rules.some((r) => r.Direction === 'egress') && g.SecurityGroupType !== 'enterprise'
        ? [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [], UserIdGroupPairs: [], PrefixListIds: [] }]
        : egress,
    Tags: ec2Tags(g.Tags),
  };
}

/** The group named by `GroupId` or (default VPC) `GroupName`. */
export async function resolveGroup(call: Ec2Call, input: { GroupId?: string; GroupName?: string }): Promise<EcsGroup> {
  if (input.GroupId) checkIds([input.GroupId], 'InvalidGroupId.Malformed', ['sg'], 'sg');
  if (!input.GroupId && !input.GroupName) throw Ec2Errors.missingParameter('GroupId');
  const groups = await ecsGroups(call);
  const g = input.GroupId ? groups.find((x) => x.SecurityGroupId === input.GroupId) : groups.find((x) => x.SecurityGroupName === input.GroupName);
  if (!g) throw input.GroupId ? GroupErrors.notFound(input.GroupId) : GroupErrors.nameNotFound(input.GroupName!, defaultVpcId(call.accountId, call.region));
  return g;
}

// ---------------------------------------------------------------------------------------------
// Actions

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
    const vpcId = input.VpcId ?? defaultVpcId(call.accountId, call.region);
    if (/^sg-/i.test(input.GroupName)) throw Ec2Errors.invalidParameterValue('Group names may not be in the format sg-*.');
    if (input.GroupName.length > 255) throw Ec2Errors.invalidParameterValue(`Value (${input.GroupName}) for parameter GroupName is invalid. Length exceeds 255.`);
    // EC2: a name is unique within its VPC; `default` is the VPC's own group.
    const groups = await ecsGroups(call);
    if (input.GroupName === 'default' || groups.some((g) => g.SecurityGroupName === input.GroupName && g.VpcId === vpcId)) {
      throw GroupErrors.duplicate(input.GroupName, vpcId);
    }
    const tags = tagsFor(input.TagSpecifications, 'security-group');
    const out = await call.ecs<{ SecurityGroupId: string }>('CreateSecurityGroup', {
      RegionId: call.region,
      SecurityGroupName: input.GroupName,
      Description: input.Description,
      VpcId: input.VpcId,
      Tag: tags,
      DryRun: input.DryRun,
    });
    return {
      GroupId: out.SecurityGroupId,
      SecurityGroupArn: `arn:aws:ec2:${call.region}:${call.accountId}:security-group/${out.SecurityGroupId}`,
      Tags: tags,
    };
  },
  mapError: (e, input) => {
    if (e.code === 'InvalidVpcId.NotFound') return new ApiError('InvalidVpcID.NotFound', 400, `The vpc ID '${input.VpcId}' does not exist`);
    if (e.code === 'InvalidSecurityGroupName.Malformed') {
      return Ec2Errors.invalidParameterValue(
        `Value (${input.GroupName}) for parameter GroupName is invalid. Valid characters: a-z, A-Z, 0-9, spaces, and ._-:/()#,@[]+=&;{}!$*`,
      );
    }
    if (e.code === 'InvalidDescription.Malformed') {
      return Ec2Errors.invalidParameterValue(
        `Value (${input.Description}) for parameter GroupDescription is invalid. This sandbox takes 2-256 characters not starting with http:// or https://.`,
      );
    }
    if (e.code === 'QuotaExceed.SecurityGroup') return new ApiError('SecurityGroupLimitExceeded', 400, 'The maximum number of security groups has been reached.');
    return undefined;
  },
});

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
    let groups = await ecsGroups(call, input.DryRun);
    // Every VPC has a `default` group from its creation on (https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html);
    // the sandbox creates it on the first launch, so until then it is shown as it will be created.
    const defaultId = defaultSecurityGroupId(call.accountId, call.region);
    const pendingDefault = call.accountId !== '' && !groups.some((g) => g.SecurityGroupId === defaultId);
    if (pendingDefault) {
      groups = [
        ...groups,
        { SecurityGroupId: defaultId, SecurityGroupName: 'default', Description: 'default VPC security group', SecurityGroupType: 'normal', VpcId: defaultVpcId(call.accountId, call.region), Tags: [] },
      ];
    }
    for (const id of input.GroupIds ?? []) if (!groups.some((g) => g.SecurityGroupId === id)) throw GroupErrors.notFound(id);
    for (const name of input.GroupNames ?? []) {
      if (!groups.some((g) => g.SecurityGroupName === name)) throw GroupErrors.nameNotFound(name, defaultVpcId(call.accountId, call.region));
    }
    if (input.GroupIds?.length) groups = groups.filter((g) => input.GroupIds!.includes(g.SecurityGroupId));
    if (input.GroupNames?.length) groups = groups.filter((g) => input.GroupNames!.includes(g.SecurityGroupName));
    const views = [];
    for (const g of groups.sort((a, b) => (a.SecurityGroupId < b.SecurityGroupId ? -1 : 1))) {
      if (pendingDefault && g.SecurityGroupId === defaultId) {
        // Shown with the rules it gets when made through EC2: all inbound from itself, all outbound.
        const fromItself: IpPermission = { IpProtocol: '-1', IpRanges: [], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [{ GroupId: defaultId, UserId: call.accountId }] };
        views.push({ ...ec2Group(call, g, []), IpPermissions: [fromItself] });
      } else {
        views.push(ec2Group(call, g, await rulesOf(call, g.SecurityGroupId)));
      }
    }
    const matched = applyFilters(views, input.Filters, {
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
    });
    const { page, nextToken } = pageOf(matched, (g) => g.GroupId, 'DescribeSecurityGroups', input.MaxResults, input.NextToken, { min: 5, max: 1000 });
    return { SecurityGroups: page, ...(nextToken ? { NextToken: nextToken } : {}) };
  },
});

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
    if (legacy) throw Ec2Errors.invalidCombination('The parameter IpPermissions cannot be used with the parameters IpProtocol, FromPort, ToPort, CidrIp or SourceSecurityGroupName.');
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

const sameRule = (a: Record<string, string>, r: EcsPermission) =>
  r.Direction === 'ingress' &&
  r.Policy !== 'Drop' &&
  r.IpProtocol === a.IpProtocol &&
  r.PortRange === a.PortRange &&
  (r.SourceCidrIp || '') === (a.SourceCidrIp ?? '') &&
  (r.Ipv6SourceCidrIp || '') === (a.Ipv6SourceCidrIp ?? '') &&
  (r.SourceGroupId || '') === (a.SourceGroupId ?? '');

export const ruleFailures = (e: ApiError): ApiError | undefined => {
  if (e.code === 'InvalidSecurityGroupId.NotFound') return undefined;
  if (/^Invalid(SourceCidrIp|DestCidrIp|Param\.Ipv6|IpPortRange|IpProtocol)/.test(e.code) || e.code === 'OperationDenied') {
    return new ApiError('InvalidPermission.Malformed', 400, e.message);
  }
  if (e.code === 'InvalidSourceGroupId.NotFound') return new ApiError('InvalidGroup.NotFound', 400, e.message);
  if (e.code === 'AuthorizationLimitExceed') return new ApiError('RulesPerSecurityGroupLimitExceeded', 400, 'The maximum number of rules per security group has been reached.');
  return undefined;
};

export const authorizeSecurityGroupIngress = defineEc2Action<RuleChangeInput>({
  name: 'AuthorizeSecurityGroupIngress',
  uses: ['AuthorizeSecurityGroup', 'DescribeSecurityGroups', 'DescribeSecurityGroupAttribute'],
  handle: async (input, call) => {
    const group = await resolveGroup(call, input);
    const names = new Map((await ecsGroups(call)).map((g) => [g.SecurityGroupName, g.SecurityGroupId]));
    const rules = ecsRules(permissionsOf(input), 'ingress', names);
    const before = await rulesOf(call, group.SecurityGroupId);
    for (const r of rules) {
      if (before.some((b) => sameRule(r, b))) {
        const [from, to] = portsOf(r.PortRange!);
        throw GroupErrors.duplicateRule(r.SourceCidrIp || r.Ipv6SourceCidrIp || r.SourceGroupId!, r.IpProtocol!, from, to);
      }
    }
    // EC2's 60 inbound rules per group (https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html#vpc-limits-security-groups).
    if (before.filter((b) => b.Direction === 'ingress' && b.Policy !== 'Drop').length + rules.length > 60) {
      throw new ApiError('RulesPerSecurityGroupLimitExceeded', 400, 'The maximum number of rules per security group has been reached.');
    }
    await call.ecs('AuthorizeSecurityGroup', { RegionId: call.region, SecurityGroupId: group.SecurityGroupId, Permissions: rules, DryRun: input.DryRun });
    const after = await rulesOf(call, group.SecurityGroupId);
    const added = after.filter((a) => !before.some((b) => b.SecurityGroupRuleId === a.SecurityGroupRuleId));
    return {
      Return: true,
      SecurityGroupRules: added.map((r) => {
        const [from, to] = portsOf(r.PortRange);
        const protocol = PROTOCOL_TO_EC2[r.IpProtocol] ?? r.IpProtocol.toLowerCase();
        return {
          SecurityGroupRuleId: r.SecurityGroupRuleId,
          GroupId: group.SecurityGroupId,
          GroupOwnerId: call.accountId,
          IsEgress: false,
          IpProtocol: protocol,
          FromPort: protocol === '-1' ? -1 : from,
          ToPort: protocol === '-1' ? -1 : to,
          ...(r.SourceCidrIp ? { CidrIpv4: r.SourceCidrIp } : {}),
          ...(r.Ipv6SourceCidrIp ? { CidrIpv6: r.Ipv6SourceCidrIp } : {}),
          ...(r.SourceGroupId ? { ReferencedGroupInfo: { GroupId: r.SourceGroupId, UserId: r.SourceGroupOwnerAccount || call.accountId } } : {}),
          ...(r.Description ? { Description: r.Description } : {}),
          SecurityGroupRuleArn: `arn:aws:ec2:${call.region}:${call.accountId}:security-group-rule/${r.SecurityGroupRuleId}`,
          Tags: [],
        };
      }),
    };
  },
  mapError: (e) => ruleFailures(e),
});

export const revokeSecurityGroupIngress = defineEc2Action<RuleChangeInput & { SecurityGroupRuleIds?: string[] }>({
  name: 'RevokeSecurityGroupIngress',
  uses: ['RevokeSecurityGroup', 'DescribeSecurityGroups', 'DescribeSecurityGroupAttribute'],
  handle: async (input, call) => {
    const group = await resolveGroup(call, input);
    const before = await rulesOf(call, group.SecurityGroupId);
    let params: Record<string, unknown>;
    if (input.SecurityGroupRuleIds?.length) {
      for (const id of input.SecurityGroupRuleIds) if (!before.some((b) => b.SecurityGroupRuleId === id)) throw GroupErrors.ruleNotFound();
      params = { SecurityGroupRuleId: input.SecurityGroupRuleIds };
    } else {
      const names = new Map((await ecsGroups(call)).map((g) => [g.SecurityGroupName, g.SecurityGroupId]));
      const rules = ecsRules(permissionsOf(input), 'ingress', names);
      for (const r of rules) if (!before.some((b) => sameRule(r, b))) throw GroupErrors.ruleNotFound();
      params = { Permissions: rules };
    }
    await call.ecs('RevokeSecurityGroup', { RegionId: call.region, SecurityGroupId: group.SecurityGroupId, ...params, DryRun: input.DryRun });
    return { Return: true };
  },
  mapError: (e) => ruleFailures(e),
});

export const deleteSecurityGroup = defineEc2Action<{ GroupId?: string; GroupName?: string; DryRun?: boolean }>({
  name: 'DeleteSecurityGroup',
  uses: ['DeleteSecurityGroup', 'DescribeSecurityGroups'],
  handle: async (input, call) => {
    // The default VPC's `default` group exists from the start in EC2's view, stored or not: never deletable.
    const defaultId = defaultSecurityGroupId(call.accountId, call.region);
    if (input.GroupId === defaultId || (!input.GroupId && input.GroupName === 'default')) throw securityGroupErrors.cannotDeleteDefault(defaultId);
    const group = await resolveGroup(call, input);
    await call.ecs('DeleteSecurityGroup', { RegionId: call.region, SecurityGroupId: group.SecurityGroupId, DryRun: input.DryRun });
    return { Return: true, GroupId: group.SecurityGroupId };
  },
  mapError: (e, input) => {
    if (e.code === 'DependencyViolation') return GroupErrors.dependency(input.GroupId ?? input.GroupName ?? '');
    if (e.code === 'InvalidSecurityGroupId.NotFound') return GroupErrors.notFound(input.GroupId ?? input.GroupName ?? '');
    return undefined;
  },
});
