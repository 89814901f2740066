import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startStack, type Stack } from '../../scripts/lib/stack';
import { freePort } from './ports';
import { TEST_SETTINGS } from './settings';

export interface SandboxHandles {
  endpoint: string;
  dynamoEndpoint: string;
  lambdaEndpoint: string;
  stateTable: string;
  viewsTable: string;
  consoleUrl: string;
  /** The key this sandbox seals access key secrets with (a handler run in the test process needs it). */
  secretsKeyFile: string;
}

/**
 * Starts the in-memory sandboxes of a stack-type project on free ports: one per worker the
 * project may run at once (vitest.config.ts), never more than the run has files. A file leases
 * one for its run (tests/support/sandbox.ts, sandbox-lease.ts), so every sandbox still sees one
 * file at a time, as the files' shared clock and durations profile need.
 */
export default async function setup(project: TestProject) {
  const root = join(__dirname, '../..');
  const count = Math.max(1, Math.min(project.config.maxWorkers, filesOfThisRun(project) ?? Infinity));
  const started = await startInTurn(root, count);
  const stacks = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const stopAll = async () => {
    for (const { stack, buildDir } of stacks) {
      await stack.stop();
      rmSync(buildDir, { recursive: true, force: true });
    }
  };
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await stopAll();
    throw failed.reason;
  }
  // Each start names its secrets key to this process (scripts/lib/secrets-key.ts), so the variable
  // now holds the LAST sandbox's key, and every test worker would inherit it: a handler run in a
  // worker on another sandbox then could not open that sandbox's secrets (InvalidAccessKeyId).
  // sandbox() sets the worker's own instead.
  delete process.env.SANDBOX_SECRETS_KEY_FILE;
  project.provide(
    'stacks',
    stacks.map(({ stack, buildDir }) => ({
      endpoint: stack.endpoint,
      dynamoEndpoint: stack.dynamoEndpoint,
      lambdaEndpoint: stack.lambdaEndpoint,
      stateTable: stack.tables.state,
      viewsTable: stack.tables.views,
      consoleUrl: stack.consoleUrl,
      secretsKeyFile: join(buildDir, 'secrets.key'),
    })),
  );
  return stopAll;
}

/**
 * Starts `count` sandboxes, overlapping their starts but never their seeding: a start seals the
 * default account's secret with its own secrets key, which it names to this process through
 * process.env (scripts/lib/secrets-key.ts), so the next start begins only once the previous one
 * has logged that its tables and default account are ready (or has finished, however it ended).
 */
async function startInTurn(root: string, count: number): Promise<PromiseSettledResult<{ stack: Stack; buildDir: string }>[]> {
  const starts: Promise<{ stack: Stack; buildDir: string }>[] = [];
  let previousSeeded: Promise<unknown> = Promise.resolve();
  for (let i = 0; i < count; i++) {
    await previousSeeded;
    let seeded!: () => void;
    const seededNow = new Promise<void>((resolve) => (seeded = resolve));
    const start = startOne(root, (line) => {
      if (line.startsWith('tables ready')) seeded();
    });
    starts.push(start);
    previousSeeded = Promise.race([seededNow, start.catch(() => undefined)]);
  }
  return Promise.allSettled(starts);
}

async function startOne(root: string, log: (line: string) => void): Promise<{ stack: Stack; buildDir: string }> {
  const [httpPort, lambdaPort, dynamoPort] = [await freePort(), await freePort(), await freePort()];
  const stack = await startStack({
    root,
    httpPort,
    lambdaPort,
    dynamoPort,
    dataDir: null,
    ...TEST_SETTINGS,
    log,
    // RunScheduledJobs reports must not race a ticker; tests/e2e/due-times.test.ts starts its own.
    ticker: false,
  });
  return { stack, buildDir: join(root, `.build/offline-${httpPort}`) };
}

/** How many of this run's test files belong to the project (one file needs one sandbox); undefined when unknown. */
function filesOfThisRun(project: TestProject): number | undefined {
  // The run's files are recorded before the global setups run (vitest 4's TestRun.start).
  const files = project.vitest.state.getPaths().filter((file) => project.matchesTestGlob(file));
  return files.length > 0 ? files.length : undefined;
}

declare module 'vitest' {
  export interface ProvidedContext {
    stacks: SandboxHandles[];
  }
}
