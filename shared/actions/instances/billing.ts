import { z } from 'zod';
import { requireAccountInGoodStanding } from '../account-standing';
import { Errors } from '../../domain/errors';
import { changeChargeType, renew, setAutoRenew, type InstanceRecord } from '../../domain/instance';
import { validatePeriod, type PeriodUnit } from '../../domain/lifecycle-time';
import { lifecycle } from '../../platform/config';
import { loadDisks, saveDisk } from '../../store/disks';
import { listInstances, Quota, saveInstance, Usage } from '../../store/instances';
import { accountOf, defineAction } from '../action';
import { orderIdFor } from './orders';
import { commonFields, p } from '../params';
import { instanceId, loadCurrent, loadCurrentMany, requireRegion } from './common';

/**
 * Subscription billing: ModifyInstanceChargeType (PostPaid ↔ PrePaid),
 * RenewInstance, and the auto-renew attribute.
 */
const periodUnit = (value: string | undefined, allowed: PeriodUnit[] = ['Week', 'Month', 'Year']): PeriodUnit => {
  const unit = (value ?? 'Month') as PeriodUnit;
  if (!allowed.includes(unit)) throw Errors.invalid('InvalidPeriodUnit.ValueNotSupported', 'The specified parameter PeriodUnit is not valid.');
  return unit;
};

export const modifyInstanceChargeType = defineAction({
  name: 'ModifyInstanceChargeType',
  idempotent: true,
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    InstanceIds: p.jsonList(instanceId(), { max: 20 }),
    InstanceChargeType: p.enum(['PrePaid', 'PostPaid']).optional(),
    Period: p.int().optional(),
    PeriodUnit: p.string().optional(),
    IncludeDataDisks: p.bool().optional(),
    AutoPay: p.bool().optional(),
    IsDetailFee: p.bool().optional(),
    ClientToken: p.clientToken().optional(),
  }),
  handler: async (input, ctx) => {
    await requireAccountInGoodStanding(ctx);
    if (input.InstanceIds.length === 0) throw Errors.missingParameter('InstanceIds');
    const to = input.InstanceChargeType ?? 'PrePaid';
    const unit = periodUnit(input.PeriodUnit);
    const period = to === 'PrePaid' ? { count: validatePeriod(input.Period ?? 1, unit), unit } : { count: 1, unit };
    const found = await loadCurrentMany(ctx, requireRegion(input.RegionId), [...new Set(input.InstanceIds)]);
    let delta = 0;
    for (const id of new Set(input.InstanceIds)) {
      const loaded = found.get(id);
      if (!loaded) throw Errors.notFound('InvalidInstanceId.NotFound', 'The specified InstanceId does not exist.');
      const next = changeChargeType(loaded.current, to, ctx.now, period);
      delta += to === 'PostPaid' ? 1 : -1;
      ctx.tx.group();
      saveInstance(ctx.tx, loaded.stored, next, lifecycle);
      // The disks follow (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-modifyinstancechargetype):
      // to subscription, the system disk always and the data disks only with IncludeDataDisks=true;
      // to pay-as-you-go, every disk of the instance.
      const diskIds = to === 'PrePaid' && !input.IncludeDataDisks ? [next.systemDiskId] : [next.systemDiskId, ...next.dataDiskIds];
      for (const disk of await loadDisks(ctx.store, next.accountId, next.regionId, diskIds)) {
        if (disk.chargeType !== to) saveDisk(ctx.tx, disk, { ...disk, chargeType: to });
      }
    }
    // The pay-as-you-go quota follows the conversion, in the same transaction.
    const quota = await ctx.store.get<{ value: number }>(Quota.postPaidInstances(accountOf(ctx)));
    const max = quota?.value ?? lifecycle.defaultPostPaidInstanceQuota;
    ctx.tx.addToCounter(Usage.postPaidInstances(accountOf(ctx)), 'count', delta, max, () =>
      Errors.invalid('QuotaExceed.AfterpayInstance', 'The maximum number of Pay-As-You-Go instances is exceeded.'),
    );
    return to === 'PrePaid' ? { OrderId: orderIdFor(ctx.requestId) } : {};
  },
});

