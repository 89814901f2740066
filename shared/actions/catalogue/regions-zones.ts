import { z } from 'zod';
import { describeRegions as describeRegionsView, describeZones as describeZonesView } from '../../domain/catalogue/describe';
import { defineAction } from '../action';
import { commonFields, p } from '../params';

/** Catalogue reads: static data, callable by any valid key (the operator's included). */
export const describeRegions = defineAction({
  name: 'DescribeRegions',
  audience: 'any',
  input: z.object({
    ...commonFields,
    AcceptLanguage: p.string().optional(),
    InstanceChargeType: p.string().optional(),
    ResourceType: p.string().optional(),
  }),
  handler: async (input) =>
    describeRegionsView({
      acceptLanguage: input.AcceptLanguage,
      instanceChargeType: input.InstanceChargeType,
      resourceType: input.ResourceType,
    }),
});

export const describeZones = defineAction({
  name: 'DescribeZones',
  audience: 'any',
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    AcceptLanguage: p.string().optional(),
    InstanceChargeType: p.string().optional(),
    SpotStrategy: p.string().optional(),
    Verbose: p.bool().optional(),
  }),
  handler: async (input) =>
    describeZonesView({
      regionId: input.RegionId,
      acceptLanguage: input.AcceptLanguage,
      instanceChargeType: input.InstanceChargeType,
      spotStrategy: input.SpotStrategy,
      verbose: input.Verbose,
    }),
});
