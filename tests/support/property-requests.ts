/**
 * The request generators of tests/e2e/property.test.ts: for each registered action, RPC and JSON
 * requests built around its known parameter names that are either dry runs or surely invalid
 * (that file's header says why). Kept apart so the test file holds the properties it checks.
 */
import fc from 'fast-check';
import { z } from 'zod';
import type { ActionDefinition } from '../../shared/actions/action';
import { parseInput } from '../../shared/actions/params';
import { systemImagesForRegion } from '../../shared/domain/catalogue/system-images';
import { unflattenParams } from '../../shared/protocol/unflatten';

/** Common ECS parameter names, tried on every action besides its own. */
export const COMMON_NAMES = [
  'RegionId',
  'ZoneId',
  'InstanceId',
  'InstanceIds',
  'ImageId',
  'InstanceType',
  'Tag',
  'PageSize',
  'PageNumber',
  'MaxResults',
  'NextToken',
  'ClientToken',
  'DryRun',
  'Amount',
  'SystemDisk',
  'DataDisk',
  'AccessKeyId',
  'AccountId',
  'Seconds',
  'PolicyDocument',
  'AutoReleaseTime',
  'SecurityGroupId',
  'VSwitchId',
];

/** Names the RPC envelope or V1 signing gives a meaning of their own: never sent as random parameters. */
export const RESERVED = new Set([
  'Action',
  'Version',
  'Format',
  'Signature',
  'SignatureMethod',
  'SignatureVersion',
  'SignatureNonce',
  'SignatureType',
  'Timestamp',
  'AccessKeyId',
  'SecurityToken',
  'BearerToken',
  'OwnerId',
  'OwnerAccount',
  'ResourceOwnerId',
  'ResourceOwnerAccount',
  'CallerParentId',
  'CallerType',
  'CallerUid',
  'RequestId',
]);

export const ENVELOPE_KEYS = ['Code', 'HostId', 'Message', 'Recommend', 'RequestId'];

/**
 * Plausible values, mixed into the dry-run half so that handlers also run to the end on inputs
 * that pass validation (a dry run of RunInstances with a real image and type must still write nothing).
 */
export function plausibleValues(accountId: string): Record<string, string> {
  const image = systemImagesForRegion('cn-hangzhou')[0]!.imageId;
  return {
    RegionId: 'cn-hangzhou',
    ZoneId: 'cn-hangzhou-i',
    InstanceType: 'ecs.g7.large',
    InstanceTypes: 'ecs.g7.large',
    ImageId: image,
    InstanceId: 'i-bp1000000000000000',
    InstanceIds: '["i-bp1000000000000000"]',
    Amount: '1',
    Period: '1',
    PeriodUnit: 'Month',
    InstanceChargeType: 'PostPaid',
    Seconds: '60',
    AccountId: accountId,
    Value: '10',
    PolicyDocument: '{"Statement":[{"Effect":"Allow","Action":["ecs:*"]}]}',
  };
}

// ---------------------------------------------------------------------------------------------
// Schema introspection

export type Shape = Record<string, z.ZodType>;
export const shapeOf = (def: ActionDefinition): Shape => (def.input instanceof z.ZodObject ? def.input.shape : {});
export const requiredNames = (shape: Shape) => Object.keys(shape).filter((k) => !shape[k]!.safeParse(undefined).success);

/** Does the runner accept this input (validation only)? */
export function accepted(def: ActionDefinition, input: unknown): boolean {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return false;
  try {
    parseInput(def.input, input as Record<string, unknown>);
    return true;
  } catch {
    return false;
  }
}

// Candidate bad values for one field, on each wire. A candidate is used only if the field's own schema refuses it.
export const RPC_BAD: ((name: string) => Record<string, string>)[] = [
  (n) => ({ [`${n}.Nested`]: 'x' }),
  (n) => ({ [`${n}.1.Nested.Deeper`]: 'x' }),
  (n) => ({ [n]: 'not-a-valid-value-\u2603-\u0000' }),
  (n) => ({ [n]: '-99999999999999999999999' }),
  (n) => ({ [n]: 'x'.repeat(700) + '\u{1F600}'.repeat(10) }),
];
export const JSON_BAD: unknown[] = [
  { Nested: { Deeper: 'x' } },
  [{ Nested: 1 }],
  [[]],
  'not-a-valid-value-\u2603-\u0000',
  -1e300,
  1.5,
  true,
  'x'.repeat(70_000),
];

