/**
 * Timing primitives of the benchmark: sequential latency (with warm-up),
 * throughput with N concurrent workers for a fixed time, percentiles, and the
 * types a scenario and a result row are made of. Measured, never asserted.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { TableNames } from '../lib/tables';
import type { Credentials, EcsClient } from '../../tests/support/ecs-client';

/** How long a phase takes, and how many calls it makes; `--quick` shrinks them. */
export interface BenchSettings {
  /** Untimed calls before the sequential latency sample. */
  warmup: number;
  /** Timed sequential calls. */
  n: number;
  /** ...unless this many seconds ran out first (the row's n then says how many fitted). */
  latencyMaxSeconds: number;
  /** Concurrent workers of the throughput phase. */
  workers: number;
  /** Length of the timed throughput phase, in seconds. */
  seconds: number;
  /** Untimed concurrent run before the throughput phase (new Lambda workers start here, not in the sample). */
  throughputWarmupSeconds: number;
  /** Untimed mixed load before anything is measured (JIT of DynamoDB Local's JVM and of the handlers). */
  globalWarmupSeconds: number;
  /** GetItem and Query calls of the floor measured right before and right after each scenario (each side). */
  adjacentFloorN: number;
  /** Length of the floor rows' throughput phase (DynamoDB Local alone), in seconds. */
  floorThroughputSeconds: number;
}

export interface Account extends Credentials {
  accountId: string;
  /** The official SDK (V3 signing) with this account's key. */
  client: EcsClient;
}

/** What every scenario gets: the running sandbox and helpers on it. */
export interface BenchContext {
  /** RPC front door, e.g. http://127.0.0.1:41234 */
  endpoint: string;
  /** The official SDK signed with the operator key. */
  operator: EcsClient;
  operatorCredentials: Credentials;
  /** The seeded default account (its own credentials, not the npm start defaults). */
  defaultAccount: Account;
  /** A fresh account through CreateAccount, so a scenario never sees another's resources. */
  newAccount: () => Promise<Account>;
  /** The official SDK for any credentials (V3 signing unless told). */
  ecsClient: (creds: Credentials, signing?: 'v3' | 'v1') => EcsClient;
  /** Any action through the SDK's generic callApi (operator actions, actions the SDK lacks). */
  callAction: (client: EcsClient, action: string, query?: Record<string, unknown>) => Promise<Record<string, unknown>>;
  dynamoEndpoint: string;
  /** serverless-offline's Lambda endpoint (the due-lag scenario runs its own ticker on it). */
  lambdaEndpoint: string;
  tables: TableNames;
  /** A raw client on the same DynamoDB Local (for floors, seeding checks, reading state). */
  dynamo: DynamoDBClient;
  settings: BenchSettings;
  /** The DynamoDB floor measured right before the current scenario (the harness recomputes ratios with before + after). */
  floors: Floors;
  log: (line: string) => void;
}

export interface Floors {
  getItemP50: number | null;
  queryP50: number | null;
}

/**
 * A timed scenario: `run` is ONE call and is timed sequentially (warm-up, then
 * n calls) and then under `workers` concurrent callers. `setup` runs once,
 * untimed; what it returns is handed to `run` and `teardown`.
 */
export interface TimedScenario<S = unknown> {
  name: string;
  /** One line for the report: what the call is and what it reads or writes. */
  description: string;
  /** 'list' rows also get the ratio to the DynamoDB Query floor. */
  reads: 'item' | 'list' | 'write';
  setup?: (ctx: BenchContext) => Promise<S>;
  run: (ctx: BenchContext, state: S) => Promise<unknown>;
  teardown?: (ctx: BenchContext, state: S) => Promise<void>;
  /**
   * The honest floor of a list read: the raw DynamoDB call that reads the same items the
   * scenario's call returns (same partition, Limit = page size). Timed in turn with `run`;
   * the row reports p50 / this call's p50 (`ratioToSameItemsQuery`).
   */
  sameItemsFloor?: (ctx: BenchContext, state: S) => () => Promise<unknown>;
  /** Per-scenario overrides (a slow call may want fewer samples); `throughput: false` skips that phase. */
  latency?: { warmup?: number; n?: number; maxSeconds?: number };
  throughput?: Partial<Pick<BenchSettings, 'workers' | 'seconds' | 'throughputWarmupSeconds'>> | false;
}

