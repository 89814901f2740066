import { z } from 'zod';
import { Errors } from '../../domain/errors';
import { matchesTagFilter, validateTags } from '../../domain/tags';
import { cidrContains, parseCidr } from '../../domain/cidr';
import {
  checkName,
  checkVpcCidr,
  DEFAULT_VPC_CIDR,
  defaultSecurityGroupIdOfVpc,
  defaultVpcId,
  derivedDefaultVpc,
  derivedDefaultVSwitch,
  newSystemRouteTable,
  statusAt,
  VpcErrors,
  type VpcRecord,
} from '../../domain/vpc';
import { listInternetGatewaysOfVpc } from '../../store/gateways';
import { currentDialect } from '../../platform/dialect';
import { newResourceId } from '../../platform/ids';
import { releaseQuotaSlots, takeQuotaSlots, countWithoutLimit } from '../../store/quota-counters';
import { createSecurityGroup as createGroupItem, listSecurityGroups } from '../../store/security-groups';
import { newDefaultSecurityGroup } from '../security-groups/membership';
import {
  deleteNetworkItem,
  listRouteTables,
  listVpcs,
  listVSwitches,
  loadRouteTable,
  loadVpc,
  recordOf,
  routeTableKey,
  saveNetworkItem,
  vpcKey,
  vSwitchKey,
} from '../../store/vpcs';
import { findRegion } from '../../domain/catalogue/regions';
import { accountOf, defineAction, type ActionContext } from '../action';
import { requireRegion } from '../instances/common';
import { pageFields, pageOf } from '../paging';
import { commonFields, p } from '../params';
import { tagEntries, toTagFilter, toTagInputs } from '../tags/input';
import { availableAtFor, idList, renderVpc } from './common';

/**
 * The VPC API's (2016-04-28) VPC actions: CreateVpc, DescribeVpcs, ModifyVpcAttribute, DeleteVpc
 * (https://www.alibabacloud.com/help/en/vpc/developer-reference/api-vpc-2016-04-28-createvpc and
 * siblings). EC2's CreateVpc/DescribeVpcs/ModifyVpcAttribute/DeleteVpc are adapters over these.
 */

export async function requireVpc(ctx: ActionContext, regionId: string, vpcId: string) {
  const vpc = await loadVpc(ctx.store, accountOf(ctx), regionId, vpcId);
  if (!vpc) throw VpcErrors.vpcNotFound();
  return vpc;
}

/** IPv6 is not simulated: asking for it is refused, not dropped (docs/network.md). */
export function refuseIpv6(...asked: (boolean | string | number | undefined)[]): void {
  if (asked.some((a) => a !== undefined && a !== false && a !== '')) throw Errors.invalid('UnsupportedFeature.Ipv6', 'IPv6 is not supported by this sandbox.');
}

/** CreateVpc's UserCidr: up to three comma-separated blocks (https://www.alibabacloud.com/help/en/vpc/developer-reference/api-vpc-2016-04-28-createvpc). */
function parseUserCidrs(value: string | undefined): string[] {
  if (!value) return [];
  const list = value.split(',').map((c) => c.trim());
  if (list.length > 3 || list.some((c) => !parseCidr(c))) throw Errors.invalidParameter('UserCidr');
  return list;
}

