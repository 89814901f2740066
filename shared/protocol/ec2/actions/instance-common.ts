import { VOLUME_TYPES, volumeSpecOf } from '../../../domain/volume-types';
import { isDiskCategory } from '../../../domain/disk';
import { ApiError } from '../../../domain/errors';
import { Ec2Errors, type Ec2Call } from '../adapter';
import { checkIds } from '../views';
import { instancesView, type Ec2Instance } from './instance-view';

/**
 * What the instance actions of the EC2 dialect share: EC2's instance errors, id checks, the
 * named instances as they are now, the ECS↔EC2 volume type names.
 */
export const InstanceErrors = {
  notFound: (ids: string[]) =>
    ids.length === 1
      ? new ApiError('InvalidInstanceID.NotFound', 400, `The instance ID '${ids[0]}' does not exist`)
      : new ApiError('InvalidInstanceID.NotFound', 400, `The instance IDs '${ids.join(', ')}' do not exist`),
  malformed: (id: string) => Ec2Errors.malformedId('InvalidInstanceID.Malformed', id, 'i'),
  incorrectState: (id: string, verb: string) =>
    new ApiError('IncorrectInstanceState', 400, `The instance '${id}' is not in a state from which it can be ${verb}.`),
  neverRunning: (id: string) => new ApiError('IncorrectInstanceState', 400, `Instance '${id}' cannot be stopped as it has never reached the 'running' state.`),
  terminationProtected: (id: string) =>
    new ApiError(
      'OperationNotPermitted',
      400,
      `The instance '${id}' may not be terminated. Modify its 'disableApiTermination' instance attribute and try again.`,
    ),
  /** Stop protection (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-stop-protection.html). */
  stopProtected: (id: string) =>
    new ApiError('OperationNotPermitted', 400, `The instance '${id}' may not be stopped. Modify its 'disableApiStop' instance attribute and try again.`),
};

export function checkInstanceIds(ids: string[] | undefined): void {
  checkIds(ids, 'InvalidInstanceID.Malformed', ['i'], 'i');
}

/** The named instances as they are now, or InvalidInstanceID.NotFound naming every missing one. */
export async function requireInstances(call: Ec2Call, ids: string[], dryRun?: boolean): Promise<Ec2Instance[]> {
  checkInstanceIds(ids);
  const found = await instancesView(call, { ids, dryRun, withDetails: false });
  const missing = [...new Set(ids)].filter((id) => !found.some((i) => i.InstanceId === id));
  if (missing.length) throw InstanceErrors.notFound(missing);
  return found;
}

/** EC2 volume types → ECS disk categories: the one table (shared/domain/volume-types.ts, docs/volume-types.md). */
export const VOLUME_CATEGORY: Record<string, string> = Object.fromEntries(Object.entries(VOLUME_TYPES).map(([type, row]) => [type, row.category]));
/** An ECS category's EBS type, from the same table (a category it does not know shows as gp3). */
export const volumeTypeOfCategory = (category: string): string => (isDiskCategory(category) ? volumeSpecOf({ category }).type : 'gp3');
