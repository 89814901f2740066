/**
 * Signature verification for the ECS RPC front door (https://www.alibabacloud.com/help/en/sdk/product-overview/rpc-mechanism-1.6). Pure: no I/O, no
 * clock (the caller passes `nowMs`), no key store (the caller passes the secret).
 *
 * Expected call order in the front door:
 *   const creds = readCredentials(req);          // is this a well-formed signed request?
 *   checkTimestamp(creds.timestamp, Date.now());  // InvalidTimeStamp.*
 *   const secret = lookUp(creds.accessKeyId);      // InvalidAccessKeyId.* (not here)
 *   verifySignature(req, creds, secret);           // SignatureDoesNotMatch
 *   rememberNonce(creds.nonce);                    // SignatureNonceUsed (not here)
 *
 * Every exported function throws only ApiError, whatever it is given.
 */
import { timingSafeEqual } from 'node:crypto';
import { ApiError, Errors, isApiError } from '../../domain/errors';
import { v1Sign, v1StringToSign } from './signature-v1';
import { parseV3Authorization, sha256Hex, V3_ALGORITHM, v3CanonicalRequest, v3Sign } from './signature-v3';

export interface SignedRequest {
  method: string;
  /** Path as on the wire, without the query ("/" for RPC). */
  path: string;
  /** Decoded query parameters (see decodeQueryString). */
  query: Record<string, string>;
  /** Decoded form-body parameters when content-type is application/x-www-form-urlencoded, else {}. */
  form: Record<string, string>;
  /** Received headers. Names are matched case-insensitively. */
  headers: Record<string, string | undefined>;
  /** The body exactly as received (UTF-8); "" for the SDK's RPC calls. */
  rawBody: string;
}

export interface Credentials {
  version: 'v1' | 'v3';
  accessKeyId: string;
  nonce: string;
  /** As sent: `Timestamp` (V1) or `x-acs-date` (V3). */
  timestamp: string;
}

/** V3 headers that must be covered by SignedHeaders (the doc's minimal list, §1.4). */
const V3_REQUIRED_SIGNED_HEADERS = ['host', 'x-acs-action', 'x-acs-content-sha256', 'x-acs-date', 'x-acs-signature-nonce', 'x-acs-version'] as const;

const HEX64 = /^[0-9a-fA-F]{64}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

// ---------------------------------------------------------------------------------------------
// Input sanitising: the front door builds SignedRequest from untrusted data; a property test
// feeds garbage. Everything below reads through these helpers and never trusts prototypes.

type Params = Record<string, string>;
type Headers = Record<string, string | string[]>;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

function scalar(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return undefined;
}

/** Own enumerable string-ish entries, into a null-prototype map. */
function cleanParams(src: unknown): Params {
  const out: Params = Object.create(null) as Params;
  if (!isObject(src)) return out;
  for (const k of Object.keys(src)) {
    const v = scalar(src[k]);
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/** Lowercased header map; a name received several times (or as an array) becomes an array. */
function cleanHeaders(src: unknown): Headers {
  const out: Headers = Object.create(null) as Headers;
  if (!isObject(src)) return out;
  for (const k of Object.keys(src)) {
    const raw = src[k];
    const values = (Array.isArray(raw) ? raw : [raw]).map(scalar).filter((v): v is string => v !== undefined);
    if (values.length === 0) continue;
    const name = k.toLowerCase();
    const prev = out[name];
    const merged = prev === undefined ? values : [...(Array.isArray(prev) ? prev : [prev]), ...values];
    out[name] = merged.length === 1 ? merged[0]! : merged;
  }
  return out;
}

/** A header that must appear once. Absent or blank → undefined; repeated → IncompleteSignature. */
function singleHeader(headers: Headers, name: string): string | undefined {
  const v = headers[name];
  if (v === undefined) return undefined;
  if (Array.isArray(v)) {
    // Choice: a repeated signing header is ambiguous, so the signature cannot be evaluated.
    throw Errors.incompleteSignature(`The request signature does not conform to Aliyun standards. Header "${name}" is repeated.`);
  }
  const t = v.trim();
  return t === '' ? undefined : t;
}

function sanitize(req: unknown) {
  const r = isObject(req) ? req : {};
  return {
    method: scalar(r.method) ?? '',
    path: scalar(r.path) ?? '',
    query: cleanParams(r.query),
    form: cleanParams(r.form),
    headers: cleanHeaders(r.headers),
    rawBody: scalar(r.rawBody) ?? '',
  };
}
type Clean = ReturnType<typeof sanitize>;

/** query ∪ form, form winning on duplicates (the SDK signs `{...query, ...body}`). */
function v1Params(req: Clean): Params {
  const all: Params = Object.create(null) as Params;
  for (const src of [req.query, req.form]) for (const k of Object.keys(src)) all[k] = src[k]!;
  return all;
}

const has = (p: Params, k: string) => Object.prototype.hasOwnProperty.call(p, k);

/** Run `fn`; anything that is not an ApiError is a bug and becomes InternalError. */
function guarded<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (isApiError(e)) throw e;
    throw Errors.internal();
  }
}

