/**
 * A domain error is a typed value: code, HTTP status and message. Each wire
 * dialect renders it (ECS JSON envelope, EC2 XML). Anything thrown that is not
 * an ApiError is a bug and is rendered as 500 InternalError by the front doors.
 */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    /** Extra fields some codes carry (e.g. the V1 string to sign). Never shown in EC2. */
    readonly detail?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;

/**
 * An ECS error with a typed `reason` that another dialect switches on instead of matching ECS code
 * strings (docs/operations.md). Each family's error (DiskError, ImageError, …) extends it, adding
 * what its EC2 messages need that the ECS message does not name.
 */
export class ReasonedError<R extends string> extends ApiError {
  constructor(
    readonly reason: R,
    ecs: ApiError,
  ) {
    super(ecs.code, ecs.status, ecs.message, ecs.detail);
  }
}

/** Error factories for the common and gateway codes (https://api.alibabacloud.com/document/Ecs/2014-05-26/errorCode). */
export const Errors = {
  missingParameter: (name: string) =>
    new ApiError('MissingParameter', 400, `The input parameter "${name}" that is mandatory for processing this request is not supplied.`),
  invalidParameter: (name: string, why?: string) =>
    new ApiError('InvalidParameter', 400, `The specified parameter "${name}" is not valid.${why ? ` ${why}` : ''}`),
  /** A documented action-specific code such as `InvalidAutoReleaseTime.Malformed`. */
  invalid: (code: string, message: string, status = 400) => new ApiError(code, status, message),
  notFound: (code: string, message: string) => new ApiError(code, 404, message),
  forbidden: (code: string, message: string) => new ApiError(code, 403, message),
  idempotentParameterMismatch: () => new ApiError('IdempotentParameterMismatch', 400, 'The request is retried with updated parameters.'),
  dryRunPassed: () => new ApiError('DryRunOperation', 400, 'Request validation has been passed with DryRun flag set.'),
  incompleteSignature: (why = 'The request signature does not conform to Aliyun standards.') => new ApiError('IncompleteSignature', 400, why),
  signatureDoesNotMatch: (stringToSign?: string) =>
    new ApiError(
      'SignatureDoesNotMatch',
      400,
      `Specified signature is not matched with our calculation.${stringToSign !== undefined ? ` server string to sign is:${stringToSign}` : ''}`,
    ),
  signatureNonceUsed: () => new ApiError('SignatureNonceUsed', 400, 'Specified signature nonce was used already.'),
  timestampExpired: (ts: string) => new ApiError('InvalidTimeStamp.Expired', 400, `Specified time stamp or date value is expired. ${ts}`.trim()),
  timestampFormat: () => new ApiError('InvalidTimeStamp.Format', 400, 'Specified time stamp or date value is not well formatted.'),
  accessKeyNotFound: () => new ApiError('InvalidAccessKeyId.NotFound', 404, 'Specified access key is not found.'),
  accessKeyInactive: () => new ApiError('InvalidAccessKeyId.Inactive', 400, 'Specified access key is disabled.'),
  invalidSignatureMethod: () => new ApiError('InvalidSignatureMethod', 400, 'Specified signature method is not valid.'),
  invalidVersion: () => new ApiError('InvalidVersion', 400, 'Specified parameter Version is not valid.'),
  apiNotFound: (action: string) =>
    new ApiError('InvalidApi.NotFound', 404, `Specified api is not found, please check your url and method. (${action || 'no action'})`),
  notImplemented: (action: string) =>
    new ApiError(
      'InvalidApi.NotFound',
      404,
      `Specified api is not found, please check your url and method. ${action} is listed by the ECS API but not implemented by this sandbox yet.`,
    ),
  forbiddenRam: (action: string) =>
    new ApiError('Forbidden.RAM', 403, `User not authorized to operate on the specified resource, or this API doesn't support RAM. (${action})`),
  unsupportedHttpMethod: () => new ApiError('UnsupportedHTTPMethod', 403, 'This HTTP method is not supported.'),
  invalidRegion: () => new ApiError('InvalidRegionId.NotFound', 404, 'The specified RegionId does not exist.'),
  operationConflict: () => new ApiError('OperationConflict', 409, 'Request was denied due to conflict with a previous request.'),
  internal: () => new ApiError('InternalError', 500, 'The request processing has failed due to some unknown error, exception or failure.'),
} as const;
