import { defineConfig } from 'vitest/config';

/**
 * Projects:
 * - unit: domain and protocol code, no I/O, run in parallel;
 * - stack: integration tests (DynamoDB Local) and end-to-end tests (the real
 *   SDKs over HTTP). One sandbox (DynamoDB Local + serverless-offline, in
 *   memory, free ports) is started for the whole project by the global setup;
 *   files run one after another because they share the sandbox clock.
 *   `npm test` runs these two: they need only Node, Java and npm packages.
 * - tools: the same kind of tests, driving software a fresh machine lacks
 *   (Debian's awscli 2, Ansible, python's boto3); `npm run test:tools`.
 * - browser: the web console in Debian's chromium; `npm run test:browser`.
 * - crash: kill -9 of the whole stack at chosen points; `npm run test:crash`
 *   (each test starts and kills its own stacks on persistent storage).
 * .ci/run installs what the last three need and runs all of them.
 */
const STACK_SUITE = {
  globalSetup: ['tests/support/global-setup.ts'],
  fileParallelism: false,
  testTimeout: 120_000,
  hookTimeout: 180_000,
};

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
      { test: { name: 'stack', include: ['tests/integration/**/*.test.ts', 'tests/e2e/**/*.test.ts'], ...STACK_SUITE } },
      { test: { name: 'tools', include: ['tests/tools/**/*.test.ts'], ...STACK_SUITE } },
      { test: { name: 'browser', include: ['tests/browser/**/*.test.ts'], ...STACK_SUITE } },
      {
        test: {
          name: 'crash',
          include: ['tests/crash/**/*.test.ts'],
          globalSetup: ['tests/crash/support/tally.ts'],
          fileParallelism: false,
          testTimeout: 600_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