function timingSafeEqualStr(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

// ---------------------------------------------------------------------------------------------
// Detection and credential extraction

interface Detected {
  creds: Credentials;
  /** V1: the Signature as sent. V3: the parsed Authorization. */
  v1Signature?: string;
  v3?: ReturnType<typeof parseV3Authorization>;
}

function detect(req: Clean): Detected {
  const params = v1Params(req);
  const auth = singleHeader(req.headers, 'authorization');
  const hasV1 = has(params, 'Signature');
  const looksV3 = auth !== undefined && auth.startsWith('ACS3-');

  if (hasV1 && looksV3) {
    // Choice: a request carrying both a V1 Signature parameter and an ACS3 Authorization header is ambiguous.
    throw Errors.incompleteSignature(
      'The request signature does not conform to Aliyun standards. Both a Signature parameter and an ACS3 Authorization header are present.',
    );
  }
  if (hasV1) return readV1(params);
  if (auth !== undefined) return readV3(req, auth);
  // Choice: an unsigned request (neither V1 nor V3) is reported as the missing Signature parameter.
  throw Errors.missingParameter('Signature');
}

function readV1(params: Params): Detected {
  const get = (k: string): string | undefined => {
    const v = has(params, k) ? params[k]!.trim() : '';
    return v === '' ? undefined : params[k];
  };
  const signature = get('Signature');
  // Choice: an empty Signature value is a malformed signature, not a missing parameter.
  if (signature === undefined) {
    throw Errors.incompleteSignature('The request signature does not conform to Aliyun standards. Signature is empty.');
  }
  const accessKeyId = get('AccessKeyId');
  if (accessKeyId === undefined) throw Errors.missingParameter('AccessKeyId');

  const method = get('SignatureMethod');
  if (method === undefined) throw Errors.missingParameter('SignatureMethod');
  if (method !== 'HMAC-SHA1') throw Errors.invalidSignatureMethod();

  const version = get('SignatureVersion');
  if (version === undefined) throw Errors.missingParameter('SignatureVersion');
  // Choice: §1.6 has no code for a bad SignatureVersion; it is a signature that does not follow the standard.
  if (version !== '1.0') {
    throw Errors.incompleteSignature(`The request signature does not conform to Aliyun standards. SignatureVersion "${version}" is not supported (use 1.0).`);
  }

  const nonce = get('SignatureNonce');
  if (nonce === undefined) throw Errors.missingParameter('SignatureNonce');

  const timestamp = get('Timestamp');
  // Choice: §1.6 maps a missing Timestamp to IllegalTimestamp (its message is the MissingParameter one).
  if (timestamp === undefined) {
    throw Errors.invalid('IllegalTimestamp', 'The input parameter "Timestamp" that is mandatory for processing this request is not supplied.');
  }

  return { creds: { version: 'v1', accessKeyId, nonce, timestamp }, v1Signature: signature };
}

function readV3(req: Clean, auth: string): Detected {
  const parsed = parseV3Authorization(auth);
  if (parsed.algorithm !== V3_ALGORITHM) {
    // Choice: a known but unsupported ACS3 algorithm (ACS3-HMAC-SM3, ACS3-RSA-SHA256) is InvalidSignatureMethod;
    // any other scheme (Basic, Bearer, garbage) is not an Aliyun signature at all: IncompleteSignature.
    if (parsed.algorithm.startsWith('ACS3-')) throw Errors.invalidSignatureMethod();
    throw Errors.incompleteSignature(
      `The request signature does not conform to Aliyun standards. Authorization scheme "${parsed.algorithm}" is not supported.`,
    );
  }
  if (!HEX64.test(parsed.signature)) {
    throw Errors.incompleteSignature('The request signature does not conform to Aliyun standards. Signature must be 64 hex characters.');
  }

  // Choice: the V3 headers that replace V1 common parameters are reported as MissingParameter with the header name.
  const date = singleHeader(req.headers, 'x-acs-date');
  if (date === undefined) throw Errors.missingParameter('x-acs-date');
  const nonce = singleHeader(req.headers, 'x-acs-signature-nonce');
  if (nonce === undefined) throw Errors.missingParameter('x-acs-signature-nonce');
  if (singleHeader(req.headers, 'x-acs-content-sha256') === undefined) {
    throw Errors.missingParameter('x-acs-content-sha256');
  }

  // Choice: a SignedHeaders list that leaves out a header the doc's minimal list requires (so nonce, date, body
  // hash or action could be changed without breaking the signature) is IncompleteSignature.
  const signed = new Set(parsed.signedHeaders.map((h) => h.toLowerCase()));
  for (const h of V3_REQUIRED_SIGNED_HEADERS) {
    if (!signed.has(h)) {
      throw Errors.incompleteSignature(`The request signature does not conform to Aliyun standards. SignedHeaders must include "${h}".`);
    }
  }
  // Choice: a header listed in SignedHeaders but not received is IncompleteSignature (the client signed something we
  // cannot see), rather than a silent SignatureDoesNotMatch.
  for (const h of signed) {
    if (req.headers[h] === undefined) {
      throw Errors.incompleteSignature(`The request signature does not conform to Aliyun standards. Signed header "${h}" is not in the request.`);
    }
  }

  return { creds: { version: 'v3', accessKeyId: parsed.accessKeyId, nonce, timestamp: date }, v3: parsed };
}

// ---------------------------------------------------------------------------------------------
// Public API

/**
 * Recognise the signature version and pull out the credentials. Throws when the request is not
 * a well-formed signed request: MissingParameter, IllegalTimestamp, IncompleteSignature,
 * InvalidSignatureMethod. Does not check the timestamp's format or age (checkTimestamp) nor the
 * signature itself (verifySignature).
 */
export function readCredentials(req: SignedRequest): Credentials {
  return guarded(() => detect(sanitize(req)).creds);
}

/**
 * Recompute the signature with `secret` and compare. Throws SignatureDoesNotMatch (V1: with the
 * server string to sign in the message), or, for V3, SignatureDoesNotMatch with an explicit
 * message when `x-acs-content-sha256` is not the SHA-256 of the body. Also rethrows whatever
 * readCredentials would throw for the same request.
 */
export function verifySignature(req: SignedRequest, creds: Credentials, secret: string): void {
  guarded(() => {
    const clean = sanitize(req);
    const found = detect(clean);
    const version = isObject(creds) ? creds.version : undefined;
    if (version !== found.creds.version) {
      throw Errors.incompleteSignature('The request signature does not conform to Aliyun standards. The credentials do not belong to this request.');
    }
    const key = scalar(secret) ?? '';

    if (found.creds.version === 'v1') {
      const params = v1Params(clean);
      delete params.Signature;
      const stringToSign = v1StringToSign(clean.method, params);
      const expected = v1Sign(key, stringToSign);
      if (!timingSafeEqualStr(expected, found.v1Signature ?? '')) throw Errors.signatureDoesNotMatch(stringToSign);
      return;
    }

    const auth = found.v3!;
    const bodyHash = sha256Hex(clean.rawBody);
    const claimed = (singleHeader(clean.headers, 'x-acs-content-sha256') ?? '').toLowerCase();
    // Choice: §1.6 has no dedicated code for a body-hash mismatch; it is reported as SignatureDoesNotMatch with a
    // message naming the header, and checked before the signature so the cause is visible.
    if (claimed !== bodyHash) {
      throw new ApiError(
        'SignatureDoesNotMatch',
        400,
        'Specified signature is not matched with our calculation. The x-acs-content-sha256 header does not match the SHA-256 of the request body.',
        { clientComputedContentSha256: claimed, serverComputedContentSha256: bodyHash },
      );
    }
    const canonicalRequest = v3CanonicalRequest({
      method: clean.method,
      path: clean.path,
      query: clean.query,
      headers: clean.headers,
      signedHeaders: auth.signedHeaders,
      payloadHash: bodyHash,
    });
    const expected = v3Sign(key, canonicalRequest);
    if (!timingSafeEqualStr(expected, auth.signature.toLowerCase())) throw Errors.signatureDoesNotMatch();
  });
}

/**
 * `timestamp` must be UTC `yyyy-MM-ddTHH:mm:ssZ` naming a real instant (InvalidTimeStamp.Format),
 * within `maxSkewMs` of `nowMs` in either direction (InvalidTimeStamp.Expired).
 */
export function checkTimestamp(timestamp: string, nowMs: number, maxSkewMs = 15 * 60 * 1000): void {
  guarded(() => {
    if (typeof timestamp !== 'string' || !TIMESTAMP.test(timestamp)) throw Errors.timestampFormat();
    const ms = Date.parse(timestamp);
    // Reject calendar overflow such as 2024-02-30T25:00:00Z: the instant must print back as the same text.
    if (!Number.isFinite(ms) || `${new Date(ms).toISOString().slice(0, 19)}Z` !== timestamp) {
      throw Errors.timestampFormat();
    }
    if (typeof nowMs !== 'number' || !Number.isFinite(nowMs)) throw Errors.internal();
    const skew = typeof maxSkewMs === 'number' && maxSkewMs >= 0 ? maxSkewMs : 15 * 60 * 1000;
    if (Math.abs(nowMs - ms) > skew) throw Errors.timestampExpired(timestamp);
  });
}