/** A scenario that measures in its own way (a sweep, a lag) and returns its rows. */
export interface CustomScenario {
  name: string;
  description: string;
  measure: (ctx: BenchContext) => Promise<ResultRow[]>;
}

export type Scenario = ({ kind: 'timed' } & TimedScenario<any>) | ({ kind: 'custom' } & CustomScenario);

/** Keeps `setup`'s return type flowing into `run` and `teardown`. */
export function timed<S = undefined>(s: TimedScenario<S>): Scenario {
  return { kind: 'timed', ...(s as TimedScenario<any>) };
}

export function custom(s: CustomScenario): Scenario {
  return { kind: 'custom', ...s };
}

export interface ResultRow {
  name: string;
  /** sandbox: through the front door; floor: raw DynamoDB Local; peer: another emulator, for comparison only. */
  group: 'sandbox' | 'floor' | 'peer';
  description: string;
  /** Successful timed sequential calls. */
  n: number;
  /** Failed calls (sequential and concurrent phases together). */
  errors: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  meanMs: number | null;
  /** Completed calls per second with `workers` concurrent callers; null when not measured. */
  throughputRps: number | null;
  workers: number | null;
  /** p50 over the DynamoDB GetItem p50 of this run. */
  ratioToGetItemP50: number | null;
  /** p50 over the DynamoDB Query p50 of this run (rows that read a list). */
  ratioToQueryP50: number | null;
  /** p50 of the raw Query of the same items (list rows with a same-items floor), timed in turn with the row's call. */
  sameItemsQueryP50Ms?: number | null;
  /** p50 over sameItemsQueryP50Ms: what the sandbox adds to reading those items. */
  ratioToSameItemsQuery?: number | null;
  /** Server-Timing's total p50 over sameItemsQueryP50Ms: the same without the client's parsing of the answer. */
  serverOverSameItemsQuery?: number | null;
  /** The floor p50s the ratios were computed with (measured right before and after this row's scenario). */
  floorP50Ms?: Floors;
  /** p50 of each stage of the sandbox's Server-Timing header over the row's calls (scripts/bench/server-timing.ts). */
  serverTimingP50Ms?: Record<string, number>;
  /** Peer ms / sandbox ms within each pair of calls made back to back (scripts/bench/paired-ratio.ts): median and spread. */
  peerRatioPerPair?: { n: number; p25: number; median: number; p75: number; min: number; max: number };
  /** p50 at this account size over the p50 at the smallest size measured, same call (rows of several sizes). */
  growth?: number | null;
  /** First error message, or anything else worth reading next to the figures. */
  note?: string;
}

export interface Summary {
  n: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  mean: number | null;
}

/** Nearest-rank percentile of ascending samples. */
export function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function summarize(samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = sorted.length ? sorted.reduce((a, b) => a + b, 0) / sorted.length : null;
  return { n: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), mean };
}

const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6;

export interface LatencyResult {
  samples: number[];
  errors: number;
  firstError?: string;
  /** True when `maxSeconds` ran out before `n` calls (n is then what fitted). */
  capped?: boolean;
}

export interface LatencyOptions {
  warmup: number;
  n: number;
  /** Stop the timed sample after this long even if fewer than n calls were made (keeps a loaded machine's run bounded). */
  maxSeconds?: number;
}

/** `warmup` untimed calls, then `n` timed calls one after another. */
export async function measureLatency(fn: () => Promise<unknown>, opts: LatencyOptions): Promise<LatencyResult> {
  return (await measureLatencyInterleaved([fn], opts))[0]!;
}

/**
 * Several calls timed in turn (a, b, a, b, ...), so that each sees the same
 * moments of a drifting machine: for comparing two calls (GetItem vs Query,
 * a page on 100 vs 10,000 instances) better than one after the other.
 */
