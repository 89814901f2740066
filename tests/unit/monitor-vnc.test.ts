import { describe, expect, it } from 'vitest';
import { instanceMonitorPoint, monitorWindow } from '../../shared/domain/monitor-data';
import { validateVncPassword } from '../../shared/domain/vnc';
import { expectApiError } from '../support/api-error';

const now = new Date('2024-03-01T12:00:00.000Z');

describe('monitor data window', () => {
  it('one point per period from StartTime, seconds rounded up to the next minute, not past now', () => {
    expect(monitorWindow('2024-03-01T11:00:00Z', '2024-03-01T11:05:00Z', undefined, now).points).toHaveLength(5);
    const rounded = monitorWindow('2024-03-01T11:00:30Z', '2024-03-01T11:05:00Z', 60, now);
    expect(new Date(rounded.points[0]!).toISOString()).toBe('2024-03-01T11:01:00.000Z');
    expect(monitorWindow('2024-03-01T11:00:00Z', '2024-03-01T14:00:00Z', 3600, now).points).toHaveLength(2); // 11:00 and 12:00 (now); 13:00 is still ahead
  });

  it('refuses other periods, more than 400 points, malformed times, a reversed window and StartTime older than 30 days', () => {
    expectApiError(() => monitorWindow('2024-03-01T11:00:00Z', '2024-03-01T11:05:00Z', 300, now), 'InvalidPeriod.ValueNotSupported');
    expectApiError(() => monitorWindow('2024-03-01T00:00:00Z', '2024-03-01T06:41:00Z', 60, now), 'InvalidParameter.TooManyDataQueried');
    expectApiError(() => monitorWindow('2024-03-01 11:00:00', '2024-03-01T11:05:00Z', 60, now), 'InvalidStartTime.Malformed');
    expectApiError(() => monitorWindow('2024-03-01T11:00:00Z', '2024-02-30T11:05:00Z', 60, now), 'InvalidEndTime.Malformed');
    expectApiError(() => monitorWindow('2024-03-01T11:05:00Z', '2024-03-01T11:00:00Z', 60, now), 'InvalidStartTime.ValueNotSupported');
    expectApiError(() => monitorWindow('2024-01-01T11:00:00Z', '2024-01-01T11:05:00Z', 60, now), 'InvalidStartTime.ValueNotSupported');
  });

  it('is deterministic per instance and time, zero when not running, public traffic capped by the bandwidth', () => {
    const at = Date.parse('2024-03-01T11:00:00Z');
    const shape = { instanceId: 'i-1', runningAt: () => true, internetMaxBandwidthOut: 1 };
    expect(instanceMonitorPoint(shape, at, 60)).toEqual(instanceMonitorPoint(shape, at, 60));
    expect(instanceMonitorPoint(shape, at, 60)).not.toEqual(instanceMonitorPoint({ ...shape, instanceId: 'i-2' }, at, 60));
    expect(instanceMonitorPoint(shape, at, 60).InternetBandwidth).toBeLessThanOrEqual(1024);
    const off = instanceMonitorPoint({ ...shape, runningAt: () => false }, at, 60);
    expect([off.CPU, off.IntranetRX, off.InternetTX, off.IOPSWrite, off.BPSWrite]).toEqual([0, 0, 0, 0, 0]);
  });
});

describe('VNC password', () => {
  it('six characters with upper case, lower case and digits', () => {
    validateVncPassword('Ab1234');
    for (const bad of ['ab1234', 'AB1234', 'Abcdef', 'Ab123', 'Ab12345', 'Ab 123'])
      expectApiError(() => validateVncPassword(bad), 'IncorrectVncPassword.Malformed');
  });
});
