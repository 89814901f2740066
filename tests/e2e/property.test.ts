/**
 * Property test of EVERY registered action (iterating ACTIONS, so actions
 * added later are covered without touching this file), through both doors:
 *
 *   - the ECS RPC front door, signed by the official SDK (`callAction`, V3):
 *     account and `any` actions with a fresh account's key; operator actions
 *     with the operator key, except the operator actions that legitimately
 *     change state (OPERATOR_WRITERS below), which are called with the
 *     account's key and must answer Forbidden.RAM;
 *   - `POST /api/<Action>` with the account's bearer token and random JSON
 *     bodies (nested objects, arrays, odd numbers, huge strings, unicode,
 *     `__proto__` keys, now and then a body that is not a JSON object).
 *
 * Parameters are drawn around each action's known names (read from its zod
 * schema shape, plus a list of common ECS names) with wrong types, empty
 * strings, out-of-range numbers, JSON-ish strings, `Name.N.Field` suffixes,
 * plus random extra names.
 *
 * Properties: the HTTP status is never >= 500; the body is JSON with a
 * RequestId, and since every request is built to be refused (below) it is the
 * ECS error envelope {RequestId, HostId, Code, Message, Recommend}, never a
 * 200; and nothing was stored: the state table (raw DynamoDB Scan, in the test
 * only; request bookkeeping ignored: items under NONCE# and CLIENTTOKEN#, and
 * audit-trail records) is identical before and after the whole run.
 *
 * How "nothing stored" stays true when a random request happens to be valid
 * (an action that creates resources, e.g. RunInstances with a good ImageId):
 * every generated request is forced to be either
 *   (a) a dry run: `DryRun=true` is always set (half the cases), and a dry run
 *       must never write, even when everything else is valid; or
 *   (b) surely invalid (the other half): one REQUIRED parameter of the action
 *       (any known parameter when it has none) gets a value its own schema
 *       field rejects, chosen by asking that field's zod schema here in the
 *       test. Before sending, the test checks with the same parser the runner
 *       uses (parseInput) that the whole input is refused; when it is not (a
 *       schema that accepts anything, e.g. `z.object({})`), the request is
 *       made a dry run instead.
 * So a failure of the "no change" property is a real write on a request that
 * the sandbox should have refused or only simulated.
 *
 * Background work: scheduled sweeps could legitimately change items during the
 * run, so the baseline is taken after RunScheduledJobs (outside the property
 * run) once no timer is due within the next two minutes of sandbox time.
 */
import { DynamoDBClient, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ActionDefinition } from '../../shared/actions/action';
import { parseInput } from '../../shared/actions/params';
import { ACTIONS } from '../../shared/actions/registry';
import { systemImagesForRegion } from '../../shared/domain/catalogue/system-images';
import { unflattenParams } from '../../shared/protocol/unflatten';
import { callAction, type EcsClient } from '../support/ecs-client';
import { newAccount, operatorClient, runScheduledJobs, sandbox, type TestAccount } from '../support/sandbox';

/**
 * 25 runs per action and route, fewer once there are many actions (about 600 per route in all,
 * at least 5 each), so the file stays near a minute; PROPERTY_RUNS=<n> runs deeper.
 */
const RUNS_PER_ACTION_AND_ROUTE =
  Number(process.env.PROPERTY_RUNS) > 0 ? Number(process.env.PROPERTY_RUNS) : Math.max(5, Math.min(25, Math.floor(600 / ACTIONS.length)));

/** Operator actions that legitimately change state: never called with the operator key here. */
const OPERATOR_WRITERS = new Set([
  'AdvanceSandboxClock',
  'RunScheduledJobs',
  'CreateAccount',
  'CreateAccessKey',
  'DeleteAccessKey',
  'PutAccessKeyPolicy',
  'CreateApiToken',
]);

/** Common ECS parameter names, tried on every action besides its own. */
const COMMON_NAMES = [
  'RegionId', 'ZoneId', 'InstanceId', 'InstanceIds', 'ImageId', 'InstanceType', 'Tag', 'PageSize', 'PageNumber',
  'MaxResults', 'NextToken', 'ClientToken', 'DryRun', 'Amount', 'SystemDisk', 'DataDisk', 'AccessKeyId', 'AccountId',
  'Seconds', 'PolicyDocument', 'AutoReleaseTime', 'SecurityGroupId', 'VSwitchId',
];

