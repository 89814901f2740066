import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { v1Sign, v1StringToSign } from '../../shared/protocol/ecs/signature-v1';
import { callAction } from '../support/ecs-client';
import { newAccount, operatorClient, sandbox } from '../support/sandbox';
import { TEST_SETTINGS } from '../support/settings';

/**
 * Every sample under events/ (named `<function>[.<case>].json`) invoked against DynamoDB Local.
 * Through the handler's own module (what `serverless invoke local` loads), because one real
 * `npx serverless invoke local` costs about 30 s here (it bundles the function first); one
 * sample goes through the real command to show the samples and serverless.yml agree.
 * Placeholders in the samples: `Bearer API_TOKEN` (a token from CreateApiToken) and, in the
 * V1-signed ECS RPC sample, TIMESTAMP / NONCE / SIGNATURE (see signV1 below; README "Sample events").
 */
const stack = sandbox();
const root = join(__dirname, '../..');
const eventsDir = join(root, 'events');
const samples = readdirSync(eventsDir).filter((f) => f.endsWith('.json'));
const serverlessYml = readFileSync(join(root, 'serverless.yml'), 'utf8');
let token = '';

const env = {
  SANDBOX_STATE_TABLE: stack.stateTable,
  SANDBOX_VIEWS_TABLE: stack.viewsTable,
  SANDBOX_DYNAMODB_ENDPOINT: stack.dynamoEndpoint,
  SANDBOX_ADMIN_ACCESS_KEY_ID: TEST_SETTINGS.admin.accessKeyId,
  SANDBOX_ADMIN_ACCESS_KEY_SECRET: TEST_SETTINGS.admin.accessKeySecret,
  SANDBOX_DEFAULT_ACCOUNT_ID: TEST_SETTINGS.defaultAccount.accountId,
};

beforeAll(async () => {
  // Set before any handler module loads: the store and the config read the environment on import.
  Object.assign(process.env, env);
  const account = await newAccount();
  token = String((await callAction(operatorClient(), 'CreateApiToken', { AccessKeyId: account.accessKeyId })).Token);
});

/** The handler module of a function, from serverless.yml (`<name>:` then `handler: <path>.handler`). */
function handlerPath(fn: string): string {
  const m = new RegExp(`^  ${fn}:\\n    handler: (\\S+)\\.handler$`, 'm').exec(serverlessYml);
  if (!m) throw new Error(`no function ${fn} in serverless.yml`);
  return m[1]!;
}

/** A V1 signature (https://www.alibabacloud.com/help/en/sdk/product-overview/rpc-mechanism) over fresh Timestamp and nonce. */
function signV1(event: APIGatewayProxyEventV2): APIGatewayProxyEventV2 {
  const params = Object.fromEntries(new URLSearchParams(event.rawQueryString));
  delete params.Signature;
  params.AccessKeyId = TEST_SETTINGS.admin.accessKeyId;
  params.Timestamp = new Date().toISOString().slice(0, 19) + 'Z';
  params.SignatureNonce = randomUUID();
  params.Signature = v1Sign(TEST_SETTINGS.admin.accessKeySecret, v1StringToSign('GET', params));
  const rawQueryString = new URLSearchParams(params).toString();
  return { ...event, rawQueryString, queryStringParameters: params };
}

function prepare(file: string): unknown {
  const text = readFileSync(join(eventsDir, file), 'utf8').replaceAll('Bearer API_TOKEN', `Bearer ${token}`);
  const event = JSON.parse(text) as APIGatewayProxyEventV2;
  return event.rawQueryString?.includes('Signature=SIGNATURE') ? signV1(event) : event;
}

async function invoke(file: string): Promise<unknown> {
  const fn = file.split('.')[0]!;
  const mod = (await import(join(root, handlerPath(fn)))) as { handler: (event: unknown, context: Context) => Promise<unknown> };
  return mod.handler(prepare(file), { functionName: fn, awsRequestId: randomUUID() } as Context);
}

