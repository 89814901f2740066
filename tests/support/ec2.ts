import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EC2Client } from '@aws-sdk/client-ec2';
import { callAction } from './ecs-client';
import { newAccount, operatorClient, sandbox, type TestAccount } from './sandbox';

/**
 * Helpers of the EC2 dialect's end-to-end tests: the real clients, unmodified, pointed at the
 * sandbox's EC2 Query door with only the endpoint, the region and an account's access key:
 * @aws-sdk/client-ec2 and the `aws` CLI on PATH (spawned as a user would run it).
 */
export const REGION = 'cn-hangzhou';
export const ec2Endpoint = (): string => `${sandbox().endpoint}/ec2`;

export interface Ec2Account extends TestAccount {
  ec2: EC2Client;
}

export function ec2Client(creds: { accessKeyId: string; accessKeySecret: string }, region = REGION, extra: Record<string, unknown> = {}): EC2Client {
  return new EC2Client({
    endpoint: ec2Endpoint(),
    region,
    credentials: { accessKeyId: creds.accessKeyId, secretAccessKey: creds.accessKeySecret },
    // Errors are judged as answered: no retries of a 5xx (there should be none).
    maxAttempts: 1,
    ...extra,
  });
}

/** A fresh account (accounts never see each other's resources) with an EC2 client. */
export async function newEc2Account(): Promise<Ec2Account> {
  const account = await newAccount();
  return { ...account, ec2: ec2Client(account) };
}

/** The error a call throws (the SDK's EC2ServiceException). */
export async function ec2Error(p: Promise<unknown>): Promise<{ name: string; status: number; message: string; requestId?: string }> {
  try {
    await p;
  } catch (e) {
    const err = e as { name: string; message: string; $metadata?: { httpStatusCode?: number; requestId?: string } };
    return { name: err.name, status: err.$metadata?.httpStatusCode ?? 0, message: err.message, requestId: err.$metadata?.requestId };
  }
  throw new Error('expected the call to fail, but it succeeded');
}

export async function advanceClock(seconds: number): Promise<void> {
  await callAction(operatorClient(), 'AdvanceSandboxClock', { Seconds: Math.ceil(seconds) });
}

// ---------------------------------------------------------------------------------------------
// The aws CLI

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON. */
  json: <T = any>() => T;
}

/** A scratch directory the CLI runs in (for `> my-key-pair.pem`). */
export const cliWorkDir = (): string => mkdtempSync(join(tmpdir(), 'ec2-cli-'));

/**
 * Run `aws --endpoint-url <sandbox>/ec2 <args>` with the account's key in the environment, as a
 * user would; nothing of the caller's own AWS configuration is read.
 */
export function aws(
  account: { accessKeyId: string; accessKeySecret: string },
  args: string[],
  opts: { region?: string; cwd?: string; stdoutFile?: string } = {},
): Promise<CliResult> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('AWS_')) env[k] = v;
  Object.assign(env, {
    AWS_ACCESS_KEY_ID: account.accessKeyId,
    AWS_SECRET_ACCESS_KEY: account.accessKeySecret,
    AWS_DEFAULT_REGION: opts.region ?? REGION,
    AWS_REGION: opts.region ?? REGION,
    AWS_PAGER: '',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_EC2_METADATA_DISABLED: 'true',
  });
  const [service, ...rest] = args;
  const argv = ['--endpoint-url', ec2Endpoint(), service!, ...rest];
  return new Promise((resolve, reject) => {
    const child = spawn('aws', argv, { env, cwd: opts.cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({
        code: code ?? -1,
        stdout,
        stderr,
        json: () => JSON.parse(stdout),
      }),
    );
  });
}

/** `aws …` that must succeed; its JSON output. */
export async function awsOk<T = any>(account: { accessKeyId: string; accessKeySecret: string }, args: string[], opts: { region?: string; cwd?: string } = {}): Promise<T> {
  const r = await aws(account, args, opts);
  if (r.code !== 0) throw new Error(`aws ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return (r.stdout.trim() === '' ? undefined : JSON.parse(r.stdout)) as T;
}
