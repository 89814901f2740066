import { inject } from 'vitest';
import { callAction, ecsClient, type Credentials, type EcsClient } from './ecs-client';
import { TEST_SETTINGS } from './settings';

/** Handles on the shared test sandbox, for end-to-end tests. */
export const sandbox = () => inject('stack');

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
