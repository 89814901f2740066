import { randomUUID } from 'node:crypto';
import { TerminateInstancesCommand } from '@aws-sdk/client-ec2';
import { beforeAll, describe, expect, it } from 'vitest';
import { v1Sign, v1StringToSign } from '../../shared/protocol/ecs/signature-v1';
import { hashToken } from '../../shared/store/accounts';
import { Keys } from '../../shared/store/keys';
import { ec2Client, ec2Error } from '../support/ec2';
import { callAction, Ecs, ecsClient, sdkError } from '../support/ecs-client';
import { describeInstances, launchRunning } from '../support/instances';
import { newAccount, operatorClient, sandbox, type TestAccount } from '../support/sandbox';
import { putItem } from '../support/storage';

/**
 * Refused requests change nothing and cannot hurt the server (issue 13, items 4-8): the nonce of
 * a refused signature stays usable, guards answer before any parsing, policies hold through both
 * dialects, tags are checked as the real APIs do, tokens expire and can be revoked, webhooks
 * cannot be aimed at the metadata address. Every answer here is a 4xx; none is a 5xx.
 */
let account: TestAccount;
let token: string;

beforeAll(async () => {
  account = await newAccount();
  token = String((await callAction(operatorClient(), 'CreateApiToken', { AccessKeyId: account.accessKeyId })).Token);
});

const url = (path: string) => `${sandbox().endpoint}${path}`;

async function v1Get(params: Record<string, string>, secret: string): Promise<{ status: number; body: any }> {
  const signed = { ...params, Signature: v1Sign(secret, v1StringToSign('GET', params)) };
  const res = await fetch(url(`/?${new URLSearchParams(signed)}`));
  return { status: res.status, body: await res.json() };
}

function v1Params(nonce: string, timestamp = new Date()): Record<string, string> {
  return {
    Action: 'DescribeRegions',
    Version: '2014-05-26',
    Format: 'JSON',
    AccessKeyId: account.accessKeyId,
    SignatureMethod: 'HMAC-SHA1',
    SignatureVersion: '1.0',
    SignatureNonce: nonce,
    Timestamp: `${timestamp.toISOString().slice(0, 19)}Z`,
  };
}