export const createVpc = defineAction({
  name: 'CreateVpc',
  idempotent: true,
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    CidrBlock: p.string().optional(),
    VpcName: p.string().optional(),
    Description: p.string().optional(),
    Ipv6CidrBlock: p.string().optional(),
    EnableIpv6: p.bool().optional(),
    UserCidr: p.string().optional(),
    /** The VPC API's DNS hostname switch (CreateVpc / ModifyVpcAttribute `EnableDnsHostname`). */
    EnableDnsHostname: p.bool().optional(),
    ResourceGroupId: p.string().optional(),
    /** Sandbox extension the EC2 adapter uses (CreateDefaultVpc): make the region's default VPC. */
    IsDefault: p.bool().optional(),
    Tag: tagEntries(),
    ClientToken: p.clientToken().optional(),
  }),
  handler: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.RegionId);
    const dialect = currentDialect();
    // Without a block the VPC API uses 172.16.0.0/12 (CreateVpc, CidrBlock).
    const cidr = input.CidrBlock ?? (input.IsDefault ? DEFAULT_VPC_CIDR : '172.16.0.0/12');
    checkVpcCidr(cidr, dialect);
    checkName(input.VpcName, 'InvalidVpcName.Malformed', 'Specified VPC name is not valid.');
    checkName(input.Description, 'InvalidVpcDiscription.Malformed', 'Specified VPC description is not valid.');
    refuseIpv6(input.EnableIpv6, input.Ipv6CidrBlock);
    const userCidrs = parseUserCidrs(input.UserCidr);
    const tags = validateTags(toTagInputs(input.Tag));
    const now = ctx.now.toISOString();
    let vpc: VpcRecord;
    if (input.IsDefault) {
      // CreateDefaultVpc: the derived default comes back (its tombstone is replaced). Every account
      // starts with its default VPC, unstored until first changed, so only a tombstone (the default
      // VPC was deleted) lets a new one in: one default VPC per region
      // (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateDefaultVpc.html).
      const id = defaultVpcId(accountId, regionId);
      const existing = await ctx.store.get<VpcRecord>(vpcKey(accountId, regionId, id));
      if (!existing?.deleted) throw Errors.invalid('DefaultVpcAlreadyExist', 'A default VPC already exists in this region.');
      vpc = { ...derivedDefaultVpc(accountId, regionId), createdAt: now, availableAt: availableAtFor(ctx.now) };
      ctx.tx.replace(existing, vpc);
      const table = await ctx.store.get(routeTableKey(accountId, regionId, vpc.routeTableId));
      if (table) ctx.tx.replace(table, newSystemRouteTable(vpc));
      // With a default vSwitch in every zone again (AWS's CreateDefaultVpc makes a default subnet per zone).
      for (const z of findRegion(regionId)?.zones ?? []) {
        const fresh = derivedDefaultVSwitch(accountId, regionId, z.zoneId);
        const old = await ctx.store.get(vSwitchKey(accountId, regionId, fresh.vSwitchId));
        if (old) ctx.tx.replace(old, { ...fresh, createdAt: now, availableAt: vpc.availableAt });
      }
    } else {
      await takeQuotaSlots(ctx.store, ctx.tx, { accountId, quotaName: 'Vpcs', scope: regionId, amount: 1, onFail: VpcErrors.vpcQuota });
      vpc = {
        vpcId: newResourceId('vpc', regionId),
        accountId,
        regionId,
        cidrBlock: cidr,
        isDefault: false,
        vpcName: input.VpcName ?? '',
        description: input.Description ?? '',
        createdAt: now,
        availableAt: availableAtFor(ctx.now),
        enableDnsSupport: true,
        // AWS: DNS hostnames are off in a non-default VPC (https://docs.aws.amazon.com/vpc/latest/userguide/AmazonDNS-concepts.html).
        enableDnsHostnames: input.EnableDnsHostname ?? false,
        ...(userCidrs.length ? { userCidrs } : {}),
        routeTableId: newResourceId('vtb', regionId),
        vRouterId: newResourceId('vrt', regionId),
        dhcpOptionsId: 'default',
        tags: tags.map((t) => ({ key: t.key, value: t.value })),
      };
      ctx.tx.create(vpcKey(accountId, regionId, vpc.vpcId), vpc);
      ctx.tx.create(routeTableKey(accountId, regionId, vpc.routeTableId), newSystemRouteTable(vpc));
      if (dialect === 'ec2') {
        // EC2 gives every new VPC its `default` security group (https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html).
        createGroupItem(ctx.tx, newDefaultSecurityGroup(accountId, regionId, ctx.now, vpc.vpcId));
        countWithoutLimit(ctx.tx, { accountId, quotaName: 'SecurityGroups', scope: regionId, amount: 1 });
      }
    }
    return { VpcId: vpc.vpcId, VRouterId: vpc.vRouterId, RouteTableId: vpc.routeTableId, ResourceGroupId: input.ResourceGroupId ?? '' };
  },
});

export const describeVpcs = defineAction({
  name: 'DescribeVpcs',
  input: z.object({
    ...commonFields,
    ...pageFields(50),
    RegionId: p.regionId(),
    VpcId: idList(20).optional(),
    VpcName: p.string().optional(),
    IsDefault: p.bool().optional(),
    DhcpOptionsSetId: p.string().optional(),
    ResourceGroupId: p.string().optional(),
    VpcOwnerId: p.string().optional(),
    EnableIpv6: p.bool().optional(),
    Tag: tagEntries(),
  }),
  handler: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.RegionId);
    const filter = toTagFilter(input.Tag);
    const [vpcs, vSwitches] = await Promise.all([listVpcs(ctx.store, accountId, regionId), listVSwitches(ctx.store, accountId, regionId)]);
    const chosen = vpcs.filter(
      (v) =>
        (!input.VpcId?.length || input.VpcId.includes(v.vpcId)) &&
        (input.VpcName === undefined || v.vpcName === input.VpcName) &&
        (input.IsDefault === undefined || v.isDefault === input.IsDefault) &&
        (input.VpcOwnerId === undefined || input.VpcOwnerId === accountId) &&
        (input.DhcpOptionsSetId === undefined || v.dhcpOptionsId === input.DhcpOptionsSetId) &&
        // No VPC has IPv6 here: EnableIpv6=true finds none.
        (input.EnableIpv6 === undefined || input.EnableIpv6 === false) &&
        matchesTagFilter(v.tags, filter),
    );
    const page = pageOf(chosen, input.PageNumber ?? 1, input.PageSize ?? 10);
    return {
      TotalCount: page.TotalCount,
      PageNumber: page.PageNumber,
      PageSize: page.PageSize,
      Vpcs: {
        Vpc: page.items.map((v) =>
          renderVpc(recordOf(v), vSwitches.filter((s) => s.vpcId === v.vpcId).map((s) => s.vSwitchId), ctx.now),
        ),
      },
    };
  },
});

