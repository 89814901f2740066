import { Errors } from '../../domain/errors';
import { eipErrors } from '../../domain/eip';
import { natStateAt, NatErrors, type NatGatewayRecord } from '../../domain/nat-gateway';
import { validateTags, type TagInput } from '../../domain/tags';
import { allocateAddresses, checkName, releaseAddresses, statusAt, VpcErrors } from '../../domain/vpc';
import { vpcError } from '../../domain/vpc-errors';
import { isoAfter } from '../../platform/clock';
import { newResourceId } from '../../platform/ids';
import { network } from '../../platform/network-config';
import { loadEip, saveEip } from '../../store/eips';
import { listInternetGatewaysOfVpc } from '../../store/gateways';
import { createNatGateway as storeNatGateway, listNatGateways, loadNatGateway, saveNatGateway } from '../../store/nat-gateways';
import { quotaLimit } from '../../store/quota-counters';
import { listRouteTables, loadVSwitch, recordOf, saveNetworkItem } from '../../store/vpcs';
import { accountOf, type ActionContext } from '../action';
import { requireRegion } from '../instances/common';
import { defineOperation } from '../operation';
import { requireVpc } from './lookups';

/**
 * NAT gateways as typed operations (docs/operations.md, docs/network.md "NAT gateways"): the VPC
 * API's CreateNatGateway / DeleteNatGateway / DescribeNatGateways (codecs: ./nat-gateways.ts) and
 * EC2's (shared/protocol/ec2/actions/nat-gateways.ts). The model and its lifecycle:
 * shared/domain/nat-gateway.ts. Where the clouds differ the input names the rule (`ec2Rules`): a
 * pending VPC takes one, a public one without an attached internet gateway or with a taken Elastic
 * IP is created `failed`, a pending or failed one may be deleted, and routes and an Elastic IP do
 * not hold a deletion back (routes turn blackhole).
 */

export type { NatGatewayRecord };

export async function requireNatGateway(ctx: ActionContext, regionId: string, id: string) {
  const n = await loadNatGateway(ctx.store, accountOf(ctx), regionId, id);
  // A deleted gateway is gone for the VPC API; EC2 keeps showing it as `deleted` for an hour.
  if (!n || natStateAt(n, ctx.now) === 'deleted') throw NatErrors.notFound();
  return n;
}

function checkNameOf(value: string | undefined, error: () => Error): void {
  try {
    checkName(value, 'x', 'x');
  } catch {
    throw error();
  }
}

export interface NewNatGateway {
  regionId: string;
  /** The VPC; without it, the vSwitch's. */
  vpcId?: string;
  vSwitchId?: string;
  name?: string;
  description?: string;
  natType?: string;
  /** `internet` (EC2: public) or `intranet` (EC2: private). */
  networkType?: string;
  /** A public gateway's Elastic IP (EC2). */
  allocationId?: string;
  tags: readonly TagInput[];
  ec2Rules: boolean;
}

