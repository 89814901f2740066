/**
 * AWS Signature Version 4 verification for the EC2 Query front door (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv.html), with
 * node:crypto. Pure: no I/O, no clock (the caller passes `nowMs`), no key store (the caller
 * passes the secret). The AWS CLI and @aws-sdk/client-ec2 are the test oracles.
 *
 *   const auth = readSigV4(req);                 // MissingAuthenticationToken / IncompleteSignature
 *   const secret = lookUp(auth.accessKeyId);      // AuthFailure (not here)
 *   verifySigV4(req, auth, secret);               // SignatureDoesNotMatch
 *   checkSigV4Time(auth, nowMs);                  // RequestExpired
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { ApiError } from '../../domain/errors';

export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256';
export const EC2_SERVICE = 'ec2';

export interface SigV4Request {
  method: string;
  /** The raw request path as received ("/ec2", "/ec2/"). */
  path: string;
  rawQuery: string;
  /** Lowercase header names. */
  headers: Record<string, string | undefined>;
  rawBody: string;
}

export interface SigV4Auth {
  accessKeyId: string;
  /** yyyymmdd of the credential scope. */
  scopeDate: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
  /** X-Amz-Date as sent, basic ISO-8601 (20240101T000000Z). */
  amzDate: string;
}

export const SigV4Errors = {
  missingToken: () =>
    new ApiError('MissingAuthenticationToken', 401, 'The request must contain either a valid (registered) AWS access key ID or X.509 certificate.'),
  incomplete: (why: string) => new ApiError('IncompleteSignature', 400, why),
  authFailure: (why = 'AWS was not able to validate the provided access credentials') => new ApiError('AuthFailure', 401, why),
  signatureDoesNotMatch: (why?: string) =>
    new ApiError(
      'SignatureDoesNotMatch',
      403,
      why ??
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    ),
  expired: () => new ApiError('RequestExpired', 400, 'Request has expired.'),
};

