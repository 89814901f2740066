/**
 * Signature V3 (ACS3-HMAC-SHA256, header signing; the TS SDK default), https://www.alibabacloud.com/help/en/sdk/product-overview/v3-request-structure-and-signature.
 * Pure functions.
 */
import { createHash, createHmac } from 'node:crypto';
import { Errors } from '../../domain/errors';
import { percentEncode } from './rfc3986';

export const V3_ALGORITHM = 'ACS3-HMAC-SHA256';

export interface V3Authorization {
  algorithm: string;
  accessKeyId: string;
  /** As listed in the header, order kept (the SDK lists them sorted and lowercase). */
  signedHeaders: string[];
  signature: string;
}

export interface V3CanonicalRequestInput {
  method: string;
  /** The request path as on the wire (not decoded); "/" for every RPC call. Empty means "/". */
  path: string;
  /** Decoded query parameters. */
  query: Record<string, string>;
  /** Received headers, lowercase names. An array is a repeated header. */
  headers: Record<string, string | string[] | undefined>;
  signedHeaders: string[];
  /** Lowercase hex SHA-256 of the body. */
  payloadHash: string;
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const ALGORITHM_TOKEN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Parse `ACS3-HMAC-SHA256 Credential=<AK>,SignedHeaders=<h1;h2>,Signature=<hex>`.
 * The three fields are all required, each exactly once, in any order; blanks around `,`
 * and `=` are tolerated. Anything else is `IncompleteSignature`. The algorithm token is
 * returned as sent (the caller decides whether it is supported).
 */
export function parseV3Authorization(header: string): V3Authorization {
  const bad = (why: string) => Errors.incompleteSignature(`The request signature does not conform to Aliyun standards. ${why}`);
  if (typeof header !== 'string') throw bad('The Authorization header is missing.');
  const text = header.trim();
  const sp = text.search(/\s/);
  if (sp <= 0) throw bad('The Authorization header has no credential part.');
  const algorithm = text.slice(0, sp);
  if (!ALGORITHM_TOKEN.test(algorithm)) throw bad('The Authorization algorithm is not valid.');

  const fields = new Map<string, string>();
  for (const part of text.slice(sp).split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) throw bad(`The Authorization field "${part.trim()}" is not of the form name=value.`);
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (name !== 'Credential' && name !== 'SignedHeaders' && name !== 'Signature') {
      throw bad(`The Authorization field "${name}" is not known.`);
    }
    if (fields.has(name)) throw bad(`The Authorization field "${name}" is repeated.`);
    if (value === '') throw bad(`The Authorization field "${name}" is empty.`);
    fields.set(name, value);
  }
  for (const name of ['Credential', 'SignedHeaders', 'Signature']) {
    if (!fields.has(name)) throw bad(`The Authorization field "${name}" is missing.`);
  }

  const signedHeaders = (fields.get('SignedHeaders') as string).split(';').map((h) => h.trim());
  const seen = new Set<string>();
  for (const h of signedHeaders) {
    if (!HEADER_NAME.test(h)) throw bad('SignedHeaders contains an empty or invalid header name.');
    const lower = h.toLowerCase();
    if (seen.has(lower)) throw bad(`SignedHeaders lists "${lower}" twice.`);
    seen.add(lower);
  }

  return {
    algorithm,
    accessKeyId: fields.get('Credential') as string,
    signedHeaders,
    signature: fields.get('Signature') as string,
  };
}

/** Lowercase hex SHA-256 of a UTF-8 string. */
export function sha256Hex(data: string): string {
  return createHash('sha256').update(data, 'utf8').digest('hex');
}

/** `x-acs-content-sha256` of an empty body. */
export const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** Canonical query: decoded names sorted (UTF-16 order, as the SDK sorts), both RFC 3986-encoded. */
export function v3CanonicalQueryString(query: Record<string, string>): string {
  return Object.keys(query)
    .sort()
    .map((k) => `${percentEncode(k)}=${percentEncode(query[k] ?? '')}`)
    .join('&');
}

function canonicalHeaderValue(v: string | string[] | undefined): string {
  if (Array.isArray(v)) {
    // Repeated header: values trimmed, sorted and comma-joined, as the SDK does.
    return v
      .map((x) => (typeof x === 'string' ? x.trim() : ''))
      .sort()
      .join(',');
  }
  return typeof v === 'string' ? v.trim() : '';
}

/**
 * HTTPMethod \n CanonicalURI \n CanonicalQueryString \n CanonicalHeaders \n SignedHeaders \n payloadHash
 * CanonicalHeaders is `lowercase(name):trim(value)\n` for exactly the signed headers, in the order
 * the client listed them (the SDK lists them sorted); a signed header that was not received
 * contributes an empty value.
 */
export function v3CanonicalRequest(input: V3CanonicalRequestInput): string {
  const names = input.signedHeaders.map((h) => h.toLowerCase());
  const canonicalHeaders = names
    .map((name) => {
      const v = Object.prototype.hasOwnProperty.call(input.headers, name) ? input.headers[name] : undefined;
      return `${name}:${canonicalHeaderValue(v)}\n`;
    })
    .join('');
  return [input.method, input.path || '/', v3CanonicalQueryString(input.query), canonicalHeaders, names.join(';'), input.payloadHash].join('\n');
}

/** `ACS3-HMAC-SHA256\n` + hex SHA-256(canonicalRequest). */
export function v3StringToSign(canonicalRequest: string): string {
  return `${V3_ALGORITHM}\n${sha256Hex(canonicalRequest)}`;
}

/** Lowercase hex HMAC-SHA256(key = secret (no "&"), StringToSign). */
export function v3Sign(secret: string, canonicalRequest: string): string {
  return createHmac('sha256', secret).update(v3StringToSign(canonicalRequest), 'utf8').digest('hex');
}
