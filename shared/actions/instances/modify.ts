import { z } from 'zod';
import { setAutoReleaseTime } from '../../domain/instance';
import { validateAutoReleaseTime } from '../../domain/lifecycle-time';
import { defineAction } from '../action';
import { commonFields, p } from '../params';
import { modifyInstanceAttributes } from './attribute-operations';
import { instanceId, loadCurrent, save } from './common';

/**
 * ModifyInstanceAttribute (release protection among the rest: the codec of the operation in
 * ./attribute-operations.ts) and ModifyInstanceAutoReleaseTime (release at a time, or cancel it).
 */
export const modifyInstanceAttribute = defineAction({
  name: 'ModifyInstanceAttribute',
  input: z.object({
    ...commonFields,
    InstanceId: instanceId(),
    RegionId: p.regionId().optional(),
    InstanceName: p.string().optional(),
    Description: p.string().optional(),
    HostName: p.string().optional(),
    Password: p.string().optional(),
    DeletionProtection: p.bool().optional(),
    SecurityGroupIds: p.list(p.string(), { max: 16 }).optional(),
    UserData: p.string({ max: 65_536 }).optional(),
  }),
  handler: async (input, ctx) => {
    await modifyInstanceAttributes.run(
      {
        regionId: input.RegionId,
        instanceId: input.InstanceId,
        name: input.InstanceName,
        description: input.Description,
        hostName: input.HostName,
        password: input.Password,
        deletionProtection: input.DeletionProtection,
        securityGroupIds: input.SecurityGroupIds,
        userData: input.UserData,
      },
      ctx,
    );
    return {};
  },
});

export const modifyInstanceAutoReleaseTime = defineAction({
  name: 'ModifyInstanceAutoReleaseTime',
  input: z.object({
    ...commonFields,
    InstanceId: instanceId(),
    RegionId: p.regionId().optional(),
    AutoReleaseTime: p.string().optional(),
  }),
  handler: async (input, ctx) => {
    const loaded = await loadCurrent(ctx, input.RegionId, input.InstanceId);
    const at = input.AutoReleaseTime === undefined ? undefined : validateAutoReleaseTime(input.AutoReleaseTime, ctx.now);
    save(ctx, loaded, setAutoReleaseTime(loaded.current, at));
    return {};
  },
});
