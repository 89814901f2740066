import { spawn } from 'node:child_process';
import { createServer as createHttpServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { exitedAtStart, portInUse, startDynamoDbLocal } from '../../scripts/lib/dynamodb-local';
import { processListensOn } from '../../scripts/lib/port-owner';
import { freePort } from '../support/ports';

/**
 * DynamoDB Local's port (scripts/lib/dynamodb-local.ts): a port something already listens on is
 * refused with a plain message, never taken for a DynamoDB Local that answers.
 */
let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** A listener that answers every request 200 with ListTables' shape: what a stale DynamoDB Local (another sandbox's) answers. */
async function impostor(port: number, host?: string): Promise<void> {
  server = createHttpServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/x-amz-json-1.0' });
    res.end('{"TableNames":[]}');
  });
  await new Promise<void>((resolve) => server!.listen(port, host, () => resolve()));
}

describe('startDynamoDbLocal and a port already in use', () => {
  it('refuses a port another process answers on, naming the port and the way out, and starts no JVM', async () => {
    const port = await freePort();
    await impostor(port, '127.0.0.1');
    // No java on PATH: had the start gone past the port check, it would fail with "Java was not found".
    const path = process.env.PATH;
    process.env.PATH = '';
    const refusal = await startDynamoDbLocal({ port, dataDir: null })
      .then(
        (d) => d.stop().then(() => undefined),
        (e: Error) => e.message,
      )
      .finally(() => (process.env.PATH = path));
    expect(refusal).toContain(`Port ${port} is already in use`);
    expect(refusal).toContain('SANDBOX_DYNAMODB_PORT');
  });

  it('sees a listener on any address: the wildcard one too', async () => {
    const port = await freePort();
    expect(await portInUse(port)).toBe(false);
    await impostor(port);
    expect(await portInUse(port)).toBe(true);
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    expect(await portInUse(port)).toBe(false);
  });

  it('tells from /proc which process holds a listening port', async () => {
    const port = await freePort();
    expect(processListensOn(port, process.pid)).toBeUndefined(); // nobody listens yet
    await impostor(port, '127.0.0.1');
    expect(processListensOn(port, process.pid)).toBe(true);
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      expect(processListensOn(port, other.pid!)).toBe(false);
    } finally {
      other.kill();
    }
  });

  it('says plainly when the JVM itself lost the port', () => {
    const output = 'java.net.BindException: Address already in use\n\tat sun.nio.ch.Net.bind0(Native Method)';
    expect(exitedAtStart(8123, output)).toMatch(/^Port 8123 is already in use/);
    expect(exitedAtStart(8123, 'Error: Unable to access jarfile')).toMatch(/^DynamoDB Local exited at start:/);
  });
});
