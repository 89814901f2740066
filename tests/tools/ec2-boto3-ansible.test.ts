import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { advanceClock, ec2Endpoint } from '../support/ec2';
import { newAccount } from '../support/sandbox';

/**
 * The EC2 dialect driven by the tools users run (issue 15), each with a fresh account and only the
 * endpoint and credentials changed: boto3 (this machine's python3) through tests/tools/ec2-boto3.py,
 * which calls the actions, checks their error codes and runs the waiters of the implemented
 * resources with their default delays; and an Ansible playbook (Debian's ansible with amazon.aws,
 * /usr/bin/ansible-playbook) through ec2_key, ec2_instance (default VPC, wait: true), ec2_vol,
 * ec2_eip, ec2_snapshot, ec2_ami and ec2_tag, then its teardown.
 */
const here = __dirname;

/**
 * Run a tool to its end while the sandbox clock moves 2 minutes every 2 seconds, so snapshots and
 * images (a minute per GiB) finish within the waiters' default attempts without a real wait.
 */
async function run(cmd: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  const child = spawn(cmd, args, { env: { ...process.env, ...env }, cwd: here });
  let out = '';
  child.stdout.on('data', (b) => (out += b));
  child.stderr.on('data', (b) => (out += b));
  let done = false;
  const ended = new Promise<number | null>((resolve) => child.on('close', (code) => ((done = true), resolve(code))));
  for (let n = 0; n < 300 && !done; n++) {
    await Promise.race([ended, new Promise((r) => setTimeout(r, 2000))]);
    if (!done) await advanceClock(120);
  }
  if (!done) child.kill();
  return { code: await ended, out };
}

describe('EC2 dialect with boto3 and Ansible', () => {
  it('passes the boto3 conformance script (actions, error codes, waiters)', async () => {
    const a = await newAccount();
    const r = await run('python3', [join(here, 'ec2-boto3.py')], {
      EC2_ENDPOINT: ec2Endpoint(),
      AWS_ACCESS_KEY_ID: a.accessKeyId,
      AWS_SECRET_ACCESS_KEY: a.accessKeySecret,
      AWS_DEFAULT_REGION: 'us-east-2',
    });
    expect(r.out).toContain('boto3 conformance passed');
    expect(r.code).toBe(0);
  }, 600_000);

  it('runs the Ansible amazon.aws playbook and its teardown', async () => {
    const a = await newAccount();
    const r = await run(
      '/usr/bin/ansible-playbook',
      [join(here, 'ansible/ec2-playbook.yml'), '-e', `endpoint=${ec2Endpoint()}`, '-e', 'ami=ami-0a2f7c3e9d14b5601'],
      { AWS_ACCESS_KEY_ID: a.accessKeyId, AWS_SECRET_ACCESS_KEY: a.accessKeySecret, AWS_REGION: 'us-east-1', ANSIBLE_NOCOLOR: '1' },
    );
    expect(r.out).toMatch(/failed=0/);
    expect(r.code).toBe(0);
  }, 600_000);
});
