import { ApiError, ReasonedError } from './errors';

/**
 * The EIP errors, typed: each is the ECS error (code, status and message, rendered as is by the ECS
 * door) with a `reason` the EC2 address adapters (shared/protocol/ec2/actions/addresses.ts) switch on
 * instead of matching ECS code strings. Codes: the EIP references
 * (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-allocateeipaddress
 * and its siblings AssociateEipAddress, UnassociateEipAddress, ReleaseEipAddress, DescribeEipAddresses).
 * The instance refusals an EIP operation raises (not found, wrong status) carry a reason too: they keep
 * the instance error's ECS code.
 */
export type EipErrorReason =
  | 'notFound'
  | 'incorrectStatus'
  | 'quota'
  | 'convertQuota'
  | 'bandwidth'
  | 'internetChargeType'
  | 'isp'
  | 'instanceType'
  | 'regionMismatch'
  | 'alreadyAssociated'
  | 'bindingStatus'
  | 'instanceStatus'
  | 'instanceNotFound'
  | 'filter';

export class EipError extends ReasonedError<EipErrorReason> {}

export const isEipError = (e: unknown): e is EipError => e instanceof EipError;

/** The ECS error `ecs`, typed with `reason`. */
export const eipError = (reason: EipErrorReason, ecs: ApiError): EipError => new EipError(reason, ecs);
