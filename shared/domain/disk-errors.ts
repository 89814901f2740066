import { ApiError, ReasonedError } from './errors';

/**
 * The disk errors, typed: each is the ECS error (code, status and message, rendered as is by the
 * ECS door) with a `reason` another dialect switches on (the EC2 volume adapters,
 * shared/protocol/ec2/actions/volumes.ts) instead of matching ECS code strings. The codes are
 * those of the disk references
 * (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-createdisk,
 * https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-attachdisk,
 * https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-resizedisk and
 * their siblings). The instance refusals a disk operation raises (not found, locked, wrong status)
 * carry a reason too: they keep the instance error's ECS code.
 */
export type DiskErrorReason =
  | 'notFound'
  | 'incorrectStatus'
  | 'categoryNotSupported'
  | 'sizeOutOfRange'
  | 'notLarger'
  | 'smallerThanSnapshot'
  | 'performanceLevel'
  | 'resizeType'
  | 'systemDisk'
  | 'notAttachedTo'
  | 'notSameZone'
  | 'instanceDiskLimit'
  | 'deviceMalformed'
  | 'deviceInUse'
  | 'snapshotRunning'
  | 'stillAttached'
  | 'notPortable'
  | 'imageGone'
  | 'sourceSnapshotGone'
  | 'noAttributeToModify'
  | 'zoneNotFound'
  | 'instanceNotFound'
  | 'instanceStatus'
  | 'instanceLocked'
  | 'modificationInProgress'
  | 'modificationRateExceeded';

export class DiskError extends ReasonedError<DiskErrorReason> {}

export const isDiskError = (e: unknown): e is DiskError => e instanceof DiskError;

/** The ECS error `ecs`, typed with `reason`. */
export const diskError = (reason: DiskErrorReason, ecs: ApiError): DiskError => new DiskError(reason, ecs);
