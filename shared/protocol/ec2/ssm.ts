import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { findPublicParameter, publicParametersByPath, type PublicParameter } from '../../domain/catalogue/ssm-public-parameters';
import { ApiError, isApiError } from '../../domain/errors';
import type { StateStore } from '../../store/state-store';
import type { HttpRequest } from '../http';
import { identifyEc2Caller } from './request';

/**
 * SSM's public AMI parameters on the EC2 door (docs/ssm-parameters.md): the AWS JSON 1.1 protocol,
 * `POST` with `X-Amz-Target: AmazonSSM.<Operation>` and a JSON body, SigV4 for service `ssm`,
 * the same keys. GetParameter, GetParameters and GetParametersByPath read the public parameters
 * (https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameter.html,
 * …/API_GetParameters.html, …/API_GetParametersByPath.html); any other SSM operation is
 * UnknownOperationException, the JSON protocol's answer to an operation a service does not have.
 */
const TARGET_PREFIX = 'AmazonSSM.';

export function isSsmRequest(http: HttpRequest): boolean {
  return http.method === 'POST' && (http.headers['x-amz-target'] ?? '').startsWith(TARGET_PREFIX);
}

const SsmErrors = {
  notFound: (name?: string) => new ApiError('ParameterNotFound', 400, name ? `Parameter ${name} not found.` : ''),
  validation: (message: string) => new ApiError('ValidationException', 400, message),
  unknownOperation: () => new ApiError('UnknownOperationException', 400, ''),
  serialization: () => new ApiError('SerializationException', 400, 'The request body is not a JSON object.'),
  invalidNextToken: () => new ApiError('InvalidNextToken', 400, 'The specified token is not valid.'),
};

/** SSM's member validation message, as its JSON services word it. */
const constraint = (value: string, member: string, rule: string) =>
  SsmErrors.validation(`1 validation error detected: Value ${value} at '${member}' failed to satisfy constraint: ${rule}`);

/** A parameter as the Parameter shape renders it (LastModifiedDate: epoch seconds, the JSON protocol's timestamp). */
function render(p: PublicParameter, regionId: string) {
  return {
    Name: p.name,
    Type: 'String',
    Value: p.value,
    Version: p.version,
    LastModifiedDate: p.lastModified.getTime() / 1000,
    ARN: `arn:aws:ssm:${regionId}::parameter${p.name}`,
    DataType: 'text',
  };
}

/**
 * The signature checks are the EC2 door's; their refusals in the words AWS's JSON services use
 * (an unknown key: UnrecognizedClientException 400; a wrong signature: InvalidSignatureException 400).
 */
function jsonServiceError(e: ApiError): ApiError {
  if (e.code === 'AuthFailure') return new ApiError('UnrecognizedClientException', 400, 'The security token included in the request is invalid.');
  if (e.code === 'SignatureDoesNotMatch') return new ApiError('InvalidSignatureException', 400, e.message);
  return e;
}

type Body = Record<string, unknown>;

function getParameter(body: Body, regionId: string) {
  const name = body.Name;
  if (typeof name !== 'string' || name === '') throw constraint('null', 'name', 'Member must not be null');
  if (name.length > 2048) throw constraint(`'${name}'`, 'name', 'Member must have length less than or equal to 2048');
  const found = findPublicParameter(regionId, name);
  if (!found) throw SsmErrors.notFound(name);
  return { Parameter: render(found, regionId) };
}

function getParameters(body: Body, regionId: string) {
  const names = body.Names;
  if (!Array.isArray(names) || names.some((n) => typeof n !== 'string')) throw constraint('null', 'names', 'Member must not be null');
  if (names.length < 1 || names.length > 10) {
    throw constraint(
      `[${names.join(', ')}]`,
      'names',
      `Member must have length ${names.length < 1 ? 'greater than or equal to 1' : 'less than or equal to 10'}`,
    );
  }
  const unique = [...new Set(names as string[])];
  const found = unique.map((n) => findPublicParameter(regionId, n));
  return {
    Parameters: found.filter((p): p is PublicParameter => p !== undefined).map((p) => render(p, regionId)),
    InvalidParameters: unique.filter((_, i) => !found[i]),
  };
}

function getParametersByPath(body: Body, regionId: string) {
  const path = body.Path;
  if (typeof path !== 'string' || path === '') throw constraint('null', 'path', 'Member must not be null');
  if (!path.startsWith('/'))
    throw SsmErrors.validation(`The parameter doesn't meet the parameter name requirements. The parameter name must begin with a forward slash "/".`);
  const max = body.MaxResults ?? 10;
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > 10) {
    throw constraint(String(max), 'maxResults', 'Member must have value less than or equal to 10');
  }
  const all = publicParametersByPath(regionId, path, body.Recursive === true);
  let start = 0;
  if (body.NextToken !== undefined) {
    const decoded = typeof body.NextToken === 'string' ? Number(Buffer.from(body.NextToken, 'base64url').toString('utf8')) : NaN;
    if (!Number.isInteger(decoded) || decoded < 0 || decoded > all.length) throw SsmErrors.invalidNextToken();
    start = decoded;
  }
  const page = all.slice(start, start + max);
  const next = start + max < all.length ? Buffer.from(String(start + max)).toString('base64url') : undefined;
  return { Parameters: page.map((p) => render(p, regionId)), ...(next ? { NextToken: next } : {}) };
}

const OPERATIONS: Record<string, (body: Body, regionId: string) => unknown> = {
  GetParameter: getParameter,
  GetParameters: getParameters,
  GetParametersByPath: getParametersByPath,
};

function respond(status: number, body: unknown, requestId: string, errorType?: string): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: status,
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amzn-requestid': requestId,
      ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
    },
    body: JSON.stringify(body),
  };
}

/** One SSM request: who signed it (service `ssm`), then the operation on the public parameters. */
export async function answerSsm(store: StateStore, http: HttpRequest, requestId: string): Promise<APIGatewayProxyStructuredResultV2> {
  try {
    const { region } = await identifyEc2Caller(
      { method: http.method, path: http.path, rawQuery: http.rawQuery, headers: http.headers, rawBody: http.rawBody },
      store,
      'ssm',
    );
    const operation = OPERATIONS[(http.headers['x-amz-target'] ?? '').slice(TARGET_PREFIX.length)];
    if (!operation) throw SsmErrors.unknownOperation();
    let body: unknown;
    try {
      body = http.rawBody.trim() === '' ? {} : JSON.parse(http.rawBody);
    } catch {
      throw SsmErrors.serialization();
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw SsmErrors.serialization();
    return respond(200, operation(body as Body, region), requestId);
  } catch (e) {
    if (!isApiError(e)) throw e;
    const err = jsonServiceError(e);
    // The JSON protocol's error: `__type` and `message` (https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html).
    return respond(err.status, { __type: err.code, message: err.message }, requestId, err.code);
  }
}
