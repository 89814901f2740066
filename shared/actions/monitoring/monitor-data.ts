import { z } from 'zod';
import type { InstanceRecord } from '../../domain/instance';
import { diskMonitorPoint, instanceMonitorPoint, monitorWindow } from '../../domain/monitor-data';
import { defineAction } from '../action';
import { attachedInstance, diskIdParam, loadDisk } from '../disks/common';
import { instanceId, loadCurrent } from '../instances/common';
import { commonFields, p } from '../params';

/**
 * DescribeInstanceMonitorData and DescribeDiskMonitorData: generated series over the sandbox
 * clock (rules and limits: shared/domain/monitor-data.ts). An instance carries load from its last
 * start while it is Running (or stopping); a Stopped instance, and any time before its last start,
 * reads zero. A disk carries load while attached to such an instance.
 */
const monitorFields = {
  ...commonFields,
  StartTime: p.string({ min: 1, max: 64 }),
  EndTime: p.string({ min: 1, max: 64 }),
  Period: p.int().optional(),
};

function runningAt(inst: InstanceRecord | undefined): (at: number) => boolean {
  if (!inst || (inst.status !== 'Running' && inst.status !== 'Stopping') || !inst.startTime) return () => false;
  const since = Date.parse(inst.startTime);
  return (at) => at >= since;
}

export const describeInstanceMonitorData = defineAction({
  name: 'DescribeInstanceMonitorData',
  input: z.object({ ...monitorFields, InstanceId: instanceId() }),
  handler: async (input, ctx) => {
    const window = monitorWindow(input.StartTime, input.EndTime, input.Period, ctx.now);
    const { current } = await loadCurrent(ctx, undefined, input.InstanceId);
    const shape = {
      instanceId: current.instanceId,
      runningAt: runningAt(current),
      internetMaxBandwidthOut: current.eip ? current.eip.bandwidth : current.publicIpAddress ? current.internetMaxBandwidthOut : 0,
    };
    return { MonitorData: { InstanceMonitorData: window.points.map((at) => instanceMonitorPoint(shape, at, window.period)) } };
  },
});

export const describeDiskMonitorData = defineAction({
  name: 'DescribeDiskMonitorData',
  input: z.object({ ...monitorFields, DiskId: diskIdParam() }),
  handler: async (input, ctx) => {
    const window = monitorWindow(input.StartTime, input.EndTime, input.Period, ctx.now);
    const disk = await loadDisk(ctx, undefined, input.DiskId);
    const inst = disk.current.status === 'In_use' ? await attachedInstance(ctx, disk.current) : undefined;
    const active = runningAt(inst?.current);
    const points = window.points.map((at) => diskMonitorPoint(disk.current.diskId, active(at), at));
    return { TotalCount: points.length, MonitorData: { DiskMonitorData: points } };
  },
});
