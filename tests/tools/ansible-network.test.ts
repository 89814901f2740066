import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ec2Endpoint } from '../support/ec2';
import { newAccount, type TestAccount } from '../support/sandbox';

/**
 * The network issue's acceptance playbook (tests/tools/ansible/network.yml) with Debian's
 * ansible and its amazon.aws collection, modules on /usr/bin/python3 (python3-boto3): a VPC,
 * subnet, internet gateway, route table and security group, an instance launched into them with
 * `wait: true`, the teardown; then an instance with no subnet in the default VPC. And
 * tests/tools/ansible/network-extras.yml: a NAT gateway, a network interface and a DHCP option set. And
 * tests/tools/ansible/security-group-egress.yml: ec2_security_group with rules_egress.
 */
let a: TestAccount;
beforeAll(async () => {
  a = await newAccount();
});

function runPlaybook(file: string) {
  const res = spawnSync(
    '/usr/bin/ansible-playbook',
    [
      '-i',
      'localhost,',
      join(__dirname, 'ansible', file),
      '-e',
      `endpoint=${ec2Endpoint()}`,
      '-e',
      'region=cn-hangzhou',
      '-e',
      `access_key=${a.accessKeyId}`,
      '-e',
      `secret_key=${a.accessKeySecret}`,
      '-e',
      'ami=ami-0a2f7c3e9d14b5601',
      '-e',
      'ansible_python_interpreter=/usr/bin/python3',
    ],
    { encoding: 'utf8', timeout: 600_000, env: { ...process.env, ANSIBLE_NOCOLOR: '1', ANSIBLE_HOST_KEY_CHECKING: 'False' } },
  );
  const recap = /localhost\s+: ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)/.exec(res.stdout);
  expect(recap, res.stdout + res.stderr).not.toBeNull();
  expect({ failed: Number(recap![4]), code: res.status }, res.stdout.slice(-4000)).toEqual({ failed: 0, code: 0 });
}

describe('Ansible amazon.aws against the EC2 door', () => {
  it('runs the network playbook to the end', () => {
    runPlaybook('network.yml');
  });

  it('runs the NAT gateway, network interface and DHCP option set playbook to the end', () => {
    runPlaybook('network-extras.yml');
  });

  it('runs ec2_security_group with rules_egress (Authorize/RevokeSecurityGroupEgress) to the end, idempotent on a second run', () => {
    runPlaybook('security-group-egress.yml');
  });
});
