import { z } from 'zod';
import { Errors } from '../../domain/errors';
import { eipErrors } from '../../domain/eip';
import { natStateAt, natVpcStatus, NatErrors, type NatGatewayRecord } from '../../domain/nat-gateway';
import { matchesTagFilter, validateTags } from '../../domain/tags';
import { allocateAddresses, checkName, releaseAddresses, statusAt, VpcErrors } from '../../domain/vpc';
import { currentDialect } from '../../platform/dialect';
import { newResourceId } from '../../platform/ids';
import { network } from '../../platform/network-config';
import { loadEip, saveEip } from '../../store/eips';
import { listInternetGatewaysOfVpc } from '../../store/gateways';
import { createNatGateway, listNatGateways, loadNatGateway, saveNatGateway } from '../../store/nat-gateways';
import { quotaLimit } from '../../store/quota-counters';
import { listRouteTables, loadVSwitch, recordOf, saveNetworkItem } from '../../store/vpcs';
import { accountOf, defineAction, type ActionContext } from '../action';
import { isoAfter } from '../../platform/clock';
import { requireRegion } from '../instances/common';
import { pageFields, pageOf } from '../paging';
import { commonFields, p } from '../params';
import { tagEntries, toTagFilter, toTagInputs } from '../tags/input';
import { requireVpc } from './vpcs';

/**
 * NAT gateways through the VPC API (CreateNatGateway, DescribeNatGateways, DeleteNatGateway,
 * https://www.alibabacloud.com/help/en/vpc/developer-reference/api-vpc-2016-04-28-createnatgateway
 * and siblings); EC2's Create/Describe/DeleteNatGateway are adapters over them
 * (shared/protocol/ec2/actions/nat-gateways.ts). The model and its lifecycle:
 * shared/domain/nat-gateway.ts. Only the enhanced type exists (the VPC API's `Normal` type can no
 * longer be bought); SNAT/DNAT tables and bandwidth packages are not simulated.
 */

export async function requireNatGateway(ctx: ActionContext, regionId: string, id: string) {
  const n = await loadNatGateway(ctx.store, accountOf(ctx), regionId, id);
  // A deleted gateway is gone for the VPC API; EC2 keeps showing it as `deleted` for an hour.
  if (!n || natStateAt(n, ctx.now) === 'deleted') throw NatErrors.notFound();
  return n;
}