/** CreateNatGateway (https://www.alibabacloud.com/help/en/vpc/developer-reference/api-vpc-2016-04-28-createnatgateway, https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateNatGateway.html). */
export const createNatGateway = defineOperation<NewNatGateway, { gateway: NatGatewayRecord }>({
  name: 'CreateNatGateway',
  run: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.regionId);
    if (input.natType !== undefined && input.natType !== 'Enhanced') throw NatErrors.natType();
    const networkType = input.networkType ?? 'internet';
    if (networkType !== 'internet' && networkType !== 'intranet') throw NatErrors.networkType();
    // An enhanced gateway needs its vSwitch (CreateNatGateway, VSwitchId).
    if (!input.vSwitchId) throw Errors.missingParameter('VSwitchId');
    const named = input.vpcId === undefined ? await loadVSwitch(ctx.store, accountId, regionId, input.vSwitchId) : undefined;
    if (input.vpcId === undefined && !named) throw VpcErrors.vSwitchNotFound();
    const vpc = await requireVpc(ctx, regionId, input.vpcId ?? named!.vpcId);
    if (!input.ec2Rules && statusAt(vpc, ctx.now) !== 'Available') throw NatErrors.vpcStatus();
    const vSwitch = named ?? (await loadVSwitch(ctx.store, accountId, regionId, input.vSwitchId));
    if (!vSwitch) throw VpcErrors.vSwitchNotFound();
    if (vSwitch.vpcId !== vpc.vpcId) throw Errors.invalid('InvalidVSwitchId.NotInSameVpc', 'The specified vSwitch does not belong to the VPC.');
    checkNameOf(input.name, NatErrors.name);
    checkNameOf(input.description, NatErrors.description);
    const tags = validateTags(input.tags);
    const all = await listNatGateways(ctx.store, accountId, regionId);
    const limit = await quotaLimit(ctx.store, accountId, 'NatGatewaysPerZone');
    const inZone = all.filter((n) => n.zoneId === vSwitch.zoneId && !['deleted', 'failed'].includes(natStateAt(n, ctx.now)));
    if (inZone.length >= limit) throw NatErrors.quota(limit);

    // A public gateway made through EC2 takes an Elastic IP, which must be free.
    let eip: Awaited<ReturnType<typeof loadEip>>;
    if (input.allocationId) {
      if (networkType === 'intranet') throw Errors.invalid('InvalidParameterCombination', 'A private NAT gateway takes no Elastic IP address.');
      eip = await loadEip(ctx.store, accountId, regionId, input.allocationId);
      if (!eip) throw vpcError('allocationNotFound', eipErrors.notFound());
    }
    const addresses = allocateAddresses(vSwitch, 1);
    if (!addresses) throw VpcErrors.addressesExhausted();
    const natGatewayId = newResourceId('ngw', regionId);
    // EC2: a public gateway fails (state `failed`, after pending) when its VPC has no internet
    // gateway or its Elastic IP is taken (https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-troubleshooting.html).
    let failure: NatGatewayRecord['failure'];
    if (input.ec2Rules && networkType === 'internet') {
      const gateways = await listInternetGatewaysOfVpc(ctx.store, accountId, regionId, vpc.vpcId);
      if (gateways.length === 0) failure = { code: 'Gateway.NotAttached', message: `Network ${vpc.vpcId} has no Internet gateway attached` };
      else if (eip && eip.status !== 'Available')
        failure = { code: 'Resource.AlreadyAssociated', message: `Elastic IP address ${eip.allocationId} is already associated` };
    }
    const useEip = eip && !failure;
    const gateway: NatGatewayRecord = {
      natGatewayId,
      accountId,
      regionId,
      vpcId: vpc.vpcId,
      vSwitchId: vSwitch.vSwitchId,
      zoneId: vSwitch.zoneId,
      name: input.name ?? '',
      description: input.description ?? '',
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
    storeNatGateway(ctx.tx, gateway, ctx.now);
    return { gateway };
  },
});

/** The caller's NAT gateways of a region, deleted and failed ones included (each dialect decides what it shows), in id order: one Query. */
export const natGatewaysOfRegion = defineOperation<{ regionId: string }, { gateways: NatGatewayRecord[]; now: Date }>({
  name: 'DescribeNatGateways',
  run: async (input, ctx) => {
    const gateways = (await listNatGateways(ctx.store, accountOf(ctx), requireRegion(input.regionId))).map(recordOf);
    return { gateways: gateways.sort((a, b) => a.natGatewayId.localeCompare(b.natGatewayId)), now: ctx.now };
  },
});

/** DeleteNatGateway: the address and the Elastic IP go back at once (AWS disassociates the EIP as the gateway goes). */
export const deleteNatGateway = defineOperation<{ regionId: string; natGatewayId: string; force?: boolean; ec2Rules: boolean }, Record<string, never>>({
  name: 'DeleteNatGateway',
  run: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.regionId);
    const n = await requireNatGateway(ctx, regionId, input.natGatewayId);
    const state = natStateAt(n, ctx.now);
    // EC2 deletes a pending or failed gateway as well; the VPC API only an Available one.
    if (state === 'deleting' || (!input.ec2Rules && state !== 'available')) throw NatErrors.status();
    const tables = await listRouteTables(ctx.store, accountId, regionId);
    const route = tables.flatMap((t) => t.entries).find((e) => e.nextHopId === n.natGatewayId);
    // EC2 leaves such routes blackholed; the VPC API refuses while a route entry points at the gateway.
    if (route && !input.ec2Rules) throw NatErrors.routeDependency(n.natGatewayId, route.routeEntryId);
    if (n.allocationId && !input.ec2Rules && !input.force) throw NatErrors.eipDependency(n.natGatewayId, n.allocationId);
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
