import { createHash } from 'node:crypto';
import { ApiError } from '../../../domain/errors';
import { defineEc2Action, Ec2Errors, type Ec2Call } from '../adapter';
import { applyFilters, pageOf, type Filter } from '../views';
import { checkInstanceIds, InstanceErrors, requireInstances } from './instance-common';
import { instancesView } from './instance-view';

/**
 * IAM instance profile associations of EC2 over the ECS instance RAM role (the same concept: one
 * role per instance whose credentials the instance's software gets; AttachInstanceRamRole,
 * DetachInstanceRamRole, DescribeInstanceRamRole):
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AssociateIamInstanceProfile.html and siblings.
 *
 * The sandbox has no IAM: an instance profile is named by `Name` or by its ARN
 * (`arn:aws:iam::<account>:instance-profile/<path/><name>`), and the name is the ECS role name,
 * so it follows RAM's rule (1-64 letters, digits, `.` and `-`). The association id is derived
 * from the instance and the role (`iip-assoc-` + 17 hex), so it is the same on every read and a
 * new one after a replacement. Associations are shown `associated`; a disassociation answers
 * `disassociating`, as EC2 does, and the association is gone at the next read.
 */

interface ProfileSpec {
  Arn?: string;
  Name?: string;
}

const associationIdOf = (instanceId: string, role: string) => `iip-assoc-${createHash('sha256').update(`${instanceId}|${role}`).digest('hex').slice(0, 17)}`;

const profileArn = (call: Ec2Call, name: string) => `arn:aws:iam::${call.accountId}:instance-profile/${name}`;

/** The role name of an EC2 instance profile specification. */
function roleNameOf(spec: ProfileSpec | undefined): string {
  if (!spec || (!spec.Arn && !spec.Name)) throw Ec2Errors.missingParameter('IamInstanceProfile');
  if (spec.Arn !== undefined) {
    const m = /^arn:aws[\w-]*:iam::\d*:instance-profile\/(?:[\w+=,.@/-]*\/)?([\w+=,.@-]+)$/.exec(spec.Arn);
    if (!m) throw Ec2Errors.invalidParameterValue(`Value (${spec.Arn}) for parameter iamInstanceProfile.arn is invalid. Invalid IAM Instance Profile ARN`);
    if (spec.Name !== undefined && spec.Name !== m[1]) throw Ec2Errors.invalidCombination('The IAM instance profile ARN and name name different profiles.');
    return checkRoleName(m[1]!);
  }
  return checkRoleName(spec.Name!);
}

/** RAM's role name rule (shared/domain/ram-role.ts): what ECS can attach. */
function checkRoleName(name: string): string {
  if (!/^[A-Za-z0-9.-]{1,64}$/.test(name)) {
    throw Ec2Errors.invalidParameterValue(
      `Value (${name}) for parameter iamInstanceProfile.name is invalid. This sandbox takes 1-64 letters, digits, '.' and '-' (the ECS RAM role rule).`,
    );
  }
  return name;
}

interface Association {
  AssociationId: string;
  InstanceId: string;
  IamInstanceProfile: { Arn: string; Id: string };
  State: string;
}

const association = (call: Ec2Call, instanceId: string, role: string, state = 'associated'): Association => ({
  AssociationId: associationIdOf(instanceId, role),
  InstanceId: instanceId,
  IamInstanceProfile: { Arn: profileArn(call, role), Id: `AIPA${createHash('sha256').update(role).digest('hex').slice(0, 17).toUpperCase()}` },
  State: state,
});

/** The associations of the named instances, or of every instance of the region. */
async function associations(call: Ec2Call, instanceIds?: string[]): Promise<Association[]> {
  const ids = instanceIds ?? (await instancesView(call, { withDetails: false })).filter((i) => i.State.Name !== 'terminated').map((i) => i.InstanceId);
  const out: Association[] = [];
  for (let at = 0; at < ids.length; at += 100) {
    const chunk = ids.slice(at, at + 100);
    const res = await call.ecs('DescribeInstanceRamRole', { RegionId: call.region, InstanceIds: JSON.stringify(chunk), PageSize: 50 });
    let rows = res.InstanceRamRoleSets.InstanceRamRoleSet as { InstanceId: string; RamRoleName: string }[];
    // DescribeInstanceRamRole pages by 50: read the rest of a larger chunk.
    for (let page = 2; rows.length < Number(res.TotalCount); page++) {
      const more = await call.ecs('DescribeInstanceRamRole', { RegionId: call.region, InstanceIds: JSON.stringify(chunk), PageSize: 50, PageNumber: page });
      rows = [...rows, ...more.InstanceRamRoleSets.InstanceRamRoleSet];
    }
    for (const r of rows) if (r.RamRoleName) out.push(association(call, r.InstanceId, r.RamRoleName));
  }
  return out;
}

async function requireAssociation(call: Ec2Call, id: string | undefined): Promise<Association> {
  if (!id) throw Ec2Errors.missingParameter('AssociationId');
  const found = (await associations(call)).find((a) => a.AssociationId === id);
  if (!found) throw new ApiError('InvalidAssociationID.NotFound', 400, `An association ID '${id}' does not exist`);
  return found;
}

/** The one result of an ECS attach/detach of one instance, as an error when it failed. */
function requireSuccess(results: { Success: boolean; Code: string; Message: string }[], instanceId: string): void {
  const r = results[0];
  if (!r || r.Success) return;
  if (r.Code === 'InvalidInstanceId.NotFound') throw InstanceErrors.notFound([instanceId]);
  if (r.Code === 'InvalidParameter.RamRoleName') throw new ApiError('IncorrectState', 400, `There is an existing association for instance ${instanceId}`);
  throw new ApiError(r.Code, 400, r.Message);
}

