import { z } from 'zod';
import { findZone } from '../../domain/catalogue/regions';
import { Errors } from '../../domain/errors';
import { matchesTagFilter, validateTags } from '../../domain/tags';
import { checkName, checkVSwitchCidr, RESERVED_HEAD, statusAt, VpcErrors, zoneOfDefaultVSwitch, type VSwitchRecord } from '../../domain/vpc';
import { currentDialect } from '../../platform/dialect';
import { newResourceId } from '../../platform/ids';
import { listNatGateways } from '../../store/nat-gateways';
import { listNetworkInterfaces } from '../../store/network-interfaces';
import { releaseQuotaSlots, takeQuotaSlots } from '../../store/quota-counters';
import { deleteNetworkItem, listRouteTables, listVSwitches, loadVSwitch, recordOf, saveNetworkItem, vSwitchKey } from '../../store/vpcs';
import { accountOf, defineAction, type ActionContext } from '../action';
import { requireRegion } from '../instances/common';
import { pageFields, pageOf } from '../paging';
import { commonFields, p } from '../params';
import { tagEntries, toTagFilter, toTagInputs } from '../tags/input';
import { availableAtFor, idList, renderVSwitch } from './common';
import { refuseIpv6, requireVpc } from './vpcs';

/**
 * The VPC API's vSwitch actions: CreateVSwitch, DescribeVSwitches, ModifyVSwitchAttribute,
 * DeleteVSwitch (https://www.alibabacloud.com/help/en/vpc/developer-reference/api-vpc-2016-04-28-createvswitch
 * and siblings). An EC2 subnet is a vSwitch.
 */

export async function requireVSwitch(ctx: ActionContext, regionId: string, id: string) {
  const v = await loadVSwitch(ctx.store, accountOf(ctx), regionId, id);
  if (!v) throw VpcErrors.vSwitchNotFound();
  return v;
}

/** The vSwitches-per-VPC counter is scoped to the VPC. */
const vSwitchScope = (regionId: string, vpcId: string) => `${regionId}#${vpcId}`;

export const createVSwitch = defineAction({
  name: 'CreateVSwitch',
  idempotent: true,
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    ZoneId: p.string({ min: 1 }),
    CidrBlock: p.string({ min: 1 }),
    VpcId: p.string({ min: 1 }),
    VSwitchName: p.string().optional(),
    Description: p.string().optional(),
    Ipv6CidrBlock: p.int().optional(),
    VpcOwnerId: p.string().optional(),
    /** Sandbox extension the EC2 adapter uses (CreateDefaultSubnet): the zone's default vSwitch. */
    IsDefault: p.bool().optional(),
    Tag: tagEntries(),
    ClientToken: p.clientToken().optional(),
  }),
  handler: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.RegionId);
    const dialect = currentDialect();
    const vpc = await requireVpc(ctx, regionId, input.VpcId);
    refuseIpv6(input.Ipv6CidrBlock);
    if (!findZone(regionId, input.ZoneId)) throw Errors.notFound('InvalidZoneId.NotFound', 'Specified zone does not exist.');
    // The VPC API creates vSwitches only in an Available VPC; EC2 takes subnets in a pending VPC.
    if (dialect === 'ecs' && statusAt(vpc, ctx.now) !== 'Available') throw VpcErrors.vpcStatus();
    checkName(input.VSwitchName, 'InvalidVSwitchName.Malformed', 'Specified virtual switch name is not valid.');
    checkName(input.Description, 'InvalidVSwitchDiscription.Malformed', 'Specified virtual switch description is not valid.');
    const siblings = await listVSwitches(ctx.store, accountId, regionId, vpc.vpcId);
    checkVSwitchCidr(input.CidrBlock, vpc, siblings, dialect);
    const tags = validateTags(toTagInputs(input.Tag));
    if (input.IsDefault && siblings.some((s) => s.isDefault && s.zoneId === input.ZoneId)) {
      throw Errors.invalid('DefaultVSwitchExists', 'A default vSwitch already exists in this zone.');
    }
    await takeQuotaSlots(ctx.store, ctx.tx, {
      accountId,
      quotaName: 'VSwitchesPerVpc',
      scope: vSwitchScope(regionId, vpc.vpcId),
      amount: 1,
      onFail: VpcErrors.vSwitchQuota,
    });
    const record: VSwitchRecord = {
      vSwitchId: newResourceId('vsw', regionId),
      vpcId: vpc.vpcId,
      accountId,
      regionId,
      zoneId: input.ZoneId,
      cidrBlock: input.CidrBlock,
      isDefault: input.IsDefault ?? false,
      vSwitchName: input.VSwitchName ?? '',
      description: input.Description ?? '',
      createdAt: ctx.now.toISOString(),
      availableAt: availableAtFor(ctx.now),
      // AWS: only default subnets map public addresses on launch.
      mapPublicIpOnLaunch: input.IsDefault ?? false,
      nextOffset: RESERVED_HEAD,
      freed: [],
      allocated: 0,
      instanceCount: 0,
      tags: tags.map((t) => ({ key: t.key, value: t.value })),
    };
    // Touch the VPC: a concurrent DeleteVpc conflicts with this create instead of missing it.
    saveNetworkItem(ctx.tx, vpc, recordOf(vpc));
    ctx.tx.create(vSwitchKey(accountId, regionId, record.vSwitchId), record);
    return { VSwitchId: record.vSwitchId };
  },
});