async function bearerPost(action: string, body: string, bearer = token): Promise<{ status: number; text: string }> {
  const res = await fetch(url(`/api/${action}`), { method: 'POST', body, headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' } });
  return { status: res.status, text: await res.text() };
}

describe('authentication writes nothing until it has succeeded', () => {
  it('a wrong V1 signature does not burn its nonce: the correct request with it succeeds, once', async () => {
    const nonce = randomUUID();
    const wrong = await v1Get(v1Params(nonce), 'not-the-secret');
    expect(wrong).toMatchObject({ status: 400, body: { Code: 'SignatureDoesNotMatch' } });
    const right = await v1Get(v1Params(nonce), account.accessKeySecret);
    expect(right.status, JSON.stringify(right.body)).toBe(200);
    const replay = await v1Get(v1Params(nonce), account.accessKeySecret);
    expect(replay).toMatchObject({ status: 400, body: { Code: 'SignatureNonceUsed' } });
  });

  it('a stale timestamp does not burn its nonce either', async () => {
    const nonce = randomUUID();
    const stale = await v1Get(v1Params(nonce, new Date(Date.now() - 3600_000)), account.accessKeySecret);
    expect(stale).toMatchObject({ status: 400, body: { Code: 'InvalidTimeStamp.Expired' } });
    expect((await v1Get(v1Params(nonce), account.accessKeySecret)).status).toBe(200);
  });
});

describe('request guards before any parsing', () => {
  it('JSON nested 5,000 deep is 400 InvalidParameter on any action, not a 500', async () => {
    const deep = `{"RegionId":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    for (const action of ['DescribeRegions', 'RunInstances', 'CreateKeyPair']) {
      const reply = await bearerPost(action, deep);
      expect(reply.status, reply.text).toBe(400);
      expect(JSON.parse(reply.text).Code).toBe('InvalidParameter');
    }
  });

  it('a flat parameter name nested thousands deep is refused by both doors', async () => {
    const name = Array(2500).fill('A.1').join('.');
    const ecs = await fetch(url(`/?Action=DescribeRegions&Version=2014-05-26&${name}=x`));
    expect(ecs.status).toBe(400);
    expect(((await ecs.json()) as { Code: string }).Code).toBe('InvalidParameter');
    const ec2 = await fetch(url('/ec2'), {
      method: 'POST',
      body: `Action=DescribeRegions&Version=2016-11-15&${name}=x`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(ec2.status).toBe(400);
    expect(await ec2.text()).toContain('<Code>InvalidParameterValue</Code>');
  });

  it('a body over the limit gets 413 "Request Too Long" on every door and creates nothing', async () => {
    const name = `big-${Date.now()}`;
    const big = JSON.stringify({ RegionId: 'cn-hangzhou', KeyPairName: name, Padding: 'x'.repeat(6 * 1024 * 1024) });
    const reply = await bearerPost('CreateKeyPair', big);
    expect(reply.status).toBe(413);
    expect(JSON.parse(reply.text)).toEqual({ message: 'Request Too Long' });
    const form = `Action=CreateKeyPair&Version=2014-05-26&RegionId=cn-hangzhou&KeyPairName=${name}&Padding=${'x'.repeat(6 * 1024 * 1024)}`;
    for (const path of ['/', '/ec2']) {
      const res = await fetch(url(path), { method: 'POST', body: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expect(res.status, path).toBe(413);
    }
    const pairs = await account.client.describeKeyPairs(new Ecs.DescribeKeyPairsRequest({ regionId: 'cn-hangzhou', keyPairName: name }));
    expect(pairs.body!.totalCount).toBe(0);
  });

  it('a parameter given twice is refused (400), by every door', async () => {
    const ecs = await fetch(url('/?Action=DescribeZones&Version=2014-05-26&RegionId=cn-hangzhou&RegionId=us-east-1'));
    expect(ecs.status).toBe(400);
    expect(await ecs.json()).toMatchObject({ Code: 'InvalidParameter', Message: expect.stringContaining('RegionId') });
    const ec2 = await fetch(url('/ec2'), {
      method: 'POST',
      body: 'Action=DescribeRegions&Version=2016-11-15&RegionName.1=a&RegionName.1=b',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(ec2.status).toBe(400);
    const json = await bearerPost('DescribeZones', '{"RegionId":"cn-hangzhou","RegionId":"us-east-1"}');
    expect(json.status).toBe(400);
    expect(JSON.parse(json.text)).toMatchObject({ Code: 'InvalidParameter.Format', Message: expect.stringContaining('RegionId') });
  });

  it('keeps idle connections open well past a minute (the server announces it)', async () => {
    const res = await fetch(url('/health'));
    expect(res.headers.get('keep-alive')).toBe('timeout=75');
  });
});

describe('policies hold whichever dialect calls', () => {
  async function keyWithPolicy(statements: unknown[]): Promise<{ accessKeyId: string; accessKeySecret: string }> {
    const key = await callAction(operatorClient(), 'CreateAccessKey', { AccountId: account.accountId });
    await callAction(operatorClient(), 'PutAccessKeyPolicy', {
      AccessKeyId: String(key.AccessKeyId),
      PolicyDocument: JSON.stringify({ Statement: statements }),
    });
    return { accessKeyId: String(key.AccessKeyId), accessKeySecret: String(key.AccessKeySecret) };
  }

  it('Allow * with Deny ecs:DeleteInstance cannot terminate through /ec2; Deny ec2:TerminateInstances holds through ECS', async () => {
    const id = await launchRunning(account);
    const noDelete = await keyWithPolicy([
      { Effect: 'Allow', Action: ['*'] },
      { Effect: 'Deny', Action: ['ecs:DeleteInstance'] },
    ]);
    expect(await ec2Error(ec2Client(noDelete).send(new TerminateInstancesCommand({ InstanceIds: [id] })))).toMatchObject({
      name: 'UnauthorizedOperation',
      status: 403,
    });
    expect((await describeInstances(account, [id]))[0]?.status).toBe('Running');

    const noTerminate = await keyWithPolicy([
      { Effect: 'Allow', Action: ['*'] },
      { Effect: 'Deny', Action: ['ec2:TerminateInstances'] },
    ]);
    const viaEcs = ecsClient(sandbox().endpoint, noTerminate);
    expect(await sdkError(viaEcs.deleteInstances(new Ecs.DeleteInstancesRequest({ regionId: 'cn-hangzhou', instanceId: [id], force: true })))).toMatchObject({
      code: 'Forbidden.RAM',
      statusCode: 403,
    });
    expect(await sdkError(viaEcs.deleteInstance(new Ecs.DeleteInstanceRequest({ instanceId: id, force: true })))).toMatchObject({
      code: 'Forbidden.RAM',
      statusCode: 403,
    });
    expect((await describeInstances(account, [id]))[0]?.status).toBe('Running');
    // The same key may still do what its policy allows.
    expect((await viaEcs.describeRegions(new Ecs.DescribeRegionsRequest({}))).statusCode).toBe(200);
  });
});

describe('validation as the real APIs', () => {
  it('TagResources takes at most 50 resource ids (repeats counted) and no empty tag key', async () => {
    const tooMany: Record<string, unknown> = { RegionId: 'cn-hangzhou', ResourceType: 'instance', 'Tag.1.Key': 'team', 'Tag.1.Value': 'a' };
    for (let i = 1; i <= 51; i++) tooMany[`ResourceId.${i}`] = 'i-none';
    expect(await sdkError(callAction(account.client, 'TagResources', tooMany))).toMatchObject({ code: 'NumberExceed.ResourceIds', statusCode: 400 });
    const emptyKey = { RegionId: 'cn-hangzhou', ResourceType: 'instance', 'ResourceId.1': 'i-none', 'Tag.1.Key': '', 'Tag.1.Value': 'a' };
    expect((await sdkError(callAction(account.client, 'TagResources', emptyKey))).statusCode).toBe(400);
  });
});

describe('bearer tokens expire and can be revoked', () => {
  it('CreateApiToken says when its token expires (12 hours by default)', async () => {
    const out = await callAction(operatorClient(), 'CreateApiToken', { AccessKeyId: account.accessKeyId });
    const ms = Date.parse(String(out.ExpirationTime)) - Date.now();
    expect(ms).toBeGreaterThan(12 * 3600_000 - 300_000);
    expect(ms).toBeLessThanOrEqual(12 * 3600_000);
  });

  it('an expired token is refused with 401 InvalidApiToken.Expired', async () => {
    const expired = `sbx_expired_${randomUUID()}`;
    const hash = hashToken(expired);
    await putItem(Keys.apiToken(hash), {
      tokenHash: hash,
      accessKeyId: account.accessKeyId,
      createdAt: new Date().toISOString(),
      expiresAt: Math.floor(Date.now() / 1000) - 1,
    });
    const reply = await bearerPost('DescribeRegions', '{}', expired);
    expect(reply.status).toBe(401);
    expect(JSON.parse(reply.text).Code).toBe('InvalidApiToken.Expired');
  });

  it('RevokeApiToken stops a token at once; another account cannot revoke it', async () => {
    const mine = String((await callAction(operatorClient(), 'CreateApiToken', { AccessKeyId: account.accessKeyId })).Token);
    expect((await bearerPost('DescribeRegions', '{}', mine)).status).toBe(200);
    const stranger = await newAccount();
    expect(await sdkError(callAction(stranger.client, 'RevokeApiToken', { Token: mine }))).toMatchObject({ code: 'InvalidApiToken.NotFound', statusCode: 404 });
    expect((await bearerPost('DescribeRegions', '{}', mine)).status).toBe(200);
    await callAction(account.client, 'RevokeApiToken', { Token: mine });
    const after = await bearerPost('DescribeRegions', '{}', mine);
    expect(after.status).toBe(401);
    expect(JSON.parse(after.text).Code).toBe('InvalidApiToken.NotFound');
  });
});

describe('webhooks cannot be aimed inward', () => {
  const hook = (Url: string) => ({ RegionId: 'cn-hangzhou', Url, 'EventName.1': 'Instance.*', Secret: 'a-long-enough-secret' });

  it('refuses 169.254.0.0/16 at creation, as a literal or an IPv4-mapped IPv6 literal, even where private targets are allowed', async () => {
    for (const target of ['http://169.254.169.254/latest/meta-data/', 'http://[::ffff:169.254.169.254]/', 'http://169.254.1.1:8080/']) {
      expect(await sdkError(callAction(account.client, 'CreateWebhook', hook(target))), target).toMatchObject({
        code: 'InvalidUrl.Forbidden',
        statusCode: 400,
      });
    }
    const ok = await callAction(account.client, 'CreateWebhook', hook('http://127.0.0.1:9/hook'));
    expect(
      await sdkError(callAction(account.client, 'ModifyWebhook', { RegionId: 'cn-hangzhou', WebhookId: String(ok.WebhookId), Url: 'http://169.254.169.254/' })),
    ).toMatchObject({
      code: 'InvalidUrl.Forbidden',
    });
  });

  it('TestWebhook on a refused target says so and sends nothing', async () => {
    // A webhook stored with a target refused today (created before the check, or by a changed rule).
    const webhookId = `wh-refused${Date.now()}`;
    await putItem(Keys.resource(account.accountId, 'cn-hangzhou', 'webhook', webhookId), {
      webhookId,
      accountId: account.accountId,
      regionId: 'cn-hangzhou',
      url: 'http://169.254.169.254/latest/meta-data/',
      eventNames: ['Instance.*'],
      secret: 'a-long-enough-secret',
      description: '',
      creationTime: new Date().toISOString(),
    });
    const out = await callAction(account.client, 'TestWebhook', { RegionId: 'cn-hangzhou', WebhookId: webhookId });
    expect(out).toMatchObject({ Delivered: false, StatusCode: 0, Error: expect.stringMatching(/^Refused: 169\.254\.169\.254 is a link-local address/) });
  });
});
