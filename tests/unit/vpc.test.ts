import { describe, expect, it } from 'vitest';
import { cidrContains, cidrOverlaps, parseCidr } from '../../shared/domain/cidr';
import {
  allocateAddresses,
  allocateChosenAddress,
  availableAddresses,
  checkVSwitchCidr,
  checkVpcCidr,
  derivedDefaultVpc,
  derivedDefaultVSwitch,
  ec2ZoneId,
  releaseAddresses,
  zoneOfEc2ZoneId,
  type VSwitchRecord,
} from '../../shared/domain/vpc';
import { expectApiError } from '../support/api-error';
import type { VpcError } from '../../shared/domain/vpc-errors';

/** The network model's rules (shared/domain/cidr.ts, shared/domain/vpc.ts), no I/O. */
const vswitch = (cidr: string): VSwitchRecord => ({
  ...derivedDefaultVSwitch('100000000001', 'cn-hangzhou', 'cn-hangzhou-e'),
  cidrBlock: cidr,
  isDefault: false,
});

describe('CIDR arithmetic', () => {
  it('parses blocks with zero host bits only, and tests containment and overlap', () => {
    expect(parseCidr('10.0.0.0/16')).toEqual({ base: 10 * 2 ** 24, prefix: 16 });
    expect(parseCidr('10.0.0.1/16')).toBeUndefined();
    expect(parseCidr('10.0.0.0/33')).toBeUndefined();
    expect(parseCidr('256.0.0.0/8')).toBeUndefined();
    expect(cidrContains(parseCidr('10.0.0.0/16')!, parseCidr('10.0.1.0/24')!)).toBe(true);
    expect(cidrContains(parseCidr('10.0.1.0/24')!, parseCidr('10.0.0.0/16')!)).toBe(false);
    expect(cidrOverlaps(parseCidr('10.0.1.0/24')!, parseCidr('10.0.1.128/25')!)).toBe(true);
    expect(cidrOverlaps(parseCidr('10.0.1.0/25')!, parseCidr('10.0.1.128/25')!)).toBe(false);
  });
});

describe('addresses of a vSwitch', () => {
  it('hands out each address once, skips the reserved ones, refuses a launch that does not fit, and reuses released ones', () => {
    let v = vswitch('10.0.0.0/28'); // 16 - 4 - 3 = 9 usable
    expect(availableAddresses(v)).toBe(9);
    const first = allocateAddresses(v, 5)!;
    expect(first.ips).toEqual(['10.0.0.4', '10.0.0.5', '10.0.0.6', '10.0.0.7', '10.0.0.8']);
    v = first.next;
    expect(allocateAddresses(v, 5)).toBeUndefined();
    const second = allocateAddresses(v, 4)!;
    expect(second.ips).toEqual(['10.0.0.9', '10.0.0.10', '10.0.0.11', '10.0.0.12']);
    v = second.next;
    expect(availableAddresses(v)).toBe(0);
    v = releaseAddresses(v, ['10.0.0.6']);
    expect(availableAddresses(v)).toBe(1);
    // Releasing twice, or an address never handed out, gives nothing back.
    v = releaseAddresses(v, ['10.0.0.6', '10.0.0.13']);
    expect(availableAddresses(v)).toBe(1);
    expect(allocateAddresses(v, 1)!.ips).toEqual(['10.0.0.6']);
  });

  it('takes a chosen address once, far ahead of the counter too, and the counter steps over it', () => {
    let v = vswitch('10.0.0.0/16');
    const far = allocateChosenAddress(v, '10.0.200.9');
    if (typeof far === 'string') throw new Error(far);
    v = far.next;
    // One remembered number, not the 51,000 offsets in between.
    expect(v.chosenAhead).toEqual([200 * 256 + 9]);
    expect(allocateChosenAddress(v, '10.0.200.9')).toBe('inUse');
    expect(allocateChosenAddress(v, '10.0.255.253')).toBe('invalid');
    expect(allocateChosenAddress(v, '10.0.0.3')).toBe('invalid');
    expect(allocateChosenAddress(v, '10.1.0.5')).toBe('invalid');
    const near = allocateChosenAddress(v, '10.0.0.5');
    if (typeof near === 'string') throw new Error(near);
    v = near.next;
    // 10.0.0.4 is free, 10.0.0.5 is taken: the counter hands out .4, then .6.
    const two = allocateAddresses(v, 2)!;
    expect(two.ips).toEqual(['10.0.0.4', '10.0.0.6']);
    v = two.next;
    expect(availableAddresses(v)).toBe(65536 - 7 - 4);
    expect(allocateChosenAddress(v, '10.0.0.6')).toBe('inUse');
    v = releaseAddresses(v, ['10.0.200.9', '10.0.0.5']);
    expect(v.chosenAhead).toEqual([]);
    expect(availableAddresses(v)).toBe(65536 - 7 - 2);
    expect(typeof allocateChosenAddress(v, '10.0.200.9')).toBe('object');
    expect(typeof allocateChosenAddress(v, '10.0.0.5')).toBe('object');
  });
});

