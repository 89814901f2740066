import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { callAction } from '../support/ecs-client';
import { newAccount, operatorClient, sandbox } from '../support/sandbox';

/**
 * Raw HTTP fuzz of the three doors (`/`, `/ec2`, `/api/<Action>`): random methods, query strings
 * and bodies built from the shapes that broke servers before (names nested thousands deep, JSON
 * nested thousands deep, repeated names, bodies past the size limit, invalid UTF-8 and escapes,
 * odd content types), unsigned, badly signed and with a valid bearer token. Property: never a
 * 5xx. It prints how many requests it sent and the statuses it saw.
 */
const seen = new Map<number, number>();
let sent = 0;

/** A name `A.1.A.1…` of `max` parts at most (in a URL, up to ~3.6 KB: Node refuses request heads over 16 KB with 431). */
const deepName = (max: number) => fc.integer({ min: 1, max }).map((n) => Array(n).fill('A.1').join('.'));
const deepJson = fc.integer({ min: 1, max: 6000 }).map((n) => `{"RegionId":${'['.repeat(n)}${']'.repeat(n)}}`);
const name = (maxDepth: number) =>
  fc.oneof(
    fc.constantFrom('Action', 'Version', 'RegionId', 'InstanceId.1', 'Tag.1.Key', 'Signature', 'AccessKeyId', 'Filter.1.Value.1'),
    fc.string({ maxLength: 12 }),
    deepName(maxDepth),
  );
const value = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom('DescribeRegions', 'RunInstances', '2014-05-26', '2016-11-15', '%ZZ', '%', '\u0000', 'true'),
);
const pairs = (maxDepth: number) =>
  fc.array(fc.tuple(name(maxDepth), value), { maxLength: 8 }).map((list) => {
    const withDup = list.length > 0 && list.length % 3 === 0 ? [...list, list[0]!] : list;
    return withDup.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  });
const query = pairs(600);
const body = fc.oneof(
  { arbitrary: pairs(5000), weight: 4 },
  { arbitrary: deepJson, weight: 3 },
  { arbitrary: fc.json({ maxDepth: 4 }), weight: 3 },
  { arbitrary: fc.string({ maxLength: 200 }), weight: 2 },
  { arbitrary: fc.constantFrom('', '{', '[]', 'null', '{"__proto__":{"x":1}}', '\uD800'), weight: 2 },
  { arbitrary: fc.constant('x'.repeat(5 * 1024 * 1024)), weight: 1 },
);
const request = fc.record({
  door: fc.constantFrom('/', '/ec2', '/api/DescribeRegions', '/api/RunInstances', '/api/CreateWebhook', '/api/NoSuchAction'),
  method: fc.constantFrom('GET', 'POST', 'PUT'),
  query,
  body,
  contentType: fc.constantFrom('application/x-www-form-urlencoded', 'application/json', 'text/plain', ''),
  auth: fc.constantFrom('none', 'bearer', 'garbage'),
});

let token = '';

afterAll(() => {
  console.log(`raw HTTP fuzz: ${sent} requests, statuses ${JSON.stringify(Object.fromEntries([...seen].sort((a, b) => a[0] - b[0])))}`);
});

describe('raw HTTP fuzz of every door', () => {
  it('never answers 5xx', async () => {
    const account = await newAccount();
    token = String((await callAction(operatorClient(), 'CreateApiToken', { AccessKeyId: account.accessKeyId })).Token);
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const headers: Record<string, string> = {};
        if (r.contentType) headers['content-type'] = r.contentType;
        if (r.auth === 'bearer') headers.authorization = `Bearer ${token}`;
        if (r.auth === 'garbage') headers.authorization = 'ACS3-HMAC-SHA256 Credential=x,SignedHeaders=host,Signature=00';
        const withBody = r.method !== 'GET';
        const res = await fetch(`${sandbox().endpoint}${r.door}${r.query ? `?${r.query}` : ''}`, {
          method: r.method,
          headers,
          body: withBody ? r.body : undefined,
        });
        await res.arrayBuffer();
        sent++;
        seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
        expect(res.status, `${r.method} ${r.door}?${r.query.slice(0, 200)}`).toBeLessThan(500);
      }),
      { numRuns: 500 },
    );
  }, 600_000);
});
