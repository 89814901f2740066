import { z } from 'zod';
import { validateEcsUserData } from '../../domain/user-data';
import { InstanceErrors, setAutoReleaseTime, setDeletionProtection } from '../../domain/instance';
import { validateAutoReleaseTime } from '../../domain/lifecycle-time';
import { validateDescription, validateHostName, validateName, validatePassword } from '../../domain/names';
import { defineAction } from '../action';
import { changeInstanceSecurityGroups } from '../security-groups/membership';
import { commonFields, p } from '../params';
import { instanceId, loadCurrent, save } from './common';

/**
 * ModifyInstanceAttribute (release protection among the rest) and
 * ModifyInstanceAutoReleaseTime (release at a time, or cancel it).
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
    const loaded = await loadCurrent(ctx, input.RegionId, input.InstanceId);
    let next = loaded.current;
    if (next.locks.some((l) => l.reason === 'security')) throw InstanceErrors.lockedForSecurity();
    if (input.InstanceName !== undefined) {
      validateName(input.InstanceName, 'InstanceName');
      next = { ...next, instanceName: input.InstanceName };
    }
    if (input.Description !== undefined) {
      validateDescription(input.Description);
      next = { ...next, description: input.Description };
    }
    if (input.HostName !== undefined) {
      validateHostName(input.HostName, next.osType);
      // The hostname cannot change while the instance is being created or started (https://www.alibabacloud.com/help/en/ecs/user-guide/instance-lifecycle).
      if (next.status === 'Pending' || next.status === 'Starting') throw InstanceErrors.incorrectStatus();
      next = { ...next, hostName: input.HostName };
    }
    if (input.Password !== undefined) {
      validatePassword(input.Password, next.osType, 'InvalidPassword.Malformed');
      if (next.status === 'Starting') throw InstanceErrors.incorrectStatus();
      // The new password takes effect after a restart through the API (docs/rules/ecs-user-guide.md#reset-password); nothing to store but that it is set.
    }
    if (input.SecurityGroupIds !== undefined) {
      // Replaces the whole set: 1-5 existing groups; member counts move in this transaction.
      next = { ...next, securityGroupIds: await changeInstanceSecurityGroups(ctx, next, input.SecurityGroupIds) };
    }
    if (input.UserData !== undefined) {
      // Any state: the current reference drops the older "must be Stopped" note; the new data is shown
      // at once and is not run again on restart
      // (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-modifyinstanceattribute).
      next = { ...next, userData: validateEcsUserData(input.UserData) };
    }
    if (input.DeletionProtection !== undefined) next = setDeletionProtection(next, input.DeletionProtection);
    save(ctx, loaded, next);
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
