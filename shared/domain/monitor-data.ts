import { createHash } from 'node:crypto';
import { ApiError } from './errors';

/**
 * Generated monitoring series for DescribeInstanceMonitorData and DescribeDiskMonitorData
 * (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describeinstancemonitordata,
 * https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describediskmonitordata).
 *
 * The window follows the reference: StartTime and EndTime in UTC `yyyy-MM-ddTHH:mm:ssZ`, a time with
 * seconds moved to the next whole minute; Period 60 (default), 600 or 3600; at most 400 points
 * ((EndTime - StartTime) / Period, else InvalidParameter.TooManyDataQueried); StartTime no more than
 * 30 days before now.
 *
 * The sandbox has no guest to measure, so each value is derived from a hash of (resource, metric,
 * point time): the same query on the same sandbox clock answers the same numbers, and a point is
 * zero when the resource was not running then (docs/rules/ecs-user-guide.md#monitoring).
 */
export const MONITOR_PERIODS = [60, 600, 3600] as const;
export const MAX_MONITOR_POINTS = 400;
export const MONITOR_RETENTION_DAYS = 30;

export const MonitorErrors = {
  tooMany: () => new ApiError('InvalidParameter.TooManyDataQueried', 400, 'Too many data queried.'),
  startMalformed: () => new ApiError('InvalidStartTime.Malformed', 400, 'The specified parameter StartTime is not valid.'),
  endMalformed: () => new ApiError('InvalidEndTime.Malformed', 400, 'The specified parameter EndTime is not valid.'),
  startTooEarly: () =>
    new ApiError('InvalidStartTime.ValueNotSupported', 400, `The specified StartTime is more than ${MONITOR_RETENTION_DAYS} days before now.`),
  startAfterEnd: () => new ApiError('InvalidStartTime.ValueNotSupported', 400, 'The specified StartTime is later than EndTime.'),
  period: () => new ApiError('InvalidPeriod.ValueNotSupported', 400, 'The specified parameter Period is not valid.'),
};

const UTC_SECONDS = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;

/** A request time; seconds other than 00 move it to the next minute. */
function parseMonitorTime(raw: string, malformed: () => ApiError): number {
  const m = UTC_SECONDS.exec(raw);
  if (!m) throw malformed();
  const ms = Date.parse(raw);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 19) + 'Z' !== raw) throw malformed();
  return Number(m[6]) === 0 ? ms : ms - Number(m[6]) * 1000 + 60_000;
}

export interface MonitorWindow {
  /** Point times (ms), oldest first: StartTime, StartTime + Period, ... before EndTime and not after now. */
  points: number[];
  period: number;
}

export function monitorWindow(startRaw: string, endRaw: string, periodRaw: number | undefined, now: Date): MonitorWindow {
  const period = periodRaw ?? 60;
  if (!(MONITOR_PERIODS as readonly number[]).includes(period)) throw MonitorErrors.period();
  const start = parseMonitorTime(startRaw, MonitorErrors.startMalformed);
  const end = parseMonitorTime(endRaw, MonitorErrors.endMalformed);
  if (start > end) throw MonitorErrors.startAfterEnd();
  if (start < now.getTime() - MONITOR_RETENTION_DAYS * 86_400_000) throw MonitorErrors.startTooEarly();
  if ((end - start) / 1000 / period > MAX_MONITOR_POINTS) throw MonitorErrors.tooMany();
  const points: number[] = [];
  for (let t = start; t < end && t <= now.getTime(); t += period * 1000) points.push(t);
  return { points, period };
}

/** A deterministic number in [0, 1) for (resource, metric, time). */
export function unitNoise(resourceId: string, metric: string, at: number): number {
  const digest = createHash('sha256').update(`${resourceId}|${metric}|${at}`).digest();
  return digest.readUInt32BE(0) / 0x1_0000_0000;
}

/** A value between `low` and `high`, deterministic per (resource, metric, time). */
const between = (resourceId: string, metric: string, at: number, low: number, high: number) =>
  Math.round(low + (high - low) * unitNoise(resourceId, metric, at));

export const monitorTimeStamp = (at: number): string => new Date(at).toISOString().slice(0, 19) + 'Z';

export interface InstanceLoadShape {
  instanceId: string;
  /** Whether the instance ran at that point (zero load otherwise). */
  runningAt: (at: number) => boolean;
  /** Outbound public bandwidth in Mbit/s; 0 means no public traffic. */
  internetMaxBandwidthOut: number;
}

export function instanceMonitorPoint(shape: InstanceLoadShape, at: number, period: number) {
  const id = shape.instanceId;
  const on = shape.runningAt(at);
  const v = (metric: string, low: number, high: number) => (on ? between(id, metric, at, low, high) : 0);
  const publicOn = on && shape.internetMaxBandwidthOut > 0;
  const pv = (metric: string, low: number, high: number) => (publicOn ? between(id, metric, at, low, high) : 0);
  const internetBandwidth = Math.min(pv('InternetBandwidth', 1, 2048), shape.internetMaxBandwidthOut * 1024);
  return {
    InstanceId: id,
    TimeStamp: monitorTimeStamp(at),
    CPU: v('CPU', 1, 60),
    // Traffic in kbits over the period, bandwidth in kbit/s.
    IntranetRX: v('IntranetRX', 10, 5000) * (period / 60),
    IntranetTX: v('IntranetTX', 10, 5000) * (period / 60),
    IntranetBandwidth: v('IntranetBandwidth', 1, 4096),
    InternetRX: pv('InternetRX', 1, 2000) * (period / 60),
    InternetTX: pv('InternetTX', 1, 2000) * (period / 60),
    InternetBandwidth: internetBandwidth,
    IOPSRead: v('IOPSRead', 0, 300),
    IOPSWrite: v('IOPSWrite', 1, 500),
    BPSRead: v('BPSRead', 0, 4_000_000),
    BPSWrite: v('BPSWrite', 1000, 8_000_000),
  };
}

export function diskMonitorPoint(diskId: string, active: boolean, at: number) {
  const v = (metric: string, low: number, high: number) => (active ? between(diskId, metric, at, low, high) : 0);
  const iopsRead = v('IOPSRead', 0, 300);
  const iopsWrite = v('IOPSWrite', 1, 500);
  const bpsRead = v('BPSRead', 0, 4_000_000);
  const bpsWrite = v('BPSWrite', 1000, 8_000_000);
  return {
    DiskId: diskId,
    TimeStamp: monitorTimeStamp(at),
    IOPSRead: iopsRead,
    IOPSWrite: iopsWrite,
    IOPSTotal: iopsRead + iopsWrite,
    BPSRead: bpsRead,
    BPSWrite: bpsWrite,
    BPSTotal: bpsRead + bpsWrite,
    // Microseconds.
    LatencyRead: v('LatencyRead', 100, 2000),
    LatencyWrite: v('LatencyWrite', 100, 3000),
  };
}
