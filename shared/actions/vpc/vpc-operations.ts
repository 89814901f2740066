import { findRegion } from '../../domain/catalogue/regions';
import { cidrContains, parseCidr } from '../../domain/cidr';
import { Errors } from '../../domain/errors';
import { validateTags, type TagInput } from '../../domain/tags';
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
import { newResourceId } from '../../platform/ids';
import { listInternetGatewaysOfVpc } from '../../store/gateways';
import { countWithoutLimit, releaseQuotaSlots, takeQuotaSlots } from '../../store/quota-counters';
import { createSecurityGroup as createGroupItem, listSecurityGroups } from '../../store/security-groups';
import {
  deleteNetworkItem,
  listRouteTables,
  listVSwitches,
  loadRouteTable,
  recordOf,
  routeTableKey,
  saveNetworkItem,
  vpcKey,
  vSwitchKey,
} from '../../store/vpcs';
import { accountOf } from '../action';
import { requireRegion } from '../instances/common';
import { defineOperation } from '../operation';
import { newDefaultSecurityGroup } from '../security-groups/membership';
import { pendingUntil } from './common';
import { refuseIpv6, requireVpc } from './lookups';

/**
 * The VPC operations (docs/operations.md, docs/network.md): CreateVpc, ModifyVpcAttribute and
 * DeleteVpc of the VPC API (their ECS codecs: ./vpcs.ts) and EC2's CreateVpc, CreateDefaultVpc,
 * ModifyVpcAttribute and DeleteVpc (shared/protocol/ec2/actions/vpcs-subnets.ts). Typed errors:
 * `VpcErrors` (shared/domain/vpc.ts, reasons in shared/domain/vpc-errors.ts). Where the clouds
 * differ the input names the rule (`ec2Rules`): AWS's block sizes, a VPC usable at once, and a
 * `default` security group made with every new VPC.
 */

export interface NewVpc {
  regionId: string;
  /** Default: the VPC API's 172.16.0.0/12 (the default VPC's 172.31.0.0/16). */
  cidrBlock?: string;
  name?: string;
  description?: string;
  /** Up to three user blocks (CreateVpc `UserCidr`). */
  userCidrs?: readonly string[];
  enableDnsHostnames?: boolean;
  /** IPv6 asked for (`EnableIpv6`, `Ipv6CidrBlock`): refused. */
  ipv6?: readonly (boolean | string | undefined)[];
  /** Bring back the region's default VPC (EC2 CreateDefaultVpc), only once it was deleted. */
  isDefault?: boolean;
  tags: readonly TagInput[];
  /** AWS's rules: /16 to /28 blocks, usable at once, a `default` security group with the VPC. */
  ec2Rules: boolean;
}

/**
 * CreateVpc (https://www.alibabacloud.com/help/en/vpc/developer-reference/api-vpc-2016-04-28-createvpc,
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateVpc.html): the VPC, its system
 * route table and its quota slot in one unit of work.
 */
