import { describe, expect, it } from 'vitest';
import {
  attach,
  autoSnapshotEligible,
  checkDelete,
  detach,
  keptAfterInstanceRelease,
  nextDataDevice,
  reinitialize,
  resize,
  rollBack,
  settleDisk,
  type DiskRecord,
} from '../../shared/domain/disk';
import type { InstanceRecord } from '../../shared/domain/instance';
import { expectApiError } from '../support/api-error';

const T0 = Date.parse('2024-06-01T00:00:00Z');
const at = (s: number) => new Date(T0 + s * 1000);

function disk(extra: Partial<DiskRecord> = {}): DiskRecord {
  return {
    diskId: 'd-1',
    accountId: 'a',
    regionId: 'cn-hangzhou',
    zoneId: 'cn-hangzhou-i',
    type: 'data',
    category: 'cloud_essd',
    sizeGiB: 40,
    status: 'Available',
    deleteWithInstance: false,
    deleteAutoSnapshot: true,
    enableAutoSnapshot: false,
    chargeType: 'PostPaid',
    portable: true,
    diskName: '',
    description: '',
    encrypted: false,
    creationTime: at(-100).toISOString(),
    tags: [],
    billing: { pricePerGiBHourUsd: 0, chargingSince: at(-100).toISOString() },
    ...extra,
  };
}

function instance(extra: Partial<InstanceRecord> = {}): InstanceRecord {
  return {
    instanceId: 'i-1',
    accountId: 'a',
    regionId: 'cn-hangzhou',
    zoneId: 'cn-hangzhou-i',
    status: 'Stopped',
    locks: [],
    startTime: at(-50).toISOString(),
    dataDiskIds: [],
    systemDiskId: 'd-sys',
    ...extra,
  } as InstanceRecord;
}

const opts = { requireStopped: true, usedDevices: [] as string[], transitionSeconds: 5 };

describe('disk states move on with the clock', () => {
  it('Attaching → In_use, stamping the attach time', () => {
    const attaching = attach(disk(), instance(), at(0), opts);
    expect(attaching).toMatchObject({ status: 'Attaching', instanceId: 'i-1', device: '/dev/xvdb' });
    expect(settleDisk(attaching, at(4)).status).toBe('Attaching');
    const settled = settleDisk(attaching, at(5));
    expect(settled).toMatchObject({ status: 'In_use', attachedTime: at(5).toISOString(), plan: undefined });
  });

  it('Detaching → Available, dropping the instance and device', () => {
    const inUse = disk({ status: 'In_use', instanceId: 'i-1', device: '/dev/xvdc', attachedTime: at(-10).toISOString() });
    const detaching = detach(inUse, instance(), at(0), { transitionSeconds: 5 });
    expect(detaching.status).toBe('Detaching');
    expect(settleDisk(detaching, at(10))).toMatchObject({ status: 'Available', instanceId: undefined, device: undefined, detachedTime: at(5).toISOString() });
  });

  it('a disk kept at instance release is Available with nothing pending', () => {
    const attaching = attach(disk(), instance(), at(0), opts);
    const kept = keptAfterInstanceRelease(attaching, at(1));
    expect(settleDisk(kept, at(100))).toMatchObject({ status: 'Available', instanceId: undefined, plan: undefined });
  });
});

describe('attach preconditions (guide L1523-1532)', () => {
  it('the instance must be Stopped (guide) — or Running too when configured like the current cloud', () => {
    expectApiError(() => attach(disk(), instance({ status: 'Running' }), at(0), opts), 'IncorrectInstanceStatus', 400);
    expect(attach(disk(), instance({ status: 'Running' }), at(0), { ...opts, requireStopped: false }).status).toBe('Attaching');
    expectApiError(() => attach(disk(), instance({ status: 'Starting' }), at(0), { ...opts, requireStopped: false }), 'IncorrectInstanceStatus', 400);
  });

  it('locked or overdue instances refuse', () => {
    expectApiError(() => attach(disk(), instance({ locks: [{ reason: 'security', message: '' }] }), at(0), opts), 'InstanceLockedForSecurity', 403);
    expectApiError(() => attach(disk(), instance({ locks: [{ reason: 'financial', message: '' }] }), at(0), opts), 'InstanceExpiredOrInArrears', 403);
  });

  it('only an Available data disk of the same zone, and at most 16 data disks', () => {
    expectApiError(() => attach(disk({ status: 'In_use', instanceId: 'i-2' }), instance(), at(0), opts), 'IncorrectDiskStatus', 403);
    expectApiError(() => attach(disk({ type: 'system' }), instance(), at(0), opts), 'DiskId.ValueNotSupported', 403);
    expectApiError(() => attach(disk({ zoneId: 'cn-hangzhou-j' }), instance(), at(0), opts), 'ResourcesNotInSameZone', 403);
    const sixteen = Array.from({ length: 16 }, (_, i) => `/dev/xvd${String.fromCharCode(98 + i)}`);
    expectApiError(() => attach(disk(), instance(), at(0), { ...opts, usedDevices: sixteen }), 'InstanceDiskLimitExceeded', 403);
  });

  it('devices are /dev/xvd[b-z]; a taken one is refused; the next free one by default', () => {
    expectApiError(() => attach(disk(), instance(), at(0), { ...opts, device: '/dev/xvda' }), 'InvalidDevice.Malformed', 400);
    expectApiError(() => attach(disk(), instance(), at(0), { ...opts, device: '/dev/sdb' }), 'InvalidDevice.Malformed', 400);
    expectApiError(() => attach(disk(), instance(), at(0), { ...opts, usedDevices: ['/dev/xvdc'], device: '/dev/xvdc' }), 'InvalidDevice.InUse', 403);
    expect(attach(disk(), instance(), at(0), { ...opts, usedDevices: ['/dev/xvdb'] }).device).toBe('/dev/xvdc');
    expect(nextDataDevice(['/dev/xvdb', '/dev/xvdd'])).toBe('/dev/xvdc');
  });
});

