import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressRefusal, classifyAddress } from '../../shared/domain/webhook-target';
import { assertDeliverable, guardedLookup, guardedPost, RefusedTarget } from '../../shared/projections/webhook-post';

/** Webhooks cannot be aimed inward (README "Events and webhooks"). */
let server: http.Server;
let port = 0;
let received = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    received++;
    req.resume();
    req.on('end', () => res.end('ok'));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('webhook targets', () => {
  it('classifies link-local, private and public addresses, IPv4-mapped IPv6 included', () => {
    expect(classifyAddress('169.254.169.254')).toBe('link-local');
    expect(classifyAddress('::ffff:169.254.169.254')).toBe('link-local');
    expect(classifyAddress('fe80::1')).toBe('link-local');
    for (const a of ['127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.1.1', '100.64.0.1', '0.0.0.0', '::1', 'fd00:ec2::254', '::ffff:127.0.0.1']) {
      expect(classifyAddress(a), a).toBe('private');
    }
    expect(classifyAddress('93.184.216.34')).toBe('public');
    expect(addressRefusal('169.254.169.254', true)).toMatch(/link-local/);
    expect(addressRefusal('127.0.0.1', true)).toBeUndefined();
    expect(addressRefusal('127.0.0.1', false)).toMatch(/SANDBOX_WEBHOOK_ALLOW_PRIVATE/);
  });

  it('never posts to 169.254.0.0/16, even with private targets allowed', async () => {
    await expect(guardedPost('http://169.254.169.254/latest/meta-data/', '{}', {}, true)).rejects.toBeInstanceOf(RefusedTarget);
    await expect(assertDeliverable('http://169.254.169.254/', true)).rejects.toMatchObject({ code: 'InvalidUrl.Forbidden', status: 400 });
    await expect(assertDeliverable('http://[::ffff:a9fe:a9fe]/', true)).rejects.toMatchObject({ code: 'InvalidUrl.Forbidden' });
  });

  it('posts to loopback only when private targets are allowed; refused, nothing reaches the receiver', async () => {
    const before = received;
    await expect(guardedPost(`http://127.0.0.1:${port}/hook`, '{}', {}, false)).rejects.toThrow(/Refused/);
    // A host name is checked on what it resolves to, at connection time.
    await expect(guardedPost(`http://localhost:${port}/hook`, '{}', {}, false)).rejects.toThrow(/Refused: localhost resolves to/);
    expect(received).toBe(before);
    await expect(guardedPost(`http://127.0.0.1:${port}/hook`, '{}', {}, true)).resolves.toEqual({ status: 200 });
    expect(received).toBe(before + 1);
    await expect(assertDeliverable(`http://localhost:${port}/`, false)).rejects.toMatchObject({ code: 'InvalidUrl.Forbidden' });
    await expect(assertDeliverable(`http://localhost:${port}/`, true)).resolves.toBeUndefined();
  });

  it('refuses a name whose DNS answer is link-local (as a changed answer at delivery would be)', async () => {
    const fakeDns = ((_h: string, _o: unknown, cb: (e: null, a: { address: string; family: number }[]) => void) =>
      cb(null, [{ address: '169.254.169.254', family: 4 }])) as never;
    const outcome = await new Promise<unknown>((resolve) => guardedLookup(true, fakeDns)('metadata.example', { all: true }, (err) => resolve(err)));
    expect(outcome).toBeInstanceOf(RefusedTarget);
  });
});
