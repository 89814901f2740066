import { InstanceErrors, setDeletionProtection, type InstanceRecord } from '../../domain/instance';
import { modifyPostPaidSpec } from '../../domain/instance-spec';
import { validateDescription, validateHostName, validateName, validatePassword } from '../../domain/names';
import { validateEcsUserData } from '../../domain/user-data';
import { requireAccountInGoodStanding } from '../account-standing';
import { defineOperation } from '../operation';
import { changeInstanceSecurityGroups } from '../security-groups/membership';
import { loadCurrent, save } from './common';

/**
 * The instance attribute operations (docs/operations.md): one instance as it is now, its
 * attributes (name, description, host name, password, release protection, security groups, user
 * data) and its pay-as-you-go spec. Their ECS codecs are ./modify.ts, ./user-data.ts and
 * ./spec.ts; EC2 Modify/DescribeInstanceAttribute run them through `call.perform`
 * (shared/protocol/ec2/actions/instance-attributes.ts). Typed errors: shared/domain/instance-errors.ts.
 */

/** One instance as it is now (a release due is already gone: `notFound`). Reads only. */
export const instanceOf = defineOperation<{ regionId?: string; instanceId: string }, InstanceRecord>({
  name: 'DescribeInstances',
  run: async (input, ctx) => (await loadCurrent(ctx, input.regionId, input.instanceId)).current,
});

export interface InstanceAttributesChange {
  regionId?: string;
  instanceId: string;
  name?: string;
  description?: string;
  hostName?: string;
  password?: string;
  deletionProtection?: boolean;
  /** Replaces the whole set. */
  securityGroupIds?: string[];
  /** Base64, as given. */
  userData?: string;
}

/**
 * ModifyInstanceAttribute
 * (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-modifyinstanceattribute):
 * what is given changes, in one unit of work; a locked instance refuses.
 */
export const modifyInstanceAttributes = defineOperation<InstanceAttributesChange, InstanceRecord>({
  name: 'ModifyInstanceAttribute',
  run: async (input, ctx) => {
    const loaded = await loadCurrent(ctx, input.regionId, input.instanceId);
    let next = loaded.current;
    if (next.locks.some((l) => l.reason === 'security')) throw InstanceErrors.lockedForSecurity();
    if (input.name !== undefined) {
      validateName(input.name, 'InstanceName');
      next = { ...next, instanceName: input.name };
    }
    if (input.description !== undefined) {
      validateDescription(input.description);
      next = { ...next, description: input.description };
    }
    if (input.hostName !== undefined) {
      validateHostName(input.hostName, next.osType);
      // The hostname cannot change while the instance is being created or started (https://www.alibabacloud.com/help/en/ecs/user-guide/instance-lifecycle).
      if (next.status === 'Pending' || next.status === 'Starting') throw InstanceErrors.incorrectStatus();
      next = { ...next, hostName: input.hostName };
    }
    if (input.password !== undefined) {
      validatePassword(input.password, next.osType, 'InvalidPassword.Malformed');
      if (next.status === 'Starting') throw InstanceErrors.incorrectStatus();
      // The new password takes effect after a restart through the API (docs/rules/ecs-user-guide.md#reset-password); nothing to store but that it is set.
    }
    if (input.securityGroupIds !== undefined) {
      // Replaces the whole set: 1-5 existing groups; member counts move in this transaction.
      next = { ...next, securityGroupIds: await changeInstanceSecurityGroups(ctx, next, input.securityGroupIds) };
    }
    if (input.userData !== undefined) {
      // Any state: the current reference drops the older "must be Stopped" note; the new data is shown
      // at once and is not run again on restart.
      next = { ...next, userData: validateEcsUserData(input.userData) };
    }
    if (input.deletionProtection !== undefined) next = setDeletionProtection(next, input.deletionProtection);
    save(ctx, loaded, next);
    return next;
  },
});

/**
 * ModifyInstanceSpec (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-modifyinstancespec):
 * a pay-as-you-go instance's type (while Stopped) or bandwidth; the rules are in
 * shared/domain/instance-spec.ts.
 */
export const modifyInstanceSpec = defineOperation<{ instanceId: string; instanceType?: string; bandwidthOut?: number; bandwidthIn?: number }, InstanceRecord>({
  name: 'ModifyInstanceSpec',
  run: async (input, ctx) => {
    await requireAccountInGoodStanding(ctx);
    const loaded = await loadCurrent(ctx, undefined, input.instanceId);
    const next = modifyPostPaidSpec(loaded.current, { instanceType: input.instanceType, bandwidthOut: input.bandwidthOut, bandwidthIn: input.bandwidthIn });
    save(ctx, loaded, next);
    return next;
  },
});
