import { z } from 'zod';
import { findInstanceType } from '../../domain/catalogue/instance-types';
import { findZone } from '../../domain/catalogue/regions';
import { DISK_CATEGORIES, type DiskCategory, DiskErrors } from '../../domain/disk';
import { ApiError, Errors } from '../../domain/errors';
import { InstanceErrors } from '../../domain/instance';
import { bandwidthPrice, diskPrice, instancePrice, line, monthsOf, priceInfo, type PriceUnit } from '../../domain/pricing';
import { defineAction } from '../action';
import { instanceId, loadCurrent, requireRegion } from '../instances/common';
import { commonFields, p } from '../params';
import { unsupportedParameter } from '../unsupported-parameters';

/**
 * DescribePrice (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describeprice)
 * and DescribeRenewalPrice (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describerenewalprice)
 * from the catalogue's price list, as the billing ledger charges (shared/domain/pricing.ts).
 */
const diskInput = z.object({ Category: p.string().optional(), Size: p.int({ min: 1 }).optional(), PerformanceLevel: p.string().optional() });

const category = (v: string | undefined, fallback: DiskCategory): DiskCategory => {
  const c = v ?? fallback;
  if (!(DISK_CATEGORIES as string[]).includes(c)) throw DiskErrors.categoryNotSupported();
  return c as DiskCategory;
};

export const describePrice = defineAction({
  name: 'DescribePrice',
  audience: 'any',
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    ResourceType: p.enum(['instance', 'disk', 'diskperformance', 'bandwidth', 'ddh', 'ElasticityAssurance', 'CapacityReservation']).optional(),
    InstanceType: p.string().optional(),
    ImageId: p.string().optional(),
    ZoneId: p.string().optional(),
    IoOptimized: p.enum(['none', 'optimized']).optional(),
    InstanceNetworkType: p.enum(['classic', 'vpc']).optional(),
    InternetChargeType: p.enum(['PayByTraffic', 'PayByBandwidth']).optional(),
    InternetMaxBandwidthOut: p.int({ min: 0, max: 200 }).optional(),
    PriceUnit: p.enum(['Hour', 'Week', 'Month', 'Year']).optional(),
    Period: p.int({ min: 1 }).optional(),
    Amount: p.int({ min: 1, max: 1000 }).optional(),
    SystemDisk: diskInput.optional(),
    DataDisk: p.list(diskInput, { max: 16 }).optional(),
  }),
  handler: async (input) => {
    const regionId = requireRegion(input.RegionId);
    const resourceType = input.ResourceType ?? 'instance';
    if (resourceType !== 'instance' && resourceType !== 'disk')
      throw unsupportedParameter('ResourceType', `Prices of ${resourceType} are not modelled by this sandbox.`);
    if (input.ZoneId !== undefined && !findZone(regionId, input.ZoneId)) throw Errors.invalidParameter('ZoneId');
    const unit: PriceUnit = input.PriceUnit ?? 'Hour';
    const period = input.Period ?? 1;
    const amount = input.Amount ?? 1;
    const lines = [];
    if (resourceType === 'instance') {
      if (input.InstanceType === undefined) throw Errors.missingParameter('InstanceType');
      const type = findInstanceType(input.InstanceType);
      if (!type) throw new ApiError('InvalidInstanceType.ValueNotSupported', 400, 'The specified InstanceType does not exist or beyond the permitted range.');
      lines.push(line('instanceType', instancePrice(type, unit, period) * amount));
      const sys = input.SystemDisk;
      lines.push(line('systemDisk', diskPrice(category(sys?.Category, 'cloud_efficiency'), sys?.Size ?? 40, unit, period) * amount));
      // Bandwidth billed by bandwidth is charged with the instance (shared/domain/ledger.ts); by traffic it is 0 here.
      const bandwidth = bandwidthPrice(input.InternetChargeType ?? 'PayByTraffic', input.InternetMaxBandwidthOut ?? 0, unit, period);
      if (bandwidth > 0) lines.push(line('bandwidth', bandwidth * amount));
    }
    const dataDisks = input.DataDisk ?? [];
    if (resourceType === 'disk' && dataDisks.length === 0) throw Errors.missingParameter('DataDisk.1.Category');
    const dataTotal = dataDisks.reduce((n, d, i) => {
      if (d.Size === undefined) throw Errors.missingParameter(`DataDisk.${i + 1}.Size`);
      return n + diskPrice(category(d.Category, 'cloud_efficiency'), d.Size, unit, period);
    }, 0);
    if (dataDisks.length) lines.push(line('dataDisk', dataTotal * amount));
    return priceInfo(lines.map((l) => ({ ...l, OriginalPrice: round4(l.OriginalPrice), TradePrice: round4(l.TradePrice) })));
  },
});

const round4 = (n: number) => Math.round(n * 10_000) / 10_000;

export const describeRenewalPrice = defineAction({
  name: 'DescribeRenewalPrice',
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    ResourceId: instanceId(),
    ResourceType: p.enum(['instance']).optional(),
    Period: p.int({ min: 1 }).optional(),
    PriceUnit: p.enum(['Week', 'Month', 'Year']).optional(),
    ExpectedRenewDay: p.int().optional(),
  }),
  handler: async (input, ctx) => {
    if (input.ExpectedRenewDay !== undefined) throw unsupportedParameter('ExpectedRenewDay', 'use Period and PriceUnit (as RenewInstance).');
    const { current } = await loadCurrent(ctx, requireRegion(input.RegionId), input.ResourceId);
    if (current.chargeType !== 'PrePaid') throw InstanceErrors.chargeTypeViolation('Pay-as-you-go instances are not renewed.');
    // The instance's own list price (a type change moves it: shared/domain/instance-spec.ts).
    const price = round4(current.billing.pricePerMonthUsd * monthsOf(input.Period ?? 1, input.PriceUnit ?? 'Month'));
    return priceInfo([line('instanceType', price)]);
  },
});
