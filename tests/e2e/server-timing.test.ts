import { DescribeInstancesCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { beforeAll, describe, expect, it } from 'vitest';
import { callAction, Ecs } from '../support/ecs-client';
import { ec2Client, ec2Error } from '../support/ec2';
import { newAccount, operatorClient, sandbox, type TestAccount } from '../support/sandbox';

/**
 * The `Server-Timing` header of every answer (README "Where the time goes"), read from the
 * official clients' own responses: ECS (the SDK's response headers), EC2 (a middleware of the
 * AWS SDK's stack, inside its deserializer, so error answers are seen too) and `/api/<Action>`.
 */
const STAGES = ['auth', 'read', 'settle', 'app', 'write', 'render'];

function parse(header: string | undefined): Record<string, number> {
  expect(header, 'Server-Timing header').toBeTypeOf('string');
  return Object.fromEntries(
    header!.split(',').map((entry) => {
      const [name, dur] = entry.trim().split(';');
      expect(dur).toMatch(/^dur=\d+\.\d\d$/);
      return [name!, Number(dur!.slice(4))];
    }),
  );
}

/** Every stage is there once and they add up to the total; a signed call reads the store (its key, the clock). */
function expectTimings(header: string | undefined, roundTripMs: number): Record<string, number> {
  const m = parse(header);
  expect(Object.keys(m)).toEqual([...STAGES, 'total']);
  const sum = STAGES.reduce((s, k) => s + m[k]!, 0);
  expect(Math.abs(sum - m.total!)).toBeLessThanOrEqual(0.05);
  expect(m.read).toBeGreaterThan(0);
  // Measured inside the server: never more than the client waited.
  expect(m.total).toBeLessThanOrEqual(roundTripMs);
  return m;
}

/** An EC2 client that keeps the last raw answer's headers (a middleware inside the SDK's deserializer). */
function capturingEc2(account: TestAccount): { ec2: EC2Client; last: () => Record<string, string> } {
  const ec2 = ec2Client(account);
  let headers: Record<string, string> = {};
  ec2.middlewareStack.add(
    (next) => async (args) => {
      const out = await next(args);
      headers = (out.response as { headers: Record<string, string> }).headers;
      return out;
    },
    { step: 'deserialize', priority: 'low', name: 'captureHeaders' },
  );
  return { ec2, last: () => headers };
}

async function timedCall<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await work();
  return { result, ms: performance.now() - started };
}

let account: TestAccount;
beforeAll(async () => {
  account = await newAccount();
});

describe('Server-Timing', () => {
  it('is on ECS answers (the official SDK)', async () => {
    const ok = await timedCall(() => account.client.describeInstances(new Ecs.DescribeInstancesRequest({ regionId: 'cn-hangzhou' })));
    expect(ok.result.statusCode).toBe(200);
    expectTimings(ok.result.headers?.['server-timing'], ok.ms);
  });

  it('is on EC2 answers (the AWS SDK), success and error', async () => {
    const { ec2, last } = capturingEc2(account);
    const ok = await timedCall(() => ec2.send(new DescribeInstancesCommand({ MaxResults: 10 })));
    expect(ok.result.Reservations).toEqual([]);
    expectTimings(last()['server-timing'], ok.ms);

    const started = performance.now();
    const err = await ec2Error(ec2.send(new DescribeInstancesCommand({ InstanceIds: ['i-not-an-id'] })));
    expect(err.status).toBe(400);
    expectTimings(last()['server-timing'], performance.now() - started);
  });

  it('is on POST /api/<Action> answers', async () => {
    const out = await callAction(operatorClient(), 'CreateApiToken', { AccessKeyId: account.accessKeyId });
    const post = (token: string) =>
      fetch(`${sandbox().endpoint}/api/DescribeRegions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: '{}',
      });
    const ok = await timedCall(() => post(String(out.Token)));
    expect(ok.result.status).toBe(200);
    expectTimings(ok.result.headers.get('server-timing') ?? undefined, ok.ms);

    const refused = await timedCall(() => post('sbx_nothing'));
    expect(refused.result.status).toBe(401);
    expectTimings(refused.result.headers.get('server-timing') ?? undefined, refused.ms);
  });
});
