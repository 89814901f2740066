import { ApiError } from './errors';
import { InstanceErrors, type InstanceRecord } from './instance';

/**
 * The VNC management terminal (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-modifyinstancevncpasswd,
 * https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describeinstancevncurl):
 *
 * - the password is exactly six characters, upper-case letters, lower-case letters and digits,
 *   each kind present (the reference's own message says so);
 * - on an I/O optimized instance it takes effect at once; on any other it waits for a restart
 *   from the console or RebootInstance (a restart inside the OS does not count), so the sandbox
 *   keeps it pending until RebootInstance(s);
 * - a VNC URL is handed out for a Running instance only and is valid for 15 seconds, once.
 *
 * The sandbox has no virtual machine behind the URL: it is well-formed and unique, nothing answers it
 * (docs/rules/ecs-user-guide.md#vnc).
 */
export const VncErrors = {
  malformed: () =>
    new ApiError(
      'IncorrectVncPassword.Malformed',
      400,
      'The specified parameter VncPassword must be 6 characters, including uppercase characters, lowercase characters and numbers.',
    ),
};

export const VNC_URL_TTL_SECONDS = 15;

export function validateVncPassword(password: string): void {
  if (!/^[A-Za-z0-9]{6}$/.test(password) || !/[A-Z]/.test(password) || !/[a-z]/.test(password) || !/[0-9]/.test(password)) {
    throw VncErrors.malformed();
  }
}

function requireOperableForVnc(inst: InstanceRecord): void {
  if (inst.locks.some((l) => l.reason === 'security')) throw InstanceErrors.lockedForSecurity();
}

/** ModifyInstanceVncPasswd: effective now (I/O optimized) or at the next console restart. */
export function setVncPassword(inst: InstanceRecord, password: string): InstanceRecord {
  validateVncPassword(password);
  requireOperableForVnc(inst);
  if (inst.status === 'Pending') throw InstanceErrors.incorrectStatus();
  if (inst.ioOptimized) return { ...inst, vncPassword: password, vncPasswordPending: undefined };
  return { ...inst, vncPasswordPending: password };
}

/** A restart through the console or RebootInstance applies a pending VNC password. */
export function applyPendingVncPassword(inst: InstanceRecord): InstanceRecord {
  if (inst.vncPasswordPending === undefined) return inst;
  return { ...inst, vncPassword: inst.vncPasswordPending, vncPasswordPending: undefined };
}

/** DescribeInstanceVncUrl: Running instances only. */
export function requireVncReachable(inst: InstanceRecord): void {
  requireOperableForVnc(inst);
  if (inst.status !== 'Running') throw InstanceErrors.incorrectStatus();
}
