/**
 * The sandbox against the peer, pair by pair. On a loaded 2-core machine one p50 against another
 * flips from run to run (a burst of load lands on one side's calls); a ratio taken within each
 * pair of calls made back to back, with the side that goes first alternating, sees the same
 * moment on both sides. The row reports the median of those ratios and their spread.
 */
import { errorText, percentile, type LatencyOptions, type LatencyResult } from './harness';

export interface PairedResult {
  sandbox: LatencyResult;
  peer: LatencyResult;
  /** peer ms / sandbox ms of each round where both calls succeeded (> 1: the sandbox is faster). */
  ratios: number[];
}

export interface RatioSpread {
  n: number;
  p25: number;
  median: number;
  p75: number;
  min: number;
  max: number;
}

const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6;

async function timeOne(fn: () => Promise<unknown>, into: LatencyResult): Promise<number | undefined> {
  const t = nowMs();
  try {
    await fn();
  } catch (e) {
    into.errors++;
    into.firstError ??= errorText(e);
    return undefined;
  }
  const ms = nowMs() - t;
  into.samples.push(ms);
  return ms;
}

/**
 * `warmup` untimed rounds, then up to `n` rounds of one sandbox call and one peer call, the
 * sandbox first in even rounds and the peer first in odd ones (so neither always runs right after
 * the other's load), until `maxSeconds` is spent.
 */
export async function measurePairs(sandbox: () => Promise<unknown>, peer: () => Promise<unknown>, opts: LatencyOptions): Promise<PairedResult> {
  const out: PairedResult = { sandbox: { samples: [], errors: 0 }, peer: { samples: [], errors: 0 }, ratios: [] };
  for (let i = 0; i < opts.warmup; i++) {
    await sandbox().catch(() => undefined);
    await peer().catch(() => undefined);
  }
  const until = opts.maxSeconds === undefined ? Infinity : nowMs() + opts.maxSeconds * 1000;
  for (let i = 0; i < opts.n; i++) {
    if (nowMs() > until) {
      out.sandbox.capped = out.peer.capped = true;
      break;
    }
    let s: number | undefined;
    let p: number | undefined;
    if (i % 2 === 0) {
      s = await timeOne(sandbox, out.sandbox);
      p = await timeOne(peer, out.peer);
    } else {
      p = await timeOne(peer, out.peer);
      s = await timeOne(sandbox, out.sandbox);
    }
    if (s !== undefined && p !== undefined && s > 0) out.ratios.push(p / s);
  }
  return out;
}

/** Quartiles and extremes of the per-pair ratios; undefined without any pair. */
export function ratioSpread(ratios: number[]): RatioSpread | undefined {
  if (ratios.length === 0) return undefined;
  const sorted = [...ratios].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p25: percentile(sorted, 25)!,
    median: percentile(sorted, 50)!,
    p75: percentile(sorted, 75)!,
    min: sorted[0]!,
    max: sorted[sorted.length - 1]!,
  };
}

const x = (r: number) => `${r < 10 ? r.toFixed(2) : r.toFixed(0)}×`;

/** `moto / sandbox per pair: median 1.20× (p25 0.90×, p75 1.50×; min 0.60×, max 2.10×; 30 pairs)`. */
export function spreadNote(peerName: string, spread: RatioSpread | undefined): string {
  if (!spread) return `${peerName} / sandbox per pair: no pair where both calls succeeded`;
  return `${peerName} / sandbox per pair: median ${x(spread.median)} (p25 ${x(spread.p25)}, p75 ${x(spread.p75)}; min ${x(spread.min)}, max ${x(spread.max)}; ${spread.n} pairs)`;
}
