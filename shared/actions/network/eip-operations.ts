import {
  associate,
  checkEipInstanceType,
  checkReleasable,
  eipErrors,
  eipFilter,
  parseEipBandwidth,
  parseEipInternetChargeType,
  unassociate,
  type EipFilter,
  type EipRecord,
} from '../../domain/eip';
import { eipError } from '../../domain/eip-errors';
import { Errors, isApiError } from '../../domain/errors';
import { randomPublicIp } from '../../domain/network';
import { attachEip, detachEip } from '../../domain/public-ip';
import { newResourceId } from '../../platform/ids';
import { createEip, findEip, listEips, saveEip } from '../../store/eips';
import { releaseQuotaSlots, takeQuotaSlots } from '../../store/quota-counters';
import { requireAccountInGoodStanding } from '../account-standing';
import { accountOf, type ActionContext } from '../action';
import { loadCurrent, requireRegion, save, type LoadedInstance } from '../instances/common';
import { defineOperation } from '../operation';
import { EC2_ADDRESS_QUOTA, takeEc2AddressSlot } from './ec2-address-slots';

/**
 * The EIP operations (docs/operations.md), under the ECS EIP actions (eips.ts, their codecs) and the
 * EC2 Elastic IP address adapters (shared/protocol/ec2/actions/addresses.ts). Where the two clouds
 * differ the input names the rule: `ec2Limits` (which allocation limit refuses: EC2's 5 per region
 * or ECS's 20 per account; both are counted), `replacePublicIp` (EC2: an associated address replaces
 * the instance's public IP, which comes back new when it is disassociated).
 */

/** The instance an EIP operation names, with a not-found typed as an EIP error. */
async function loadInstanceFor(ctx: ActionContext, regionId: string | undefined, instanceId: string): Promise<LoadedInstance> {
  try {
    return await loadCurrent(ctx, regionId, instanceId);
  } catch (e) {
    throw isApiError(e) && e.status === 404 ? eipError('instanceNotFound', e) : e;
  }
}

async function requireEip(ctx: ActionContext, regionId: string | undefined, allocationId: string) {
  if (regionId !== undefined) requireRegion(regionId);
  const stored = await findEip(ctx.store, accountOf(ctx), regionId, allocationId);
  if (!stored) throw eipErrors.notFound();
  return stored;
}

export interface AllocateEipInput {
  regionId: string;
  bandwidth?: string | number;
  internetChargeType?: string;
  isp?: string;
  /** EC2's limit (5 per region, AddressLimitExceeded) refuses instead of ECS's (20 per account). */
  ec2Limits?: boolean;
}

export const allocateEip = defineOperation<AllocateEipInput, EipRecord>({
  name: 'AllocateEipAddress',
  run: async (input, ctx) => {
    await requireAccountInGoodStanding(ctx);
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.regionId);
    const bandwidth = parseEipBandwidth(input.bandwidth);
    const internetChargeType = parseEipInternetChargeType(input.internetChargeType);
    if (input.isp !== undefined && input.isp !== 'BGP' && input.isp !== 'BGP_PRO') throw eipError('isp', Errors.invalidParameter('ISP'));
    const eip: EipRecord = {
      allocationId: newResourceId('eip', regionId),
      accountId,
      regionId,
      ipAddress: randomPublicIp(),
      bandwidth,
      internetChargeType,
      chargeType: 'PostPaid',
      isp: input.isp ?? 'BGP',
      status: 'Available',
      instanceId: '',
      instanceType: '',
      allocationTime: ctx.now.toISOString(),
      origin: 'Allocated',
    };
    // Each cloud holds an allocation to its own limit (ECS: 20 per account; EC2: 5 per region); both are counted.
    await takeQuotaSlots(ctx.store, ctx.tx, {
      accountId,
      quotaName: 'Eips',
      amount: 1,
      enforce: !input.ec2Limits,
      onFail: (limit) => eipErrors.quota(limit),
    });
    await takeEc2AddressSlot(ctx, accountId, regionId, input.ec2Limits ?? false);
    createEip(ctx.tx, eip);
    return eip;
  },
});

export interface EipAssociationInput {
  /** Optional on the ECS wire: the EIP and the instance are then found in any region. */
  regionId?: string;
  allocationId: string;
  instanceId: string;
  instanceType?: string;
}

export const associateEip = defineOperation<EipAssociationInput & { replacePublicIp?: boolean }, EipRecord>({
  name: 'AssociateEipAddress',
  run: async (input, ctx) => {
    if (input.regionId !== undefined) requireRegion(input.regionId);
    checkEipInstanceType(input.instanceType);
    const stored = await requireEip(ctx, input.regionId, input.allocationId);
    // The instance is looked up in every region, so one elsewhere is a region mismatch, not a NotFound.
    const loaded = await loadInstanceFor(ctx, undefined, input.instanceId);
    if (loaded.current.regionId !== stored.regionId) throw eipErrors.regionMismatch();
    const next = associate(stored, input.instanceId);
    const instance = attachEip(
      loaded.current,
      stored,
      { status: eipErrors.instanceStatus, duplicated: eipErrors.alreadyAssociated },
      { replacePublicIp: input.replacePublicIp ?? false },
    );
    saveEip(ctx.tx, stored, next);
    save(ctx, loaded, instance);
    return next;
  },
});

export const unassociateEip = defineOperation<EipAssociationInput, EipRecord>({
  name: 'UnassociateEipAddress',
  run: async (input, ctx) => {
    if (input.regionId !== undefined) requireRegion(input.regionId);
    checkEipInstanceType(input.instanceType);
    const stored = await requireEip(ctx, input.regionId, input.allocationId);
    const next = unassociate(stored, input.instanceId);
    const loaded = await loadInstanceFor(ctx, stored.regionId, input.instanceId);
    const instance = detachEip(loaded.current, { status: eipErrors.instanceStatus }, randomPublicIp);
    saveEip(ctx.tx, stored, next);
    save(ctx, loaded, instance);
    return next;
  },
});

export const releaseEip = defineOperation<{ regionId?: string; allocationId: string }, void>({
  name: 'ReleaseEipAddress',
  run: async (input, ctx) => {
    const stored = await requireEip(ctx, input.regionId, input.allocationId);
    checkReleasable(stored);
    ctx.tx.remove(stored);
    const accountId = accountOf(ctx);
    releaseQuotaSlots(ctx.tx, { accountId, quotaName: 'Eips', amount: 1 });
    releaseQuotaSlots(ctx.tx, { accountId, quotaName: EC2_ADDRESS_QUOTA, scope: stored.regionId, amount: 1 });
  },
});

/** The region's EIPs that pass `filter` (validated: its documented codes), in the store's order (one Query of the region's EIPs). */
export const describeEips = defineOperation<{ regionId: string; filter?: EipFilter }, EipRecord[]>({
  name: 'DescribeEipAddresses',
  run: async (input, ctx) => {
    const regionId = requireRegion(input.regionId);
    const keep = eipFilter(input.filter ?? {});
    return (await listEips(ctx.store, accountOf(ctx), regionId)).filter(keep);
  },
});