describe('blocks per dialect', () => {
  const vpc = { ...derivedDefaultVpc('100000000001', 'cn-hangzhou'), cidrBlock: '10.0.0.0/16' };
  /** The typed reason of a refused block (the EC2 adapter turns it into InvalidVpc.Range, InvalidSubnet.Range, InvalidSubnet.Conflict). */
  const reasonOf = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return (e as VpcError).reason;
    }
    return undefined;
  };
  it("checks VPC blocks with each cloud's range; the error is the VPC API's, typed with its reason", () => {
    expect(checkVpcCidr('10.0.0.0/8', false)).toEqual(parseCidr('10.0.0.0/8'));
    expectApiError(() => checkVpcCidr('10.0.0.0/8', true), 'InvalidCidrBlock.Malformed');
    expect(reasonOf(() => checkVpcCidr('10.0.0.0/8', true))).toBe('vpcCidrInvalid');
    expectApiError(() => checkVpcCidr('8.8.0.0/16', false), 'InvalidCidrBlock.Malformed');
    expect(checkVpcCidr('8.8.0.0/16', true)).toBeDefined();
  });
  it('checks vSwitch blocks: inside the VPC, sized, not overlapping', () => {
    const siblings = [vswitch('10.0.1.0/24')];
    expect(reasonOf(() => checkVSwitchCidr('10.1.0.0/24', vpc, siblings, true))).toBe('vSwitchCidrInvalid');
    expectApiError(() => checkVSwitchCidr('10.1.0.0/24', vpc, siblings, false), 'InvalidParameter');
    expect(reasonOf(() => checkVSwitchCidr('10.0.1.0/25', vpc, siblings, true))).toBe('vSwitchCidrOverlap');
    expectApiError(() => checkVSwitchCidr('10.0.1.0/25', vpc, siblings, false), 'InvalidCidrBlock.Overlapped');
    expect(checkVSwitchCidr('10.0.2.0/29', vpc, siblings, false)).toBeDefined();
    expect(reasonOf(() => checkVSwitchCidr('10.0.2.0/29', vpc, siblings, true))).toBe('vSwitchCidrInvalid');
  });
});

describe('the default network and zone ids', () => {
  it('is 172.31.0.0/16 with a /20 per zone in zone order', () => {
    expect(derivedDefaultVpc('1', 'cn-hangzhou').cidrBlock).toBe('172.31.0.0/16');
    expect(derivedDefaultVSwitch('1', 'cn-hangzhou', 'cn-hangzhou-i').cidrBlock).toBe('172.31.16.0/20');
  });
  it('spells EC2 zone ids as AWS does and reads them back', () => {
    expect(ec2ZoneId('us-east-1', 'us-east-1a')).toBe('use1-az1');
    expect(ec2ZoneId('ap-northeast-1', 'ap-northeast-1a')).toMatch(/^apne1-az\d$/);
    expect(ec2ZoneId('cn-hangzhou', 'cn-hangzhou-j')).toBe('cnhz-az3');
    expect(zoneOfEc2ZoneId('cn-hangzhou', 'cnhz-az3')).toBe('cn-hangzhou-j');
    expect(zoneOfEc2ZoneId('cn-hangzhou', 'use1-az1')).toBeUndefined();
  });
});