export const modifyVpcAttribute = defineAction({
  name: 'ModifyVpcAttribute',
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    VpcId: p.string({ min: 1 }),
    VpcName: p.string().optional(),
    Description: p.string().optional(),
    CidrBlock: p.string().optional(),
    EnableIPv6: p.bool().optional(),
    EnableDnsHostname: p.bool().optional(),
    /** Sandbox extensions the EC2 adapter uses (ModifyVpcAttribute): the VPC's DNS attributes. */
    EnableDnsSupport: p.bool().optional(),
    EnableDnsHostnames: p.bool().optional(),
  }),
  handler: async (input, ctx) => {
    const regionId = requireRegion(input.RegionId);
    const vpc = await requireVpc(ctx, regionId, input.VpcId);
    refuseIpv6(input.EnableIPv6);
    checkName(input.VpcName, 'InvalidVpcName.Malformed', 'Specified VPC name is not valid.');
    checkName(input.Description, 'InvalidVpcDiscription.Malformed', 'Specified VPC description is not valid.');
    const next = recordOf(vpc);
    if (input.CidrBlock !== undefined && input.CidrBlock !== vpc.cidrBlock) {
      // Only a larger block containing every vSwitch (the VPC API's "expand the CIDR block").
      const c = checkVpcCidr(input.CidrBlock, currentDialect());
      const vSwitches = await listVSwitches(ctx.store, vpc.accountId, regionId, vpc.vpcId);
      if (!cidrContains(c, parseCidr(vpc.cidrBlock)!) || vSwitches.some((s) => !cidrContains(c, parseCidr(s.cidrBlock)!))) {
        throw Errors.invalid('InvalidCidrBlock.Malformed', 'Specified CIDR block is not valid.');
      }
      next.cidrBlock = input.CidrBlock;
    }
    if (input.VpcName !== undefined) next.vpcName = input.VpcName;
    if (input.Description !== undefined) next.description = input.Description;
    if (input.EnableDnsSupport !== undefined) next.enableDnsSupport = input.EnableDnsSupport;
    if (input.EnableDnsHostnames !== undefined) next.enableDnsHostnames = input.EnableDnsHostnames;
    if (input.EnableDnsHostname !== undefined) next.enableDnsHostnames = input.EnableDnsHostname;
    saveNetworkItem(ctx.tx, vpc, next);
    return {};
  },
});

export const deleteVpc = defineAction({
  name: 'DeleteVpc',
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    VpcId: p.string({ min: 1 }),
    ForceDelete: p.bool().optional(),
    ClientToken: p.clientToken().optional(),
  }),
  handler: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.RegionId);
    const vpc = await requireVpc(ctx, regionId, input.VpcId);
    if (statusAt(vpc, ctx.now) !== 'Available') throw VpcErrors.vpcStatus();
    const [vSwitches, tables, groups] = await Promise.all([
      listVSwitches(ctx.store, accountId, regionId, vpc.vpcId),
      listRouteTables(ctx.store, accountId, regionId),
      listSecurityGroups(ctx.store, accountId, regionId),
    ]);
    if (vSwitches.length > 0) throw VpcErrors.dependencyVSwitch();
    if (tables.some((t) => t.vpcId === vpc.vpcId && !t.main)) throw VpcErrors.dependencyRouteTable();
    // The VPC's own default group (made by a launch) goes with it; any other group blocks (DependencyViolation.SecurityGroup).
    const ownDefault = defaultSecurityGroupIdOfVpc(accountId, regionId, vpc.vpcId);
    const inVpc = groups.filter((g) => g.vpcId === vpc.vpcId);
    if (inVpc.some((g) => g.securityGroupId !== ownDefault || g.memberCount > 0)) throw VpcErrors.dependencySecurityGroup();
    for (const g of inVpc) {
      ctx.tx.remove(g);
      countWithoutLimit(ctx.tx, { accountId, quotaName: 'SecurityGroups', scope: regionId, amount: -1 });
    }
    if ((await listInternetGatewaysOfVpc(ctx.store, accountId, regionId, vpc.vpcId)).length > 0) {
      throw Errors.invalid('DependencyViolation.Ipv4Gateway', 'Specified object has dependent resources Ipv4Gateway.');
    }
    const table = await loadRouteTable(ctx.store, accountId, regionId, vpc.routeTableId);
    if (table) deleteNetworkItem(ctx.tx, table, vpc.isDefault);
    deleteNetworkItem(ctx.tx, vpc, vpc.isDefault);
    if (!vpc.isDefault) releaseQuotaSlots(ctx.tx, { accountId, quotaName: 'Vpcs', scope: regionId, amount: 1 });
    return {};
  },
});
