import { findZone } from '../../domain/catalogue/regions';
import { validateTags, type TagInput } from '../../domain/tags';
import {
  checkName,
  checkVSwitchCidr,
  defaultVpcId,
  firstFreeDefaultBlock,
  RESERVED_HEAD,
  statusAt,
  VpcErrors,
  zoneOfDefaultVSwitch,
  type VSwitchRecord,
} from '../../domain/vpc';
import { newResourceId } from '../../platform/ids';
import { listNatGateways } from '../../store/nat-gateways';
import { listNetworkInterfaces } from '../../store/network-interfaces';
import { releaseQuotaSlots, takeQuotaSlots } from '../../store/quota-counters';
import { deleteNetworkItem, listRouteTables, listVSwitches, loadVpc, recordOf, saveNetworkItem, vSwitchKey } from '../../store/vpcs';
import { accountOf } from '../action';
import { requireRegion } from '../instances/common';
import { defineOperation } from '../operation';
import { pendingUntil } from './common';
import { refuseIpv6, requireVpc, requireVSwitch } from './lookups';

/**
 * The vSwitch operations (docs/operations.md, docs/network.md): CreateVSwitch,
 * ModifyVSwitchAttribute and DeleteVSwitch of the VPC API (ECS codecs: ./vswitches.ts) and EC2's
 * CreateSubnet, CreateDefaultSubnet, ModifySubnetAttribute and DeleteSubnet (an EC2 subnet is a
 * vSwitch). Where the clouds differ the input names the rule (`ec2Rules`): AWS's /28 smallest
 * block, a subnet in a VPC still pending, usable at once.
 */

/** The vSwitches-per-VPC counter is scoped to the VPC. */
const vSwitchScope = (regionId: string, vpcId: string) => `${regionId}#${vpcId}`;

export interface NewVSwitch {
  regionId: string;
  /** The VPC; without it, the region's default VPC (`isDefault` only: EC2 CreateDefaultSubnet). */
  vpcId?: string;
  zoneId: string;
  /** Without it (a default vSwitch only): the default VPC's first free /20. */
  cidrBlock?: string;
  name?: string;
  description?: string;
  /** IPv6 asked for (`Ipv6CidrBlock`): refused. */
  ipv6?: number | boolean;
  /** The zone's default vSwitch (at most one per zone), mapping public addresses on launch as AWS's default subnets do. */
  isDefault?: boolean;
  tags: readonly TagInput[];
  /** AWS's rules: /16 to /28, a pending VPC takes subnets, usable at once. */
  ec2Rules: boolean;
}

/**
 * CreateVSwitch (https://www.alibabacloud.com/help/en/vpc/developer-reference/api-vpc-2016-04-28-createvswitch,
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSubnet.html,
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateDefaultSubnet.html).
 */
export const createVSwitch = defineOperation<NewVSwitch, { vSwitch: VSwitchRecord; now: Date }>({
  name: 'CreateVSwitch',
  run: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.regionId);
    let vpcId = input.vpcId;
    if (vpcId === undefined) {
      if (!input.isDefault || !(await loadVpc(ctx.store, accountId, regionId, defaultVpcId(accountId, regionId)))) throw VpcErrors.defaultVpcMissing();
      vpcId = defaultVpcId(accountId, regionId);
    }
    const vpc = await requireVpc(ctx, regionId, vpcId);
    refuseIpv6(input.ipv6);
    if (!findZone(regionId, input.zoneId)) throw VpcErrors.zoneNotFound();
    // The VPC API creates vSwitches only in an Available VPC; EC2 takes subnets in a pending VPC.
    if (!input.ec2Rules && statusAt(vpc, ctx.now) !== 'Available') throw VpcErrors.vpcStatus();
    checkName(input.name, 'InvalidVSwitchName.Malformed', 'Specified virtual switch name is not valid.');
    checkName(input.description, 'InvalidVSwitchDiscription.Malformed', 'Specified virtual switch description is not valid.');
    const siblings = await listVSwitches(ctx.store, accountId, regionId, vpc.vpcId);
    if (input.isDefault && siblings.some((s) => s.isDefault && s.zoneId === input.zoneId)) throw VpcErrors.defaultVSwitchExists();
    const cidrBlock = input.cidrBlock ?? firstFreeDefaultBlock(vpc, siblings);
    checkVSwitchCidr(cidrBlock, vpc, siblings, input.ec2Rules);
    const tags = validateTags(input.tags);
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
      zoneId: input.zoneId,
      cidrBlock,
      isDefault: input.isDefault ?? false,
      vSwitchName: input.name ?? '',
      description: input.description ?? '',
      createdAt: ctx.now.toISOString(),
      availableAt: pendingUntil(ctx.now, input.ec2Rules),
      // AWS: only default subnets map public addresses on launch.
      mapPublicIpOnLaunch: input.isDefault ?? false,
      nextOffset: RESERVED_HEAD,
      freed: [],
      allocated: 0,
      instanceCount: 0,
      tags: tags.map((t) => ({ key: t.key, value: t.value })),
    };
    // Touch the VPC: a concurrent DeleteVpc conflicts with this create instead of missing it.
    saveNetworkItem(ctx.tx, vpc, recordOf(vpc));
    ctx.tx.create(vSwitchKey(accountId, regionId, record.vSwitchId), record);
    return { vSwitch: record, now: ctx.now };
  },
});

