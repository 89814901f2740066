/**
 * Output of the benchmark: a table on stdout, bench/results.json, and the
 * README section between the bench markers (nothing else of README.md is
 * touched; the section is appended with its markers when missing).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, platform, release, totalmem } from 'node:os';
import { dirname } from 'node:path';
import type { BenchSettings, Floors, ResultRow } from './harness';

export const README_BEGIN = '<!-- BEGIN generated: bench (npm run bench) -->';
export const README_END = '<!-- END generated: bench -->';

export interface BenchReport {
  generatedAt: string;
  command: string;
  machine: {
    cpus: number;
    cpuModel: string;
    memoryGiB: number;
    node: string;
    platform: string;
    /** Above the core count means other processes competed for the CPU during the run. */
    loadAverage1mAtStart?: number;
    loadAverage1mAtEnd?: number;
  };
  settings: BenchSettings;
  startup: {
    /** As returned by startStack: dynamodbLocalMs, tablesReadyMs, prebuildMs, readyMs (all from its start). */
    timingsMs: Record<string, number>;
    /** The target. */
    targetReadyMs: number;
    readyWithinTarget: boolean;
    stopMs?: number;
  };
  /** p50s of the floor rows (each sandbox row's ratios use the floor measured around it: row.floorP50Ms). */
  floors: Floors;
  rows: ResultRow[];
  peer: { measured: boolean; skipped?: string; startupMs?: number; version?: string };
  totalMs: number;
  notes: string[];
}

