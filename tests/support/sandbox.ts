import { dirname } from 'node:path';
import { inject } from 'vitest';
import { callAction, ecsClient, type Credentials, type EcsClient } from './ecs-client';
import type { SandboxHandles } from './global-setup';
import { sleepSync, tryLease } from './sandbox-lease';
import { TEST_SETTINGS } from './settings';

/** How long a file waits for a sandbox while every one is held by a file still finishing. */
const LEASE_WAIT_MS = 10 * 60_000;
let mine: SandboxHandles | undefined;

/**
 * Handles on this file's test sandbox, held by this file alone while it runs: the global setup
 * starts one per worker (tests/support/global-setup.ts), and the file leases one
 * (sandbox-lease.ts), the one of its VITEST_POOL_ID first. Files of one sandbox share its clock
 * and durations profile, so two files must never run on one at the same time.
 */
export function sandbox(): SandboxHandles {
  if (mine) return mine;
  const stacks = inject('stacks');
  const preferred = Math.max(0, Number(process.env.VITEST_POOL_ID ?? '1') - 1);
  const inTurn = stacks.map((_, i) => stacks[(preferred + i) % stacks.length]!);
  const deadline = Date.now() + LEASE_WAIT_MS;
  while (!mine) {
    mine = inTurn.find((s) => tryLease(dirname(s.secretsKeyFile)));
    if (mine) break;
    // Sharing a sandbox with a file running beside it would make both flaky: wait, then fail loudly.
    if (Date.now() > deadline) throw new Error(`no sandbox free within ${LEASE_WAIT_MS / 1000} s (${stacks.length} started, all held)`);
    sleepSync(200);
  }
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
