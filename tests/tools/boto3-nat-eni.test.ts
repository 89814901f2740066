import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ec2Endpoint } from '../support/ec2';
import { newAccount, type TestAccount } from '../support/sandbox';

/**
 * EC2 NAT gateways, network interfaces and DHCP option sets through boto3 on this machine's python (the one
 * Ansible's modules use), with its real-time waiters: tests/tools/boto3_nat_eni.py drives every
 * one of those actions and prints what it saw.
 */
let a: TestAccount;
beforeAll(async () => {
  a = await newAccount();
});

describe('EC2 NAT gateways, network interfaces and DHCP option sets with boto3', () => {
  it('runs a NAT gateway, a network interface and a DHCP option set through their lifecycles', () => {
    const out = execFileSync('/usr/bin/python3', [join(__dirname, 'boto3_nat_eni.py')], {
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
    expect(seen.nat_created).toEqual({ prefix: 'nat', state: 'pending', public_ip: true });
    expect(seen.nat_available).toBe(true);
    expect(seen.nat_route).toEqual([null, expect.stringMatching(/^nat-/)]);
    expect(seen.nat_delete).toBe(true);
    expect(seen.nat_missing).toBe('NatGatewayNotFound');
    expect(seen.eni_created).toEqual({ prefix: 'eni', status: 'available', in_subnet: true });
    expect(seen.eni_on_instance).toEqual([0, 1]);
    expect(seen.eni_limit).toBe('AttachmentLimitExceeded');
    expect(seen.eni_delete_in_use).toBe('InvalidNetworkInterface.InUse');
    expect(seen.eni_delete_on_termination).toBe(true);
    // The renamed one and the one never attached.
    expect(seen.eni_described).toEqual(['', 'changed']);
    expect(seen.eni_gone).toBe('InvalidNetworkInterfaceID.NotFound');
    expect(seen.dhcp_vpc).toBe(true);
    expect(seen.dhcp_listed).toEqual([[{ Key: 'domain-name-servers', Values: [{ Value: '10.70.0.2' }] }]]);
    expect(seen.dhcp_in_use).toBe('DependencyViolation');
    expect(seen.dhcp_gone).toBe('InvalidDhcpOptionID.NotFound');
  });
});
