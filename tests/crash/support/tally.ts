import { appendFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The crash suite's counts across its files: each crash point appends a line
 * (`record`), and the global teardown of the `crash` project prints the totals.
 */
const FILE = join(tmpdir(), `sandbox-crash-tally-${process.env.CRASH_TALLY_ID ?? 'run'}.jsonl`);

export interface PointResult {
  scenario: string;
  point: string;
  violations: string[];
  /** How long the point took: crash, restart, jobs, checks. */
  ms?: number;
}

export function record(r: PointResult): void {
  appendFileSync(FILE, `${JSON.stringify(r)}\n`);
  const head = r.violations.length ? `: ${r.violations.slice(0, 5).join('; ')}` : '';
  const took = r.ms !== undefined ? ` (${(r.ms / 1000).toFixed(1)} s)` : '';
  const line = `[crash] ${r.scenario} @ ${r.point}: ${r.violations.length} violation(s)${took}${head}`;
  console.log(line);
  if (process.env.SANDBOX_CRASH_PROGRESS) appendFileSync(process.env.SANDBOX_CRASH_PROGRESS, `${line}\n`);
}

export default function setup(): () => void {
  process.env.CRASH_TALLY_ID = String(process.pid);
  const file = join(tmpdir(), `sandbox-crash-tally-${process.pid}.jsonl`);
  rmSync(file, { force: true });
  return () => {
    const lines = existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean) : [];
    const results = lines.map((l) => JSON.parse(l) as PointResult);
    const violations = results.reduce((n, r) => n + r.violations.length, 0);
    console.log(`\n[crash] crash points tried: ${results.length}; invariant violations: ${violations}`);
    for (const r of results) console.log(`[crash]   ${r.scenario} @ ${r.point}: ${r.violations.length}`);
    rmSync(file, { force: true });
  };
}