export interface Plan {
  def: ActionDefinition;
  shape: Shape;
  known: string[];
  /** Fields that can be made invalid, each with its refused candidates. Required fields first. */
  rpcBad: { name: string; required: boolean; fragments: Record<string, string>[] }[];
  jsonBad: { name: string; required: boolean; values: unknown[] }[];
}

export function plan(def: ActionDefinition): Plan {
  const shape = shapeOf(def);
  const required = new Set(requiredNames(shape));
  const rpcBad: Plan['rpcBad'] = [];
  const jsonBad: Plan['jsonBad'] = [];
  for (const name of Object.keys(shape)) {
    const field = shape[name]!;
    const fragments = RPC_BAD.map((f) => f(name)).filter((frag) => !field.safeParse(unflattenParams(frag)[name]).success);
    if (fragments.length) rpcBad.push({ name, required: required.has(name), fragments });
    const values = JSON_BAD.filter((v) => !field.safeParse(v).success);
    if (values.length) jsonBad.push({ name, required: required.has(name), values });
  }
  // Only required fields when the action has some: an invalid required parameter is refused whatever else is sent.
  const pick = <T extends { required: boolean }>(list: T[]) => (list.some((x) => x.required) ? list.filter((x) => x.required) : list);
  return {
    def,
    shape,
    known: [...new Set([...Object.keys(shape), ...COMMON_NAMES])].filter((n) => !RESERVED.has(n)),
    rpcBad: pick(rpcBad),
    jsonBad: pick(jsonBad),
  };
}

// ---------------------------------------------------------------------------------------------
// Arbitraries

export const weirdText = fc.constantFrom(
  '',
  ' ',
  'true',
  'false',
  'True',
  '0',
  '-1',
  '1',
  '1.5',
  '1e3',
  '-99999999999999999999',
  '99999999999999999999',
  'NaN',
  'Infinity',
  'null',
  'undefined',
  '[]',
  '{}',
  '[1,2]',
  '["a","b"]',
  '{"a":{"b":1}}',
  '["',
  '{"Statement":[]}',
  'cn-hangzhou',
  'mars-north-1',
  'ecs.g7.large',
  'i-bp1000000000000000',
  'm-bp1000000000000000',
  '2024-02-30T25:00:00Z',
  '%00',
  '%ZZ',
  '\u0000',
  '../../etc/passwd',
  '<x/>',
  "' OR 1=1 --",
  '__proto__',
  'system',
  'self',
  'x86_64',
);
export const text = fc.oneof(
  { weight: 4, arbitrary: weirdText },
  { weight: 2, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 10 }) },
  { weight: 1, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.double().map(String) },
  // Long, but the whole RPC query must stay under Node's 16 KB header limit.
  { weight: 1, arbitrary: fc.string({ minLength: 200, maxLength: 400 }) },
);

/** RPC names: unreserved characters only (the SDK's V3 signer does not encode query names). */
export const SUFFIXES = ['', '', '', '.1', '.2', '.1.Key', '.1.Value', '.0', '.01', '.10', '.Foo', '.1.Foo.Bar', '.__proto__', '.constructor.prototype'];
export const rpcExtraName = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9._~-]{1,24}$/),
  fc.constantFrom('__proto__.polluted', 'constructor.prototype.polluted', 'a..b', '.x', 'x.', 'Tag.1', 'DryRun.1'),
);

/** Some of the plausible values for the action's own parameters (dry runs only). */
export function plausibleSubset(pl: Plan, plausible: Record<string, string>) {
  const entries = Object.entries(plausible).filter(([k]) => k in pl.shape);
  return fc.subarray(entries);
}

