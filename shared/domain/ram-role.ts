import { ApiError, Errors } from './errors';
import type { InstanceRecord } from './instance';

/**
 * Instance RAM roles (RamRoleName at launch, AttachInstanceRamRole,
 * DetachInstanceRamRole, DescribeInstanceRamRole:
 * https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-attachinstanceramrole).
 * An instance has at most one role; attaching to an instance that has one is
 * refused. The sandbox has no RAM service, so any well-formed role name (RAM:
 * 1-64 letters, digits, `.` and `-`) counts as an existing ECS service role.
 */
const ROLE_NAME = /^[A-Za-z0-9.-]{1,64}$/;

export function validateRamRoleName(name: string): string {
  if (!ROLE_NAME.test(name)) throw Errors.invalid('InvalidRamRole.NotFound', 'The specified RAM role does not exist.', 404);
  return name;
}

export const RamRoleErrors = {
  alreadyAttached: () => new ApiError('InvalidParameter.RamRoleName', 400, 'The instance already has a RAM role attached; detach it first.'),
  notAttached: () => new ApiError('InvalidRamRole.NotEqual', 400, 'The specified RAM role is not attached to the instance.'),
};

export function attachRamRole(inst: InstanceRecord, name: string): InstanceRecord {
  if (inst.ramRoleName) throw RamRoleErrors.alreadyAttached();
  return { ...inst, ramRoleName: name };
}

/** Detach: the named role must be the one attached (when a name is given). */
export function detachRamRole(inst: InstanceRecord, name: string | undefined): InstanceRecord {
  if (!inst.ramRoleName || (name !== undefined && name !== inst.ramRoleName)) throw RamRoleErrors.notAttached();
  return { ...inst, ramRoleName: undefined };
}
