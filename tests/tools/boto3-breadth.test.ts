import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ec2Endpoint } from '../support/ec2';
import { newAccount, type TestAccount } from '../support/sandbox';

/**
 * The EC2 breadth actions (security group egress and rules by id, interface addresses, IAM
 * instance profiles, resets and credits, placement groups, network ACLs, egress-only gateways,
 * prefix lists) through boto3 on this machine's python, with its real-time waiters:
 * tests/tools/boto3_breadth.py drives each action and prints what it saw.
 */
let a: TestAccount;
beforeAll(async () => {
  a = await newAccount();
});

describe('EC2 breadth actions with boto3', () => {
  it('runs every new action with the answers a boto3 user reads', () => {
    const out = execFileSync('/usr/bin/python3', [join(__dirname, 'boto3_breadth.py')], {
      encoding: 'utf8',
      env: {
        ...process.env,
        ENDPOINT: ec2Endpoint(),
        REGION: 'cn-hangzhou',
        ACCESS_KEY: a.accessKeyId,
        SECRET_KEY: a.accessKeySecret,
        AMI: 'ami-0a2f7c3e9d14b5601',
      },
      timeout: 300_000,
    });
    const seen = JSON.parse(out.trim().split('\n').pop()!);
    expect(seen.egress).toEqual([['tcp', 5432]]);
    expect(seen.rule_modified).toEqual([6432, 'pgbouncer']);
    expect(seen.references).toEqual([]);
    expect(seen.rule_missing).toBe('InvalidSecurityGroupRuleId.NotFound');
    expect(seen.assigned).toBe(2);
    expect(seen.addresses_left).toBe(2);
    expect(seen.eni_check).toBe(true);
    expect(seen.profile).toEqual(['app-role']);
    expect(seen.profile_gone).toEqual([]);
    expect(seen.credit).toEqual([true]);
    expect(seen.volume_io_missing).toBe('InvalidVolume.NotFound');
    expect(seen.placement).toBe('batch');
    expect(seen.placement_in_use).toBe('InvalidPlacementGroup.InUse');
    expect(seen.placement_groups).toEqual([['batch', 'cluster']]);
    expect(seen.acl_entries).toEqual([
      [100, false, 443],
      [32767, false, null],
      [32767, true, null],
    ]);
    expect(seen.acl_subnets).toEqual([true]);
    expect(seen.acl_in_use).toBe('DependencyViolation');
    expect(seen.eigw).toEqual([true]);
    expect(seen.eigw_deleted).toBe(true);
    expect(seen.prefix_lists).toEqual(['dynamodb', 's3']);
    expect(seen.managed_owner).toEqual(['AWS']);
  });
});