export const createVpc = defineOperation<NewVpc, { vpc: VpcRecord; now: Date }>({
  name: 'CreateVpc',
  run: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.regionId);
    const cidr = input.cidrBlock ?? (input.isDefault ? DEFAULT_VPC_CIDR : '172.16.0.0/12');
    checkVpcCidr(cidr, input.ec2Rules);
    checkName(input.name, 'InvalidVpcName.Malformed', 'Specified VPC name is not valid.');
    checkName(input.description, 'InvalidVpcDiscription.Malformed', 'Specified VPC description is not valid.');
    refuseIpv6(...(input.ipv6 ?? []));
    const userCidrs = input.userCidrs ?? [];
    if (userCidrs.length > 3 || userCidrs.some((c) => !parseCidr(c))) throw Errors.invalidParameter('UserCidr');
    const tags = validateTags(input.tags);
    const now = ctx.now.toISOString();
    const availableAt = pendingUntil(ctx.now, input.ec2Rules);
    let vpc: VpcRecord;
    if (input.isDefault) {
      // The derived default comes back (its tombstone is replaced). Every account starts with its
      // default VPC, unstored until first changed, so only a tombstone (the default VPC was
      // deleted) lets a new one in: one default VPC per region
      // (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateDefaultVpc.html).
      const id = defaultVpcId(accountId, regionId);
      const existing = await ctx.store.get<VpcRecord>(vpcKey(accountId, regionId, id));
      if (!existing?.deleted) throw VpcErrors.defaultVpcExists();
      vpc = { ...derivedDefaultVpc(accountId, regionId), createdAt: now, availableAt };
      ctx.tx.replace(existing, vpc);
      const table = await ctx.store.get(routeTableKey(accountId, regionId, vpc.routeTableId));
      if (table) ctx.tx.replace(table, newSystemRouteTable(vpc));
      // With a default vSwitch in every zone again (AWS's CreateDefaultVpc makes a default subnet per zone).
      for (const z of findRegion(regionId)?.zones ?? []) {
        const fresh = derivedDefaultVSwitch(accountId, regionId, z.zoneId);
        const old = await ctx.store.get(vSwitchKey(accountId, regionId, fresh.vSwitchId));
        if (old) ctx.tx.replace(old, { ...fresh, createdAt: now, availableAt });
      }
      return { vpc, now: ctx.now };
    }
    await takeQuotaSlots(ctx.store, ctx.tx, { accountId, quotaName: 'Vpcs', scope: regionId, amount: 1, onFail: VpcErrors.vpcQuota });
    vpc = {
      vpcId: newResourceId('vpc', regionId),
      accountId,
      regionId,
      cidrBlock: cidr,
      isDefault: false,
      vpcName: input.name ?? '',
      description: input.description ?? '',
      createdAt: now,
      availableAt,
      enableDnsSupport: true,
      // AWS: DNS hostnames are off in a non-default VPC (https://docs.aws.amazon.com/vpc/latest/userguide/AmazonDNS-concepts.html).
      enableDnsHostnames: input.enableDnsHostnames ?? false,
      ...(userCidrs.length ? { userCidrs: [...userCidrs] } : {}),
      routeTableId: newResourceId('vtb', regionId),
      vRouterId: newResourceId('vrt', regionId),
      dhcpOptionsId: 'default',
      tags: tags.map((t) => ({ key: t.key, value: t.value })),
    };
    ctx.tx.create(vpcKey(accountId, regionId, vpc.vpcId), vpc);
    ctx.tx.create(routeTableKey(accountId, regionId, vpc.routeTableId), newSystemRouteTable(vpc));
    if (input.ec2Rules) {
      // EC2 gives every new VPC its `default` security group (https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html).
      createGroupItem(ctx.tx, newDefaultSecurityGroup(accountId, regionId, ctx.now, vpc.vpcId));
      countWithoutLimit(ctx.tx, { accountId, quotaName: 'SecurityGroups', scope: regionId, amount: 1 });
    }
    return { vpc, now: ctx.now };
  },
});

export interface VpcChanges {
  regionId: string;
  vpcId: string;
  name?: string;
  description?: string;
  /** A larger block holding the VPC's and every vSwitch's (the VPC API's "expand the CIDR block"). */
  cidrBlock?: string;
  /** IPv6 asked for: refused. */
  enableIpv6?: boolean;
  enableDnsSupport?: boolean;
  enableDnsHostnames?: boolean;
  /** AWS's block sizes for `cidrBlock`. */
  ec2Rules: boolean;
}

/**
 * ModifyVpcAttribute (https://www.alibabacloud.com/help/en/vpc/developer-reference/api-vpc-2016-04-28-modifyvpcattribute,
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyVpcAttribute.html).
 */
