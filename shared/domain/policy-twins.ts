import { EC2_ECS_PERMISSIONS } from './ec2-permissions.generated';
import { isAllowed, isAllowedAny, type PolicyDocument } from './policy';

/**
 * Policies hold whichever dialect calls (README "Policies across dialects"). An ECS permission
 * is known under its own name and under the names of the EC2 actions made of it (its twins); an
 * EC2 action needs its own name and each ECS permission it is made of.
 */
const TWINS: ReadonlyMap<string, readonly string[]> = (() => {
  const twins = new Map<string, string[]>();
  for (const [ec2Action, ecsActions] of Object.entries(EC2_ECS_PERMISSIONS)) {
    for (const ecs of ecsActions) twins.set(ecs, [...(twins.get(ecs) ?? []), `ec2:${ec2Action}`]);
  }
  return twins;
})();

/** Every name a policy statement may use for the ECS permission `action`: `ecs:<action>` and its EC2 twins. */
export function ecsPermissionNames(action: string): string[] {
  return [`ecs:${action}`, ...(TWINS.get(action) ?? [])];
}

/** Whether a policy allows the ECS action `action` (called through the ECS dialect). */
export function ecsActionAllowed(policy: PolicyDocument | undefined, action: string): boolean {
  return isAllowedAny(policy, ecsPermissionNames(action));
}

/** Whether a policy allows the EC2 action `action`: its `ec2:` name and every ECS permission it is made of. */
export function ec2ActionAllowed(policy: PolicyDocument | undefined, action: string): boolean {
  if (!isAllowed(policy, `ec2:${action}`)) return false;
  return (EC2_ECS_PERMISSIONS[action] ?? []).every((ecs) => ecsActionAllowed(policy, ecs));
}
