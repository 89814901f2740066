/**
 * RFC 3986 percent-encoding as Alibaba Cloud signatures use it (https://www.alibabacloud.com/help/en/sdk/product-overview/rpc-mechanism step 2).
 *
 * `A-Z a-z 0-9 - _ . ~` stay literal; every other UTF-8 byte becomes `%XY` (uppercase hex).
 * Space is `%20` (never `+`), `*` is `%2A`, `~` stays literal. Equivalent to the official
 * SDK's `encode()` in `@alicloud/openapi-core` (encodeURIComponent + `!'()*` escaped).
 *
 * Pure and total: never throws. `encodeURIComponent` throws a URIError on a lone UTF-16
 * surrogate, so lone surrogates are first replaced by U+FFFD, which is exactly what Node's
 * UTF-8 encoder (and therefore the HMAC over the same string) does with them.
 */

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Replace lone surrogates by U+FFFD so the string is valid UTF-16 (String#toWellFormed). */
export function toWellFormed(s: string): string {
  return s.replace(LONE_SURROGATE, '\uFFFD');
}

export function percentEncode(s: string): string {
  return encodeURIComponent(toWellFormed(String(s))).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
