import { z } from 'zod';
import { requireAccountInGoodStanding } from '../account-standing';
import {
  associate,
  checkEipInstanceType,
  checkReleasable,
  eipErrors,
  eipFilter,
  parseEipBandwidth,
  parseEipInternetChargeType,
  renderEip,
  unassociate,
  type EipRecord,
} from '../../domain/eip';
import { Errors } from '../../domain/errors';
import { randomPublicIp } from '../../domain/network';
import { attachEip, detachEip } from '../../domain/public-ip';
import { newResourceId } from '../../platform/ids';
import { createEip, findEip, listEips, saveEip } from '../../store/eips';
import { releaseQuotaSlots, takeQuotaSlots } from '../../store/quota-counters';
import { accountOf, defineAction } from '../action';
import { loadCurrent, requireRegion, save } from '../instances/common';
import { pageFields, pageOf } from '../paging';
import { commonFields, p } from '../params';

/**
 * EIPs (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-overview, the ECS 2014-05-26 variants): allocate (20 per account, docs/rules/ecs-user-guide.md#quotas,
 * counted in the same transaction), associate with one ECS instance of the same region at a time,
 * unassociate, release (refused while associated), describe. An EIP is not released with its
 * instance: it goes back to Available (shared/store/network-release.ts).
 */
const allocationId = () => p.string({ min: 1, max: 64 });

export const allocateEipAddress = defineAction({
  name: 'AllocateEipAddress',
  idempotent: true,
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    Bandwidth: p.string({ max: 16 }).optional(),
    InternetChargeType: p.string().optional(),
    ISP: p.string().optional(),
    ActivityId: p.string().optional(),
    ClientToken: p.clientToken().optional(),
  }),
  handler: async (input, ctx) => {
    await requireAccountInGoodStanding(ctx);
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.RegionId);
    const bandwidth = parseEipBandwidth(input.Bandwidth);
    const internetChargeType = parseEipInternetChargeType(input.InternetChargeType);
    if (input.ISP !== undefined && input.ISP !== 'BGP' && input.ISP !== 'BGP_PRO') throw Errors.invalidParameter('ISP');
    const eip: EipRecord = {
      allocationId: newResourceId('eip', regionId),
      accountId,
      regionId,
      ipAddress: randomPublicIp(),
      bandwidth,
      internetChargeType,
      chargeType: 'PostPaid',
      isp: input.ISP ?? 'BGP',
      status: 'Available',
      instanceId: '',
      instanceType: '',
      allocationTime: ctx.now.toISOString(),
      origin: 'Allocated',
    };
    await takeQuotaSlots(ctx.store, ctx.tx, { accountId, quotaName: 'Eips', amount: 1, onFail: (limit) => eipErrors.quota(limit) });
    createEip(ctx.tx, eip);
    return { AllocationId: eip.allocationId, EipAddress: eip.ipAddress };
  },
});

const associationFields = {
  ...commonFields,
  AllocationId: allocationId(),
  InstanceId: p.string({ min: 1, max: 64 }),
  InstanceType: p.string().optional(),
  RegionId: p.regionId().optional(),
};

export const associateEipAddress = defineAction({
  name: 'AssociateEipAddress',
  idempotent: true,
  input: z.object({ ...associationFields, ClientToken: p.clientToken().optional() }),
  handler: async (input, ctx) => {
    const accountId = accountOf(ctx);
    if (input.RegionId !== undefined) requireRegion(input.RegionId);
    checkEipInstanceType(input.InstanceType);
    const stored = await findEip(ctx.store, accountId, input.RegionId, input.AllocationId);
    if (!stored) throw eipErrors.notFound();
    // The instance is looked up in every region, so one elsewhere is a region mismatch, not a NotFound.
    const loaded = await loadCurrent(ctx, undefined, input.InstanceId);
    if (loaded.current.regionId !== stored.regionId) throw eipErrors.regionMismatch();
    const next = associate(stored, input.InstanceId);
    const instance = attachEip(loaded.current, stored, { status: eipErrors.instanceStatus, duplicated: eipErrors.alreadyAssociated });
    saveEip(ctx.tx, stored, next);
    save(ctx, loaded, instance);
    return {};
  },
});

export const unassociateEipAddress = defineAction({
  name: 'UnassociateEipAddress',
  input: z.object(associationFields),
  handler: async (input, ctx) => {
    const accountId = accountOf(ctx);
    if (input.RegionId !== undefined) requireRegion(input.RegionId);
    checkEipInstanceType(input.InstanceType);
    const stored = await findEip(ctx.store, accountId, input.RegionId, input.AllocationId);
    if (!stored) throw eipErrors.notFound();
    const next = unassociate(stored, input.InstanceId);
    const loaded = await loadCurrent(ctx, stored.regionId, input.InstanceId);
    const instance = detachEip(loaded.current, { status: eipErrors.instanceStatus });
    saveEip(ctx.tx, stored, next);
    save(ctx, loaded, instance);
    return {};
  },
});

export const releaseEipAddress = defineAction({
  name: 'ReleaseEipAddress',
  input: z.object({ ...commonFields, AllocationId: allocationId(), RegionId: p.regionId().optional() }),
  handler: async (input, ctx) => {
    const accountId = accountOf(ctx);
    if (input.RegionId !== undefined) requireRegion(input.RegionId);
    const stored = await findEip(ctx.store, accountId, input.RegionId, input.AllocationId);
    if (!stored) throw eipErrors.notFound();
    checkReleasable(stored);
    ctx.tx.remove(stored);
    releaseQuotaSlots(ctx.tx, { accountId, quotaName: 'Eips', amount: 1 });
    return {};
  },
});

export const describeEipAddresses = defineAction({
  name: 'DescribeEipAddresses',
  input: z.object({
    ...commonFields,
    ...pageFields(100),
    RegionId: p.regionId(),
    AllocationId: p.string().optional(),
    EipAddress: p.string().optional(),
    Status: p.string().optional(),
    AssociatedInstanceType: p.string().optional(),
    AssociatedInstanceId: p.string().optional(),
    ChargeType: p.string().optional(),
    LockReason: p.string().optional(),
    ISP: p.string().optional(),
    Filter: p.list(z.object({ Key: p.string().optional(), Value: p.string().optional() }), { max: 10 }).optional(),
  }),
  handler: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.RegionId);
    const keep = eipFilter({
      allocationId: input.AllocationId,
      eipAddress: input.EipAddress,
      status: input.Status,
      associatedInstanceType: input.AssociatedInstanceType,
      associatedInstanceId: input.AssociatedInstanceId,
      chargeType: input.ChargeType,
      lockReason: input.LockReason,
      isp: input.ISP,
    });
    const all = await listEips(ctx.store, accountId, regionId);
    const page = pageOf(all.filter(keep), input.PageNumber, input.PageSize);
    return {
      TotalCount: page.TotalCount,
      PageNumber: page.PageNumber,
      PageSize: page.PageSize,
      EipAddresses: { EipAddress: page.items.map(renderEip) },
    };
  },
});
