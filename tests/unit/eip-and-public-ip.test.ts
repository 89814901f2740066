import { describe, expect, it } from 'vitest';
import {
  associate,
  checkEipInstanceType,
  checkReleasable,
  detached,
  eipErrors,
  eipFilter,
  parseEipBandwidth,
  parseEipInternetChargeType,
  renderEip,
  unassociate,
  type EipRecord,
} from '../../shared/domain/eip';
import { ApiError } from '../../shared/domain/errors';
import type { InstanceRecord } from '../../shared/domain/instance';
import { allocatePublicIp, attachEip, convertPublicIpToEip, detachEip } from '../../shared/domain/public-ip';
import { instanceRecord } from '../support/instance-fixture';

/**
 * The EIP and public-IP rules of shared/domain/eip.ts and public-ip.ts, without I/O: the paths
 * the end-to-end tests cannot reach cheaply (subscription instances, locks, the whitelist-only
 * IpAddress and VlanId parameters, every DescribeEipAddresses filter code).
 */
const NOW = new Date('2024-05-01T00:00:00.000Z');

const instance = (overrides: Partial<InstanceRecord> = {}): InstanceRecord =>
  instanceRecord(
    { zoneId: 'cn-hangzhou-i', privateIpAddress: '172.16.0.2', publicIpAddress: '47.100.1.2', startTime: undefined, ...overrides },
    NOW.toISOString(),
  );

const eip = (overrides: Partial<EipRecord> = {}): EipRecord => ({
  allocationId: 'eip-bp1',
  accountId: '100000000001',
  regionId: 'cn-hangzhou',
  ipAddress: '47.110.0.9',
  bandwidth: 5,
  internetChargeType: 'PayByBandwidth',
  chargeType: 'PostPaid',
  isp: 'BGP',
  status: 'Available',
  instanceId: '',
  instanceType: '',
  allocationTime: NOW.toISOString(),
  origin: 'Allocated',
  ...overrides,
});

function refusal(f: () => unknown): ApiError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    return e as ApiError;
  }
  throw new Error('expected a refusal');
}

describe('EIP allocation parameters', () => {
  it('takes a bandwidth of 1-200 Mbit/s (default 5) and PayByBandwidth or PayByTraffic (default PayByBandwidth)', () => {
    expect(parseEipBandwidth(undefined)).toBe(5);
    expect(parseEipBandwidth('1')).toBe(1);
    expect(parseEipBandwidth('200')).toBe(200);
    for (const bad of ['0', '201', '-1', '5.5', 'ten']) expect(refusal(() => parseEipBandwidth(bad))).toMatchObject({ code: 'InvalidParameter' });
    expect(parseEipInternetChargeType(undefined)).toBe('PayByBandwidth');
    expect(parseEipInternetChargeType('PayByTraffic')).toBe('PayByTraffic');
    expect(refusal(() => parseEipInternetChargeType('PayByHour')).code).toBe('InvalidParameter');
    checkEipInstanceType('EcsInstance');
    expect(refusal(() => checkEipInstanceType('SlbInstance')).code).toBe('InvalidInstanceType.ValueNotSupported');
  });
});

describe('EIP association', () => {
  it('associates an Available EIP once, unassociates it from that instance only, and releases it only when Available', () => {
    const bound = associate(eip(), 'i-1');
    expect(bound).toMatchObject({ status: 'InUse', instanceId: 'i-1', instanceType: 'EcsInstance' });
    expect(refusal(() => associate(bound, 'i-2'))).toMatchObject({ code: 'IncorrectEipStatus', status: 400 });
    expect(refusal(() => checkReleasable(bound)).code).toBe('IncorrectEipStatus');
    expect(refusal(() => unassociate(bound, 'i-2')).code).toBe('InvalidBindingStatus');
    const free = unassociate(bound, 'i-1');
    expect(free).toMatchObject({ status: 'Available', instanceId: '', instanceType: '' });
    expect(refusal(() => unassociate(free, 'i-1')).code).toBe('IncorrectEipStatus');
    checkReleasable(free);
    expect(detached(bound)).toEqual(free);
  });

  it('attaches to a Running or Stopped instance without a public IP or an EIP', () => {
    const errors = { status: eipErrors.instanceStatus, duplicated: eipErrors.alreadyAssociated };
    const target = instance({ publicIpAddress: '' });
    expect(attachEip(target, eip(), errors).eip).toEqual({ allocationId: 'eip-bp1', ipAddress: '47.110.0.9', bandwidth: 5 });
    expect(refusal(() => attachEip(instance(), eip(), errors)).code).toBe('InvalidAssociation.Duplicated');
    expect(refusal(() => attachEip(instance({ publicIpAddress: '', status: 'Starting' }), eip(), errors))).toMatchObject({
      code: 'IncorrectInstanceStatus',
      status: 400,
    });
    expect(refusal(() => attachEip(instance({ publicIpAddress: '', locks: [{ reason: 'security', message: '' }] }), eip(), errors)).code).toBe(
      'InstanceLockedForSecurity',
    );
    expect(detachEip(attachEip(target, eip(), errors), errors).eip).toBeUndefined();
  });

  it('filters DescribeEipAddresses, refusing unknown filter values with their documented codes', () => {
    const list = [eip(), eip({ allocationId: 'eip-2', status: 'InUse', instanceId: 'i-9', instanceType: 'EcsInstance' })];
    expect(list.filter(eipFilter({ status: 'InUse' })).map((e) => e.allocationId)).toEqual(['eip-2']);
    expect(list.filter(eipFilter({ associatedInstanceId: 'i-9' })).length).toBe(1);
    expect(list.filter(eipFilter({ lockReason: 'financial' }))).toEqual([]);
    expect(refusal(() => eipFilter({ status: 'Busy' })).code).toBe('InvalidParameter');
    expect(refusal(() => eipFilter({ chargeType: 'Free' })).code).toBe('InvalidChargeType.ValueNotSupported');
    expect(refusal(() => eipFilter({ associatedInstanceType: 'Car' })).code).toBe('InvalidIAssociatedInstanceType.ValueNotSupported');
    expect(refusal(() => eipFilter({ lockReason: 'boredom' }))).toMatchObject({ code: 'InvalidLockReason.NotFound', status: 404 });
    expect(renderEip(list[1]!)).toMatchObject({ Status: 'InUse', InstanceId: 'i-9', Bandwidth: '5', AllocationTime: '2024-05-01T00:00:00Z' });
  });
});

