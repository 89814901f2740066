/**
 * Decoding of RPC wire parameters (URL query strings and form bodies). Pure.
 */

/**
 * Decode `a=1&b=x%20y` into a flat map. Last value wins on duplicate names. A leading `?` is
 * ignored. Never throws.
 *
 * Semantics are WHATWG `URLSearchParams` (= application/x-www-form-urlencoded parsing):
 * - `+` decodes to a space. That is required for form bodies, and it is also right for the
 *   query the official SDK sends: the SDK serialises the query with Node's
 *   `querystring.stringify`, which writes a literal `+` as `%2B` and a space as `%20`, so a
 *   bare `+` on the wire can only mean "space" (e.g. from a form-style client or curl).
 * - `querystring.stringify` leaves `!'()*` unescaped; they decode to themselves. (That is why
 *   a server must decode and re-encode with RFC 3986 rather than sign the raw query.)
 * - Malformed escapes such as `%ZZ` or a lone `%` are kept literally, and invalid UTF-8 decodes
 *   to U+FFFD, instead of throwing as `decodeURIComponent` would.
 *
 * The result has a null prototype, so names like `__proto__` or `constructor` are ordinary
 * keys and cannot reach Object.prototype.
 */
export function decodeQueryString(raw: string): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  if (typeof raw !== 'string' || raw === '') return out;
  for (const [k, v] of new URLSearchParams(raw)) out[k] = v;
  return out;
}
