import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local';
import { startOffline, type Offline } from './offline';
import { buildConsole } from './console-build';
import { prebuildForStack } from './prebuild';
import { startTicker, type Ticker } from './ticker';
import type { DefaultAccount } from './seed';
import { prepareSecretsKey } from './secrets-key';
import type { TableNames } from './tables';

/**
 * What the start-up needs only once DynamoDB Local answers (the AWS SDK, the store): loaded after
 * its JVM is spawned, so the two overlap on a 2-core machine instead of the JVM waiting for them.
 */
const loadTableSteps = () =>
  Promise.all([import('@aws-sdk/client-dynamodb'), import('./tables'), import('./seed'), import('./recover')]).then(([sdk, tables, seed, recover]) => ({
    DynamoDBClient: sdk.DynamoDBClient,
    ...tables,
    ...seed,
    ...recover,
  }));

/**
 * The whole local sandbox: DynamoDB Local, the tables, the default account,
 * then serverless-offline. Used by `npm start`, the test harness and the benchmark.
 */
export interface StackOptions {
  root: string;
  httpPort: number;
  lambdaPort: number;
  dynamoPort: number;
  /** null: in memory. */
  dataDir: string | null;
  stage?: string;
  admin: { accessKeyId: string; accessKeySecret: string };
  defaultAccount: DefaultAccount;
  /** Extra environment for the handlers (transition times and such). */
  env?: Record<string, string>;
  echo?: boolean;
  /**
   * Where the handlers are bundled, relative to root. Default: a folder of this stack's own
   * (`.build/offline-<httpPort>`), so stacks started side by side (tests, npm start) never
   * delete each other's bundles.
   */
  buildDir?: string;
  /** Skip the bundling step when a previous start already built into `buildDir`. */
  prebuilt?: boolean;
  log?: (line: string) => void;
  /**
   * Run the due-time ticker (scripts/lib/ticker.ts) once a second. Default on; the stack test
   * suite turns it off so RunScheduledJobs reports stay deterministic, and starts one itself
   * where it measures due times.
   */
  ticker?: boolean;
}

export interface Stack {
  endpoint: string;
  dynamoEndpoint: string;
  /** serverless-offline's Lambda Invoke endpoint (the ticker's way in). */
  lambdaEndpoint: string;
  tables: TableNames;
  /** A bearer token for the default account's key, issued at this start (for `/api/<Action>` and curl). */
  apiToken: string;
  /** The web console, signed in as the default account (the token rides in the fragment, never sent to the server). */
  consoleUrl: string;
  /** Whether this start created the default account or found it in the data folder. */
  defaultAccount: 'created' | 'kept';
  offline: Offline;
  dynamo: DynamoDbLocal;
  /** Undefined when started with `ticker: false`. */
  ticker?: Ticker;
  timings: Record<string, number>;
  stop: () => Promise<void>;
}