export function rpcRequest(pl: Plan, plausible: Record<string, string>) {
  const name = fc.oneof(
    { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...pl.known), fc.constantFrom(...SUFFIXES)).map(([n, s]) => n + s) },
    { weight: 1, arbitrary: rpcExtraName },
  );
  const params = fc.array(fc.tuple(name, text), { maxLength: 8 });
  const bad = pl.rpcBad.length ? fc.constantFrom(...pl.rpcBad).chain((b) => fc.constantFrom(...b.fragments)) : fc.constant(undefined);
  return fc.record({ dryRun: fc.boolean(), params, bad, good: plausibleSubset(pl, plausible) }).map(({ dryRun, params, bad, good }) => {
    const flat: Record<string, string> = {};
    if (dryRun) for (const [k, v] of good) flat[k] = v;
    for (const [k, v] of params) if (!RESERVED.has(k.split('.')[0]!)) flat[k] = v;
    if (!dryRun && bad) {
      const target = Object.keys(bad)[0]!.split('.')[0]!;
      for (const k of Object.keys(flat)) if (k === target || k.startsWith(`${target}.`)) delete flat[k];
      Object.assign(flat, bad);
    }
    let forcedDryRun = dryRun;
    if (!dryRun && accepted(pl.def, unflattenParams(flat))) forcedDryRun = true; // nothing could be made invalid
    if (forcedDryRun) {
      for (const k of Object.keys(flat)) if (k === 'DryRun' || k.startsWith('DryRun.')) delete flat[k];
      flat.DryRun = 'true';
    }
    return { flat, dryRun: forcedDryRun };
  });
}

/** A JSON object whose entries are kept as pairs, so keys such as `__proto__` survive serialisation. */
class Obj {
  constructor(readonly entries: [string, Json][]) {}
}
export type Json = null | boolean | number | string | Json[] | Obj;

export function serialize(j: Json): string {
  if (j instanceof Obj) return `{${j.entries.map(([k, v]) => `${JSON.stringify(k)}:${serialize(v)}`).join(',')}}`;
  if (Array.isArray(j)) return `[${j.map(serialize).join(',')}]`;
  return JSON.stringify(j) ?? 'null';
}

export const jsonKey = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'Key', 'Value', '1', 'toString', 'hasOwnProperty'),
);
export const jsonLeaf: fc.Arbitrary<Json> = fc.oneof(
  { weight: 3, arbitrary: text },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.integer({ min: 10_000, max: 200_000 }).map((n) => 'x'.repeat(n)) },
  { weight: 2, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.constantFrom(1e308, -1e308, 2 ** 53 + 1, -0, 0.1, 1e-300, 4294967296) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
);
const { json } = fc.letrec<{ json: Json }>((tie) => ({
  json: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 4, arbitrary: jsonLeaf },
    { weight: 1, arbitrary: fc.array(tie('json'), { maxLength: 4 }) },
    { weight: 1, arbitrary: fc.array(fc.tuple(jsonKey, tie('json')), { maxLength: 4 }).map((e) => new Obj(e)) },
  ),
}));

export function jsonRequest(pl: Plan, plausible: Record<string, string>) {
  const name = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...pl.known) }, { weight: 1, arbitrary: jsonKey });
  const entries = fc.array(fc.tuple(name, json), { maxLength: 8 });
  const bad = pl.jsonBad.length
    ? fc.constantFrom(...pl.jsonBad).chain((b) => fc.constantFrom(...b.values).map((v) => [b.name, v as Json] as [string, Json]))
    : fc.constant(undefined);
  // Now and then a body that is not a JSON object at all (refused before anything else).
  const notAnObject = fc
    .oneof(
      json.filter((j) => !(j instanceof Obj)).map(serialize),
      entries.map((e) => serialize(new Obj(e)).slice(0, -1)),
      fc.string({ maxLength: 20 }).filter((s) => !s.trim().startsWith('{')),
    )
    .filter((b) => !['', 'null', '""'].includes(b.trim())); // no parameters at all (offline also reads null and "" so)
  return fc
    .record({
      dryRun: fc.boolean(),
      entries,
      bad,
      garbage: fc.oneof({ weight: 9, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: notAnObject }),
      good: plausibleSubset(pl, plausible),
    })
    .map(({ dryRun, entries, bad, garbage, good }) => {
      if (!dryRun && garbage !== null) return { body: garbage, dryRun: false };
      let list: [string, Json][] = dryRun ? [...good, ...entries] : entries;
      if (!dryRun && bad) list = [...list.filter(([k]) => k !== bad[0]), bad];
      let forcedDryRun = dryRun;
      if (!dryRun && accepted(pl.def, JSON.parse(serialize(new Obj(list))))) forcedDryRun = true;
      if (forcedDryRun) list = [...list.filter(([k]) => k !== 'DryRun'), ['DryRun', true]];
      return { body: serialize(new Obj(list)), dryRun: forcedDryRun };
    });
}
