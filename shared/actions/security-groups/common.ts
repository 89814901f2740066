import { ApiError, Errors } from '../../domain/errors';
import { defaultVpcId } from '../../domain/network';
import { securityGroupError, type SecurityGroupRecord } from '../../domain/security-group';
import { loadSecurityGroup, type SecurityGroupItem } from '../../store/security-groups';
import type { StateStore, Stored } from '../../store/state-store';
import { currentDialect } from '../../platform/dialect';
import { p } from '../params';

/**
 * What every security group action shares: the documented errors that the domain module does not
 * carry (membership and dependencies), the membership limits, and loading a group or failing with
 * InvalidSecurityGroupId.NotFound.
 */

/** Instances per security group (docs/rules/ecs-user-guide.md#quotas: 1,000, hard). */
export const MAX_INSTANCES_PER_GROUP = 1000;
/**
 * The members a group may hold in this call's dialect: EC2 has no instance count per group (its
 * limits are groups per interface and rules per group,
 * https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html#vpc-limits-security-groups),
 * so only the ECS dialect holds a group to 1,000 instances.
 */
export const groupMemberLimit = (): number => (currentDialect() === 'ec2' ? Number.POSITIVE_INFINITY : MAX_INSTANCES_PER_GROUP);
/** Security groups per instance (docs/rules/ecs-user-guide.md#quotas: 1 to 5). */
export const MAX_GROUPS_PER_INSTANCE = 5;

export const membershipErrors = {
  groupNotFound: () => securityGroupError('notFound', Errors.notFound('InvalidSecurityGroupId.NotFound', 'The specified SecurityGroupId does not exist.')),
  /** DeleteSecurityGroup (api §3.4, docs/rules/ecs-user-guide.md#security-groups). */
  stillHasInstances: () => Errors.forbidden('DependencyViolation', 'There is still instance(s) in the specified security group.'),
  /** DeleteSecurityGroup (api §3.4, docs/rules/ecs-user-guide.md#security-groups). */
  referencedByAnotherGroup: () => Errors.forbidden('DependencyViolation', 'The specified security group has been authorized in another one.'),
  /** RunInstances / CreateInstance / ModifyInstanceAttribute (api §3.1 error tables). */
  groupFullAtLaunch: (id: string) =>
    new ApiError(
      'SecurityGroupInstanceLimitExceed',
      403,
      `The maximum number of instances in the specified security group is exceeded (${id}: ${MAX_INSTANCES_PER_GROUP}).`,
    ),
  /** JoinSecurityGroup (api §3.4). */
  groupFullAtJoin: () => new ApiError('SecurityGroupInstanceLimitExceeded', 403, 'The maximum number of instances in a security group is exceeded.'),
  /** RunInstances "other documented codes": JoinedGroupLimitExceed (400); used by the launch and ModifyInstanceAttribute. */
  tooManyGroupsAtLaunch: () =>
    Errors.invalid('JoinedGroupLimitExceed', `The number of security groups an instance can join is exceeded (${MAX_GROUPS_PER_INSTANCE}).`),
  /** JoinSecurityGroup (api §3.4, 400 row). */
  tooManyGroupsAtJoin: () =>
    Errors.invalid('InstanceSecurityGroupLimitExceeded', 'Exceeding the allowed amount of security groups that an instance can be in.'),
  alreadyMember: () => Errors.forbidden('InvalidInstanceId.AlreadyExists', 'The specified instance already exists in the specified security group.'),
  /** LeaveSecurityGroup since 2024-07-08 (api §3.4 caveat; it used to succeed silently). */
  notMember: () => Errors.notFound('InvalidSecurityGroupAssociation.NotFound', 'The specified instance is not in the specified security group.'),
  lastGroup: () => Errors.forbidden('InstanceLastSecurityGroup', 'The specified security group is the last security group for the instance.'),
  /** JoinSecurityGroup: instance and group in different VPCs. */
  vpcMismatchAtJoin: () => Errors.invalid('InvalidInstanceId.Mismatch', 'Specified instance and security group are not in the same VPC.'),
  /** RunInstances: the group is not in the vSwitch's VPC. */
  vpcMismatchAtLaunch: () => Errors.invalid('InvalidParameter.Mismatch', 'Specified security group and virtual switch are not in the same VPC.'),
  /** ModifyInstanceAttribute (api §3.1 notes): basic and advanced groups cannot be mixed on one instance. */
  mixedTypes: () => Errors.invalid('InvalidParameter.Conflict', 'An instance cannot belong to both basic (normal) and advanced (enterprise) security groups.'),
  eniNotSupported: () => Errors.notFound('InvalidEniId.NotFound', 'The specified NetworkInterfaceId does not exist.'),
  eniAndInstance: () => Errors.forbidden('InvalidParam.EniIdAndInstanceId.Conflict', 'InstanceId and NetworkInterfaceId cannot be specified together.'),
};

export const securityGroupIdField = () => p.string({ min: 1, max: 64 });

/** A group of the caller's account in a region, or InvalidSecurityGroupId.NotFound. */
export async function requireGroup(store: StateStore, accountId: string, regionId: string, id: string): Promise<Stored<SecurityGroupItem>> {
  const group = await loadSecurityGroup(store, accountId, regionId, id);
  if (!group) throw membershipErrors.groupNotFound();
  return group;
}

/** Same-account groups that a group's rules name (as source or destination). */
export function referencedGroupIds(group: Pick<SecurityGroupRecord, 'rules' | 'accountId'>): Set<string> {
  const ids = new Set<string>();
  for (const r of group.rules) {
    const id = r.direction === 'ingress' ? r.sourceGroupId : r.destGroupId;
    const owner = r.direction === 'ingress' ? r.sourceGroupOwnerId || r.sourceGroupOwnerAccount : r.destGroupOwnerId || r.destGroupOwnerAccount;
    if (id && (!owner || owner === group.accountId)) ids.add(id);
  }
  return ids;
}

/**
 * The instance-side checks of a set of groups: all in the instance's VPC (`vpcId`; the
 * account-region's default VPC when not given) and not of mixed types.
 */
export function checkGroupSet(
  groups: readonly SecurityGroupRecord[],
  accountId: string,
  regionId: string,
  vpcMismatch: () => ApiError,
  vpcId: string = defaultVpcId(accountId, regionId),
): void {
  if (groups.some((g) => g.vpcId !== vpcId)) throw vpcMismatch();
  if (new Set(groups.map((g) => g.securityGroupType)).size > 1) throw membershipErrors.mixedTypes();
}