const http = (out: unknown) => {
  const r = out as APIGatewayProxyStructuredResultV2;
  return { status: r.statusCode, body: String(r.body ?? '') };
};
const json = (out: unknown) => JSON.parse(http(out).body) as Record<string, any>;

/** What each sample must answer; a sample without an entry fails the test, so new samples get one. */
const expectations: Record<string, (out: unknown) => void> = {
  'health.json': (out) => expect(http(out).status).toBe(200),
  'ecsRpc.describe-regions.json': (out) => {
    expect(http(out).status).toBe(200);
    expect(json(out).Regions.Region.length).toBeGreaterThan(0);
  },
  'ecsRpc.unsigned.json': (out) => {
    expect(http(out).status).toBe(400);
    expect(json(out)).toMatchObject({ Code: 'MissingParameter' });
  },
  'ec2Query.unsigned.json': (out) => {
    expect(http(out).status).toBeGreaterThanOrEqual(400);
    expect(http(out).body).toContain('<Errors>');
  },
  'unknownAction.json': (out) => {
    expect(http(out).status).toBe(404);
    expect(json(out).Code).toBe('InvalidApi.NotFound');
  },
  'DescribeRegions.bearer.json': (out) => expect(json(out).Regions.Region.length).toBeGreaterThan(0),
  'DescribeZones.bearer.json': (out) => expect(json(out).Zones.Zone.length).toBeGreaterThan(0),
  'DescribeInstances.bearer.json': (out) => {
    expect(http(out).status).toBe(200);
    expect(json(out).TotalCount).toBe(0);
  },
  'DescribeInstances.no-token.json': (out) => {
    expect(http(out).status).toBeGreaterThanOrEqual(400);
    expect(json(out).RequestId).toBeTruthy();
  },
  'stateChanges.clock-moved.json': (out) => expect(out).toEqual({ batchItemFailures: [] }),
};
const isScheduled = (file: string) => handlerPath(file.split('.')[0]!).startsWith('functions/scheduled/');

describe('events/: every sample through its handler', () => {
  it('has a sample for every kind of function', () => {
    const fns = new Set(samples.map((f) => f.split('.')[0]));
    for (const fn of ['ecsRpc', 'ec2Query', 'health', 'unknownAction', 'stateChanges']) expect(fns).toContain(fn);
    const jobs = [...serverlessYml.matchAll(/^ {4}handler: functions\/scheduled\/(\w+)\.handler$/gm)].map((m) => m[1]);
    for (const job of jobs) expect(fns, `events/${job}.json`).toContain(job);
  });

  for (const file of samples) {
    it(file, async () => {
      const out = await invoke(file);
      if (isScheduled(file)) expect(out).toBeUndefined();
      else {
        expect(expectations[file], `an expectation for ${file}`).toBeDefined();
        expectations[file]!(out);
      }
    });
  }
});

describe('events/: through the real serverless invoke local', () => {
  it('npx serverless invoke local -f DescribeRegions -p <sample> answers 200', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sample-event-'));
    const path = join(dir, 'event.json');
    writeFileSync(path, JSON.stringify(prepare('DescribeRegions.bearer.json')));
    const args = ['serverless', 'invoke', 'local', '-f', 'DescribeRegions', '-p', path, ...Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`])];
    const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
    delete childEnv.SANDBOX_PREBUILT;
    const { stdout } = await promisify(execFile)('npx', args, { cwd: root, env: childEnv, timeout: 170_000, maxBuffer: 16 << 20 });
    const out = JSON.parse(stdout.slice(stdout.indexOf('{'))) as APIGatewayProxyStructuredResultV2;
    expect(out.statusCode).toBe(200);
    expect(JSON.parse(String(out.body)).Regions.Region.length).toBeGreaterThan(0);
  }, 180_000);
});
