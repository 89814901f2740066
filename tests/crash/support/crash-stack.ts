import { appendFileSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { startStack, type Stack } from '../../../scripts/lib/stack';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import { callAction, EcsClient, type Credentials } from '../../support/ecs-client';
import { freePort } from '../../support/ports';
import { TEST_SETTINGS } from '../../support/settings';

/**
 * One sandbox on persistent storage (a temp folder) that a crash test kills
 * with SIGKILL, whole (serverless-offline's process group and DynamoDB Local's
 * java), and starts again on the same data. Two ways to crash it:
 * - `killAfter(ms)`: kill -9 of everything `ms` after a call was sent;
 * - `arm('<label>:<n>')`: the handler process kills itself at the n-th pass of a
 *   named point (shared/platform/crash-points.ts) once armed through the file
 *   SANDBOX_CRASH_FILE; `crashed()` then waits for that and kills the rest.
 */
export const OPERATOR: Credentials = TEST_SETTINGS.admin;

/** Progress lines with times, also in $SANDBOX_CRASH_PROGRESS (a file to follow while the suite runs). */
export function progress(line: string): void {
  const text = `${new Date().toISOString()} ${line}`;
  if (process.env.SANDBOX_CRASH_PROGRESS) appendFileSync(process.env.SANDBOX_CRASH_PROGRESS, `${text}\n`);
}

export class CrashStack {
  readonly dataDir = mkdtempSync(join(tmpdir(), 'sandbox-crash-'));
  private readonly crashFile = join(this.dataDir, 'crash-at');
  private readonly buildDir = `.build/crash-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  private built = false;
  stack?: Stack;
  operator!: InstanceType<typeof EcsClient>;
  doc!: DynamoDBDocumentClient;
  starts = 0;

  constructor(
    private readonly root: string,
    private readonly env: Record<string, string> = {},
  ) {}

  /** `ticker: false`: no due-time ticker this time (on by default, as `npm start`), so only the test's RunScheduledJobs does due work. */
  async start(opts: { ticker?: boolean } = {}): Promise<void> {
    this.disarm();
    const [httpPort, lambdaPort, dynamoPort] = [await freePort(), await freePort(), await freePort()];
    this.stack = await startStack({
      root: this.root,
      httpPort,
      lambdaPort,
      dynamoPort,
      dataDir: join(this.dataDir, 'db'),
      buildDir: this.buildDir,
      prebuilt: this.built,
      ticker: opts.ticker,
      ...TEST_SETTINGS,
      env: {
        ...TEST_SETTINGS.env,
        SANDBOX_CRASH_FILE: this.crashFile,
        // The releaseEffects job takes over a release record the stream has not applied after 1 s.
        SANDBOX_OUTBOX_GRACE_SECONDS: '1',
        SANDBOX_DEFAULT_POSTPAID_INSTANCE_QUOTA: '1000',
        SANDBOX_DEFAULT_CLOUD_DISK_QUOTA: '10000',
        ...this.env,
      },
    });
    this.built = true;
    this.starts++;
    progress(`stack started (${this.starts}) in ${((this.stack.timings.readyMs ?? 0) / 1000).toFixed(1)} s`);
    this.operator = this.client(OPERATOR);
    this.doc?.destroy();
    this.doc = DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint: this.stack.dynamoEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
    );
  }

  get tables() {
    return this.stack!.tables;
  }

  /** The official SDK, patient: a restarted stack works off its stream backlog on a busy 2-core machine. */
  client(creds: Credentials): InstanceType<typeof EcsClient> {
    return new EcsClient(
      new $OpenApiUtil.Config({
        ...creds,
        endpoint: this.stack!.endpoint.replace(/^https?:\/\//, ''),
        protocol: 'http',
        regionId: 'cn-hangzhou',
        connectTimeout: 180_000,
        readTimeout: 300_000,
      }),
    );
  }

  arm(spec: string): Promise<void> {
    writeFileSync(this.crashFile, spec);
    // The handler process reads the file at most every 200 ms.
    return new Promise((r) => setTimeout(r, 450));
  }

  disarm(): void {
    try {
      unlinkSync(this.crashFile);
    } catch {
      /* not armed */
    }
  }

  /** kill -9 of the whole stack, now. */
  async kill9(): Promise<void> {
    const s = this.stack;
    if (!s) return;
    this.stack = undefined;
    const offlineExit = exitOf(s.offline.process);
    const dynamoExit = exitOf(s.dynamo.process);
    try {
      process.kill(-s.offline.process.pid!, 'SIGKILL');
    } catch {
      /* the group is already gone */
    }
    s.dynamo.process.kill('SIGKILL');
    await Promise.all([offlineExit, dynamoExit]);
    progress('stack killed (SIGKILL)');
  }

  /** Wait (bounded) for the armed handler process to kill itself, then kill the rest of the stack. */
  async crashed(timeoutMs = 60_000): Promise<boolean> {
    const s = this.stack;
    if (!s) return true;
    const exited = exitOf(s.offline.process).then(() => true);
    const timedOut = new Promise<boolean>((r) => setTimeout(() => r(false), timeoutMs));
    const hit = await Promise.race([exited, timedOut]);
    this.disarm();
    await this.kill9();
    return hit;
  }

  async killAfter(ms: number, work: Promise<unknown>): Promise<void> {
    work.catch(() => undefined);
    await new Promise((r) => setTimeout(r, ms));
    await this.kill9();
  }

  async stop(): Promise<void> {
    this.disarm();
    await this.stack?.stop();
    this.stack = undefined;
    this.doc?.destroy();
  }

  cleanup(): void {
    rmSync(this.dataDir, { recursive: true, force: true });
    rmSync(join(this.root, this.buildDir), { recursive: true, force: true });
  }

  call(action: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    return callAction(this.operator, action, params);
  }
}

function exitOf(child: { exitCode: number | null; signalCode: string | null; once: (e: 'exit', f: () => void) => void }): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((r) => child.once('exit', () => r()));
}
