import { DeploymentSetErrors, type DeploymentSetError } from './deployment-set-errors';

/**
 * How many instances a deployment set (EC2: placement group) takes, per strategy, written once for
 * the launch and for moving an instance into a set (docs/placement-groups.md):
 * - Availability (EC2 spread): at most 20 instances in one zone through ECS
 *   (https://www.alibabacloud.com/help/en/ecs/user-guide/overview-43, "Number of instances"), at most
 *   7 through EC2 ("a maximum of seven running instances per Availability Zone per group",
 *   https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/placement-groups.html);
 * - LowLatency (EC2 cluster): every instance in one zone (both references);
 * - AvailabilityGroup (EC2 partition): at most 7 groups, checked when the set is made; no count.
 * Every member counts, stopped ones too: a start is never refused for room (stricter than EC2's
 * "running" instances; the decision is in docs/placement-groups.md).
 */
export const SPREAD_LIMIT_PER_ZONE = { ecs: 20, ec2: 7 } as const;

export interface DeploymentSetRoomInput {
  strategy: 'Availability' | 'AvailabilityGroup' | 'LowLatency';
  /** The zones of the set's members now (one entry per member), not counting the instances that join. */
  memberZones: readonly string[];
  zoneId: string;
  joining: number;
  /** EC2's spread limit (7 per zone) instead of ECS's (20). */
  ec2Rules: boolean;
}

/** The refusal of `joining` more instances in `zoneId`, or undefined when they fit. */
export function deploymentSetRefusal(room: DeploymentSetRoomInput): DeploymentSetError | undefined {
  if (room.strategy === 'LowLatency') {
    const other = room.memberZones.find((z) => z !== room.zoneId);
    return other === undefined ? undefined : DeploymentSetErrors.otherZone(other);
  }
  if (room.strategy === 'Availability') {
    const limit = room.ec2Rules ? SPREAD_LIMIT_PER_ZONE.ec2 : SPREAD_LIMIT_PER_ZONE.ecs;
    const inZone = room.memberZones.filter((z) => z === room.zoneId).length;
    return inZone + room.joining > limit ? DeploymentSetErrors.zoneFull(limit, room.zoneId) : undefined;
  }
  return undefined;
}