describe('static public IPs', () => {
  it('allocates one to a Running or Stopped instance with bandwidth, returns the same one again, refuses the rest', () => {
    const fresh = instance({ publicIpAddress: '', status: 'Stopped' });
    const { instance: withIp, ipAddress } = allocatePublicIp(fresh, {}, () => '47.99.1.1');
    expect(ipAddress).toBe('47.99.1.1');
    expect(withIp.publicIpAddress).toBe('47.99.1.1');
    expect(allocatePublicIp(withIp, {}, () => '47.99.2.2').ipAddress).toBe('47.99.1.1');
    expect(refusal(() => allocatePublicIp(instance({ publicIpAddress: '', internetMaxBandwidthOut: 0 }))).code).toBe('AllocateIpInvalidInstanceBandwidth');
    expect(refusal(() => allocatePublicIp(instance({ publicIpAddress: '', status: 'Pending' }))).code).toBe('IncorrectInstanceStatus');
    expect(refusal(() => allocatePublicIp(instance({ locks: [{ reason: 'financial', message: '' }] }))).code).toBe('InstanceExpiredOrInArrears');
    expect(refusal(() => allocatePublicIp(instance({ publicIpAddress: '', eip: { allocationId: 'e', ipAddress: '1.1.1.1', bandwidth: 1 } }))).code).toBe(
      'AllocatedAlready',
    );
    expect(refusal(() => allocatePublicIp(fresh, { ipAddress: '300.1.1.1' })).code).toBe('InvalidIpAddress.Malformed');
    expect(refusal(() => allocatePublicIp(fresh, { ipAddress: '47.1.1.1' })).code).toBe('InsufficientPublicIp');
    expect(refusal(() => allocatePublicIp(fresh, { vlanId: '720' })).code).toBe('OperationDenied');
  });

  it('converts the public IP into an EIP that carries its address, bandwidth and metering', () => {
    const { instance: after, eip: made } = convertPublicIpToEip(instance(), NOW, 'eip-new');
    expect(made).toMatchObject({
      allocationId: 'eip-new',
      ipAddress: '47.100.1.2',
      bandwidth: 5,
      internetChargeType: 'PayByTraffic',
      status: 'InUse',
      instanceId: 'i-bp1test0000000000001',
      origin: 'ConvertedPublicIp',
    });
    expect(after).toMatchObject({ publicIpAddress: '', internetMaxBandwidthOut: 0, eip: { allocationId: 'eip-new', ipAddress: '47.100.1.2' } });
    expect(refusal(() => convertPublicIpToEip(after, NOW, 'x')).code).toBe('OperationDenied');
  });

  it('refuses to convert for the documented reasons: state, locks, no address, subscriptions billed by bandwidth or expiring within 24 h', () => {
    expect(refusal(() => convertPublicIpToEip(instance({ status: 'Starting' }), NOW, 'x')).code).toBe('IncorrectInstanceStatus');
    expect(refusal(() => convertPublicIpToEip(instance({ locks: [{ reason: 'security', message: '' }] }), NOW, 'x')).code).toBe('IncorrectInstanceStatus');
    expect(refusal(() => convertPublicIpToEip(instance({ locks: [{ reason: 'financial', message: '' }] }), NOW, 'x')).code).toBe(
      'InvalidInstance.OverduePayment',
    );
    expect(refusal(() => convertPublicIpToEip(instance({ internetMaxBandwidthOut: 0 }), NOW, 'x'))).toMatchObject({
      code: 'InvalidInstance.ZeroBandwidth',
      status: 404,
    });
    expect(refusal(() => convertPublicIpToEip(instance({ publicIpAddress: '' }), NOW, 'x')).code).toBe('InvalidInstance.IpAddressMissing');
    const prepaid = (o: Partial<InstanceRecord>) => instance({ chargeType: 'PrePaid', expiredTime: '2024-06-01T00:00:00.000Z', ...o });
    expect(refusal(() => convertPublicIpToEip(prepaid({ internetChargeType: 'PayByBandwidth' }), NOW, 'x')).code).toBe(
      'InvalidInternetChargeType.ValueNotSupported',
    );
    expect(refusal(() => convertPublicIpToEip(prepaid({ expiredTime: '2024-05-01T20:00:00.000Z' }), NOW, 'x')).code).toBe('InvalidEndTime.Malformed');
    expect(convertPublicIpToEip(prepaid({}), NOW, 'x').eip.ipAddress).toBe('47.100.1.2');
  });
});
