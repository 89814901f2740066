import { ApiError, Errors, ReasonedError } from './errors';

/**
 * The snapshot errors, typed: each is the ECS error (code, status, message, rendered as is by the
 * ECS door) with a `reason` the EC2 dialect maps from (shared/protocol/ec2/actions/volumes-snapshots.ts)
 * instead of matching ECS code strings. Codes and messages: the DescribeSnapshots, CreateSnapshot
 * and DeleteSnapshot references
 * (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-createsnapshot,
 * https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-deletesnapshot).
 */
export type SnapshotErrorReason =
  | 'notFound'
  | 'notReady'
  | 'notFromDisk'
  | 'quotaFull'
  | 'manualRunning'
  | 'neverAttached'
  | 'usedByImage'
  | 'usedByDisk'
  | 'malformedName'
  | 'instanceStatus'
  | 'instanceLocked'
  | 'retentionDays';

export class SnapshotError extends ReasonedError<SnapshotErrorReason> {}

export const isSnapshotError = (e: unknown): e is SnapshotError => e instanceof SnapshotError;

const typed = (reason: SnapshotErrorReason, ecs: ApiError) => new SnapshotError(reason, ecs);

export const SnapshotErrors = {
  notFound: () => typed('notFound', Errors.notFound('InvalidSnapshotId.NotFound', 'The specified SnapshotId does not exist.')),
  notReady: () => typed('notReady', new ApiError('InvalidSnapshotId.NotReady', 403, 'The specified snapshot has not completed yet.')),
  notFromDisk: () => typed('notFromDisk', new ApiError('InvalidParameter.Mismatch', 403, 'The specified snapshot is not created from the specified disk.')),
  quota: (limit: number) =>
    typed(
      'quotaFull',
      new ApiError(
        'QuotaExceed.Snapshot',
        403,
        `The snapshot quota exceeds. A disk keeps at most ${limit} snapshots and every one of this disk is a manual snapshot (or in use); delete some first.`,
      ),
    ),
  manualRunning: () => typed('manualRunning', new ApiError('IncorrectDiskStatus.CreatingSnapshot', 403, 'A previous snapshot creation is in process.')),
  neverAttached: () =>
    typed('neverAttached', new ApiError('IncorrectDiskStatus.NeverAttached', 403, 'The specified disk has never been attached to any instance.')),
  createdImage: () =>
    typed('usedByImage', new ApiError('SnapshotCreatedImage', 403, 'The snapshot has been used to create user defined image(s). Delete the image(s) first.')),
  createdDisk: () =>
    typed('usedByDisk', new ApiError('SnapshotCreatedDisk', 403, 'The snapshot has been used to create disk(s). Set Force=true to delete it anyway.')),
  nameMalformed: () => typed('malformedName', new ApiError('InvalidSnapshotName.Malformed', 400, 'The specified SnapshotName is wrongly formed.')),
  instanceStatus: () =>
    typed('instanceStatus', new ApiError('IncorrectInstanceStatus', 400, 'The current status of the resource does not support this operation.')),
  instanceLocked: () => typed('instanceLocked', new ApiError('InstanceLockedForSecurity', 403, 'The disk attached instance is locked due to security.')),
  retentionDays: () => typed('retentionDays', Errors.invalidParameter('RetentionDays', 'Valid values: 1 to 65536.')),
};
