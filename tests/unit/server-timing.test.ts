import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { setTimeout as sleep } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import { describe, expect, it, vi } from 'vitest';
import { middyOptions } from '../../shared/middleware/middy-options';
import { renderErrors } from '../../shared/middleware/render-errors';
import { requestGuards } from '../../shared/middleware/request-guards';
import { serverTiming } from '../../shared/middleware/server-timing';
import { MAX_BODY_BYTES } from '../../shared/protocol/request-guards';
import { RequestTiming, timed, timedSync } from '../../shared/platform/request-timing';

/** `name;dur=1.23, …` → { name: 1.23 }. */
function parse(header: string | undefined): Record<string, number> {
  expect(header).toBeTypeOf('string');
  return Object.fromEntries(
    header!.split(',').map((entry) => {
      const [name, dur] = entry.trim().split(';');
      expect(dur).toMatch(/^dur=\d+\.\d\d$/);
      return [name!, Number(dur!.slice(4))];
    }),
  );
}

const STAGES = ['auth', 'read', 'settle', 'app', 'write', 'render'];

/** The stages are counted once each: they add up to the total (each is rounded to 0.01 ms). */
function expectAddsUp(m: Record<string, number>) {
  expect(Object.keys(m)).toEqual([...STAGES, 'total']);
  const sum = STAGES.reduce((s, k) => s + m[k]!, 0);
  expect(Math.abs(sum - m.total!)).toBeLessThanOrEqual(0.05);
}

/** A door shaped like the real ones: timing first, another async middleware, errors rendered. */
function door(work: (event: { readMs: number; fail?: boolean }) => Promise<void>) {
  return middy(async (event: { readMs: number; fail?: boolean }): Promise<APIGatewayProxyStructuredResultV2> => {
    await work(event);
    if (event.fail) throw new Error('boom');
    return timedSync('render', () => ({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{}' }));
  }, middyOptions)
    .use(serverTiming())
    .use({ before: async () => void (await sleep(1)) })
    .use(renderErrors(() => ({ statusCode: 500, headers: { 'x-kind': 'rendered' }, body: 'error' })));
}

const invoke = (h: ReturnType<typeof door>, event: { readMs: number; fail?: boolean }) => h(event, {} as Context);

describe('Server-Timing', () => {
  it('charges each instant once, to the innermost stage active (sandbox-made clock)', () => {
    let now = 1000;
    const clock = vi.spyOn(performance, 'now').mockImplementation(() => now);
    try {
      const t = new RequestTiming();
      now += 2; // app: reading the wire
      t.enter('auth');
      now += 1; // auth: the signature
      t.enter('read');
      now += 4; // read: the access key, inside auth
      t.leave('read');
      t.leave('auth');
      t.enter('read');
      now += 3;
      t.enter('read'); // a second read in flight at once: counted once
      now += 5;
      t.leave('read');
      now += 1;
      t.leave('read');
      t.enter('settle');
      now += 0.5;
      t.leave('settle');
      t.enter('write');
      now += 6;
      t.leave('write');
      t.enter('render');
      now += 0.5;
      t.leave('render');
      expect(t.snapshot()).toEqual({ stages: { auth: 1, read: 13, settle: 0.5, app: 2, write: 6, render: 0.5 }, total: 23 });
      expect(t.header()).toBe('auth;dur=1.00, read;dur=13.00, settle;dur=0.50, app;dur=2.00, write;dur=6.00, render;dur=0.50, total;dur=23.00');
    } finally {
      clock.mockRestore();
    }
  });

  it('is on every answer of a door, and the stages add up to the total', async () => {
    const h = door(async (e) => {
      await timed('auth', async () => {
        await sleep(2);
        await timed('read', () => sleep(e.readMs));
      });
      await Promise.all([timed('read', () => sleep(e.readMs)), timed('read', () => sleep(e.readMs))]);
    });
    const res = await invoke(h, { readMs: 20 });
    expect(res.statusCode).toBe(200);
    expect(res.headers?.['content-type']).toBe('application/json');
    const m = parse(res.headers?.['server-timing'] as string);
    expectAddsUp(m);
    expect(m.read).toBeGreaterThanOrEqual(38);
    expect(m.write).toBe(0);
  });

  it('keeps concurrent requests apart', async () => {
    const reads = door(async (e) => timed('read', () => sleep(e.readMs)));
    const writes = door(async (e) => timed('write', () => sleep(e.readMs)));
    const answers = await Promise.all([reads, writes, reads, writes].map((h) => invoke(h, { readMs: 15 })));
    const m = answers.map((r) => parse(r.headers?.['server-timing'] as string));
    for (const one of m) expectAddsUp(one);
    for (const i of [0, 2]) {
      expect(m[i]!.read).toBeGreaterThanOrEqual(13);
      expect(m[i]!.write).toBe(0);
    }
    for (const i of [1, 3]) {
      expect(m[i]!.write).toBeGreaterThanOrEqual(13);
      expect(m[i]!.read).toBe(0);
    }
  });

  it('is on rendered errors too', async () => {
    const h = door(async (e) => timed('read', () => sleep(e.readMs)));
    const res = await invoke(h, { readMs: 10, fail: true });
    expect(res.statusCode).toBe(500);
    expect(res.headers?.['x-kind']).toBe('rendered');
    const m = parse(res.headers?.['server-timing'] as string);
    expectAddsUp(m);
    expect(m.read).toBeGreaterThanOrEqual(8);
  });

  it('is on an answer a before middleware ends the chain with (the 413 of an oversized body)', async () => {
    const h = middy(async (): Promise<APIGatewayProxyStructuredResultV2> => ({ statusCode: 200 }), middyOptions)
      .use(serverTiming())
      .use(requestGuards());
    const event = { body: 'x'.repeat(MAX_BODY_BYTES + 1), isBase64Encoded: false } as unknown as APIGatewayProxyEventV2;
    const res = await h(event, {} as Context);
    expect(res.statusCode).toBe(413);
    expectAddsUp(parse(res.headers?.['server-timing'] as string));
  });

  it('runs the work unchanged outside a timed request (jobs, stream batches)', async () => {
    await expect(timed('read', async () => 7)).resolves.toBe(7);
    expect(timedSync('render', () => 'x')).toBe('x');
  });
});