/** Names the RPC envelope or V1 signing gives a meaning of their own: never sent as random parameters. */
const RESERVED = new Set([
  'Action', 'Version', 'Format', 'Signature', 'SignatureMethod', 'SignatureVersion', 'SignatureNonce', 'SignatureType',
  'Timestamp', 'AccessKeyId', 'SecurityToken', 'BearerToken', 'OwnerId', 'OwnerAccount', 'ResourceOwnerId',
  'ResourceOwnerAccount', 'CallerParentId', 'CallerType', 'CallerUid', 'RequestId',
]);

const ENVELOPE_KEYS = ['Code', 'HostId', 'Message', 'Recommend', 'RequestId'];

/**
 * Plausible values, mixed into the dry-run half so that handlers also run to the end on inputs
 * that pass validation (a dry run of RunInstances with a real image and type must still write nothing).
 */
function plausibleValues(accountId: string): Record<string, string> {
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

type Shape = Record<string, z.ZodType>;
const shapeOf = (def: ActionDefinition): Shape => (def.input instanceof z.ZodObject ? (def.input.shape) : {});
const requiredNames = (shape: Shape) => Object.keys(shape).filter((k) => !shape[k]!.safeParse(undefined).success);

/** Does the runner accept this input (validation only)? */
function accepted(def: ActionDefinition, input: unknown): boolean {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return false;
  try {
    parseInput(def.input, input as Record<string, unknown>);
    return true;
  } catch {
    return false;
  }
}

// Candidate bad values for one field, on each wire. A candidate is used only if the field's own schema refuses it.
const RPC_BAD: ((name: string) => Record<string, string>)[] = [
  (n) => ({ [`${n}.Nested`]: 'x' }),
  (n) => ({ [`${n}.1.Nested.Deeper`]: 'x' }),
  (n) => ({ [n]: 'not-a-valid-value-\u2603-\u0000' }),
  (n) => ({ [n]: '-99999999999999999999999' }),
  (n) => ({ [n]: 'x'.repeat(700) + '\u{1F600}'.repeat(10) }),
];
const JSON_BAD: unknown[] = [
  { Nested: { Deeper: 'x' } },
  [{ Nested: 1 }],
  [[]],
  'not-a-valid-value-\u2603-\u0000',
  -1e300,
  1.5,
  true,
  'x'.repeat(70_000),
];

interface Plan {
  def: ActionDefinition;
  shape: Shape;
  known: string[];
  /** Fields that can be made invalid, each with its refused candidates. Required fields first. */
  rpcBad: { name: string; required: boolean; fragments: Record<string, string>[] }[];
  jsonBad: { name: string; required: boolean; values: unknown[] }[];
}

function plan(def: ActionDefinition): Plan {
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

const weirdText = fc.constantFrom(
  '', ' ', 'true', 'false', 'True', '0', '-1', '1', '1.5', '1e3', '-99999999999999999999', '99999999999999999999', 'NaN',
  'Infinity', 'null', 'undefined', '[]', '{}', '[1,2]', '["a","b"]', '{"a":{"b":1}}', '["', '{"Statement":[]}',
  'cn-hangzhou', 'mars-north-1', 'ecs.g7.large', 'i-bp1000000000000000', 'm-bp1000000000000000', '2024-02-30T25:00:00Z',
  '%00', '%ZZ', '\u0000', '../../etc/passwd', '<x/>', "' OR 1=1 --", '__proto__', 'system', 'self', 'x86_64',
);
const text = fc.oneof(
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
const SUFFIXES = ['', '', '', '.1', '.2', '.1.Key', '.1.Value', '.0', '.01', '.10', '.Foo', '.1.Foo.Bar', '.__proto__', '.constructor.prototype'];
const rpcExtraName = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9._~-]{1,24}$/),
  fc.constantFrom('__proto__.polluted', 'constructor.prototype.polluted', 'a..b', '.x', 'x.', 'Tag.1', 'DryRun.1'),
);

/** Some of the plausible values for the action's own parameters (dry runs only). */
function plausibleSubset(pl: Plan, plausible: Record<string, string>) {
  const entries = Object.entries(plausible).filter(([k]) => k in pl.shape);
  return fc.subarray(entries);
}

