/**
 * Signature V1 (HMAC-SHA1, query-string signing), https://www.alibabacloud.com/help/en/sdk/product-overview/rpc-mechanism. Pure functions.
 */
import { createHmac } from 'node:crypto';
import { percentEncode } from './rfc3986';

/**
 * The CanonicalizedQueryString: every parameter except `Signature`, names and values
 * RFC 3986-encoded, joined as `k=v` with `&`.
 *
 * Sort order: by the *decoded* name in UTF-16 code-unit order (JS default sort). This is what
 * the official SDKs do (`normalize()` in openapi-core sorts the raw keys, then encodes; the
 * Java SDK does the same). For names made of unreserved characters -- every real ECS
 * parameter name -- it is identical to "sort by encoded name" as the reference phrases it.
 */
export function v1CanonicalizedQueryString(params: Record<string, string>): string {
  return Object.keys(params)
    .filter((k) => k !== 'Signature')
    .sort()
    .map((k) => `${percentEncode(k)}=${percentEncode(params[k] ?? '')}`)
    .join('&');
}

/** `METHOD&%2F&pct(CanonicalizedQueryString)`. `params` are decoded; `Signature` is ignored. */
export function v1StringToSign(method: string, params: Record<string, string>): string {
  return `${method}&${percentEncode('/')}&${percentEncode(v1CanonicalizedQueryString(params))}`;
}

/** Base64(HMAC-SHA1(key = secret + "&", stringToSign as UTF-8)). */
export function v1Sign(secret: string, stringToSign: string): string {
  return createHmac('sha1', `${secret}&`).update(stringToSign, 'utf8').digest('base64');
}
