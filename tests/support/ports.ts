import { createServer } from 'node:net';

/**
 * Ports this process has handed out: the OS may give the same ephemeral port again once its
 * probe server is closed, and two ports of one sandbox (HTTP and Lambda) must differ.
 */
const handedOut = new Set<number>();

function probePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** A TCP port that was free a moment ago on 127.0.0.1, never one this process handed out before. */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await probePort();
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}
