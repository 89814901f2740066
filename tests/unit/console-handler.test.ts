import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler } from '../../functions/gateway/console';

/** `GET /console/{proxy+}`: the built files, index.html for anything else, nothing outside the build folder. */
const base = mkdtempSync(join(tmpdir(), 'console-handler-'));
const dir = join(base, 'dist');
const get = async (proxy?: string) => {
  const event = { pathParameters: proxy === undefined ? undefined : { proxy } } as unknown as APIGatewayProxyEventV2;
  const res = await handler(event, {} as Context);
  return { ...res, headers: res.headers as Record<string, string> };
};

beforeAll(() => {
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>console</title>');
  writeFileSync(join(dir, 'assets/app-abc.js'), 'console.log(1)');
  writeFileSync(join(dir, 'assets/logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  writeFileSync(join(base, 'secret.txt'), 'not for you');
  process.env.SANDBOX_CONSOLE_DIR = dir;
});
afterAll(() => {
  delete process.env.SANDBOX_CONSOLE_DIR;
  rmSync(base, { recursive: true, force: true });
});

describe('console static files', () => {
  it('serves index.html at /console, revalidated on every load', async () => {
    const res = await get();
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.body).toContain('<title>console</title>');
  });

  it('serves hashed assets with their type, cached for good, and binary files base64-encoded', async () => {
    const js = await get('assets/app-abc.js');
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toContain('immutable');
    expect(js.body).toBe('console.log(1)');
    const png = await get('assets/logo.png');
    expect(png.isBase64Encoded).toBe(true);
    expect(Buffer.from(png.body!, 'base64')).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  });

  it('answers index.html for unknown paths and for paths that climb out of the build folder', async () => {
    for (const p of ['instances/i-123', '../secret.txt', 'assets/../../secret.txt']) {
      const res = await get(p);
      expect(res.statusCode, p).toBe(200);
      expect(res.body, p).not.toContain('not for you');
      expect(res.body, p).toContain('<title>console</title>');
    }
  });

  it('says plainly when the console has not been built', async () => {
    process.env.SANDBOX_CONSOLE_DIR = join(base, 'missing');
    try {
      const res = await get();
      expect(res.statusCode).toBe(503);
      expect(res.body).toContain('not built');
    } finally {
      process.env.SANDBOX_CONSOLE_DIR = dir;
    }
  });
});