export async function measureLatencyInterleaved(fns: (() => Promise<unknown>)[], opts: LatencyOptions): Promise<LatencyResult[]> {
  const out: LatencyResult[] = fns.map(() => ({ samples: [], errors: 0 }));
  const fail = (r: LatencyResult, e: unknown) => {
    r.errors++;
    r.firstError ??= errorText(e);
  };
  for (let i = 0; i < opts.warmup; i++) {
    for (let k = 0; k < fns.length; k++) await fns[k]!().catch((e) => fail(out[k]!, e));
  }
  // A call whose every warm-up failed would only measure errors: leave it out of the sample.
  const live = fns.map((_, k) => opts.warmup === 0 || out[k]!.errors < opts.warmup);
  const until = opts.maxSeconds === undefined ? Infinity : nowMs() + opts.maxSeconds * 1000;
  for (let i = 0; i < opts.n; i++) {
    if (nowMs() > until) {
      for (const r of out) r.capped = true;
      break;
    }
    for (let k = 0; k < fns.length; k++) {
      if (!live[k]) continue;
      const t = nowMs();
      try {
        await fns[k]!();
        out[k]!.samples.push(nowMs() - t);
      } catch (e) {
        fail(out[k]!, e);
      }
    }
  }
  return out;
}

export interface ThroughputResult {
  completed: number;
  errors: number;
  seconds: number;
  rps: number;
  firstError?: string;
}

/**
 * `workers` loops calling `fn` back to back: first `warmupSeconds` untimed,
 * then `seconds` timed. Requests/s counts calls that completed successfully
 * inside the timed window.
 */
export async function measureThroughput(
  fn: () => Promise<unknown>,
  opts: { workers: number; seconds: number; warmupSeconds: number },
): Promise<ThroughputResult> {
  let errors = 0;
  let firstError: string | undefined;
  const loop = async (until: number, count: boolean): Promise<number> => {
    let done = 0;
    while (nowMs() < until) {
      try {
        await fn();
        if (count && nowMs() <= until) done++;
      } catch (e) {
        if (count) {
          errors++;
          firstError ??= errorText(e);
        }
      }
    }
    return done;
  };
  const workers = Array.from({ length: opts.workers });
  if (opts.warmupSeconds > 0) {
    const until = nowMs() + opts.warmupSeconds * 1000;
    await Promise.all(workers.map(() => loop(until, false)));
  }
  const start = nowMs();
  const until = start + opts.seconds * 1000;
  const counts = await Promise.all(workers.map(() => loop(until, true)));
  const completed = counts.reduce((a, b) => a + b, 0);
  const seconds = opts.seconds;
  return { completed, errors, seconds, rps: completed / seconds, firstError };
}

/**
 * Untimed load before anything is measured: `workers` callers going round the
 * given calls for `seconds` (DynamoDB Local's JVM and the handlers need a few
 * thousand calls to reach steady speed). Errors are counted, not thrown.
 */
export async function warmUp(fns: (() => Promise<unknown>)[], opts: { workers: number; seconds: number }): Promise<{ calls: number; errors: number }> {
  const until = nowMs() + opts.seconds * 1000;
  let calls = 0;
  let errors = 0;
  await Promise.all(
    Array.from({ length: opts.workers }, async (_, w) => {
      for (let i = w; nowMs() < until; i++) {
        calls++;
        await fns[i % fns.length]!().catch(() => errors++);
      }
    }),
  );
  return { calls, errors };
}

export function errorText(e: unknown): string {
  const err = e as { code?: string; message?: string; name?: string };
  const text = [err.code ?? err.name, err.message].filter(Boolean).join(': ');
  return (text || String(e)).split('\n')[0]!.slice(0, 200);
}

const ratio = (a: number | null, b: number | null): number | null => (a !== null && b !== null && b > 0 ? a / b : null);

