import { Errors } from '../../domain/errors';
import type { HttpRequest } from '../http';
import type { SignedRequest } from './authenticate';
import { checkRepeatedParameters } from '../request-guards';
import { decodeQueryString } from './wire-params';

/** The ECS API version this sandbox speaks. */
export const ECS_API_VERSION = '2014-05-26';
/** The VPC API version served on the same endpoint (docs/network.md). */
export const VPC_API_VERSION = '2016-04-28';

/**
 * Parameters that belong to the RPC envelope (format, internal owner ids), not
 * to the action: stripped before the action's schema sees the rest.
 */
const ENVELOPE_PARAMS = new Set([
  'Action',
  'Version',
  'Format',
  'OwnerId',
  'OwnerAccount',
  'ResourceOwnerId',
  'ResourceOwnerAccount',
  'CallerParentId',
  'CallerType',
  'CallerUid',
  'RequestId',
]);
/**
 * The V1 signing parameters (https://www.alibabacloud.com/help/en/sdk/product-overview/rpc-mechanism), stripped only from V1-signed
 * calls: under V3 the key travels in the Authorization header, so a query
 * `AccessKeyId` is an ordinary business parameter (the operator's
 * PutAccessKeyPolicy takes one).
 */
const V1_SIGNING_PARAMS = new Set([
  'AccessKeyId',
  'Signature',
  'SignatureMethod',
  'SignatureVersion',
  'SignatureNonce',
  'SignatureType',
  'Timestamp',
  'SecurityToken',
  'BearerToken',
]);

export interface RpcRequest {
  action: string;
  /** Which API the call was signed for: ECS (2014-05-26) or VPC (2016-04-28). */
  product: 'ecs' | 'vpc';
  /** Business parameters, still flat (`Tag.1.Key`). */
  params: Record<string, string>;
  signed: SignedRequest;
}

/** Reads an ECS RPC call: GET or POST `/`, query merged with a form-encoded body (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-overview, §1.1). */
export function readRpcRequest(http: HttpRequest): RpcRequest {
  if (http.method !== 'GET' && http.method !== 'POST') throw Errors.unsupportedHttpMethod();
  const query = decodeQueryString(http.rawQuery);
  const contentType = http.headers['content-type'] ?? '';
  const isForm = contentType.startsWith('application/x-www-form-urlencoded');
  checkRepeatedParameters(http.rawQuery, isForm ? http.rawBody : '');
  const form = isForm ? decodeQueryString(http.rawBody) : {};
  const all = { ...query, ...form };
  const action = all.Action ?? http.headers['x-acs-action'] ?? '';
  if (!action) throw Errors.missingParameter('Action');
  const version = all.Version ?? http.headers['x-acs-version'] ?? '';
  if (!version) throw Errors.missingParameter('Version');
  if (version !== ECS_API_VERSION && version !== VPC_API_VERSION) throw Errors.invalidVersion();
  const params: Record<string, string> = {};
  const v1 = all.Signature !== undefined;
  for (const [k, v] of Object.entries(all)) {
    if (!ENVELOPE_PARAMS.has(k) && !(v1 && V1_SIGNING_PARAMS.has(k))) params[k] = v;
  }
  return {
    action,
    product: version === VPC_API_VERSION ? 'vpc' : 'ecs',
    params,
    signed: { method: http.method, path: http.path, query, form, headers: http.headers, rawBody: http.rawBody },
  };
}
