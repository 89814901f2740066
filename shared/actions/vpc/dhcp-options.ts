import { z } from 'zod';
import { defineAction } from '../action';
import { commonFields, p } from '../params';
import { tagEntries, toTagInputs } from '../tags/input';
import {
  associateDhcpOptions as associateOperation,
  createDhcpOptions as createOperation,
  deleteDhcpOptions as deleteOperation,
  describeDhcpOptions,
} from './dhcp-options-operations';

/**
 * EC2's DHCP option sets (CreateDhcpOptions, DeleteDhcpOptions, AssociateDhcpOptions, the
 * stored part of DescribeDhcpOptions; https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateDhcpOptions.html
 * and siblings): codecs of ./dhcp-options-operations.ts. The VPC API's own option sets
 * (CreateDhcpOptionsSet, …) are a different resource the sandbox does not simulate, so these
 * declarations are on no ECS door (EC2_ONLY_ACTIONS); the EC2 adapters run the operations themselves.
 */

export const createDhcpOptions = defineAction({
  name: 'CreateDhcpOptions',
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    DhcpConfiguration: p.list(z.object({ Key: p.string().optional(), Value: p.list(p.string()).optional() }), { max: 10 }).optional(),
    Tag: tagEntries(),
  }),
  handler: async (input, ctx) => {
    const { set } = await createOperation.run({ regionId: input.RegionId, configurations: input.DhcpConfiguration ?? [], tags: toTagInputs(input.Tag) }, ctx);
    return { DhcpOptionsId: set.dhcpOptionsId };
  },
});

export const describeDhcpOptionSets = defineAction({
  name: 'DescribeDhcpOptions',
  input: z.object({ ...commonFields, RegionId: p.regionId() }),
  handler: async (input, ctx) => {
    const { defaultSet, sets } = await describeDhcpOptions.run({ regionId: input.RegionId }, ctx);
    return {
      DefaultDhcpOptionsId: defaultSet.dhcpOptionsId,
      DhcpOptions: sets.map((s) => ({ DhcpOptionsId: s.dhcpOptionsId, Configurations: s.configurations, Tags: s.tags })),
    };
  },
});

export const deleteDhcpOptions = defineAction({
  name: 'DeleteDhcpOptions',
  input: z.object({ ...commonFields, RegionId: p.regionId(), DhcpOptionsId: p.string({ min: 1 }) }),
  handler: async (input, ctx) => deleteOperation.run({ regionId: input.RegionId, dhcpOptionsId: input.DhcpOptionsId }, ctx),
});

export const associateDhcpOptions = defineAction({
  name: 'AssociateDhcpOptions',
  input: z.object({ ...commonFields, RegionId: p.regionId(), DhcpOptionsId: p.string({ min: 1 }), VpcId: p.string({ min: 1 }) }),
  handler: async (input, ctx) => associateOperation.run({ regionId: input.RegionId, dhcpOptionsId: input.DhcpOptionsId, vpcId: input.VpcId }, ctx),
});
