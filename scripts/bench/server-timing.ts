import type { EC2Client } from '@aws-sdk/client-ec2';
import { percentile } from './harness';

/**
 * Where a scenario's server time goes, read from the `Server-Timing` header every sandbox answer
 * carries (README "Where the time goes"): the bench's clients record each answer's header here,
 * and a row gets the p50 of each stage over its calls. Calls that fail keep no header (the
 * official clients throw before their headers are reachable).
 */
export const STAGES = ['auth', 'read', 'settle', 'app', 'write', 'render', 'total'] as const;
export type Breakdown = Record<(typeof STAGES)[number], number>;

let recorded: Breakdown[] = [];

/** `auth;dur=1.20, read;dur=4.00, …` → { auth: 1.2, read: 4, … }; undefined when not ours. */
export function parseServerTiming(header: string | undefined): Breakdown | undefined {
  if (!header) return undefined;
  const out: Partial<Breakdown> = {};
  for (const entry of header.split(',')) {
    const [name, dur] = entry.trim().split(';');
    if ((STAGES as readonly string[]).includes(name ?? '') && dur?.startsWith('dur=')) out[name as keyof Breakdown] = Number(dur.slice(4));
  }
  return STAGES.every((s) => typeof out[s] === 'number') ? (out as Breakdown) : undefined;
}

export function recordServerTiming(header: string | undefined): void {
  const b = parseServerTiming(header);
  if (b) recorded.push(b);
}

/** The breakdowns recorded since the last call (and forgets them). */
export function takeServerTimings(): Breakdown[] {
  const out = recorded;
  recorded = [];
  return out;
}

/** The p50 of each stage (not a breakdown of one call: the p50s need not add up to the total's). */
export function p50Breakdown(entries: Breakdown[]): Breakdown | undefined {
  if (entries.length === 0) return undefined;
  return Object.fromEntries(STAGES.map((s) => [s, percentile(entries.map((e) => e[s]).sort((a, b) => a - b), 50)!])) as Breakdown;
}

export function breakdownNote(b: Breakdown): string {
  return `server p50 ms: ${STAGES.map((s) => `${s} ${b[s] < 10 ? b[s].toFixed(1) : b[s].toFixed(0)}`).join(' · ')}`;
}

/** An Alibaba Cloud SDK client whose answers' Server-Timing headers are recorded. */
export function recordingEcsTimings<T extends { callApi: (...args: any[]) => Promise<any> }>(client: T): T {
  const callApi = client.callApi.bind(client);
  client.callApi = async (...args: any[]) => {
    const res = await callApi(...args);
    recordServerTiming((res as { headers?: Record<string, string> }).headers?.['server-timing']);
    return res;
  };
  return client;
}

/** An AWS SDK EC2 client whose answers' Server-Timing headers are recorded (a middleware inside its deserializer). */
export function recordingEc2Timings(client: EC2Client): EC2Client {
  client.middlewareStack.add(
    (next) => async (args) => {
      const out = await next(args);
      recordServerTiming((out.response as { headers?: Record<string, string> }).headers?.['server-timing']);
      return out;
    },
    { step: 'deserialize', priority: 'low', name: 'benchServerTiming' },
  );
  return client;
}

/** The row with the p50 breakdown of these calls (field and note); unchanged when none was recorded. */
export function withServerTimings<R extends { note?: string; serverTimingP50Ms?: Record<string, number> }>(row: R, entries: Breakdown[]): R {
  const b = p50Breakdown(entries);
  if (!b) return row;
  return { ...row, serverTimingP50Ms: b, note: [row.note, breakdownNote(b)].filter(Boolean).join('; ') };
}

/**
 * The row with its server time over its same-items floor: the p50 of Server-Timing's `total` over
 * the p50 of the raw Query of the same items. The row's own ratio also holds the client's work:
 * the AWS SDK parses EC2's XML (about 2.7 KB per instance: some 14 ms for a page of 100 here),
 * where the floor's client parses DynamoDB's JSON. This one says what the sandbox itself adds.
 */
export function withServerOverFloor<R extends { note?: string; serverTimingP50Ms?: Record<string, number>; sameItemsQueryP50Ms?: number | null; serverOverSameItemsQuery?: number | null }>(
  row: R,
): R {
  const total = row.serverTimingP50Ms?.total;
  const floor = row.sameItemsQueryP50Ms;
  if (!total || !floor) return row;
  const ratio = total / floor;
  return { ...row, serverOverSameItemsQuery: ratio, note: [row.note, `server total p50 / same items = ${ratio.toFixed(1)}×`].filter(Boolean).join('; ') };
}
