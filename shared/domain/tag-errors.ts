import { ApiError, ReasonedError } from './errors';

/**
 * The tag errors, typed: each is the ECS error (code, status and message, rendered as is by the
 * ECS door; https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-tagresources)
 * with a `reason` another dialect switches on (EC2 CreateTags/DeleteTags,
 * shared/protocol/ec2/actions/tags.ts) instead of matching ECS code strings.
 */
export type TagErrorReason =
  /** More tags in one call than allowed. */
  | 'tooManyInCall'
  /** More tags on one resource than allowed. */
  | 'tooManyOnResource'
  | 'keyMalformed'
  | 'valueMalformed'
  /** A value without its key. */
  | 'mismatch'
  | 'duplicateKey'
  /** A named resource does not exist (`missing` lists them, in the order asked). */
  | 'resourceNotFound';

export class TagError extends ReasonedError<TagErrorReason> {
  constructor(
    reason: TagErrorReason,
    ecs: ApiError,
    /** For `resourceNotFound`: the ids not found. */
    readonly missing: readonly string[] = [],
  ) {
    super(reason, ecs);
  }
}

export const isTagError = (e: unknown): e is TagError => e instanceof TagError;

export const tagError = (reason: TagErrorReason, ecs: ApiError, missing?: readonly string[]): TagError => new TagError(reason, ecs, missing);
