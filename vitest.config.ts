import { defineConfig } from 'vitest/config';
import { SlowFirstSequencer } from './tests/support/slow-first-sequencer';

/**
 * Projects:
 * - unit: domain and protocol code, no I/O, run in parallel;
 * - stack: integration tests (DynamoDB Local) and end-to-end tests (the real
 *   SDKs over HTTP). The global setup starts one sandbox (DynamoDB Local +
 *   serverless-offline, in memory, free ports) per worker, STACK_WORKERS of
 *   them (fewer when the run has fewer files): two files run at once, each on
 *   a sandbox of its own, since the files of one sandbox share its clock and
 *   durations profile. Most of a stack file's time is waiting (on the stack,
 *   on timed state changes, on webhook deliveries), so two at once nearly
 *   halve the project's wall time even on 2 cores. It runs after the unit
 *   project (its own group). `npm test` runs these two: they need only Node,
 *   Java and npm packages.
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
/**
 * Sandboxes (and so files at once) of the stack project: two by default. The leaks between two
 * sandboxes that once failed files passing alone are fixed (docs/test-loop.md, "Two at once");
 * SANDBOX_TEST_WORKERS=1 runs one file at a time on one sandbox.
 */
const STACK_WORKERS = Math.max(1, Number(process.env.SANDBOX_TEST_WORKERS ?? 2) || 2);

export default defineConfig({
  test: {
    sequence: { sequencer: SlowFirstSequencer },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'stack',
          include: ['tests/integration/**/*.test.ts', 'tests/e2e/**/*.test.ts'],
          ...STACK_SUITE,
          fileParallelism: STACK_WORKERS > 1,
          maxWorkers: STACK_WORKERS,
          // Its own group: its worker count differs from the unit project's.
          sequence: { groupOrder: 1 },
        },
      },
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
