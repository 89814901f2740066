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
 * @aws-sdk/client-ec2 and the aws CLIs (spawned as a user would run them): the `aws` first on PATH
 * (pip awscli 1.x) or Debian's awscli 2 at /usr/bin/aws (`cli: 'v2'`).
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
 * Which aws CLI runs: 'v1' is the `aws` first on PATH (pip awscli 1.x), 'v2' is Debian's
 * `awscli` package (/usr/bin/aws, aws-cli 2.9); any other string is the path of a binary.
 */
export type AwsCli = 'v1' | 'v2' | (string & {});
export const AWS_CLI_V2 = '/usr/bin/aws';
export const cliBinary = (cli: AwsCli = 'v1'): string => (cli === 'v1' ? 'aws' : cli === 'v2' ? AWS_CLI_V2 : cli);

export interface AwsOptions {
  region?: string;
  cwd?: string;
  cli?: AwsCli;
}

/**
 * The environment a CLI runs in: the account's key and the region, and nothing of the machine's
 * own AWS configuration (every AWS_* variable of this process is dropped; the config and
 * credentials files point at files that do not exist). No pager, no auto-prompt, no instance
 * metadata look-ups, no fallback to a configured endpoint.
 */
function cliEnv(account: { accessKeyId: string; accessKeySecret: string }, region: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('AWS_')) env[k] = v;
  const none = join(tmpdir(), 'ec2-cli-no-such-dir');
  Object.assign(env, {
    AWS_ACCESS_KEY_ID: account.accessKeyId,
    AWS_SECRET_ACCESS_KEY: account.accessKeySecret,
    AWS_DEFAULT_REGION: region,
    AWS_REGION: region,
    AWS_PAGER: '',
    AWS_CLI_AUTO_PROMPT: 'off',
    AWS_CONFIG_FILE: join(none, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(none, 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_DEFAULT_OUTPUT: 'json',
  });
  return env;
}

function run(command: string, argv: string[], env: Record<string, string>, cwd?: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    // stdin closed: nothing can wait on a prompt.
    const child = spawn(command, argv, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
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

/**
 * Run `aws --endpoint-url <sandbox>/ec2 <args>` with the account's key in the environment, as a
 * user would; nothing of the caller's own AWS configuration is read.
 */
export function aws(account: { accessKeyId: string; accessKeySecret: string }, args: string[], opts: AwsOptions = {}): Promise<CliResult> {
  const [service, ...rest] = args;
  const argv = ['--endpoint-url', ec2Endpoint(), service!, ...rest];
  return run(cliBinary(opts.cli), argv, cliEnv(account, opts.region ?? REGION), opts.cwd);
}

/**
 * Run a command line exactly as written (quotes, `\` continuations, `> file` redirections) with
 * bash, where `aws` is the chosen CLI with `--endpoint-url <sandbox>/ec2` put first.
 */
export function awsShell(account: { accessKeyId: string; accessKeySecret: string }, commandLine: string, opts: AwsOptions = {}): Promise<CliResult> {
  const env = cliEnv(account, opts.region ?? REGION);
  env.SANDBOX_AWS_CLI = cliBinary(opts.cli);
  env.SANDBOX_EC2_ENDPOINT = ec2Endpoint();
  const script = `aws() { command "$SANDBOX_AWS_CLI" --endpoint-url "$SANDBOX_EC2_ENDPOINT" "$@"; }\n${commandLine}\n`;
  return run('bash', ['-c', script], env, opts.cwd);
}

/** `aws …` that must succeed; its JSON output. */
export async function awsOk<T = any>(account: { accessKeyId: string; accessKeySecret: string }, args: string[], opts: AwsOptions = {}): Promise<T> {
  const r = await aws(account, args, opts);
  if (r.code !== 0) throw new Error(`${cliBinary(opts.cli)} ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return (r.stdout.trim() === '' ? undefined : JSON.parse(r.stdout)) as T;
}
