import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { Ecs, ecsClient } from '../support/ecs-client';
import { sandbox } from '../support/sandbox';
import { TEST_SETTINGS } from '../support/settings';

/**
 * Keep-alive as clients expect (scripts/serverless/keep-alive.js): idle connections stay open
 * at least 65 s and are then closed cleanly (FIN, not RST), and the official SDK, unmodified,
 * calls after 12 s and 70 s of idle without `ECONNRESET socket hang up`. It waits in real time
 * (about 85 s), hence tests/tools (`npm run test:tools`), not `npm test`; the fast stack suite
 * checks the announced `Keep-Alive: timeout=75` (tests/e2e/request-safety.test.ts).
 */
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One keep-alive socket to the sandbox: send a request, read one response (by Content-Length). */
class RawConnection {
  private buffer = '';
  private waiters: (() => void)[] = [];
  ended = false;
  reset = false;
  readonly socket: net.Socket;

  constructor(host: string, port: number) {
    this.socket = net.connect({ host, port });
    this.socket.on('data', (d) => {
      this.buffer += d.toString();
      this.waiters.splice(0).forEach((w) => w());
    });
    this.socket.on('end', () => (this.ended = true));
    this.socket.on('error', (e: NodeJS.ErrnoException) => (this.reset = e.code === 'ECONNRESET'));
  }

  async health(): Promise<number> {
    this.buffer = '';
    this.socket.write('GET /health HTTP/1.1\r\nHost: sandbox\r\nConnection: keep-alive\r\n\r\n');
    for (;;) {
      const head = this.buffer.indexOf('\r\n\r\n');
      const length = Number(/content-length: (\d+)/i.exec(this.buffer)?.[1] ?? -1);
      if (head >= 0 && length >= 0 && this.buffer.length >= head + 4 + length) return Number(this.buffer.slice(9, 12));
      if (this.ended) throw new Error('the server closed the connection');
      await new Promise<void>((r) => this.waiters.push(r));
    }
  }
}

describe('keep-alive', () => {
  it('keeps an idle connection 70 s, closes it cleanly later, and the official SDK sees no error after 12 s and 70 s of idle', async () => {
    const { hostname, port } = new URL(sandbox().endpoint);
    const raw = new RawConnection(hostname, Number(port));
    expect(await raw.health()).toBe(200);

    const client = ecsClient(sandbox().endpoint, TEST_SETTINGS.defaultAccount);
    const call = async () => (await client.describeRegions(new Ecs.DescribeRegionsRequest({}))).statusCode;
    expect(await call()).toBe(200);
    await sleep(12_000);
    expect(await call()).toBe(200);
    await sleep(58_000);
    // 70 s after its last request the raw connection is still open and serves another one.
    expect(raw.ended).toBe(false);
    expect(await raw.health()).toBe(200);
    expect(await call()).toBe(200);
    // Idle past the server's 75 s, it is closed with a FIN, not reset.
    const closed = Date.now();
    while (!raw.ended && Date.now() - closed < 90_000) await sleep(500);
    expect(raw.ended).toBe(true);
    expect(raw.reset).toBe(false);
    raw.socket.destroy();
  }, 240_000);
});
