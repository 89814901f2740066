import { z } from 'zod';
import { defineAction } from '../action';
import { commonFields, p } from '../params';
import { instanceId } from './common';
import { modifyInstanceEc2Facts as modifyFacts } from './option-operations';

/**
 * What only the EC2 dialect sets on existing instances (detailed monitoring, stop protection,
 * source/destination check, CPU credits), as an ECS-shaped action over the operation
 * (./option-operations.ts): several instances, all or nothing. The EC2 adapters call the
 * operation itself.
 */
export const modifyInstanceEc2Facts = defineAction({
  name: 'ModifyInstanceEc2Facts',
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    InstanceId: p.list(instanceId(), { max: 1000 }).refine((ids) => ids.length >= 1, { message: 'empty' }),
    Monitoring: p.bool().optional(),
    DisableApiStop: p.bool().optional(),
    SourceDestCheck: p.bool().optional(),
    CpuCredits: p.enum(['standard', 'unlimited']).optional(),
  }),
  handler: async (input, ctx) => {
    await modifyFacts.run(
      {
        regionId: input.RegionId,
        instanceIds: input.InstanceId,
        facts: { monitoring: input.Monitoring, disableApiStop: input.DisableApiStop, sourceDestCheck: input.SourceDestCheck, cpuCredits: input.CpuCredits },
      },
      ctx,
    );
    return {};
  },
});