export const renewInstance = defineAction({
  name: 'RenewInstance',
  idempotent: true,
  input: z.object({
    ...commonFields,
    InstanceId: instanceId(),
    RegionId: p.regionId().optional(),
    Period: p.int().optional(),
    PeriodUnit: p.string().optional(),
    ExpectedRenewDay: p.int({ min: 1, max: 28 }).optional(),
    ClientToken: p.clientToken().optional(),
  }),
  handler: async (input, ctx) => {
    await requireAccountInGoodStanding(ctx);
    if (input.ExpectedRenewDay !== undefined) {
      throw Errors.invalid(
        'UnsupportedParameter',
        'The parameters is unsupported. ExpectedRenewDay is not supported by this sandbox; use Period and PeriodUnit.',
      );
    }
    // The guide renews by one month or one year (L1370); the API also takes longer periods and weeks.
    const unit = periodUnit(input.PeriodUnit);
    const period = validatePeriod(input.Period, unit);
    const loaded = await loadCurrent(ctx, input.RegionId, input.InstanceId);
    saveInstance(ctx.tx, loaded.stored, renew(loaded.current, ctx.now, period, unit), lifecycle);
    return { OrderId: orderIdFor(ctx.requestId) };
  },
});

const renewalStatus = (i: InstanceRecord) => (i.autoRenew ? 'AutoRenewal' : i.notRenewal ? 'NotRenewal' : 'Normal');

export const modifyInstanceAutoRenewAttribute = defineAction({
  name: 'ModifyInstanceAutoRenewAttribute',
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    InstanceId: p.commaList({ max: 100 }),
    AutoRenew: p.bool().optional(),
    Duration: p.int().optional(),
    PeriodUnit: p.string().optional(),
    RenewalStatus: p.enum(['AutoRenewal', 'Normal', 'NotRenewal']).optional(),
  }),
  handler: async (input, ctx) => {
    if (input.InstanceId.length === 0) throw Errors.invalid('MissingParameter.InstanceId', 'InstanceId should not be null.', 403);
    const unit = periodUnit(input.PeriodUnit, ['Month', 'Year', 'Week']);
    if (input.Duration !== undefined) {
      const ok =
        unit === 'Year'
          ? [1, 2, 3, 4, 5].includes(input.Duration)
          : unit === 'Week'
            ? input.Duration >= 1 && input.Duration <= 4
            : [1, 2, 3, 6, 12, 24, 36, 48, 60].includes(input.Duration);
      if (!ok) throw Errors.invalid('InvalidParameter.Duration', 'The specified Duration parameter is invalid.', 403);
    }
    const autoRenew = input.RenewalStatus ? input.RenewalStatus === 'AutoRenewal' : (input.AutoRenew ?? false);
    const found = await loadCurrentMany(ctx, requireRegion(input.RegionId), [...new Set(input.InstanceId)]);
    for (const id of new Set(input.InstanceId)) {
      const loaded = found.get(id);
      if (!loaded) throw Errors.invalid('InvalidParameter.InvalidInstanceId', 'The specified instanceId is not valid.', 403);
      const next = setAutoRenew(loaded.current, {
        autoRenew,
        duration: input.Duration,
        unit: input.Duration !== undefined || input.PeriodUnit !== undefined ? unit : undefined,
        notRenewal: input.RenewalStatus === 'NotRenewal',
      });
      ctx.tx.group();
      saveInstance(ctx.tx, loaded.stored, next, lifecycle);
    }
    return {};
  },
});

export const describeInstanceAutoRenewAttribute = defineAction({
  name: 'DescribeInstanceAutoRenewAttribute',
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    InstanceId: p.commaList({ max: 100 }).optional(),
    RenewalStatus: p.enum(['AutoRenewal', 'Normal', 'NotRenewal']).optional(),
    PageNumber: p.int({ min: 1 }).optional(),
    PageSize: p.int({ min: 1, max: 100 }).optional(),
  }),
  handler: async (input, ctx) => {
    const regionId = requireRegion(input.RegionId);
    if (!input.InstanceId?.length && !input.RenewalStatus) throw Errors.missingParameter('InstanceId');
    const keep = (i: InstanceRecord) => i.chargeType === 'PrePaid' && (!input.RenewalStatus || renewalStatus(i) === input.RenewalStatus);
    const list = input.InstanceId?.length
      ? [...(await loadCurrentMany(ctx, regionId, input.InstanceId)).values()].map((l) => l.current).filter(keep)
      : (await listInstances(ctx.store, accountOf(ctx), regionId, { now: ctx.now, settings: lifecycle, limit: Number.MAX_SAFE_INTEGER, keep })).items;
    const pageSize = input.PageSize ?? 10;
    const pageNumber = input.PageNumber ?? 1;
    return {
      TotalCount: list.length,
      PageNumber: pageNumber,
      PageSize: pageSize,
      InstanceRenewAttributes: {
        InstanceRenewAttribute: list.slice((pageNumber - 1) * pageSize, pageNumber * pageSize).map((i) => ({
          InstanceId: i.instanceId,
          AutoRenewEnabled: i.autoRenew,
          Duration: i.autoRenewDuration,
          PeriodUnit: i.autoRenewUnit,
          RenewalStatus: renewalStatus(i),
          EnableExpectedRenewDay: false,
        })),
      },
    };
  },
});