export interface VSwitchChanges {
  regionId: string;
  vSwitchId: string;
  name?: string;
  description?: string;
  enableIpv6?: boolean;
  mapPublicIpOnLaunch?: boolean;
}

/**
 * ModifyVSwitchAttribute (https://www.alibabacloud.com/help/en/vpc/developer-reference/api-vpc-2016-04-28-modifyvswitchattribute,
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifySubnetAttribute.html).
 */
export const modifyVSwitch = defineOperation<VSwitchChanges, { vSwitch: VSwitchRecord }>({
  name: 'ModifyVSwitchAttribute',
  run: async (input, ctx) => {
    const regionId = requireRegion(input.regionId);
    const v = await requireVSwitch(ctx, regionId, input.vSwitchId);
    refuseIpv6(input.enableIpv6);
    checkName(input.name, 'InvalidVSwitchName.Malformed', 'Specified virtual switch name is not valid.');
    checkName(input.description, 'InvalidVSwitchDiscription.Malformed', 'Specified virtual switch description is not valid.');
    const next = recordOf(v);
    if (input.name !== undefined) next.vSwitchName = input.name;
    if (input.description !== undefined) next.description = input.description;
    if (input.mapPublicIpOnLaunch !== undefined) next.mapPublicIpOnLaunch = input.mapPublicIpOnLaunch;
    saveNetworkItem(ctx.tx, v, next);
    return { vSwitch: next };
  },
});

/**
 * DeleteVSwitch (https://www.alibabacloud.com/help/en/vpc/developer-reference/api-vpc-2016-04-28-deletevswitch,
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteSubnet.html): only a vSwitch
 * holding no address; a custom route table forgets it.
 */
export const deleteVSwitch = defineOperation<{ regionId: string; vSwitchId: string }, { vSwitchId: string }>({
  name: 'DeleteVSwitch',
  run: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.regionId);
    const v = await requireVSwitch(ctx, regionId, input.vSwitchId);
    if (statusAt(v, ctx.now) !== 'Available') throw VpcErrors.vSwitchStatus();
    if (v.instanceCount > 0 || v.allocated > 0) {
      // The counters count every address held; a NAT gateway or a secondary network interface
      // holding one answers the reference's generic `DependencyViolation` (docs/network.md).
      const [nats, enis] = await Promise.all([listNatGateways(ctx.store, accountId, regionId), listNetworkInterfaces(ctx.store, accountId, regionId)]);
      const held = (x: { vSwitchId: string; privateIp: string }) => x.vSwitchId === v.vSwitchId && x.privateIp !== '';
      if (enis.some(held) || nats.some((n) => n.deletedAt === undefined && held(n))) throw VpcErrors.dependency();
      throw VpcErrors.dependencyInstance();
    }
    const tables = await listRouteTables(ctx.store, accountId, regionId);
    for (const t of tables.filter((t) => t.vSwitchIds.includes(v.vSwitchId))) {
      saveNetworkItem(ctx.tx, t, { ...recordOf(t), vSwitchIds: t.vSwitchIds.filter((id) => id !== v.vSwitchId) });
    }
    // A derived default vSwitch leaves a tombstone (else it would come back); others took a quota slot.
    const derived = zoneOfDefaultVSwitch(accountId, regionId, v.vSwitchId) !== undefined;
    deleteNetworkItem(ctx.tx, v, derived);
    if (!derived) releaseQuotaSlots(ctx.tx, { accountId, quotaName: 'VSwitchesPerVpc', scope: vSwitchScope(regionId, v.vpcId), amount: 1 });
    return { vSwitchId: v.vSwitchId };
  },
});
