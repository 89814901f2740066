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
import { ACTIONS } from '../../shared/actions/registry';
import { callAction, type EcsClient } from '../support/ecs-client';
import { ENVELOPE_KEYS, jsonRequest, plan, plausibleValues, rpcRequest } from '../support/property-requests';
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
    const show = (ks: string[]) =>
      ks
        .slice(0, 10)
        .map((k) => `  ${k}: ${after.get(k) ?? before.get(k)}`)
        .join('\n');
    expect(
      { added: added.length, removed: removed.length, changed: changed.length },
      `state changed during the property run:\nadded:\n${show(added)}\nremoved:\n${show(removed)}\nchanged:\n${show(changed)}`,
    ).toEqual({ added: 0, removed: 0, changed: 0 });
  });
});
