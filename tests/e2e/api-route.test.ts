import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { OpenApiUtil } from '@alicloud/openapi-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { callAction, Ecs, type Credentials } from '../support/ecs-client';
import { newAccount, operatorClient, operatorCredentials, sandbox, type TestAccount } from '../support/sandbox';

/**
 * The per-action routes `POST /api/<Action>`: JSON parameters (nested, not
 * `Name.N`-flattened), authenticated by a bearer token from the operator's
 * CreateApiToken or by a V3 (ACS3-HMAC-SHA256) signature over the JSON body
 * computed with the official SDK's own signer; answers and errors in the same
 * ECS JSON as the RPC front door.
 */
interface Reply {
  status: number;
  body: Record<string, any>;
  text: string;
}

const ENVELOPE_KEYS = ['Code', 'HostId', 'Message', 'Recommend', 'RequestId'];

/** A raw POST with exactly these headers (node:http, so Host and the body bytes are under our control). */
function post(path: string, body: string, headers: Record<string, string>): Promise<Reply> {
  const url = new URL(path, sandbox().endpoint);
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: Record<string, any> = {};
        try {
          parsed = JSON.parse(text);
        } catch {
          /* left empty: the assertions on body then fail with the text in view */
        }
        resolve({ status: res.statusCode ?? 0, body: parsed, text });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const bearer = (action: string, params: unknown, token: string) =>
  post(`/api/${action}`, typeof params === 'string' ? params : JSON.stringify(params), {
    'content-type': 'application/json',
    authorization: `Bearer ${token}`,
  });

/** Signs the JSON body as the SDK signs a V3 request, with the SDK's getAuthorization. */
function signedHeaders(action: string, body: string, creds: Credentials, path = `/api/${action}`): Record<string, string> {
  const headers: Record<string, string> = {
    host: new URL(sandbox().endpoint).host,
    'content-type': 'application/json',
    'x-acs-action': action,
    'x-acs-version': '2014-05-26',
    'x-acs-date': new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    'x-acs-signature-nonce': randomUUID().replace(/-/g, ''),
    'x-acs-content-sha256': OpenApiUtil.hash(Buffer.from(body, 'utf8'), 'ACS3-HMAC-SHA256').toString('hex'),
  };
  headers.authorization = OpenApiUtil.getAuthorization(
    { method: 'POST', pathname: path, query: {}, headers } as never,
    'ACS3-HMAC-SHA256',
    headers['x-acs-content-sha256']!,
    creds.accessKeyId,
    creds.accessKeySecret,
  );
  return headers;
}

const signed = (action: string, params: unknown, creds: Credentials) => {
  const body = JSON.stringify(params);
  return post(`/api/${action}`, body, signedHeaders(action, body, creds));
};

function expectEnvelope(reply: Reply, status: number, code: string): void {
  expect(reply.status, reply.text).toBe(status);
  expect(Object.keys(reply.body).sort(), reply.text).toEqual(ENVELOPE_KEYS);
  expect(reply.body.Code).toBe(code);
  expect(reply.body.RequestId).toMatch(/^[0-9A-F-]{36}$/);
}

let account: TestAccount;
let token: string;

beforeAll(async () => {
  account = await newAccount();
  const out = await callAction(operatorClient(), 'CreateApiToken', { AccessKeyId: account.accessKeyId });
  token = String(out.Token);
  expect(token.length).toBeGreaterThan(20);
});

describe('POST /api/<Action> with a bearer token', () => {
  it('answers with the action result and a RequestId', async () => {
    const reply = await bearer('DescribeRegions', {}, token);
    expect(reply.status, reply.text).toBe(200);
    expect(reply.body.RequestId).toMatch(/^[0-9A-F-]{36}$/);
    expect(reply.body.Regions.Region.map((r: { RegionId: string }) => r.RegionId)).toContain('cn-hangzhou');
  });

  it("acts as the token's account: its images are visible, nobody else's resources are", async () => {
    const reply = await bearer('DescribeImages', { RegionId: 'cn-hangzhou', ImageOwnerAlias: 'self' }, token);
    expect(reply.status, reply.text).toBe(200);
    expect(reply.body.TotalCount).toBe(0);
  });

  it('refuses a wrong or missing token with 401 and the ECS error envelope', async () => {
    expectEnvelope(await bearer('DescribeRegions', {}, `${token}x`), 401, 'InvalidApiToken.NotFound');
    expectEnvelope(await bearer('DescribeRegions', {}, 'sbx_nothing'), 401, 'InvalidApiToken.NotFound');
    // No Authorization at all is an unsigned request.
    const unsigned = await post('/api/DescribeRegions', '{}', { 'content-type': 'application/json' });
    expect(unsigned.status).toBe(400);
    expect(Object.keys(unsigned.body).sort()).toEqual(ENVELOPE_KEYS);
  });

  it('keeps an account token out of operator actions: Forbidden.RAM (403)', async () => {
    expectEnvelope(await bearer('CreateAccount', {}, token), 403, 'Forbidden.RAM');
    expectEnvelope(await bearer('AdvanceSandboxClock', { Seconds: 60 }, token), 403, 'Forbidden.RAM');
  });

  it('reports bad parameters with the same codes as the front door', async () => {
    const missing = await bearer('DescribeZones', {}, token);
    expectEnvelope(missing, 400, 'MissingParameter');
    expect(missing.body.Message).toContain('RegionId');
    expectEnvelope(await bearer('DescribeImages', { RegionId: 'cn-hangzhou', PageSize: 500 }, token), 400, 'InvalidParameter');
    expectEnvelope(await bearer('DescribeImages', { RegionId: 'cn-hangzhou', DryRun: true }, token), 400, 'DryRunOperation');
  });
});

describe('POST /api/<Action> signed with ACS3-HMAC-SHA256 over the JSON body', () => {
  it('answers a correctly signed call (200), with nested JSON parameters', async () => {
    const reply = await signed('DescribeInstanceTypes', { InstanceTypes: ['ecs.g7.large'] }, account);
    expect(reply.status, reply.text).toBe(200);
    const types = reply.body.InstanceTypes.InstanceType as { InstanceTypeId: string; CpuCoreCount: number; MemorySize: number }[];
    expect(types.map((t) => t.InstanceTypeId)).toEqual(['ecs.g7.large']);
    expect(types[0]).toMatchObject({ CpuCoreCount: 2, MemorySize: 8 });
  });

  it('gives the same answer as the RPC front door for the same parameters', async () => {
    const wanted = ['ecs.g7.large', 'ecs.s2.large'];
    const json = await signed('DescribeInstanceTypes', { InstanceTypes: wanted }, account);
    const rpc = await account.client.describeInstanceTypes(new Ecs.DescribeInstanceTypesRequest({ instanceTypes: wanted }));
    const { RequestId: _a, ...fromJson } = json.body;
    const viaRpc = rpc.body!.toMap() as Record<string, unknown>;
    delete viaRpc.RequestId;
    expect(fromJson.InstanceTypes.InstanceType.map((t: { InstanceTypeId: string }) => t.InstanceTypeId).sort()).toEqual(wanted.sort());
    expect(fromJson).toEqual(JSON.parse(JSON.stringify(viaRpc)));
  });

  it('passes nested lists of objects through (Tag as a JSON list)', async () => {
    const reply = await signed('DescribeImages', { RegionId: 'cn-hangzhou', Tag: [{ Key: 'team', Value: 'core' }], PageSize: 5 }, account);
    expect(reply.status, reply.text).toBe(200);
    expect(reply.body.TotalCount).toBe(0);
    const bad = await signed('DescribeImages', { RegionId: 'cn-hangzhou', Tag: [{ Key: { deeper: 1 } }] }, account);
    expectEnvelope(bad, 400, 'InvalidParameter');
    expect(bad.body.Message).toContain('Tag.1.Key');
  });

  it('lets the operator key call operator actions', async () => {
    const reply = await signed('DescribeSandboxClock', {}, operatorCredentials);
    expect(reply.status, reply.text).toBe(200);
    expect(typeof reply.body.OffsetSeconds).toBe('number');
  });

  it('refuses a wrong secret, a changed body and a replay', async () => {
    expectEnvelope(await signed('DescribeRegions', {}, { ...account, accessKeySecret: 'wrong' }), 400, 'SignatureDoesNotMatch');

    const body = JSON.stringify({ InstanceTypes: ['ecs.g7.large'] });
    const headers = signedHeaders('DescribeInstanceTypes', body, account);
    const tampered = await post('/api/DescribeInstanceTypes', body.replace('g7', 'g6'), headers);
    expectEnvelope(tampered, 400, 'SignatureDoesNotMatch');

    // Signed for one route, sent to another: the path is part of the signature.
    const elsewhere = await post('/api/DescribeRegions', body, headers);
    expectEnvelope(elsewhere, 400, 'SignatureDoesNotMatch');

    const fresh = signedHeaders('DescribeInstanceTypes', body, account);
    expect((await post('/api/DescribeInstanceTypes', body, fresh)).status).toBe(200);
    expectEnvelope(await post('/api/DescribeInstanceTypes', body, fresh), 400, 'SignatureNonceUsed');
  });
});

describe('odd calls to /api', () => {
  it('answers an unknown action with 404 InvalidApi.NotFound in the envelope', async () => {
    const reply = await bearer('Nope', {}, token);
    expectEnvelope(reply, 404, 'InvalidApi.NotFound');
    expect(reply.body.Message).toContain('Nope');
  });

  it('answers a body that is not a JSON object with 400', async () => {
    // (`null` and `""` are left out: serverless-offline turns them into "no body" before the handler runs.)
    for (const body of ['not json', '{"RegionId":', '[1,2]', '"a string"', '42', 'true', 'false', '0']) {
      const reply = await bearer('DescribeRegions', body, token);
      expect(reply.status, body).toBe(400);
      expect(Object.keys(reply.body).sort(), body).toEqual(ENVELOPE_KEYS);
      expect(reply.body.Code, body).toBe('InvalidParameter.Format');
    }
  });

  it('treats an empty body as no parameters', async () => {
    const reply = await bearer('DescribeRegions', '', token);
    expect(reply.status, reply.text).toBe(200);
  });
});