async function attach(call: Ec2Call, instanceId: string, role: string): Promise<void> {
  const out = await call.ecs('AttachInstanceRamRole', { RegionId: call.region, RamRoleName: role, InstanceIds: JSON.stringify([instanceId]) });
  requireSuccess(out.AttachInstanceRamRoleResults.AttachInstanceRamRoleResult, instanceId);
}

async function detach(call: Ec2Call, instanceId: string, role: string): Promise<void> {
  const out = await call.ecs('DetachInstanceRamRole', { RegionId: call.region, RamRoleName: role, InstanceIds: JSON.stringify([instanceId]) });
  requireSuccess(out.DetachInstanceRamRoleResults.DetachInstanceRamRoleResult, instanceId);
}

const ACTIVE = ['pending', 'running', 'stopping', 'stopped'];

export const associateIamInstanceProfile = defineEc2Action<{ InstanceId: string; IamInstanceProfile?: ProfileSpec }>({
  name: 'AssociateIamInstanceProfile',
  uses: ['AttachInstanceRamRole', 'DescribeInstanceRamRole', 'DescribeInstances'],
  handle: async (input, call) => {
    checkInstanceIds([input.InstanceId]);
    const role = roleNameOf(input.IamInstanceProfile);
    const [instance] = await requireInstances(call, [input.InstanceId]);
    if (!ACTIVE.includes(instance!.State.Name)) {
      throw new ApiError('IncorrectInstanceState', 400, `The instance '${input.InstanceId}' is not in a valid state for this operation.`);
    }
    await attach(call, input.InstanceId, role);
    return { IamInstanceProfileAssociation: association(call, input.InstanceId, role, 'associating') };
  },
});

export const disassociateIamInstanceProfile = defineEc2Action<{ AssociationId?: string }>({
  name: 'DisassociateIamInstanceProfile',
  uses: ['DetachInstanceRamRole', 'DescribeInstanceRamRole', 'DescribeInstances'],
  handle: async (input, call) => {
    const found = await requireAssociation(call, input.AssociationId);
    const role = found.IamInstanceProfile.Arn.split('/').pop()!;
    await detach(call, found.InstanceId, role);
    return { IamInstanceProfileAssociation: { ...found, State: 'disassociating' } };
  },
});

/**
 * ReplaceIamInstanceProfileAssociation: the role is detached and the new one attached. ECS has no
 * replace, so these are two ECS calls; the new name is checked before the first, so the attach
 * that follows the detach cannot be refused for its name.
 */
export const replaceIamInstanceProfileAssociation = defineEc2Action<{ AssociationId?: string; IamInstanceProfile?: ProfileSpec }>({
  name: 'ReplaceIamInstanceProfileAssociation',
  uses: ['AttachInstanceRamRole', 'DetachInstanceRamRole', 'DescribeInstanceRamRole', 'DescribeInstances'],
  // Several ECS writes (one per rule, per credit value, detach then attach): one unit, all or nothing.
  oneUnit: true,
  handle: async (input, call) => {
    const role = roleNameOf(input.IamInstanceProfile);
    const found = await requireAssociation(call, input.AssociationId);
    const current = found.IamInstanceProfile.Arn.split('/').pop()!;
    if (current !== role) {
      await detach(call, found.InstanceId, current);
      await attach(call, found.InstanceId, role);
    }
    return { IamInstanceProfileAssociation: association(call, found.InstanceId, role, 'associating') };
  },
});

export const describeIamInstanceProfileAssociations = defineEc2Action<{
  AssociationIds?: string[];
  Filters?: Filter[];
  MaxResults?: number;
  NextToken?: string;
}>({
  name: 'DescribeIamInstanceProfileAssociations',
  uses: ['DescribeInstanceRamRole', 'DescribeInstances'],
  handle: async (input, call) => {
    const instanceFilter = input.Filters?.find((f) => f.Name === 'instance-id')?.Values;
    let list = await associations(
      call,
      instanceFilter?.length && !instanceFilter.some((v) => /[*?]/.test(v)) ? await liveIds(call, instanceFilter) : undefined,
    );
    for (const id of input.AssociationIds ?? []) {
      if (!list.some((a) => a.AssociationId === id)) throw new ApiError('InvalidAssociationID.NotFound', 400, `An association ID '${id}' does not exist`);
    }
    if (input.AssociationIds?.length) list = list.filter((a) => input.AssociationIds!.includes(a.AssociationId));
    const matched = applyFilters(list, input.Filters, { 'instance-id': (a) => a.InstanceId, state: (a) => a.State }).sort((a, b) =>
      a.AssociationId < b.AssociationId ? -1 : 1,
    );
    const { page, nextToken } = pageOf(matched, (a) => a.AssociationId, 'DescribeIamInstanceProfileAssociations', input.MaxResults, input.NextToken, {
      min: 5,
      max: 1000,
    });
    return { IamInstanceProfileAssociations: page, ...(nextToken ? { NextToken: nextToken } : {}) };
  },
});

/** The named instances that still exist (a filter value naming no instance matches nothing, as a filter does). */
async function liveIds(call: Ec2Call, ids: string[]): Promise<string[]> {
  const found = await instancesView(call, { ids, withDetails: false });
  return found.filter((i) => i.State.Name !== 'terminated').map((i) => i.InstanceId);
}