/** A timed scenario, measured: setup, sequential latency, throughput, teardown (always). */
export async function runTimedScenario(s: TimedScenario<any>, ctx: BenchContext): Promise<ResultRow> {
  const base = { name: s.name, group: 'sandbox' as const, description: s.description };
  let state: unknown;
  try {
    state = s.setup ? await s.setup(ctx) : undefined;
  } catch (e) {
    return emptyRow(base, `setup failed: ${errorText(e)}`);
  }
  try {
    const call = () => s.run(ctx, state);
    const floorCall = s.sameItemsFloor?.(ctx, state);
    const [first, floorLat] = await measureLatencyInterleaved(floorCall ? [call, floorCall] : [call], {
      warmup: s.latency?.warmup ?? ctx.settings.warmup,
      n: s.latency?.n ?? ctx.settings.n,
      maxSeconds: s.latency?.maxSeconds ?? ctx.settings.latencyMaxSeconds,
    });
    const lat = first!; // one result per function measured, and there is at least one
    let tp: ThroughputResult | undefined;
    let workers: number | null = null;
    if (s.throughput !== false && lat.samples.length > 0) {
      workers = s.throughput?.workers ?? ctx.settings.workers;
      tp = await measureThroughput(call, {
        workers,
        seconds: s.throughput?.seconds ?? ctx.settings.seconds,
        warmupSeconds: s.throughput?.throughputWarmupSeconds ?? ctx.settings.throughputWarmupSeconds,
      });
    }
    const row = rowFrom(base, lat, tp, workers, ctx.floors, s.reads === 'list');
    return floorLat ? withSameItemsFloor(row, floorLat) : row;
  } finally {
    if (s.teardown) await s.teardown(ctx, state).catch((e) => ctx.log(`teardown of ${s.name} failed: ${errorText(e)}`));
  }
}

/** A row from a latency sample and an optional throughput run (floors, peers, custom scenarios). */
export function rowFrom(
  base: Pick<ResultRow, 'name' | 'group' | 'description'>,
  lat: LatencyResult,
  tp: ThroughputResult | undefined,
  workers: number | null,
  floors: Floors,
  readsList: boolean,
): ResultRow {
  const sum = summarize(lat.samples);
  const errors = lat.errors + (tp?.errors ?? 0);
  const firstError = lat.firstError ?? tp?.firstError;
  const notes = [
    ...(firstError ? [`${errors} error(s), first: ${firstError}`] : []),
    ...(lat.capped ? [`latency sample stopped by its time limit after ${sum.n} calls`] : []),
  ];
  return {
    ...base,
    n: sum.n,
    errors,
    p50Ms: sum.p50,
    p95Ms: sum.p95,
    p99Ms: sum.p99,
    meanMs: sum.mean,
    throughputRps: tp ? tp.rps : null,
    workers: tp ? workers : null,
    ratioToGetItemP50: ratio(sum.p50, floors.getItemP50),
    ratioToQueryP50: readsList ? ratio(sum.p50, floors.queryP50) : null,
    ...(notes.length ? { note: notes.join('; ') } : {}),
  };
}

/** A custom scenario's row from its own samples: no throughput phase, no DynamoDB floor ratio. */
export function samplesRow(base: Pick<ResultRow, 'name' | 'group' | 'description'>, lat: LatencyResult): ResultRow {
  return rowFrom(base, lat, undefined, null, { getItemP50: null, queryP50: null }, false);
}

/** The row with its same-items floor (a raw Query of the items it returned, timed in turn with it). */
export function withSameItemsFloor(row: ResultRow, floor: LatencyResult): ResultRow {
  const p50 = summarize(floor.samples).p50;
  return { ...row, sameItemsQueryP50Ms: p50, ratioToSameItemsQuery: ratio(row.p50Ms, p50) };
}

/**
 * Ratios against the floor measured around the row's scenario: the machine
 * drifts (JIT, other processes), so a row is compared with DynamoDB Local as
 * it was at that moment. A ratio the row left null (not a list read; a custom
 * row built with null floors to opt out) stays null.
 */
export function applyFloor(row: ResultRow, floors: Floors): ResultRow {
  if (row.group !== 'sandbox') return row;
  return {
    ...row,
    floorP50Ms: floors,
    ratioToGetItemP50: row.ratioToGetItemP50 === null ? null : ratio(row.p50Ms, floors.getItemP50),
    ratioToQueryP50: row.ratioToQueryP50 === null ? null : ratio(row.p50Ms, floors.queryP50),
  };
}

export function emptyRow(base: Pick<ResultRow, 'name' | 'group' | 'description'>, note: string): ResultRow {
  return {
    ...base,
    n: 0,
    errors: 0,
    p50Ms: null,
    p95Ms: null,
    p99Ms: null,
    meanMs: null,
    throughputRps: null,
    workers: null,
    ratioToGetItemP50: null,
    ratioToQueryP50: null,
    note,
  };
}
