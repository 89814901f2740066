import { defineConfig } from 'vitest/config';

/**
 * Two projects:
 * - unit: domain and protocol code, no I/O, run in parallel;
 * - stack: integration tests (DynamoDB Local) and end-to-end tests (the real
 *   SDKs and CLIs over HTTP). One sandbox (DynamoDB Local + serverless-offline,
 *   in memory, free ports) is started for the whole project by the global
 *   setup; files run one after another because they share the sandbox clock.
 */
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
      {
        test: {
          name: 'stack',
          include: ['tests/integration/**/*.test.ts', 'tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/support/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