export const modifyVpc = defineOperation<VpcChanges, { vpc: VpcRecord }>({
  name: 'ModifyVpcAttribute',
  run: async (input, ctx) => {
    const regionId = requireRegion(input.regionId);
    const vpc = await requireVpc(ctx, regionId, input.vpcId);
    refuseIpv6(input.enableIpv6);
    checkName(input.name, 'InvalidVpcName.Malformed', 'Specified VPC name is not valid.');
    checkName(input.description, 'InvalidVpcDiscription.Malformed', 'Specified VPC description is not valid.');
    const next = recordOf(vpc);
    if (input.cidrBlock !== undefined && input.cidrBlock !== vpc.cidrBlock) {
      const c = checkVpcCidr(input.cidrBlock, input.ec2Rules);
      const vSwitches = await listVSwitches(ctx.store, vpc.accountId, regionId, vpc.vpcId);
      if (!cidrContains(c, parseCidr(vpc.cidrBlock)!) || vSwitches.some((s) => !cidrContains(c, parseCidr(s.cidrBlock)!))) {
        throw VpcErrors.vpcCidrInvalid();
      }
      next.cidrBlock = input.cidrBlock;
    }
    if (input.name !== undefined) next.vpcName = input.name;
    if (input.description !== undefined) next.description = input.description;
    if (input.enableDnsSupport !== undefined) next.enableDnsSupport = input.enableDnsSupport;
    if (input.enableDnsHostnames !== undefined) next.enableDnsHostnames = input.enableDnsHostnames;
    saveNetworkItem(ctx.tx, vpc, next);
    return { vpc: next };
  },
});

/**
 * DeleteVpc (https://www.alibabacloud.com/help/en/vpc/developer-reference/api-vpc-2016-04-28-deletevpc,
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteVpc.html): only an empty VPC
 * (its own `default` security group goes with it); the default VPC leaves a tombstone.
 */
export const deleteVpc = defineOperation<{ regionId: string; vpcId: string }, { vpcId: string }>({
  name: 'DeleteVpc',
  run: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.regionId);
    const vpc = await requireVpc(ctx, regionId, input.vpcId);
    if (statusAt(vpc, ctx.now) !== 'Available') throw VpcErrors.vpcStatus();
    const [vSwitches, tables, groups] = await Promise.all([
      listVSwitches(ctx.store, accountId, regionId, vpc.vpcId),
      listRouteTables(ctx.store, accountId, regionId),
      listSecurityGroups(ctx.store, accountId, regionId),
    ]);
    if (vSwitches.length > 0) throw VpcErrors.dependencyVSwitch();
    if (tables.some((t) => t.vpcId === vpc.vpcId && !t.main)) throw VpcErrors.dependencyRouteTable();
    // The VPC's own default group (made by a launch or EC2's CreateVpc) goes with it; any other group blocks.
    const ownDefault = defaultSecurityGroupIdOfVpc(accountId, regionId, vpc.vpcId);
    const inVpc = groups.filter((g) => g.vpcId === vpc.vpcId);
    if (inVpc.some((g) => g.securityGroupId !== ownDefault || g.memberCount > 0)) throw VpcErrors.dependencySecurityGroup();
    for (const g of inVpc) {
      ctx.tx.remove(g);
      countWithoutLimit(ctx.tx, { accountId, quotaName: 'SecurityGroups', scope: regionId, amount: -1 });
    }
    if ((await listInternetGatewaysOfVpc(ctx.store, accountId, regionId, vpc.vpcId)).length > 0) throw VpcErrors.dependencyIpv4Gateway();
    const table = await loadRouteTable(ctx.store, accountId, regionId, vpc.routeTableId);
    if (table) deleteNetworkItem(ctx.tx, table, vpc.isDefault);
    deleteNetworkItem(ctx.tx, vpc, vpc.isDefault);
    if (!vpc.isDefault) releaseQuotaSlots(ctx.tx, { accountId, quotaName: 'Vpcs', scope: regionId, amount: 1 });
    return { vpcId: vpc.vpcId };
  },
});