export const createNatGatewayAction = defineAction({
  name: 'CreateNatGateway',
  idempotent: true,
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    VpcId: p.string({ min: 1 }),
    VSwitchId: p.string().optional(),
    Name: p.string().optional(),
    Description: p.string().optional(),
    NatType: p.string().optional(),
    NetworkType: p.string().optional(),
    /** Pay-as-you-go is the only way to buy one (subscriptions are no longer sold). */
    InstanceChargeType: p.enum(['PostPaid']).optional(),
    InternetChargeType: p.enum(['PayByLcu']).optional(),
    /** "No longer used" (the reference): accepted and ignored, as the real API does. */
    Spec: p.string().optional(),
    Tag: tagEntries(),
    ClientToken: p.clientToken().optional(),
    /** Sandbox extension for EC2's CreateNatGateway: the public gateway's Elastic IP. */
    AllocationId: p.string().optional(),
  }),
  handler: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.RegionId);
    const dialect = currentDialect();
    if (input.NatType !== undefined && input.NatType !== 'Enhanced') throw NatErrors.natType();
    const networkType = input.NetworkType ?? 'internet';
    if (networkType !== 'internet' && networkType !== 'intranet') throw NatErrors.networkType();
    // An enhanced gateway needs its vSwitch (CreateNatGateway, VSwitchId).
    if (!input.VSwitchId) throw Errors.missingParameter('VSwitchId');
    const vpc = await requireVpc(ctx, regionId, input.VpcId);
    if (dialect === 'ecs' && statusAt(vpc, ctx.now) !== 'Available') throw NatErrors.vpcStatus();
    const vSwitch = await loadVSwitch(ctx.store, accountId, regionId, input.VSwitchId);
    if (!vSwitch) throw VpcErrors.vSwitchNotFound();
    if (vSwitch.vpcId !== vpc.vpcId) throw Errors.invalid('InvalidVSwitchId.NotInSameVpc', 'The specified vSwitch does not belong to the VPC.');
    checkNameOf(input.Name, NatErrors.name);
    checkNameOf(input.Description, NatErrors.description);
    const tags = validateTags(toTagInputs(input.Tag));
    const all = await listNatGateways(ctx.store, accountId, regionId);
    const limit = await quotaLimit(ctx.store, accountId, 'NatGatewaysPerZone');
    const inZone = all.filter((n) => n.zoneId === vSwitch.zoneId && !['deleted', 'failed'].includes(natStateAt(n, ctx.now)));
    if (inZone.length >= limit) throw NatErrors.quota(limit);

    // A public gateway made through EC2 takes an Elastic IP, which must be free.
    let eip: Awaited<ReturnType<typeof loadEip>>;
    if (input.AllocationId) {
      if (networkType === 'intranet') throw Errors.invalid('InvalidParameterCombination', 'A private NAT gateway takes no Elastic IP address.');
      eip = await loadEip(ctx.store, accountId, regionId, input.AllocationId);
      if (!eip) throw eipErrors.notFound();
    }
    const addresses = allocateAddresses(vSwitch, 1);
    if (!addresses) throw VpcErrors.addressesExhausted();
    const natGatewayId = newResourceId('ngw', regionId);
    // EC2: a public gateway fails (state `failed`, after pending) when its VPC has no internet
    // gateway or its Elastic IP is taken (https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-troubleshooting.html).
    let failure: NatGatewayRecord['failure'];
    if (dialect === 'ec2' && networkType === 'internet') {
      const gateways = await listInternetGatewaysOfVpc(ctx.store, accountId, regionId, vpc.vpcId);
      if (gateways.length === 0) failure = { code: 'Gateway.NotAttached', message: `Network ${vpc.vpcId} has no Internet gateway attached` };
      else if (eip && eip.status !== 'Available')
        failure = { code: 'Resource.AlreadyAssociated', message: `Elastic IP address ${eip.allocationId} is already associated` };
    }
    const useEip = eip && !failure;
    const record: NatGatewayRecord = {
      natGatewayId,
      accountId,
      regionId,
      vpcId: vpc.vpcId,
      vSwitchId: vSwitch.vSwitchId,
      zoneId: vSwitch.zoneId,
      name: input.Name ?? '',
      description: input.Description ?? '',
      connectivity: networkType === 'intranet' ? 'private' : 'public',
      privateIp: failure ? '' : addresses.ips[0]!,
      allocationId: useEip ? eip!.allocationId : '',
      publicIp: useEip ? eip!.ipAddress : '',
      createdAt: ctx.now.toISOString(),
      readyAt: isoAfter(ctx.now, network.natGatewaySeconds),
      ...(failure ? { failure } : {}),
      tags: tags.map((t) => ({ key: t.key, value: t.value })),
    };
    // A failed gateway holds no address; a working one holds its address and its EIP.
    if (!failure) saveNetworkItem(ctx.tx, vSwitch, addresses.next);
    if (useEip) saveEip(ctx.tx, eip!, { ...recordOf(eip!), status: 'InUse', instanceId: natGatewayId, instanceType: 'Nat' });
    createNatGateway(ctx.tx, record, ctx.now);
    return {
      NatGatewayId: natGatewayId,
      ForwardTableIds: { ForwardTableId: [] as string[] },
      SnatTableIds: { SnatTableId: [] as string[] },
      FullNatTableIds: { FullNatTableId: [] as string[] },
    };
  },
});

function checkNameOf(value: string | undefined, error: () => Error): void {
  try {
    checkName(value, 'x', 'x');
  } catch {
    throw error();
  }
}

export function renderNatGateway(n: NatGatewayRecord, now: Date) {
  return {
    NatGatewayId: n.natGatewayId,
    RegionId: n.regionId,
    VpcId: n.vpcId,
    Name: n.name,
    Description: n.description,
    Status: natVpcStatus(natStateAt(n, now)) ?? 'Deleting',
    BusinessStatus: 'Normal',
    NatType: 'Enhanced',
    NetworkType: n.connectivity === 'private' ? 'intranet' : 'internet',
    InstanceChargeType: 'PostPaid',
    InternetChargeType: 'PayByLcu',
    Spec: '',
    CreationTime: n.createdAt.replace(/\.\d{3}Z$/, 'Z'),
    ExpiredTime: '',
    DeletionProtection: false,
    EcsMetricEnabled: false,
    ForwardTableIds: { ForwardTableId: [] as string[] },
    SnatTableIds: { SnatTableId: [] as string[] },
    FullNatTableIds: { FullNatTableId: [] as string[] },
    IpLists: {
      IpList: n.publicIp
        ? [{ AllocationId: n.allocationId, IpAddress: n.publicIp, UsingStatus: 'UsedBySnat', PrivateIpAddress: n.privateIp, SnatEntryEnabled: false }]
        : [],
    },
    NatGatewayPrivateInfo: {
      VswitchId: n.vSwitchId,
      IzNo: n.zoneId,
      PrivateIpAddress: n.privateIp,
      EniInstanceId: '',
      EniType: 'indirect',
      MaxBandwidth: 5120,
      MaxSessionQuota: 2000000,
      MaxSessionEstablishRate: 100000,
    },
    ResourceGroupId: '',
    Tags: { Tag: n.tags.map((t) => ({ TagKey: t.key, TagValue: t.value })) },
  };
}

