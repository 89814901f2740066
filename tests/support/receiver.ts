import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A webhook receiver on loopback, as an automation author would write one:
 * it verifies `X-Sandbox-Signature` over "<timestamp>.<raw body>" and keeps
 * what it received. `down()` closes it (the sandbox must retry), `up()`
 * reopens it on the same port.
 */
export interface Delivery {
  eventId: string;
  timestamp: string;
  signatureValid: boolean;
  /** Real time (ms) the POST arrived. */
  receivedAt: number;
  body: {
    EventId: string;
    EventName: string;
    EventTime: string;
    AccountId: string;
    RegionId: string;
    ResourceType: string;
    ResourceId: string;
    Detail: Record<string, unknown>;
  };
}

export class Receiver {
  readonly deliveries: Delivery[] = [];
  private server?: http.Server;
  port = 0;

  constructor(private readonly secret: string) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/hook`;
  }

  async up(): Promise<void> {
    this.server = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        const timestamp = String(req.headers['x-sandbox-timestamp'] ?? '');
        const expected = `v1=${createHmac('sha256', this.secret).update(`${timestamp}.${raw}`).digest('hex')}`;
        this.deliveries.push({
          eventId: String(req.headers['x-sandbox-event-id'] ?? ''),
          timestamp,
          signatureValid: req.headers['x-sandbox-signature'] === expected,
          receivedAt: Date.now(),
          body: JSON.parse(raw),
        });
        res.statusCode = 204;
        res.end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async down(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  names(resourceId?: string): string[] {
    return this.deliveries.filter((d) => !resourceId || d.body.ResourceId === resourceId).map((d) => d.body.EventName);
  }
}

/** Poll until `check` returns a value (not undefined) or the time runs out. */
export async function eventually<T>(check: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}