function rpcRequest(pl: Plan, plausible: Record<string, string>) {
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
type Json = null | boolean | number | string | Json[] | Obj;

function serialize(j: Json): string {
  if (j instanceof Obj) return `{${j.entries.map(([k, v]) => `${JSON.stringify(k)}:${serialize(v)}`).join(',')}}`;
  if (Array.isArray(j)) return `[${j.map(serialize).join(',')}]`;
  return JSON.stringify(j) ?? 'null';
}

const jsonKey = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'Key', 'Value', '1', 'toString', 'hasOwnProperty'),
);
const jsonLeaf: fc.Arbitrary<Json> = fc.oneof(
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

function jsonRequest(pl: Plan, plausible: Record<string, string>) {
  const name = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...pl.known) }, { weight: 1, arbitrary: jsonKey });
  const entries = fc.array(fc.tuple(name, json), { maxLength: 8 });
  const bad = pl.jsonBad.length
    ? fc.constantFrom(...pl.jsonBad).chain((b) => fc.constantFrom(...b.values).map((v) => [b.name, v as Json] as [string, Json]))
    : fc.constant(undefined);
  // Now and then a body that is not a JSON object at all (refused before anything else).
  const notAnObject = fc.oneof(
    json.filter((j) => !(j instanceof Obj)).map(serialize),
    entries.map((e) => serialize(new Obj(e)).slice(0, -1)),
    fc.string({ maxLength: 20 }).filter((s) => !s.trim().startsWith('{')),
  ).filter((b) => !['', 'null', '""'].includes(b.trim())); // no parameters at all (offline also reads null and "" so)
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

// ---------------------------------------------------------------------------------------------
// Checking answers

interface Answer {
  status: number;
  body: unknown;
}

function checkAnswer(answer: Answer, what: string): string {
  expect(answer.status, `${what}: HTTP ${answer.status} ${JSON.stringify(answer.body)}`).toBeLessThan(500);
  const body = answer.body as Record<string, unknown>;
  expect(body && typeof body === 'object' && !Array.isArray(body), `${what}: body is not a JSON object`).toBe(true);
  expect(body.RequestId, `${what}: no RequestId in ${JSON.stringify(body)}`).toMatch(/^[0-9A-F-]{36}$/);
  // Every generated request is a dry run or surely invalid (see the header): it can never succeed.
  expect(answer.status, `${what}: a dry-run or invalid request succeeded: ${JSON.stringify(body).slice(0, 300)}`).not.toBe(200);
  expect(Object.keys(body).sort(), `${what}: not the ECS error envelope: ${JSON.stringify(body)}`).toEqual(ENVELOPE_KEYS);
  expect(typeof body.Code === 'string' && body.Code.length > 0, `${what}: empty Code`).toBe(true);
  expect(typeof body.Message === 'string' && body.Message.length > 0, `${what}: empty Message`).toBe(true);
  return String(body.Code);
}

async function viaSdk(client: EcsClient, action: string, flat: Record<string, string>): Promise<Answer> {
  try {
    const body = await callAction(client, action, flat);
    return { status: 200, body };
  } catch (e) {
    const err = e as { statusCode?: number; data?: unknown; message?: string };
    if (typeof err.statusCode !== 'number') throw new Error(`${action}: the SDK failed without an HTTP answer: ${err.message}`, { cause: e });
    return { status: err.statusCode, body: err.data };
  }
}

async function viaApiRoute(action: string, body: string, token: string): Promise<Answer> {
  const res = await fetch(`${sandbox().endpoint}/api/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body,
  });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = { notJson: text.slice(0, 300) };
  }
  return { status: res.status, body: parsed };
}

// ---------------------------------------------------------------------------------------------
// The state table, as the test sees it

let dynamo: DynamoDBClient;

async function scanState(): Promise<Record<string, AttributeValue>[]> {
  const items: Record<string, AttributeValue>[] = [];
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const out = await dynamo.send(new ScanCommand({ TableName: sandbox().stateTable, ExclusiveStartKey: startKey, ConsistentRead: true }));
    items.push(...(out.Items ?? []));
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return items;
}

const canonical = (v: unknown): string =>
  Array.isArray(v)
    ? `[${v.map(canonical).join(',')}]`
    : v && typeof v === 'object'
      ? `{${Object.keys(v)
          .sort()
          .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
          .join(',')}}`
      : JSON.stringify(v);

/**
 * Items every request may write, refused ones included: used signature nonces, ClientToken
 * answers, and the audit trail's one record per account call (`RES#<account>#<region>#audit`).
 */
const isRequestBookkeeping = (pk: string) => pk.startsWith('NONCE#') || pk.startsWith('CLIENTTOKEN#') || /^RES#[^#]+#[\s\S]*#audit$/.test(pk);

async function snapshot(): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const item of await scanState()) {
    const pk = item.pk?.S ?? '';
    if (isRequestBookkeeping(pk)) continue;
    out.set(`${pk} | ${item.sk?.S ?? ''}`, canonical(item));
  }
  return out;
}

