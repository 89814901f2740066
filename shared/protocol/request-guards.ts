import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { Errors } from '../domain/errors';

/**
 * Guards every front door runs on the raw request before it parses anything (README "Request
 * limits"). None of them recurses, so no request can exhaust the stack.
 *
 * Body size. Deployed, a request reaches the Lambda only if the whole invocation event fits in
 * Lambda's 6 MB synchronous payload limit (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html);
 * API Gateway's own limit is 10 MB (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html).
 * A form body that API Gateway base64-encodes grows by a third, so the sandbox refuses bodies over
 * 4 MiB itself: whatever is under that limit reaches the handler deployed as well as locally, and
 * what is over it gets, everywhere, the answer API Gateway gives when a request does not fit in
 * the Lambda payload: `413 {"message":"Request Too Long"}`.
 */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

/**
 * Deepest nesting of a JSON body (`/api/<Action>`) or of a flattened RPC/Query name
 * (`A.1.B.2.C` is depth 5). The deepest real parameter is a list of objects holding a list
 * (`Tag.N.Key`, `DataDisk.N.…`, `Filter.N.Value.N`): depth 4. DynamoDB refuses documents nested
 * more than 32 levels (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-data-types),
 * and the audit record keeps the parameters a few levels down, so 20 leaves room for both.
 */
export const MAX_NESTING_DEPTH = 20;

/** The size of the body as received, in bytes (decoded when API Gateway base64-encoded it). */
export function bodyBytes(event: { body?: string; isBase64Encoded?: boolean }): number {
  const body: unknown = event.body;
  if (typeof body !== 'string') return 0;
  if (event.isBase64Encoded) return Math.floor((body.length * 3) / 4);
  return Buffer.byteLength(body, 'utf8');
}

/** API Gateway's answer to a request too large for the Lambda payload, or undefined when the body fits. */
export function oversizedBody(event: { body?: string; isBase64Encoded?: boolean }): APIGatewayProxyStructuredResultV2 | undefined {
  if (bodyBytes(event) <= MAX_BODY_BYTES) return undefined;
  return {
    statusCode: 413,
    headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'RequestEntityTooLargeException' },
    body: JSON.stringify({ message: 'Request Too Long' }),
  };
}

/**
 * The deepest nesting of `[` and `{` in a JSON text, found by one linear scan that skips
 * strings (with their escapes). It does not validate the JSON: JSON.parse does that afterwards.
 */
export function jsonNestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      depth++;
      if (depth > max) max = depth;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) depth--;
  }
  return max;
}

/** 400 InvalidParameter when a JSON body nests deeper than MAX_NESTING_DEPTH. */
export function checkJsonDepth(text: string): void {
  if (jsonNestingDepth(text) > MAX_NESTING_DEPTH) {
    throw Errors.invalidParameter('body', `JSON nested deeper than ${MAX_NESTING_DEPTH} levels is not accepted.`);
  }
}

/** 400 InvalidParameter when a flat parameter name has more than MAX_NESTING_DEPTH dot-separated parts. */
export function checkFlatNameDepth(params: Record<string, string>): void {
  for (const name of Object.keys(params)) {
    let parts = 1;
    for (let i = 0; i < name.length; i++) if (name.charCodeAt(i) === 0x2e /* . */) parts++;
    if (parts > MAX_NESTING_DEPTH) {
      throw Errors.invalidParameter(name.slice(0, 64), `A parameter name nested deeper than ${MAX_NESTING_DEPTH} levels is not accepted.`);
    }
  }
}

/**
 * The name of the first parameter given more than once in a query string or form body, or
 * undefined. A repeated name is ambiguous (`RegionId=a&RegionId=b`: which one was signed, which
 * one acts?), so it is refused rather than resolved by "last wins".
 */
export function repeatedParameter(raw: string): string | undefined {
  if (typeof raw !== 'string' || raw === '') return undefined;
  const seen = new Set<string>();
  for (const [name] of new URLSearchParams(raw)) {
    if (seen.has(name)) return name;
    seen.add(name);
  }
  return undefined;
}

/** 400 InvalidParameter naming a parameter the query or the form body gives twice. */
export function checkRepeatedParameters(...sources: string[]): void {
  for (const raw of sources) {
    const name = repeatedParameter(raw);
    if (name !== undefined) throw Errors.invalidParameter(name.slice(0, 64), 'The parameter is given more than once.');
  }
}

/**
 * The first member name a JSON object of `text` gives twice (JSON.parse would keep the last one
 * silently), or undefined. One linear scan with a stack of the open objects' names; call it after
 * checkJsonDepth, so the stack is short. It does not validate the JSON.
 */
export function repeatedJsonMember(text: string): string | undefined {
  const open: (Set<string> | null)[] = []; // one entry per open `{` (a Set) or `[` (null)
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const start = i;
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
      const names = open[open.length - 1];
      if (expectKey && names) {
        let name: string;
        try {
          name = JSON.parse(text.slice(start, i + 1)) as string;
        } catch {
          return undefined; // not JSON: JSON.parse reports it
        }
        if (names.has(name)) return name;
        names.add(name);
      }
      expectKey = false;
    } else if (c === 0x7b /* { */) {
      open.push(new Set());
      expectKey = true;
    } else if (c === 0x5b /* [ */) {
      open.push(null);
      expectKey = false;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      open.pop();
      expectKey = false;
    } else if (c === 0x2c /* , */) {
      expectKey = open[open.length - 1] instanceof Set;
    }
  }
  return undefined;
}

/**
 * 400 InvalidParameter.Format naming a member a JSON body gives twice in one object: the body is
 * malformed as a parameter object (the code the JSON route gives any body that is not one).
 */
export function checkRepeatedJsonMembers(text: string): void {
  const name = repeatedJsonMember(text);
  if (name !== undefined) {
    throw Errors.invalid('InvalidParameter.Format', `Specified parameter format is not valid. The member "${name.slice(0, 64)}" is given more than once.`);
  }
}
