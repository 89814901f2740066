import type { Caller } from '../../domain/account';
import { findRegion } from '../../domain/catalogue/regions';
import { ApiError, isApiError } from '../../domain/errors';
import { config } from '../../platform/config';
import type { StateStore } from '../../store/state-store';
import { lookupKey } from '../ecs/identify-caller';
import { decodeQueryString } from '../ecs/wire-params';
import type { HttpRequest } from '../http';
import { checkRepeatedParameters } from '../request-guards';
import { EC2_API_VERSION } from './api-version';
import { checkSigV4Time, readSigV4, SigV4Errors, verifySigV4, type SigV4Request } from './sigv4';

/**
 * An EC2 Query request as the AWS CLI and SDKs send it (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/Query-Requests.html): POST with a
 * form-encoded body `Action=…&Version=2016-11-15&…` (the legacy GET with a query string is read
 * too), SigV4-signed for service `ec2`. The region is the credential scope's: the EC2 region
 * names of this sandbox are its region ids (`cn-hangzhou`, `us-east-1`, ...).
 */
export interface Ec2Request {
  action: string;
  /** Business parameters, still flat (`Filter.1.Value.1`); Action and Version removed. */
  params: Record<string, string>;
  signed: SigV4Request;
}

export const Ec2RequestErrors = {
  missingAction: () => new ApiError('MissingAction', 400, 'The request must contain the parameter Action'),
  invalidAction: (action: string, detail = '') =>
    new ApiError('InvalidAction', 400, `The action ${action} is not valid for this web service.${detail ? ` ${detail}` : ''}`),
  missingVersion: () => new ApiError('MissingParameter', 400, 'The request must contain the parameter Version'),
  badVersion: (v: string) => new ApiError('InvalidParameterValue', 400, `Value (${v}) for parameter Version is invalid. Expected: '${EC2_API_VERSION}'.`),
  unsupportedMethod: () => new ApiError('UnsupportedProtocol', 400, 'The EC2 Query API is called with POST (or GET).'),
};

export function readEc2Request(http: HttpRequest): Ec2Request {
  if (http.method !== 'POST' && http.method !== 'GET') throw Ec2RequestErrors.unsupportedMethod();
  const query = decodeQueryString(http.rawQuery);
  const contentType = (http.headers['content-type'] ?? '').toLowerCase();
  // Both clients send a form body; the JS SDK without a charset (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/Query-Requests.html).
  const isForm = http.method === 'POST' && (contentType === '' || contentType.startsWith('application/x-www-form-urlencoded'));
  checkRepeatedParameters(http.rawQuery, isForm ? http.rawBody : '');
  const form = isForm ? decodeQueryString(http.rawBody) : {};
  const all: Record<string, string> = { ...query, ...form };
  const action = all.Action ?? '';
  if (!action) throw Ec2RequestErrors.missingAction();
  const version = all.Version ?? '';
  if (!version) throw Ec2RequestErrors.missingVersion();
  if (version !== EC2_API_VERSION) throw Ec2RequestErrors.badVersion(version);
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(all)) if (k !== 'Action' && k !== 'Version') params[k] = v;
  return {
    action,
    params,
    signed: { method: http.method, path: http.path, rawQuery: http.rawQuery, headers: http.headers, rawBody: http.rawBody },
  };
}

export interface Ec2Identity {
  caller: Caller;
  /** The region of the credential scope: every action of the call acts in it. */
  region: string;
}

/**
 * Who signed the request, with the same access keys, accounts and policies as the ECS dialect.
 * Order: well-formed signature, the key exists (AuthFailure 401), the signature matches
 * (SignatureDoesNotMatch 403), X-Amz-Date within the skew of real time (RequestExpired), the
 * scope's region is a region of the sandbox (AuthFailure).
 */
export async function identifyEc2Caller(req: SigV4Request, store: StateStore, service?: string): Promise<Ec2Identity> {
  const auth = readSigV4(req);
  let key: Awaited<ReturnType<typeof lookupKey>>;
  try {
    key = await lookupKey(store, auth.accessKeyId);
  } catch (e) {
    if (isApiError(e) && e.code.startsWith('InvalidAccessKeyId')) throw SigV4Errors.authFailure();
    throw e;
  }
  verifySigV4(req, auth, key.secret, service);
  checkSigV4Time(auth, Date.now(), config.signatureMaxSkewSeconds * 1000);
  if (!findRegion(auth.region)) {
    throw SigV4Errors.authFailure(
      `Credential should be scoped to a valid region, not '${auth.region}'. The regions of this sandbox are its region ids (e.g. cn-hangzhou, us-east-1).`,
    );
  }
  return { caller: key.caller, region: auth.region };
}