/** Apply due scheduled work, and wait until no timer falls due during the run. */
async function settleScheduledWork(): Promise<void> {
  const deadline = Date.now() + 130_000;
  for (;;) {
    try {
      await runScheduledJobs();
    } catch (e) {
      console.warn(`RunScheduledJobs failed before the property run: ${(e as Error).message}`);
    }
    const clock = await callAction(operatorClient(), 'DescribeSandboxClock');
    const horizon = Date.parse(String(clock.Now)) + 120_000;
    const soon = (await scanState()).filter((i) => i.dueAt?.S && Date.parse(i.dueAt.S.split('#')[0]!) <= horizon);
    if (soon.length === 0 || Date.now() > deadline) return;
    await new Promise((r) => setTimeout(r, 3000));
  }
}

// ---------------------------------------------------------------------------------------------

let account: TestAccount;
let token: string;
let before: Map<string, string>;
const codes = new Map<string, Map<string, number>>();
const tally = (key: string, code: string) => {
  const m = codes.get(key) ?? new Map<string, number>();
  m.set(code, (m.get(code) ?? 0) + 1);
  codes.set(key, m);
};

beforeAll(async () => {
  const { dynamoEndpoint } = sandbox();
  dynamo = new DynamoDBClient({ endpoint: dynamoEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  account = await newAccount();
  token = String((await callAction(operatorClient(), 'CreateApiToken', { AccessKeyId: account.accessKeyId })).Token);
  await settleScheduledWork();
  before = await snapshot();
});

afterAll(() => {
  const lines = [...codes].map(([k, m]) => `${k}: ${[...m].map(([c, n]) => `${c}×${n}`).join(' ')}`);
  console.log(`answers seen in the property run:\n${lines.join('\n')}`);
  dynamo?.destroy();
});

describe('random and malformed parameters to every registered action', () => {
  it('covers at least the foundation actions', () => {
    expect(ACTIONS.length).toBeGreaterThanOrEqual(12);
  });

  for (const def of ACTIONS) {
    const pl = plan(def);
    const operatorWriter = def.audience === 'operator' && OPERATOR_WRITERS.has(def.name);
    const useOperatorKey = def.audience === 'operator' && !operatorWriter;

    it(`${def.name} over the RPC front door (${useOperatorKey ? 'operator key' : 'account key'})`, async () => {
      const client = useOperatorKey ? operatorClient() : account.client;
      await fc.assert(
        fc.asyncProperty(rpcRequest(pl, plausibleValues(account.accountId)), async ({ flat }) => {
          const what = `${def.name} RPC ${JSON.stringify(flat).slice(0, 500)}`;
          const code = checkAnswer(await viaSdk(client, def.name, flat), what);
          tally(`${def.name} RPC`, code);
          if (def.audience === 'operator' && !useOperatorKey) expect(code, what).toBe('Forbidden.RAM');
        }),
        { numRuns: RUNS_PER_ACTION_AND_ROUTE },
      );
    });

    it(`${def.name} over POST /api/${def.name} (account bearer token)`, async () => {
      await fc.assert(
        fc.asyncProperty(jsonRequest(pl, plausibleValues(account.accountId)), async ({ body }) => {
          const what = `${def.name} /api ${body.slice(0, 500)}`;
          const code = checkAnswer(await viaApiRoute(def.name, body, token), what);
          tally(`${def.name} /api`, code);
          if (def.audience === 'operator') {
            // Refused before anything else: either the body is not a JSON object, or the caller may not.
            expect(['Forbidden.RAM', 'InvalidParameter.Format'], what).toContain(code);
          }
        }),
        { numRuns: RUNS_PER_ACTION_AND_ROUTE },
      );
    });
  }

  it('stored nothing: the state table is unchanged (nonces and client tokens aside)', async () => {
    const after = await snapshot();
    const added = [...after.keys()].filter((k) => !before.has(k));
    const removed = [...before.keys()].filter((k) => !after.has(k));
    const changed = [...after.keys()].filter((k) => before.has(k) && before.get(k) !== after.get(k));
    const show = (ks: string[]) => ks.slice(0, 10).map((k) => `  ${k}: ${after.get(k) ?? before.get(k)}`).join('\n');
    expect(
      { added: added.length, removed: removed.length, changed: changed.length },
      `state changed during the property run:\nadded:\n${show(added)}\nremoved:\n${show(removed)}\nchanged:\n${show(changed)}`,
    ).toEqual({ added: 0, removed: 0, changed: 0 });
  });
});
