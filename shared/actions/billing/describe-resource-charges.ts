import { z } from 'zod';
import { amountBetween, currentPeriod, isCharging } from '../../domain/ledger';
import { listLedger } from '../../store/ledger';
import { viewsStore } from '../../store/views-store';
import { accountOf, defineAction } from '../action';
import { commonFields, p } from '../params';
import { requireRegion } from '../instances/common';

/**
 * DescribeResourceCharges: what each resource of the region charged in the
 * current period (the calendar month of the sandbox clock), from the billing
 * ledger. `ChargingAfterRelease=true` answers the ECS guide on releasing instances's (https://www.alibabacloud.com/help/en/ecs/user-guide/release-an-instance) "I released the
 * instance; why am I still charged?": only the resources that outlived their
 * instance's release and still charge (kept data disks, EIPs).
 */
export const describeResourceCharges = defineAction({
  name: 'DescribeResourceCharges',
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    ResourceId: p.string({ max: 128 }).optional(),
    ChargingAfterRelease: p.bool().optional(),
  }),
  handler: async (input, ctx) => {
    const regionId = requireRegion(input.RegionId);
    const period = currentPeriod(ctx.now);
    let entries = await listLedger(viewsStore(), accountOf(ctx), regionId);
    if (input.ResourceId) entries = entries.filter((e) => e.resourceId === input.ResourceId);
    if (input.ChargingAfterRelease) entries = entries.filter((e) => e.orphanedFromInstanceId && isCharging(e));
    const charges = entries.map((e) => {
      const open = e.segments.find((s) => s.to === undefined);
      const last = e.segments[e.segments.length - 1];
      return {
        ResourceId: e.resourceId,
        ResourceType: e.resourceType,
        InstanceId: e.instanceId ?? '',
        ReleasedInstanceId: e.orphanedFromInstanceId ?? '',
        Charging: isCharging(e),
        RatePerHourUsd: open?.ratePerHourUsd ?? 0,
        ChargedUntil: open ? '' : (last?.to ?? ''),
        AmountUsd: amountBetween(e, period.start, period.end),
      };
    });
    return {
      RegionId: regionId,
      PeriodStart: period.start,
      PeriodEnd: period.end,
      Currency: 'USD',
      TotalAmountUsd: Math.round(charges.reduce((t, c) => t + c.AmountUsd, 0) * 1e6) / 1e6,
      Charges: { Charge: charges },
    };
  },
});
