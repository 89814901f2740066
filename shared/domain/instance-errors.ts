import { ApiError, ReasonedError } from './errors';

/**
 * The instance errors, typed: each is the ECS error (code, status and message, rendered as is by
 * the ECS door) with a `reason` another dialect switches on (the EC2 instance adapters,
 * shared/protocol/ec2/actions/instance-power.ts) instead of matching ECS code strings. The codes
 * are those of the instance references
 * (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-startinstances,
 * https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-stopinstances,
 * https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-deleteinstances
 * and their siblings). In a batch, the error names the instance it is about (`instanceId`), so
 * EC2 can name it in its own message without reading the batch again.
 */
export type InstanceErrorReason =
  | 'notFound'
  /** The instance's status does not allow the change (ECS IncorrectInstanceStatus). */
  | 'incorrectStatus'
  /** Still Pending: ECS refuses to release it (IncorrectInstanceStatus.Initializing). */
  | 'initializing'
  /** A custom image is being created from it. */
  | 'imageCreating'
  | 'lockedForSecurity'
  | 'expiredOrInArrears'
  /** Release protection (ECS DeletionProtection, EC2 disableApiTermination). */
  | 'deletionProtection'
  /** Stop protection (EC2 disableApiStop), held in both dialects. */
  | 'stopProtection'
  /** A subscription instance that cannot be released (yet, or without TerminateSubscription). */
  | 'chargeTypeViolation'
  /** A metadata option's value is not in its documented set (`parameter` names it). */
  | 'invalidMetadataOption'
  /** The type to change to is unknown, the same, not offered in the zone or not authorised. */
  | 'instanceTypeNotSupported'
  /** The type to change to has another CPU architecture than the instance's image. */
  | 'architectureMismatch'
  /** The type changes only while the instance is Stopped. */
  | 'notStopped';

export class InstanceError extends ReasonedError<InstanceErrorReason> {
  constructor(
    reason: InstanceErrorReason,
    ecs: ApiError,
    /** The instance of a batch the error is about (absent when the call named one instance). */
    readonly instanceId?: string,
    /** The parameter whose value is refused, where the reason is about one. */
    readonly parameter?: string,
  ) {
    super(reason, ecs);
  }
}

export const isInstanceError = (e: unknown): e is InstanceError => e instanceof InstanceError;

/** The ECS error `ecs`, typed with `reason`. */
export const instanceError = (reason: InstanceErrorReason, ecs: ApiError, parameter?: string): InstanceError =>
  new InstanceError(reason, ecs, undefined, parameter);

/** The same error, naming the instance of a batch it is about. */
export const aboutInstance = (e: InstanceError, instanceId: string): InstanceError => new InstanceError(e.reason, e, instanceId, e.parameter);

/** The reasons EC2 reports as IncorrectInstanceState: the instance is not in a state that allows the change. */
export const isStateReason = (reason: InstanceErrorReason): boolean =>
  reason === 'incorrectStatus' || reason === 'initializing' || reason === 'imageCreating' || reason === 'lockedForSecurity' || reason === 'notStopped';
