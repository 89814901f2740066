import { z } from 'zod';
import { requireAccountInGoodStanding } from '../account-standing';
import { INSTANCE_TYPES, findInstanceType } from '../../domain/catalogue/instance-types';
import { Errors } from '../../domain/errors';
import { modifyPrePaidSpec } from '../../domain/instance-spec';
import { defineAction } from '../action';
import { commonFields, p } from '../params';
import { instanceId, loadCurrent, requireRegion, save } from './common';
import { orderIdFor } from './orders';
import { modifyInstanceSpec as modifySpec } from './attribute-operations';

/**
 * ModifyInstanceSpec (pay-as-you-go: type while Stopped, or bandwidth), ModifyPrepayInstanceSpec
 * (subscription upgrade / downgrade) and DescribeResourcesModification (what an instance may be
 * changed to). The rules are in shared/domain/instance-spec.ts.
 */
export const modifyInstanceSpec = defineAction({
  name: 'ModifyInstanceSpec',
  idempotent: true,
  input: z.object({
    ...commonFields,
    InstanceId: instanceId(),
    InstanceType: p.string({ min: 1 }).optional(),
    InternetMaxBandwidthOut: p.int().optional(),
    InternetMaxBandwidthIn: p.int().optional(),
    AllowMigrateAcrossZone: p.bool().optional(),
    Async: p.bool().optional(),
    ModifyMode: p.string().optional(),
    ClientToken: p.clientToken().optional(),
  }),
  handler: async (input, ctx) => {
    await modifySpec.run(
      {
        instanceId: input.InstanceId,
        instanceType: input.InstanceType,
        bandwidthOut: input.InternetMaxBandwidthOut,
        bandwidthIn: input.InternetMaxBandwidthIn,
      },
      ctx,
    );
    return {};
  },
});

export const modifyPrepayInstanceSpec = defineAction({
  name: 'ModifyPrepayInstanceSpec',
  idempotent: true,
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    InstanceId: instanceId(),
    InstanceType: p.string({ min: 1 }),
    OperatorType: p.enum(['upgrade', 'downgrade']).optional(),
    AutoPay: p.bool().optional(),
    MigrateAcrossZone: p.bool().optional(),
    ModifyMode: p.string().optional(),
    RebootWhenFinished: p.bool().optional(),
    ClientToken: p.clientToken().optional(),
  }),
  handler: async (input, ctx) => {
    await requireAccountInGoodStanding(ctx);
    const loaded = await loadCurrent(ctx, requireRegion(input.RegionId), input.InstanceId);
    save(ctx, loaded, modifyPrePaidSpec(loaded.current, input.InstanceType, input.OperatorType ?? 'upgrade'));
    return { OrderId: orderIdFor(ctx.requestId) };
  },
});

export const describeResourcesModification = defineAction({
  name: 'DescribeResourcesModification',
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    ResourceId: instanceId(),
    DestinationResource: p.enum(['InstanceType', 'SystemDisk']),
    OperationType: p.enum(['Upgrade', 'Downgrade', 'RenewDowngrade', 'RenewModify']).optional(),
    InstanceType: p.string().optional(),
    Cores: p.int({ min: 1 }).optional(),
    Memory: z.preprocess((v) => (typeof v === 'string' && /^[0-9]+(\.[0-9]+)?$/.test(v) ? Number(v) : v), z.number().positive()).optional(),
    MigrateAcrossZone: p.bool().optional(),
    ZoneId: p.string().optional(),
    Conditions: p.list(p.enum(['DiskCategory'])).optional(),
  }),
  handler: async (input, ctx) => {
    const regionId = requireRegion(input.RegionId);
    const { current: inst } = await loadCurrent(ctx, regionId, input.ResourceId);
    if (input.ZoneId !== undefined && input.ZoneId !== inst.zoneId) throw Errors.invalidParameter('ZoneId');
    const now = findInstanceType(inst.instanceType);
    let values: { Value: string; Status: 'Available'; StatusCategory: 'WithStock'; Min?: number; Max?: number; Unit?: string }[];
    if (input.DestinationResource === 'InstanceType') {
      const op = input.OperationType ?? 'Upgrade';
      values = INSTANCE_TYPES.filter((t) => {
        if (t.instanceTypeId === inst.instanceType || t.cpuArchitecture !== now?.cpuArchitecture) return false;
        if (inst.chargeType === 'PostPaid' && !t.paygDefault) return false;
        if (input.InstanceType !== undefined && t.instanceTypeId !== input.InstanceType) return false;
        if (input.Cores !== undefined && t.cpuCoreCount !== input.Cores) return false;
        if (input.Memory !== undefined && t.memoryGiB !== input.Memory) return false;
        // A subscription moves up or down by list price; pay-as-you-go may take any type.
        if (inst.chargeType === 'PrePaid' && now) {
          const up = t.pricePerMonthUsd > now.pricePerMonthUsd;
          if (op === 'Upgrade' && !up) return false;
          if ((op === 'Downgrade' || op === 'RenewDowngrade') && up) return false;
        }
        return true;
      }).map((t) => ({ Value: t.instanceTypeId, Status: 'Available', StatusCategory: 'WithStock' }));
    } else {
      values = ['cloud_efficiency', 'cloud_ssd', 'cloud_essd'].map((c) => ({
        Value: c,
        Status: 'Available',
        StatusCategory: 'WithStock',
        Min: 20,
        Max: 500,
        Unit: 'GiB',
      }));
    }
    return {
      AvailableZones: {
        AvailableZone: values.length
          ? [
              {
                RegionId: regionId,
                ZoneId: inst.zoneId,
                Status: 'Available',
                StatusCategory: 'WithStock',
                AvailableResources: { AvailableResource: [{ Type: input.DestinationResource, SupportedResources: { SupportedResource: values } }] },
              },
            ]
          : [],
      },
    };
  },
});