const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** Parse the Authorization header and X-Amz-Date; throws the documented code for a malformed request. */
export function readSigV4(req: SigV4Request): SigV4Auth {
  const header = req.headers.authorization?.trim();
  if (!header) throw SigV4Errors.missingToken();
  const space = header.indexOf(' ');
  const algorithm = space < 0 ? header : header.slice(0, space);
  if (algorithm !== SIGV4_ALGORITHM) {
    throw SigV4Errors.incomplete(`Unsupported authorization type: '${algorithm}'. Sign the request with ${SIGV4_ALGORITHM}.`);
  }
  const fields: Record<string, string> = {};
  for (const part of header.slice(space + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  for (const name of ['Credential', 'SignedHeaders', 'Signature']) {
    if (!fields[name]) {
      throw SigV4Errors.incomplete(`Authorization header requires '${name}' parameter. Authorization=${header}`);
    }
  }
  const scope = fields.Credential!.split('/');
  if (scope.length !== 5 || scope[4] !== 'aws4_request' || !/^\d{8}$/.test(scope[1]!)) {
    throw SigV4Errors.incomplete(
      `Credential should be scoped to a valid region and service, e.g. AKID/20240101/us-east-1/ec2/aws4_request. Credential=${fields.Credential}`,
    );
  }
  const [accessKeyId, scopeDate, region, service] = scope as [string, string, string, string];
  if (!/^[0-9a-f]{64}$/.test(fields.Signature!)) {
    throw SigV4Errors.incomplete('The Signature must be 64 lowercase hexadecimal characters.');
  }
  const signedHeaders = fields
    .SignedHeaders!.split(';')
    .map((h) => h.trim().toLowerCase())
    .filter((h) => h !== '');
  const amzDate = req.headers['x-amz-date']?.trim();
  if (!amzDate) {
    throw SigV4Errors.incomplete("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  }
  if (!AMZ_DATE.test(amzDate)) throw SigV4Errors.incomplete(`X-Amz-Date must be in the ISO8601 Long Format (yyyyMMdd'T'HHmmss'Z'): ${amzDate}`);
  if (!signedHeaders.includes('host')) throw SigV4Errors.incomplete("'Host' must be a signed header.");
  for (const h of signedHeaders) {
    if (req.headers[h] === undefined) throw SigV4Errors.incomplete(`Signed header '${h}' is not present in the request.`);
  }
  return { accessKeyId, scopeDate, region, service, signedHeaders, signature: fields.Signature!, amzDate };
}

/** Recompute the signature with `secret`; SignatureDoesNotMatch when it differs or the scope is wrong. */
export function verifySigV4(req: SigV4Request, auth: SigV4Auth, secret: string, service: string = EC2_SERVICE): void {
  if (auth.service !== service) {
    throw SigV4Errors.signatureDoesNotMatch(`Credential should be scoped to correct service: '${service}'.`);
  }
  if (auth.amzDate.slice(0, 8) !== auth.scopeDate) {
    throw SigV4Errors.signatureDoesNotMatch(
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${auth.scopeDate}' != '${auth.amzDate.slice(0, 8)}'`,
    );
  }
  const bodyHash = sha256Hex(req.rawBody);
  const claimed = req.headers['x-amz-content-sha256']?.trim().toLowerCase();
  // The signature covers the header, not the body: a changed body must be caught here (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv.html gotcha).
  if (claimed !== undefined && claimed !== 'unsigned-payload' && claimed !== bodyHash) {
    throw SigV4Errors.signatureDoesNotMatch('The provided x-amz-content-sha256 header does not match what was computed.');
  }
  const payloadHash = claimed === 'unsigned-payload' ? 'UNSIGNED-PAYLOAD' : bodyHash;
  const scope = `${auth.scopeDate}/${auth.region}/${auth.service}/aws4_request`;
  const key = signingKey(secret, auth.scopeDate, auth.region, auth.service);
  const given = Buffer.from(auth.signature);
  const matches = (path: string) => {
    const canonical = canonicalRequest({ ...req, path }, auth.signedHeaders, payloadHash);
    const stringToSign = `${SIGV4_ALGORITHM}\n${auth.amzDate}\n${scope}\n${sha256Hex(canonical)}`;
    const expected = Buffer.from(hmac(key, stringToSign).toString('hex'));
    return expected.length === given.length && timingSafeEqual(expected, given);
  };
  // The path as received; and with a trailing slash, which the JS SDK adds (`/ec2/`) and a router
  // that strips trailing slashes (serverless-offline) removes before the handler sees the path.
  const withSlash = req.path.endsWith('/') ? undefined : `${req.path}/`;
  if (!matches(req.path) && !(withSlash && matches(withSlash))) throw SigV4Errors.signatureDoesNotMatch();
}

/** X-Amz-Date within `maxSkewMs` of real time (clients sign with their wall clock). */
export function checkSigV4Time(auth: SigV4Auth, nowMs: number, maxSkewMs = 15 * 60 * 1000): void {
  const m = AMZ_DATE.exec(auth.amzDate)!;
  const ms = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
  if (!Number.isFinite(ms) || Math.abs(nowMs - ms) > maxSkewMs) throw SigV4Errors.expired();
}

export function canonicalRequest(req: SigV4Request, signedHeaders: string[], payloadHash: string): string {
  const names = [...signedHeaders].sort();
  const headers = names.map((h) => `${h}:${(req.headers[h] ?? '').trim().replace(/\s+/g, ' ')}\n`).join('');
  return [req.method.toUpperCase(), canonicalUri(req.path), canonicalQuery(req.rawQuery), headers, names.join(';'), payloadHash].join('\n');
}

/** The path as received, each segment decoded then RFC 3986-encoded once (botocore's `quote(path, safe='/~')`). */
export function canonicalUri(path: string): string {
  if (!path) return '/';
  return path
    .split('/')
    .map((seg) => rfc3986(safeDecode(seg)))
    .join('/');
}

function canonicalQuery(raw: string): string {
  if (!raw) return '';
  const pairs: [string, string][] = [];
  for (const part of raw.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const k = eq < 0 ? part : part.slice(0, eq);
    const v = eq < 0 ? '' : part.slice(eq + 1);
    pairs.push([rfc3986(safeDecode(k.replace(/\+/g, ' '))), rfc3986(safeDecode(v.replace(/\+/g, ' ')))]);
  }
  pairs.sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function rfc3986(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export const sha256Hex = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');
const hmac = (key: Buffer | string, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();

export function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
}

/** Sign a request the way the AWS clients do (tests and tools; the server only verifies). */
export function signSigV4(req: SigV4Request, creds: { accessKeyId: string; secret: string }, region: string, amzDate: string, signedHeaders: string[]): string {
  const date = amzDate.slice(0, 8);
  const canonical = canonicalRequest(req, signedHeaders, sha256Hex(req.rawBody));
  const scope = `${date}/${region}/${EC2_SERVICE}/aws4_request`;
  const sts = `${SIGV4_ALGORITHM}\n${amzDate}\n${scope}\n${sha256Hex(canonical)}`;
  const sig = hmac(signingKey(creds.secret, date, region, EC2_SERVICE), sts).toString('hex');
  return `${SIGV4_ALGORITHM} Credential=${creds.accessKeyId}/${scope}, SignedHeaders=${[...signedHeaders].sort().join(';')}, Signature=${sig}`;
}
