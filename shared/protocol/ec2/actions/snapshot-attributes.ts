import { defineEc2Action, Ec2Errors } from '../adapter';
import { checkIds } from '../views';
import { SnapshotErrors, snapshotsView } from './volumes-snapshots';

/**
 * Describe/Modify/ResetSnapshotAttribute
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifySnapshotAttribute.html).
 * ECS snapshots are never shared with other accounts (the sandbox's ECS model has no snapshot
 * sharing), so a snapshot's `createVolumePermission` is always empty: it is described as such,
 * resetting it is accepted and changes nothing, removing permissions is accepted (there are none),
 * and adding one is refused as unsupported. `productCodes` is always empty too.
 */

const ATTRIBUTES = ['createVolumePermission', 'productCodes'];

interface Permission {
  UserId?: string;
  Group?: string;
}

function checkAttribute(attribute: string | undefined, allowed: string[]): void {
  if (attribute !== undefined && !allowed.includes(attribute)) {
    throw Ec2Errors.invalidParameterValue(`Value (${attribute}) for parameter attribute is invalid. Valid values: ${allowed.join(', ')}`);
  }
}

/** The snapshot must exist and be the caller's (EC2: InvalidSnapshot.NotFound otherwise). */
async function requireSnapshot(call: Parameters<typeof snapshotsView>[0], snapshotId: string, dryRun?: boolean): Promise<void> {
  checkIds([snapshotId], 'InvalidSnapshotID.Malformed', ['snap', 's'], 'snap');
  const [found] = await snapshotsView(call, [snapshotId], dryRun);
  if (!found) throw SnapshotErrors.notFound(snapshotId);
}

export const describeSnapshotAttribute = defineEc2Action<{ SnapshotId: string; Attribute: string; DryRun?: boolean }>({
  name: 'DescribeSnapshotAttribute',
  uses: ['DescribeSnapshots'],
  onlyGivenLists: true,
  handle: async (input, call) => {
    checkAttribute(input.Attribute, ATTRIBUTES);
    await requireSnapshot(call, input.SnapshotId, input.DryRun);
    return input.Attribute === 'createVolumePermission'
      ? { SnapshotId: input.SnapshotId, CreateVolumePermissions: [] }
      : { SnapshotId: input.SnapshotId, ProductCodes: [] };
  },
});

export const modifySnapshotAttribute = defineEc2Action<{
  SnapshotId: string;
  Attribute?: string;
  OperationType?: string;
  UserIds?: string[];
  GroupNames?: string[];
  CreateVolumePermission?: { Add?: Permission[]; Remove?: Permission[] };
  DryRun?: boolean;
}>({
  name: 'ModifySnapshotAttribute',
  uses: ['DescribeSnapshots'],
  handle: async (input, call) => {
    checkAttribute(input.Attribute, ['createVolumePermission']);
    if (input.OperationType !== undefined && input.OperationType !== 'add' && input.OperationType !== 'remove') {
      throw Ec2Errors.invalidParameterValue(`Value (${input.OperationType}) for parameter operationType is invalid.`);
    }
    const legacy: Permission[] = [...(input.UserIds ?? []).map((UserId) => ({ UserId })), ...(input.GroupNames ?? []).map((Group) => ({ Group }))];
    const add = [...(input.CreateVolumePermission?.Add ?? []), ...(input.OperationType === 'add' ? legacy : [])];
    const remove = [...(input.CreateVolumePermission?.Remove ?? []), ...(input.OperationType === 'remove' ? legacy : [])];
    if (add.length === 0 && remove.length === 0) throw Ec2Errors.missingParameter('CreateVolumePermission');
    for (const p of [...add, ...remove]) {
      if (p.Group !== undefined && p.Group !== 'all') throw Ec2Errors.invalidParameterValue(`Value (${p.Group}) for parameter group is invalid.`);
      if (p.UserId !== undefined && !/^[0-9]{12}$/.test(p.UserId))
        throw Ec2Errors.invalidParameterValue(`Value (${p.UserId}) for parameter userId is invalid.`);
    }
    await requireSnapshot(call, input.SnapshotId, input.DryRun);
    if (add.length) throw Ec2Errors.unsupported('Sharing snapshots with other accounts or publicly is not supported by this sandbox.');
    // Removing permissions a snapshot does not have changes nothing, as on EC2.
    return undefined;
  },
});

export const resetSnapshotAttribute = defineEc2Action<{ SnapshotId: string; Attribute: string; DryRun?: boolean }>({
  name: 'ResetSnapshotAttribute',
  uses: ['DescribeSnapshots'],
  handle: async (input, call) => {
    // "Currently, only the attribute for permission to create volumes can be reset." (API reference)
    checkAttribute(input.Attribute, ['createVolumePermission']);
    await requireSnapshot(call, input.SnapshotId, input.DryRun);
    return undefined;
  },
});
