import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ec2Endpoint } from '../support/ec2';
import { newAccount, type TestAccount } from '../support/sandbox';

/**
 * The network actions through boto3 on this machine's python (/usr/bin/python3 with Debian's
 * python3-boto3, the one Ansible's modules use): tests/tools/boto3_network.py drives them and
 * prints what it saw.
 */
let a: TestAccount;
beforeAll(async () => {
  a = await newAccount();
});

describe('EC2 network actions with boto3', () => {
  it('creates, uses and tears down a VPC with a subnet, gateway and route table', () => {
    const out = execFileSync('/usr/bin/python3', [join(__dirname, 'boto3_network.py')], {
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
    expect(seen.attributes['default-vpc']).toEqual([seen.default_vpc.id]);
    expect(seen.attributes['supported-platforms']).toEqual(['VPC']);
    expect(seen.default_vpc.cidr).toBe('172.31.0.0/16');
    expect(seen.default_subnets).toEqual(['172.31.0.0/20', '172.31.16.0/20', '172.31.32.0/20']);
    expect(seen.zone_ids).toEqual(['cnhz-az1', 'cnhz-az2', 'cnhz-az3']);
    expect(seen.dns_support).toBe(false);
    expect(seen.bad_vpc).toBe('InvalidVpc.Range');
    expect(seen.subnet).toEqual({ prefix: 'subnet', available: 249 });
    expect(seen.conflict).toBe('InvalidSubnet.Conflict');
    expect(seen.outside).toBe('InvalidSubnet.Range');
    expect(seen.routes[1]).toEqual(['0.0.0.0/0', expect.stringMatching(/^igw-/)]);
    expect(seen.routes[0]).toEqual(['10.60.0.0/16', 'local']);
    expect(seen.acl_subnets.length).toBe(1);
    expect(seen.dhcp).toBe(1);
    expect(seen.instance).toEqual({ vpc: true, subnet: true, ip: expect.stringMatching(/^10\.60\.0\.\d+$/) });
    expect(seen.delete_vpc_in_use).toBe('DependencyViolation');
    expect(seen.gone).toBe('InvalidVpcID.NotFound');
  });
});
