import { ApiError, Errors, ReasonedError } from './errors';

/**
 * The deployment set errors, typed: each is the ECS error (code, status and message, rendered as
 * is by the ECS door) with a `reason` the EC2 placement group adapters
 * (shared/protocol/ec2/actions/placement-groups.ts) switch on instead of matching ECS code strings.
 * Codes: the deployment set references
 * (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-createdeploymentset,
 * https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-deletedeploymentset,
 * https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-modifyinstancedeployment).
 * The two room refusals (`zoneFull`, `otherZone`) have no documented code: docs/placement-groups.md
 * says which codes the sandbox answers and why.
 */
export type DeploymentSetErrorReason =
  | 'notFound'
  | 'inUse'
  | 'nameMalformed'
  | 'descriptionMalformed'
  | 'groupCountStrategy'
  | 'groupNumber'
  | 'zoneFull'
  | 'otherZone'
  | 'instanceNotFound'
  | 'instanceStatus';

export class DeploymentSetError extends ReasonedError<DeploymentSetErrorReason> {
  constructor(
    reason: DeploymentSetErrorReason,
    ecs: ApiError,
    /** What an error message of another dialect needs and the ECS message does not name (the limit, the zone). */
    readonly room?: { limit?: number; zoneId?: string },
  ) {
    super(reason, ecs);
  }
}

export const isDeploymentSetError = (e: unknown): e is DeploymentSetError => e instanceof DeploymentSetError;

const typed = (reason: DeploymentSetErrorReason, ecs: ApiError, room?: DeploymentSetError['room']) => new DeploymentSetError(reason, ecs, room);

export const DeploymentSetErrors = {
  notFound: () => typed('notFound', Errors.notFound('InvalidDeploymentSet.NotFound', 'The specified DeploymentSet does not exist.')),
  inUse: () => typed('inUse', Errors.invalid('InvalidDeploymentSet.InUse', 'The specified DeploymentSet is in use.', 403)),
  name: () => typed('nameMalformed', Errors.invalid('InvalidDeploymentSetName.Malformed', 'The specified DeploymentSetName is not valid.')),
  description: () => typed('descriptionMalformed', Errors.invalid('InvalidDescription.Malformed', 'The specified Description is not valid.')),
  groupCountStrategy: () => typed('groupCountStrategy', Errors.invalidParameter('GroupCount', 'GroupCount applies to the AvailabilityGroup strategy only.')),
  groupNumber: () => typed('groupNumber', Errors.invalidParameter('DeploymentSetGroupNo')),
  zoneFull: (limit: number, zoneId: string) =>
    typed(
      'zoneFull',
      Errors.forbidden(
        'QuotaExceed.DeploymentSetInstance',
        `The deployment set already holds the most instances its strategy allows in zone ${zoneId} (${limit}).`,
      ),
      { limit, zoneId },
    ),
  otherZone: (zoneId: string) =>
    typed(
      'otherZone',
      Errors.invalid('InvalidParameter.Conflict', `The instances of a LowLatency deployment set are in one zone (${zoneId}); the instance is in another.`),
      { zoneId },
    ),
};

/** An instance refusal raised by a deployment set operation (its ECS error as is), typed. */
export const deploymentSetError = (reason: DeploymentSetErrorReason, ecs: ApiError): DeploymentSetError => typed(reason, ecs);
