import { z } from 'zod';
import { ApiError, Errors } from '../domain/errors';

/**
 * Schema building blocks for action inputs. Values come either from the RPC
 * wire (always strings) or from the JSON route (strings, numbers, booleans,
 * arrays), so each block accepts both and normalises.
 */
const asString = (v: unknown) => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : v);
const emptyToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);

const toNumber = (v: unknown) => {
  v = emptyToUndefined(v);
  if (typeof v === 'string' && /^-?[0-9]+(\.[0-9]+)?$/.test(v.trim())) return Number(v);
  return v;
};
const toBoolean = (v: unknown) => {
  v = emptyToUndefined(v);
  if (v === 'true' || v === 'True' || v === 'TRUE') return true;
  if (v === 'false' || v === 'False' || v === 'FALSE') return false;
  return v;
};
/** `Name.N` lists come unflattened as arrays; a lone `Name=x` counts as a one-element list. */
const toList = (v: unknown) => {
  v = emptyToUndefined(v);
  if (v === undefined || Array.isArray(v)) return v;
  return [v];
};
/** JSON-array string parameters (`InstanceIds='["i-1","i-2"]'`); the JSON route may send a real array. */
const fromJsonArray = (v: unknown) => {
  v = emptyToUndefined(v);
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return v; // left as a string, so the array schema rejects it as InvalidParameter
  }
};
const fromCommaList = (v: unknown) => {
  v = emptyToUndefined(v);
  if (typeof v !== 'string') return v;
  return v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
};

export const p = {
  string: (opts: { min?: number; max?: number } = {}) =>
    z.preprocess(
      (v) => emptyToUndefined(asString(v)),
      z
        .string()
        .min(opts.min ?? 0)
        .max(opts.max ?? 65_536),
    ),
  int: (opts: { min?: number; max?: number } = {}) =>
    z.preprocess(
      toNumber,
      z
        .number()
        .int()
        .min(opts.min ?? Number.MIN_SAFE_INTEGER)
        .max(opts.max ?? Number.MAX_SAFE_INTEGER),
    ),
  bool: () => z.preprocess(toBoolean, z.boolean()),
  enum: <const T extends readonly [string, ...string[]]>(values: T) => z.preprocess((v) => emptyToUndefined(asString(v)), z.enum(values)),
  list: <T extends z.ZodType>(item: T, opts: { max?: number } = {}) => z.preprocess(toList, z.array(item).max(opts.max ?? 1000)),
  jsonList: <T extends z.ZodType>(item: T, opts: { max?: number } = {}) => z.preprocess(fromJsonArray, z.array(item).max(opts.max ?? 1000)),
  commaList: (opts: { max?: number } = {}) => z.preprocess(fromCommaList, z.array(z.string()).max(opts.max ?? 1000)),
  regionId: () => z.preprocess((v) => emptyToUndefined(asString(v)), z.string().min(1).max(64)),
  /** ClientToken: at most 64 ASCII characters (https://www.alibabacloud.com/help/en/ecs/developer-reference/how-to-ensure-idempotence). */
  clientToken: () =>
    z.preprocess(
      (v) => emptyToUndefined(asString(v)),
      z
        .string()
        .max(64)
        .regex(/^[\x20-\x7e]+$/),
    ),
  tags: () =>
    z.preprocess(
      toList,
      z.array(z.object({ Key: z.preprocess(asString, z.string()).optional(), Value: z.preprocess(asString, z.string()).optional() })).max(20),
    ),
};

/** Fields every action accepts (and most ignore): the real API accepts and drops these. */
export const commonFields = {
  DryRun: p.bool().optional(),
};

/**
 * Validate an action's raw input (RPC parameters after unflattening, or a JSON
 * body) and throw the documented error when it does not fit. An empty string
 * or null counts as an absent parameter at any depth ("Default: empty" in the
 * API reference): it is dropped before the schema sees it, because a block's
 * `.optional()` only lets `undefined` through and would otherwise report an
 * empty optional parameter as MissingParameter.
 */
export function parseInput<S extends z.ZodType>(schema: S, raw: Record<string, unknown>): z.output<S> {
  const parsed = schema.safeParse(withoutEmptyValues(raw));
  if (!parsed.success) throw toApiError(parsed.error, raw);
  return parsed.data;
}

function withoutEmptyValues(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutEmptyValues);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    // `__proto__` (an own key after JSON.parse) would set the copy's prototype: no schema field has that name.
    if (x !== '' && x !== null && k !== '__proto__') out[k] = withoutEmptyValues(x);
  }
  return out;
}

/**
 * Turn the first schema issue into the documented client error: a missing
 * value is MissingParameter, anything else InvalidParameter, both naming the
 * parameter as the wire spells it (`Tag.1.Key`). A refinement may carry its
 * own documented code in `params: {code, message, status}`.
 */
export function toApiError(error: z.ZodError, raw: unknown): ApiError {
  const issue = error.issues[0]!;
  const name = wireName(issue.path);
  if (issue.code === 'custom' && issue.params && typeof issue.params.code === 'string') {
    return new ApiError(issue.params.code, Number(issue.params.status ?? 400), String(issue.params.message ?? issue.message));
  }
  const value = valueAt(raw, issue.path);
  if (value === undefined || value === '' || value === null) return Errors.missingParameter(name);
  return Errors.invalidParameter(name);
}

function wireName(path: readonly PropertyKey[]): string {
  return path.map((seg) => (typeof seg === 'number' ? String(seg + 1) : String(seg))).join('.');
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = raw;
  for (const seg of path) {
    // A string that the schema parses further (a JSON list) counts as present.
    if (cur === null || typeof cur !== 'object') return cur;
    if (Array.isArray(cur) && typeof seg === 'number') cur = cur[seg];
    else cur = (cur as Record<string, unknown>)[String(seg)];
  }
  return cur;
}

/** A refinement issue that renders as a documented code. */
export function documentedIssue(code: string, message: string, status = 400) {
  return { params: { code, message, status }, message };
}
