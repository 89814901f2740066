import { z } from 'zod';
import { InstanceErrors } from '../../domain/instance';
import { withEc2Facts } from '../../domain/instance-options';
import { defineAction } from '../action';
import { commonFields, p } from '../params';
import { instanceId, loadCurrentMany, save } from './common';

/**
 * What only the EC2 dialect sets on existing instances, reached by its adapters alone (no ECS door):
 * detailed monitoring (MonitorInstances / UnmonitorInstances, several instances, all or nothing)
 * and stop protection (ModifyInstanceAttribute `disableApiStop`).
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
    const ids = [...new Set(input.InstanceId)];
    const loaded = await loadCurrentMany(ctx, input.RegionId, ids);
    for (const id of ids) if (!loaded.has(id)) throw InstanceErrors.notFound();
    for (const item of loaded.values()) {
      const next = withEc2Facts(item.current, {
        monitoring: input.Monitoring,
        disableApiStop: input.DisableApiStop,
        sourceDestCheck: input.SourceDestCheck,
        cpuCredits: input.CpuCredits,
      });
      save(ctx, item, next);
    }
    return {};
  },
});
