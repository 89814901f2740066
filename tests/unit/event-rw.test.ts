import { describe, expect, it } from 'vitest';
import { eventRwOf } from '../../shared/domain/event-rw';

describe('eventRwOf: ActionTrail read/write type', () => {
  it('marks read-only API calls of both dialects Read', () => {
    for (const ActionName of ['DescribeInstances', 'ListTagResources', 'LookupEvents', 'GetCallerIdentity', 'ec2:DescribeVolumes', 'ec2:GetConsoleOutput']) {
      expect(eventRwOf({ EventName: 'ApiCall', ActionName })).toBe('Read');
    }
  });

  it('marks changing calls Write, including names that merely start like a read', () => {
    for (const ActionName of ['RunInstances', 'DeleteInstance', 'ec2:TerminateInstances', 'Describer', 'Listen', 'ModifyInstanceAttribute', '']) {
      expect(eventRwOf({ EventName: 'ApiCall', ActionName })).toBe('Write');
    }
  });

  it('marks resource, notice and alert events Write whatever their action', () => {
    expect(eventRwOf({ EventName: 'Instance.StateChanged' })).toBe('Write');
    expect(eventRwOf({ EventName: 'Alert.RiskyOperation', ActionName: 'DescribeInstances' })).toBe('Write');
    expect(eventRwOf({ EventName: 'ApiCall' })).toBe('Write');
  });
});