export const describeNatGatewaysAction = defineAction({
  name: 'DescribeNatGateways',
  input: z.object({
    ...commonFields,
    ...pageFields(50),
    RegionId: p.regionId(),
    NatGatewayId: p.string().optional(),
    VpcId: p.string().optional(),
    Name: p.string().optional(),
    NatType: p.string().optional(),
    NetworkType: p.string().optional(),
    Status: p.string().optional(),
    ZoneId: p.string().optional(),
    InstanceChargeType: p.string().optional(),
    Spec: p.string().optional(),
    ResourceGroupId: p.string().optional(),
    Tag: tagEntries(),
  }),
  handler: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.RegionId);
    const tagFilter = toTagFilter(input.Tag);
    const all = await listNatGateways(ctx.store, accountId, regionId);
    const chosen = all
      .filter((n) => natVpcStatus(natStateAt(n, ctx.now)) !== undefined)
      .filter(
        (n) =>
          (input.NatGatewayId === undefined || n.natGatewayId === input.NatGatewayId) &&
          (input.VpcId === undefined || n.vpcId === input.VpcId) &&
          (input.Name === undefined || n.name === input.Name) &&
          (input.NatType === undefined || input.NatType === 'Enhanced') &&
          (input.NetworkType === undefined || (n.connectivity === 'private' ? 'intranet' : 'internet') === input.NetworkType) &&
          (input.Status === undefined || natVpcStatus(natStateAt(n, ctx.now)) === input.Status) &&
          (input.ZoneId === undefined || n.zoneId === input.ZoneId) &&
          (input.InstanceChargeType === undefined || input.InstanceChargeType === 'PostPaid') &&
          (input.ResourceGroupId === undefined || input.ResourceGroupId === '') &&
          matchesTagFilter(n.tags, tagFilter),
      )
      .sort((a, b) => a.natGatewayId.localeCompare(b.natGatewayId));
    const page = pageOf(chosen, input.PageNumber ?? 1, input.PageSize ?? 10);
    return {
      TotalCount: page.TotalCount,
      PageNumber: page.PageNumber,
      PageSize: page.PageSize,
      NatGateways: { NatGateway: page.items.map((n) => renderNatGateway(n, ctx.now)) },
    };
  },
});

export const deleteNatGatewayAction = defineAction({
  name: 'DeleteNatGateway',
  input: z.object({ ...commonFields, RegionId: p.regionId(), NatGatewayId: p.string({ min: 1 }), Force: p.bool().optional() }),
  handler: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.RegionId);
    const dialect = currentDialect();
    const n = await requireNatGateway(ctx, regionId, input.NatGatewayId);
    const state = natStateAt(n, ctx.now);
    // EC2 deletes a pending or failed gateway as well; the VPC API only an Available one.
    if (state === 'deleting' || (dialect === 'ecs' && state !== 'available')) throw NatErrors.status();
    const tables = await listRouteTables(ctx.store, accountId, regionId);
    const route = tables.flatMap((t) => t.entries).find((e) => e.nextHopId === n.natGatewayId);
    // EC2 leaves such routes blackholed; the VPC API refuses while a route entry points at the gateway.
    if (route && dialect === 'ecs') throw NatErrors.routeDependency(n.natGatewayId, route.routeEntryId);
    if (n.allocationId && dialect === 'ecs' && !input.Force) throw NatErrors.eipDependency(n.natGatewayId, n.allocationId);
    // Deleting gives the address and the Elastic IP back at once (AWS disassociates the EIP as the gateway goes).
    if (n.privateIp) {
      const vSwitch = await loadVSwitch(ctx.store, accountId, regionId, n.vSwitchId);
      if (vSwitch) saveNetworkItem(ctx.tx, vSwitch, releaseAddresses(recordOf(vSwitch), [n.privateIp]));
    }
    if (n.allocationId) {
      const eip = await loadEip(ctx.store, accountId, regionId, n.allocationId);
      if (eip && eip.instanceId === n.natGatewayId) saveEip(ctx.tx, eip, { ...recordOf(eip), status: 'Available', instanceId: '', instanceType: '' });
    }
    saveNatGateway(ctx.tx, n, { ...recordOf(n), deleteRequestedAt: ctx.now.toISOString(), deletedAt: isoAfter(ctx.now, network.natGatewaySeconds) }, ctx.now);
    return {};
  },
});
