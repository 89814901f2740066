import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as EcsModule from '@alicloud/ecs20140526';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import { EMPTY_BODY_SHA256, sha256Hex } from '../../shared/protocol/ecs/signature-v3';
import { checkTimestamp, readCredentials, verifySignature } from '../../shared/protocol/ecs/authenticate';
import { apiError, toSignedRequest, type Capture } from '../support/ecs-signed-requests';

// ---------------------------------------------------------------------------------------------
// The real official SDK, over HTTP, against a throwaway server.

describe('signatures produced by the official SDK (@alicloud/ecs20140526) verify', () => {
  let server: http.Server;
  let port = 0;
  const captures: Capture[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        captures.push({
          method: req.method ?? '',
          url: req.url ?? '',
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"RequestId":"X","Regions":{"Region":[]}}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  // ESM/CJS interop: the package is CommonJS with `exports.default = Client`.
  const EcsClient = ((EcsModule as unknown as { default: { default?: unknown } }).default.default ??
    (EcsModule as unknown as { default: unknown }).default) as typeof EcsModule.default;

  function client(signatureAlgorithm?: string) {
    return new EcsClient(
      new $OpenApiUtil.Config({
        accessKeyId: 'testid',
        accessKeySecret: 'testsecret',
        endpoint: `127.0.0.1:${port}`,
        protocol: 'http',
        ...(signatureAlgorithm ? { signatureAlgorithm } : {}),
      }),
    );
  }

  const special = "img 1*(x)!'~+&=/é";

  async function capture(call: () => Promise<unknown>): Promise<Capture> {
    const before = captures.length;
    await call();
    expect(captures.length).toBe(before + 1);
    return captures[captures.length - 1]!;
  }

  async function describeImages(signatureAlgorithm?: string) {
    return capture(() =>
      client(signatureAlgorithm).describeImages(new EcsModule.DescribeImagesRequest({ regionId: 'cn-hangzhou', imageName: special, pageSize: 10 })),
    );
  }

  async function runInstances(signatureAlgorithm?: string) {
    return capture(() =>
      client(signatureAlgorithm).runInstances(
        new EcsModule.RunInstancesRequest({
          regionId: 'cn-hangzhou',
          imageId: 'img 1*',
          instanceType: 'ecs.g7.large',
          amount: 2,
          securityGroupIds: ['sg-1', 'sg-2'],
          tag: [new EcsModule.RunInstancesRequestTag({ key: 'k (1)', value: "v*!'~ é" })],
          dataDisk: [new EcsModule.RunInstancesRequestDataDisk({ category: 'cloud_essd', size: 40 })],
        }),
      ),
    );
  }

  function expectVerifies(c: Capture, version: 'v1' | 'v3') {
    const req = toSignedRequest(c);
    const creds = readCredentials(req);
    expect(creds.version).toBe(version);
    expect(creds.accessKeyId).toBe('testid');
    expect(creds.nonce).toMatch(/^[0-9a-f]{32,64}$/);
    expect(() => checkTimestamp(creds.timestamp, Date.now())).not.toThrow();
    expect(() => verifySignature(req, creds, 'testsecret')).not.toThrow();
    const e = apiError(() => verifySignature(req, creds, 'wrongsecret'));
    expect(e.code).toBe('SignatureDoesNotMatch');
    return { req, creds, e };
  }

  it('V3 (default): DescribeImages with special characters', async () => {
    const c = await describeImages();
    expect(c.method).toBe('POST');
    expect(c.body).toBe('');
    expect(c.headers['x-acs-content-sha256']).toBe(EMPTY_BODY_SHA256);
    expect(String(c.headers.authorization)).toMatch(/^ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host;/);
    // Node's querystring leaves !'()* raw, then the SDK's HTTP layer (httpx -> url.parse) auto-escapes
    // the quote only: on the wire it is !()* raw and ' as %27. The server must decode + re-encode.
    expect(c.url).toContain('ImageName=img%201*(x)!%27~%2B%26%3D%2F%C3%A9');
    const { req } = expectVerifies(c, 'v3');
    expect(req.query.ImageName).toBe(special);
    // tampered x-acs-content-sha256 on a real capture
    const tampered = toSignedRequest({ ...c, headers: { ...c.headers, 'x-acs-content-sha256': sha256Hex('x') } });
    expect(apiError(() => verifySignature(tampered, readCredentials(tampered), 'testsecret')).message).toContain('x-acs-content-sha256');
  });

  it('V3 (default): RunInstances with tags, repeat lists and data disks', async () => {
    const c = await runInstances();
    const { req } = expectVerifies(c, 'v3');
    expect(req.query['Tag.1.Key']).toBe('k (1)');
    expect(req.query['SecurityGroupIds.2']).toBe('sg-2');
  });

  it("V1 (signatureAlgorithm: 'v2'): DescribeImages with special characters", async () => {
    const c = await describeImages('v2');
    expect(c.headers.authorization).toBeUndefined();
    const { req, e } = expectVerifies(c, 'v1');
    expect(req.query.SignatureMethod).toBe('HMAC-SHA1');
    expect(req.query.ImageName).toBe(special);
    expect(e.message).toContain('server string to sign is:POST&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeImages');
  });

  it("V1 (signatureAlgorithm: 'v2'): RunInstances with tags", async () => {
    const c = await runInstances('v2');
    const { req } = expectVerifies(c, 'v1');
    expect(req.query['Tag.1.Value']).toBe("v*!'~ é");
  });
});