export function machineInfo(): Omit<BenchReport['machine'], 'loadAverage1mAtStart' | 'loadAverage1mAtEnd'> {
  const c = cpus();
  return {
    cpus: c.length,
    cpuModel: c[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${platform()} ${release()}`,
  };
}

const ms = (v: number | null): string => (v === null ? '–' : v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0));
const x = (v: number | null): string => (v === null ? '–' : `${v.toFixed(1)}×`);
const rps = (v: number | null): string => (v === null ? '–' : v.toFixed(0));
const sec = (v: number | undefined): string => (v === undefined ? '–' : `${(v / 1000).toFixed(1)} s`);

const COLUMNS = ['Scenario', 'kind', 'n', 'err', 'p50 ms', 'p95 ms', 'p99 ms', 'req/s', 'p50/GetItem', 'p50/Query', 'p50/same items'] as const;

function cells(r: ResultRow): string[] {
  return [
    r.name,
    r.group,
    String(r.n),
    String(r.errors),
    ms(r.p50Ms),
    ms(r.p95Ms),
    ms(r.p99Ms),
    r.throughputRps === null ? '–' : `${rps(r.throughputRps)} (${r.workers}w)`,
    x(r.ratioToGetItemP50),
    x(r.ratioToQueryP50),
    x(r.ratioToSameItemsQuery ?? null),
  ];
}

export function startupLine(t: Record<string, number>, targetMs: number): string {
  const ready = t.readyMs;
  const verdict = ready === undefined ? '' : ready <= targetMs ? ` (target: under ${targetMs / 1000} s, met)` : ` (target: under ${targetMs / 1000} s, NOT met)`;
  return (
    `ready in ${sec(ready)}${verdict}; DynamoDB Local up at ${sec(t.dynamodbLocalMs)}, tables + default account at ${sec(t.tablesReadyMs)}, ` +
    `handler bundling ${sec(t.prebuildMs)} (in parallel with DynamoDB Local), serverless-offline healthy at ${sec(t.offlineHealthyMs ?? ready)} (started after bundling, alongside DynamoDB Local)`
  );
}

/** Plain-text table for stdout. */
export function renderTable(rows: ResultRow[]): string {
  const all = [Array.from(COLUMNS), ...rows.map(cells)];
  const widths = COLUMNS.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 || i === 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const out = [line(all[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...all.slice(1).map(line)];
  const notes = rows.filter((r) => r.note).map((r) => `  ${r.name}: ${r.note}`);
  return [...out, ...(notes.length ? ['', 'notes:', ...notes] : [])].join('\n');
}

export function renderReadmeSection(rep: BenchReport): string {
  const m = rep.machine;
  const s = rep.settings;
  const head = `| ${COLUMNS.join(' | ')} |`;
  const sep = `|${COLUMNS.map((_, i) => (i < 2 ? '---' : '---:')).join('|')}|`;
  const body = rep.rows.map((r) => `| ${cells(r).join(' | ')} |`);
  const notes = rep.rows.filter((r) => r.note).map((r) => `- ${r.name}: ${r.note}`);
  const load =
    m.loadAverage1mAtStart === undefined
      ? ''
      : ` Load average (1 min) ${m.loadAverage1mAtStart.toFixed(1)} at start, ${m.loadAverage1mAtEnd?.toFixed(1)} at end` +
        (Math.max(m.loadAverage1mAtStart, m.loadAverage1mAtEnd ?? 0) > m.cpus ? ': other processes were competing for the cores.' : '.');
  return [
    `Measured by \`npm run bench\` on ${rep.generatedAt.slice(0, 10)} (${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, Node ${m.node}, ${m.platform}).${load}`,
    'One run on one machine, client and server sharing its cores: compare rows with each other, not with a cloud region. Full figures: `bench/results.json`.',
    '',
    `**Start-up** (in-memory stack): ${startupLine(rep.startup.timingsMs, rep.startup.targetReadyMs)}.`,
    '',
    head,
    sep,
    ...body,
    '',
    `- *sandbox*: through the ECS RPC front door, signed by the official SDK (V3), over HTTP to serverless-offline. ` +
      `After ${s.globalWarmupSeconds} s of untimed mixed reads for the whole stack, each row: ` +
      `${s.n} sequential calls (or as many as fit in ${s.latencyMaxSeconds} s) after ${s.warmup} warm-up calls, nearest-rank percentiles; ` +
      `then ${s.workers} concurrent callers for ${s.seconds} s after ${s.throughputWarmupSeconds} s untimed, completed calls/s.`,
    `- *floor*: raw GetItem / Query with @aws-sdk/client-dynamodb on the same DynamoDB Local, same run, ` +
      `timed in turn (GetItem, Query, GetItem, ...); throughput ${s.workers} callers × ${s.floorThroughputSeconds} s each. ` +
      `p50/GetItem and p50/Query divide a row's p50 by the floor p50 measured right around that row ` +
      `(${s.adjacentFloorN} calls of each before and after it; \`floorP50Ms\` in \`results.json\`), so drift during the run cancels out; ` +
      `p50/Query only for rows that read a list. That Query reads one small partition, so it is a floor of the round trip, ` +
      `not of the bytes: *p50/same items* divides a list row's p50 by a raw Query of the very items the call returns ` +
      `(same partition, Limit = page size, timed in turn with the call), which is what the sandbox adds to reading them.`,
    rep.peer.measured
      ? `- *peer*: another emulator on the same machine, for comparison only (not used by the sandbox).`
      : `- *peer*: not measured (${rep.peer.skipped ?? 'skipped'}).`,
    ...rep.notes.map((n) => `- ${n}`),
    ...notes,
  ].join('\n');
}

/** The README with the bench section replaced (or appended under "## Benchmarks" when it has no markers). */
export function withBenchSection(readme: string, section: string): string {
  const i = readme.indexOf(README_BEGIN);
  const j = i < 0 ? -1 : readme.indexOf(README_END, i);
  if (i >= 0 && j > i) return `${readme.slice(0, i + README_BEGIN.length)}\n${section}\n${readme.slice(j)}`;
  const base = readme.endsWith('\n') ? readme : `${readme}\n`;
  return `${base}\n## Benchmarks\n\n${README_BEGIN}\n${section}\n${README_END}\n`;
}

export function writeResults(path: string, rep: BenchReport): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(rep, null, 2)}\n`);
}

/** Read, replace, write in one go (others edit README.md too). */
export function updateReadme(path: string, rep: BenchReport): void {
  const before = readFileSync(path, 'utf8');
  const after = withBenchSection(before, renderReadmeSection(rep));
  if (after !== before) writeFileSync(path, after);
}
