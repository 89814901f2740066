import { inject } from 'vitest';
import { callAction, ecsClient, type Credentials, type EcsClient } from './ecs-client';
import type { SandboxHandles } from './global-setup';
import { TEST_SETTINGS } from './settings';

/**
 * Handles on this worker's test sandbox: the global setup starts one per worker
 * (tests/support/global-setup.ts), and VITEST_POOL_ID (1..maxWorkers) is never held by two
 * running files at once, so a file has its sandbox to itself while it runs.
 */
export function sandbox(): SandboxHandles {
  const stacks = inject('stacks');
  const worker = Number(process.env.VITEST_POOL_ID ?? '1');
  const mine = stacks[worker - 1];
  // Sharing a sandbox with a file running beside it would make both flaky: fail loudly instead.
  if (!mine) throw new Error(`worker ${worker} has no sandbox of its own (${stacks.length} started)`);
  // Handlers a file runs in its own process (sample events, invoke local) open this sandbox's
  // secrets with this sandbox's key; the global setup leaves none behind for the workers.
  process.env.SANDBOX_SECRETS_KEY_FILE = mine.secretsKeyFile;
  return mine;
}

export const operatorCredentials: Credentials = TEST_SETTINGS.admin;

export function operatorClient(signing: 'v3' | 'v1' = 'v3'): EcsClient {
  return ecsClient(sandbox().endpoint, operatorCredentials, signing);
}

export interface TestAccount extends Credentials {
  accountId: string;
  client: EcsClient;
}

/** A fresh account (CreateAccount through the operator), so tests never see each other's resources. */
export async function newAccount(signing: 'v3' | 'v1' = 'v3'): Promise<TestAccount> {
  const out = (await callAction(operatorClient(), 'CreateAccount')) as {
    AccountId: string;
    AccessKeyId: string;
    AccessKeySecret: string;
  };
  const creds = { accessKeyId: out.AccessKeyId, accessKeySecret: out.AccessKeySecret };
  return { accountId: out.AccountId, ...creds, client: ecsClient(sandbox().endpoint, creds, signing) };
}

/** Moves the sandbox clock forward and runs every due scheduled job, as a user's test would. */
export async function advanceClock(seconds: number): Promise<void> {
  await callAction(operatorClient(), 'AdvanceSandboxClock', { Seconds: seconds });
}

export async function runScheduledJobs(): Promise<{ Name: string; Processed: number; Details: string[] }[]> {
  const out = (await callAction(operatorClient(), 'RunScheduledJobs')) as { Jobs: { Job: { Name: string; Processed: number; Details: string[] }[] } };
  return out.Jobs.Job;
}
