import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { stopProcessGroup } from './process-group';

/**
 * serverless-offline over the pre-built handlers, with schedules and streams
 * on (the stream plugin polls DynamoDB Local, so the tables must exist first).
 */
export interface Offline {
  process: ChildProcess;
  baseUrl: string;
  stop: () => Promise<void>;
  output: () => string;
}

export interface OfflineOptions {
  root: string;
  prebuiltDir: string;
  httpPort: number;
  lambdaPort: number;
  dynamoPort: number;
  stage: string;
  env: Record<string, string>;
  /** Echo offline's own output to this process's (npm start) or keep it for error reports (tests). */
  echo: boolean;
}

export async function startOffline(opts: OfflineOptions): Promise<Offline> {
  const child = spawn(
    process.execPath,
    [
      // The official SDK sends RPC parameters in the query string: 32 KB of user data (the documented
      // RunInstances limit) is a 44 KB URL, over Node's default 16 KB header limit.
      '--max-http-header-size=131072',
      // serverless-esbuild has nothing to do over the prebuilt bundle: not loaded (about 1.2 s of CPU).
      '--require',
      join(opts.root, 'scripts/serverless/skip-packaging-plugins.js'),
      join(opts.root, 'node_modules/serverless/bin/serverless.js'),
      'offline',
      'start',
      '--stage',
      opts.stage,
    ],
    {
      cwd: opts.root,
      // A process group of its own, so stopping it also stops anything it started.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        ...opts.env,
        SANDBOX_PREBUILT: 'true',
        SANDBOX_OFFLINE_LOCATION: opts.prebuiltDir,
        SANDBOX_HTTP_PORT: String(opts.httpPort),
        SANDBOX_LAMBDA_PORT: String(opts.lambdaPort),
        SANDBOX_DYNAMODB_PORT: String(opts.dynamoPort),
        SANDBOX_DYNAMODB_ENDPOINT: `http://127.0.0.1:${opts.dynamoPort}`,
        SLS_TELEMETRY_DISABLED: '1',
        SLS_NOTIFICATIONS_MODE: 'off',
      },
    },
  );
  let output = '';
  const keep = (d: Buffer) => {
    output += d.toString();
    if (output.length > 200_000) output = output.slice(-100_000);
    if (opts.echo) process.stdout.write(d);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((res) => child.once('exit', () => res()));
  const baseUrl = `http://127.0.0.1:${opts.httpPort}`;
  const stop = () => stopProcessGroup(child, exited);
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`serverless-offline exited at start:\n${output.slice(-5000)}`);
    try {
      const res = await fetch(`${baseUrl}/health`);
      if (res.status === 200) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`serverless-offline was not healthy within 180 s:\n${output.slice(-5000)}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  return { process: child, baseUrl, stop, output: () => output };
}
