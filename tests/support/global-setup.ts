import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startStack, type Stack } from '../../scripts/lib/stack';
import { freePort } from './ports';
import { TEST_SETTINGS } from './settings';

let stack: Stack | undefined;

/** Starts one in-memory sandbox on free ports for the integration and end-to-end tests. */
export default async function setup(project: TestProject) {
  const [httpPort, lambdaPort, dynamoPort] = [await freePort(), await freePort(), await freePort()];
  stack = await startStack({
    root: join(__dirname, '../..'),
    httpPort,
    lambdaPort,
    dynamoPort,
    dataDir: null,
    ...TEST_SETTINGS,
    // RunScheduledJobs reports must not race a ticker; tests/e2e/due-times.test.ts starts its own.
    ticker: false,
  });
  project.provide('stack', {
    endpoint: stack.endpoint,
    dynamoEndpoint: stack.dynamoEndpoint,
    lambdaEndpoint: stack.lambdaEndpoint,
    stateTable: stack.tables.state,
    viewsTable: stack.tables.views,
    consoleUrl: stack.consoleUrl,
  });
  return async () => {
    await stack?.stop();
    rmSync(join(__dirname, '../..', `.build/offline-${httpPort}`), { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    stack: { endpoint: string; dynamoEndpoint: string; lambdaEndpoint: string; stateTable: string; viewsTable: string; consoleUrl: string };
  }
}