describe('detach, roll back, re-initialise, resize, delete', () => {
  const inUse = disk({ status: 'In_use', instanceId: 'i-1', device: '/dev/xvdb', attachedTime: at(-10).toISOString() });

  it('detach: never the system disk; only In_use; only from its own instance; instance Running or Stopped', () => {
    expectApiError(() => detach({ ...inUse, type: 'system' }, instance(), at(0), { transitionSeconds: 5 }), 'DiskTypeViolation', 403);
    expectApiError(() => detach(disk(), instance(), at(0), { transitionSeconds: 5 }), 'IncorrectDiskStatus', 403);
    expectApiError(() => detach(inUse, instance({ instanceId: 'i-2' }), at(0), { transitionSeconds: 5 }), 'DependencyViolation', 403);
    expectApiError(() => detach(inUse, instance({ status: 'Stopping' }), at(0), { transitionSeconds: 5 }), 'IncorrectInstanceStatus', 403);
    expect(detach(inUse, instance({ status: 'Running' }), at(0), { transitionSeconds: 5, deleteWithInstance: true }).deleteWithInstance).toBe(true);
  });

  it('roll back: not while one of its snapshots is being copied', () => {
    const copying = {
      ...inUse,
      snapshots: [{ snapshotId: 's', type: 'user' as const, createdAt: at(-1).toISOString(), startAt: at(-1).toISOString(), completeAt: at(60).toISOString() }],
    };
    expectApiError(() => rollBack(copying, 's', at(0)), 'Operation.Conflict', 403);
    expect(rollBack(inUse, 's', at(0)).lastRollback).toEqual({ snapshotId: 's', at: at(0).toISOString() });
  });

  it('re-initialise: In_use, instance Stopped and started once; ReIniting → In_use; the next snapshot is full', () => {
    expectApiError(() => reinitialize(inUse, instance({ status: 'Running' }), at(0), 5), 'IncorrectInstanceStatus', 403);
    expectApiError(() => reinitialize(inUse, instance({ startTime: undefined }), at(0), 5), 'IncorrectInstanceStatus', 403);
    expectApiError(() => reinitialize(disk(), instance(), at(0), 5), 'IncorrectDiskStatus', 403);
    const reiniting = reinitialize(inUse, instance(), at(0), 5);
    expect(reiniting).toMatchObject({ status: 'ReIniting', snapshotChainSince: at(0).toISOString() });
    expect(settleDisk(reiniting, at(5)).status).toBe('In_use');
  });

  it('resize: grow only, within the range; online needs a Running instance', () => {
    expectApiError(() => resize(inUse, 40, 'offline', instance(), at(0)), 'InvalidDiskSize', 403);
    expectApiError(() => resize(inUse, 40_000, 'offline', instance(), at(0)), 'InvalidDiskSize.TooLarge', 403);
    expectApiError(() => resize(inUse, 60, 'online', instance(), at(0)), 'InvalidInstanceStatus.NotRunning', 403);
    expect(resize(inUse, 60, 'online', instance({ status: 'Running' }), at(0)).sizeGiB).toBe(60);
    expectApiError(() => resize({ ...inUse, type: 'system' }, 501, 'offline', instance(), at(0)), 'InvalidDiskSize.TooLarge', 403);
  });

  it('delete: Available data disks only', () => {
    expectApiError(() => checkDelete(inUse, at(0)), 'DiskStillAttached', 403);
    expectApiError(() => checkDelete({ ...inUse, type: 'system' }, at(0)), 'DiskTypeViolation', 403);
    expectApiError(() => checkDelete(disk({ status: 'Creating' }), at(0)), 'IncorrectDiskStatus', 403);
    expect(() => checkDelete(disk(), at(0))).not.toThrow();
  });

  it('automatic snapshots skip an unused basic disk (guide L2013) and never-attached disks', () => {
    expect(autoSnapshotEligible(inUse)).toBe(true);
    expect(autoSnapshotEligible(disk({ category: 'cloud', attachedTime: at(-5).toISOString() }))).toBe(false);
    expect(autoSnapshotEligible(disk({ attachedTime: at(-5).toISOString() }))).toBe(true);
    expect(autoSnapshotEligible(disk())).toBe(false);
  });
});