export async function startStack(opts: StackOptions): Promise<Stack> {
  const log = opts.log ?? (() => undefined);
  const stage = opts.stage ?? 'local';
  const timings: Record<string, number> = {};
  const t0 = Date.now();
  const buildDir = opts.buildDir ?? `.build/offline-${opts.httpPort}`;
  const buildPromise = opts.prebuilt ? Promise.resolve({ entries: 0, ms: 0 }) : prebuildForStack(opts.root, join(opts.root, buildDir));
  // Awaited after DynamoDB Local is up; a bundling error meanwhile must not crash the process
  // (that would leave DynamoDB Local's java running): it is rethrown by that await.
  buildPromise.catch(() => undefined);
  // The web console builds beside the handlers (or is found already built for these sources).
  const consolePromise = buildConsole(opts.root);
  consolePromise.catch(() => undefined);
  // Access key secrets are sealed with a key kept beside the data (README "Security").
  const secretsKeyFile = prepareSecretsKey(opts.dataDir ?? join(opts.root, buildDir));
  const dynamoPromise = startDynamoDbLocal({ port: opts.dynamoPort, dataDir: opts.dataDir });
  dynamoPromise.catch(() => undefined);
  const tableStepsPromise = loadTableSteps();
  tableStepsPromise.catch(() => undefined);
  // serverless-offline starts alongside DynamoDB Local (its own start is the longest step on a busy
  // machine): its stream reader waits for the state table with DescribeTable's waiter, the handlers
  // connect on demand, and nothing calls in before the stack answers ready below.
  const offlinePromise = (async () => {
    const built = await buildPromise;
    // In memory, the stream position of a previous run points into a stream that is gone; a
    // reused bundle folder must not hand it on.
    if (!opts.dataDir) rmSync(join(opts.root, buildDir, 'stream-checkpoint.json'), { force: true });
    timings.prebuildMs = built.ms;
    if (built.entries) log(`bundled ${built.entries} handlers in ${built.ms} ms`);
    else if ('reused' in built && built.reused) {
      timings.prebuildReused = 1;
      log('sources unchanged: reusing the last bundle');
    }
    const consoleBuild = await consolePromise;
    timings.consoleBuildMs = consoleBuild.ms;
    log(consoleBuild.cached ? 'web console already built for these sources' : `built the web console in ${consoleBuild.ms} ms`);
    const started = await startOffline({
      root: opts.root,
      prebuiltDir: buildDir,
      httpPort: opts.httpPort,
      lambdaPort: opts.lambdaPort,
      dynamoPort: opts.dynamoPort,
      stage,
      echo: opts.echo ?? false,
      env: {
        // The stream position belongs with the data it points into.
        SANDBOX_STREAM_CHECKPOINT_FILE: opts.dataDir ? join(opts.dataDir, 'stream-checkpoint.json') : join(opts.root, buildDir, 'stream-checkpoint.json'),
        SANDBOX_ADMIN_ACCESS_KEY_ID: opts.admin.accessKeyId,
        SANDBOX_ADMIN_ACCESS_KEY_SECRET: opts.admin.accessKeySecret,
        SANDBOX_DEFAULT_ACCOUNT_ID: opts.defaultAccount.accountId,
        SANDBOX_CONSOLE_DIR: consoleBuild.dir,
        SANDBOX_SECRETS_KEY_FILE: secretsKeyFile,
        // Local receivers listen on loopback: allowed here, refused when deployed (README "Events and webhooks").
        SANDBOX_WEBHOOK_ALLOW_PRIVATE: process.env.SANDBOX_WEBHOOK_ALLOW_PRIVATE ?? '1',
        // One tick per invocation: the ticker below calls it once a second.
        SANDBOX_DUE_TICK_LOOP_SECONDS: '0',
        ...(opts.env ?? {}),
      },
    });
    timings.offlineHealthyMs = Date.now() - t0;
    return started;
  })();
  offlinePromise.catch(() => undefined);
  let dynamo: DynamoDbLocal;
  try {
    dynamo = await dynamoPromise;
  } catch (e) {
    await (await offlinePromise.catch(() => undefined))?.stop();
    throw e;
  }
  timings.dynamodbLocalMs = Date.now() - t0;
  log(`DynamoDB Local on ${dynamo.endpoint} (${opts.dataDir ? `data in ${opts.dataDir}` : 'in memory'})`);
  let offline: Offline | undefined;
  try {
    const { DynamoDBClient, ensureTables, tableNamesForStage, seedDefaultAccount, recoverAtStart } = await tableStepsPromise;
    const client = new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const tables = tableNamesForStage(stage);
    // Kept with the data: a folder whose tables were brought up to these definitions skips the check.
    const tablesChecked = await ensureTables(client, tables, { markerFile: opts.dataDir ? join(opts.dataDir, 'tables-ensured') : undefined });
    if (tablesChecked === 'known') timings.tablesKnown = 1;
    // Independent: the default account's items and the interrupted units of work (whose batch
    // items are older than this start) never overlap.
    const [seeded, recovered] = await Promise.all([
      seedDefaultAccount(client, tables.state, opts.defaultAccount),
      recoverAtStart(client, tables.state, tables.views, t0),
    ]);
    if (recovered.rolledForward || recovered.removed) {
      log(`recovered interrupted units of work: ${recovered.rolledForward} finished, ${recovered.removed} removed`);
    }
    client.destroy();
    timings.tablesReadyMs = Date.now() - t0;
    log(`tables ready; default account ${opts.defaultAccount.accountId} ${seeded.outcome}`);
    offline = await offlinePromise;
    timings.readyMs = Date.now() - t0;
    const started = offline;
    const lambdaEndpoint = `http://127.0.0.1:${opts.lambdaPort}`;
    const ticker = opts.ticker === false ? undefined : startTicker({ lambdaEndpoint, stage });
    return {
      endpoint: started.baseUrl,
      dynamoEndpoint: dynamo.endpoint,
      lambdaEndpoint,
      ticker,
      tables,
      apiToken: seeded.apiToken,
      consoleUrl: `${started.baseUrl}/console/#token=${seeded.apiToken}&account=${opts.defaultAccount.accountId}`,
      defaultAccount: seeded.outcome,
      offline: started,
      dynamo,
      timings,
      stop: async () => {
        await ticker?.stop();
        await started.stop();
        await dynamo.stop();
      },
    };
  } catch (e) {
    await (offline ?? (await offlinePromise.catch(() => undefined)))?.stop();
    await dynamo.stop();
    throw e;
  }
}