export const describeVSwitches = defineAction({
  name: 'DescribeVSwitches',
  input: z.object({
    ...commonFields,
    ...pageFields(50),
    RegionId: p.regionId(),
    VpcId: p.string().optional(),
    VSwitchId: idList(20).optional(),
    ZoneId: p.string().optional(),
    VSwitchName: p.string().optional(),
    IsDefault: p.bool().optional(),
    RouteTableId: p.string().optional(),
    ResourceGroupId: p.string().optional(),
    VSwitchOwnerId: p.string().optional(),
    EnableIpv6: p.bool().optional(),
    Tag: tagEntries(),
  }),
  handler: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.RegionId);
    const filter = toTagFilter(input.Tag);
    const [all, tables] = await Promise.all([
      listVSwitches(ctx.store, accountId, regionId, input.VpcId),
      listRouteTables(ctx.store, accountId, regionId),
    ]);
    const tableOf = (s: VSwitchRecord) => {
      const custom = tables.find((t) => !t.main && t.vSwitchIds.includes(s.vSwitchId));
      if (custom) return { id: custom.routeTableId, type: 'Custom' as const };
      const main = tables.find((t) => t.main && t.vpcId === s.vpcId);
      return { id: main?.routeTableId ?? '', type: 'System' as const };
    };
    const chosen = all.filter(
      (s) =>
        (!input.VSwitchId?.length || input.VSwitchId.includes(s.vSwitchId)) &&
        (input.ZoneId === undefined || s.zoneId === input.ZoneId) &&
        (input.VSwitchName === undefined || s.vSwitchName === input.VSwitchName) &&
        (input.IsDefault === undefined || s.isDefault === input.IsDefault) &&
        (input.RouteTableId === undefined || tableOf(s).id === input.RouteTableId) &&
        (input.VSwitchOwnerId === undefined || input.VSwitchOwnerId === accountId) &&
        // No vSwitch has IPv6 here: EnableIpv6=true finds none.
        (input.EnableIpv6 === undefined || input.EnableIpv6 === false) &&
        matchesTagFilter(s.tags, filter),
    );
    const page = pageOf(chosen, input.PageNumber ?? 1, input.PageSize ?? 10);
    return {
      TotalCount: page.TotalCount,
      PageNumber: page.PageNumber,
      PageSize: page.PageSize,
      VSwitches: { VSwitch: page.items.map((s) => renderVSwitch(recordOf(s), tableOf(s), ctx.now)) },
    };
  },
});

export const modifyVSwitchAttribute = defineAction({
  name: 'ModifyVSwitchAttribute',
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    VSwitchId: p.string({ min: 1 }),
    VSwitchName: p.string().optional(),
    Description: p.string().optional(),
    EnableIPv6: p.bool().optional(),
    /** Sandbox extension the EC2 adapter uses (ModifySubnetAttribute MapPublicIpOnLaunch). */
    MapPublicIpOnLaunch: p.bool().optional(),
  }),
  handler: async (input, ctx) => {
    const regionId = requireRegion(input.RegionId);
    const v = await requireVSwitch(ctx, regionId, input.VSwitchId);
    refuseIpv6(input.EnableIPv6);
    checkName(input.VSwitchName, 'InvalidVSwitchName.Malformed', 'Specified virtual switch name is not valid.');
    checkName(input.Description, 'InvalidVSwitchDiscription.Malformed', 'Specified virtual switch description is not valid.');
    const next = recordOf(v);
    if (input.VSwitchName !== undefined) next.vSwitchName = input.VSwitchName;
    if (input.Description !== undefined) next.description = input.Description;
    if (input.MapPublicIpOnLaunch !== undefined) next.mapPublicIpOnLaunch = input.MapPublicIpOnLaunch;
    saveNetworkItem(ctx.tx, v, next);
    return {};
  },
});

export const deleteVSwitch = defineAction({
  name: 'DeleteVSwitch',
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    VSwitchId: p.string({ min: 1 }),
    ClientToken: p.clientToken().optional(),
  }),
  handler: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.RegionId);
    const v = await requireVSwitch(ctx, regionId, input.VSwitchId);
    if (statusAt(v, ctx.now) !== 'Available') throw VpcErrors.vSwitchStatus();
    if (v.instanceCount > 0 || v.allocated > 0) {
      // The counters count every address held; a NAT gateway or a secondary network interface
      // holding one answers the reference's generic `DependencyViolation` (docs/network.md).
      const [nats, enis] = await Promise.all([listNatGateways(ctx.store, accountId, regionId), listNetworkInterfaces(ctx.store, accountId, regionId)]);
      const held = (x: { vSwitchId: string; privateIp: string }) => x.vSwitchId === v.vSwitchId && x.privateIp !== '';
      if (enis.some(held) || nats.some((n) => n.deletedAt === undefined && held(n))) throw VpcErrors.dependency();
      throw VpcErrors.dependencyInstance();
    }
    // A custom route table forgets the vSwitch (the association goes with it).
    const tables = await listRouteTables(ctx.store, accountId, regionId);
    for (const t of tables.filter((t) => t.vSwitchIds.includes(v.vSwitchId))) {
      saveNetworkItem(ctx.tx, t, { ...recordOf(t), vSwitchIds: t.vSwitchIds.filter((id) => id !== v.vSwitchId) });
    }
    // A derived default vSwitch leaves a tombstone (else it would come back); others took a quota slot.
    const derived = zoneOfDefaultVSwitch(accountId, regionId, v.vSwitchId) !== undefined;
    deleteNetworkItem(ctx.tx, v, derived);
    if (!derived) {
      releaseQuotaSlots(ctx.tx, { accountId, quotaName: 'VSwitchesPerVpc', scope: vSwitchScope(regionId, v.vpcId), amount: 1 });
    }
    return {};
  },
});
