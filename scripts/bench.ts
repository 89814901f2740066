/**
 * `npm run bench`: starts its own in-memory sandbox on free ports, measures
 * the DynamoDB Local floor and every scenario of scripts/bench/scenarios.ts,
 * stops the sandbox (always), optionally measures a peer (moto_server), then
 * prints a table and writes bench/results.json and the README's bench section.
 * Measured, never asserted.
 *
 *   npm run bench                      full run (~2-3 min on 2 cores), writes results + README
 *   npm run bench -- --quick           few samples, prints only
 *   npm run bench -- --only Images     scenarios whose name contains a word (comma-separated), prints only
 *   npm run bench -- --no-peer         skip the moto_server DescribeRegions row
 *   npm run bench -- --peer-10k        also fill moto to 10,000 instances for the EC2 side-by-side rows (slow)
 *   npm run bench -- --only 'EC2 side' --sizes 100,1000   the EC2 side-by-side rows at these account sizes only
 *   npm run bench -- --only 'EC2 side' --sizes none       RunInstances of 20 and the listings only
 *   npm run bench -- --only 'EC2 fill' --fill 10000       fill an account through /ec2, pages during and after the stream backlog
 *   npm run bench -- --quick --write   also write results + README from a partial run
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { loadavg } from 'node:os';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { startStack, type Stack } from './lib/stack';
import { callAction, ecsClient, type Credentials } from '../tests/support/ecs-client';
import { freePort } from '../tests/support/ports';
import { defaultFloorTarget, floorOps, floorsOf, measureFloors, sampleFloor } from './bench/floor';
import {
  applyFloor,
  emptyRow,
  errorText,
  runTimedScenario,
  warmUp,
  type Account,
  type BenchContext,
  type BenchSettings,
  type ResultRow,
} from './bench/harness';
import { measureMotoPeer, type PeerResult } from './bench/peer';
import { machineInfo, renderTable, startupLine, updateReadme, writeResults, type BenchReport } from './bench/report';
import { SCENARIOS, WARMUP_CALLS } from './bench/scenarios';
import { recordingEcsTimings, takeServerTimings, withServerOverFloor, withServerTimings } from './bench/server-timing';

const root = join(__dirname, '..');
const RESULTS_PATH = join(root, 'bench/results.json');
const README_PATH = join(root, 'README.md');
const TARGET_READY_MS = 30_000;

/** The bench's own keys: not npm start's, not the tests' (a mix-up shows). */
const BENCH_ADMIN: Credentials = { accessKeyId: 'BenchOperatorKey', accessKeySecret: 'BenchOperatorSecret' };
const BENCH_DEFAULT = { accountId: '100000000077', accessKeyId: 'BenchDefaultKey', accessKeySecret: 'BenchDefaultSecret' };

const FULL: BenchSettings = {
  warmup: 30,
  n: 300,
  latencyMaxSeconds: 10,
  workers: 4,
  seconds: 5,
  throughputWarmupSeconds: 1,
  globalWarmupSeconds: 10,
  adjacentFloorN: 50,
  floorThroughputSeconds: 3,
};
const QUICK: BenchSettings = {
  warmup: 5,
  n: 30,
  latencyMaxSeconds: 3,
  workers: 4,
  seconds: 1,
  throughputWarmupSeconds: 0.5,
  globalWarmupSeconds: 2,
  adjacentFloorN: 20,
  floorThroughputSeconds: 1,
};

function parseArgs(argv: string[]) {
  const only = argv.includes('--only') ? (argv[argv.indexOf('--only') + 1] ?? '').split(',').filter(Boolean) : [];
  const quick = argv.includes('--quick');
  return { quick, only, peer: !argv.includes('--no-peer'), write: argv.includes('--write') || (!quick && only.length === 0) };
}

const log = (line: string) => console.log(`[bench] ${line}`);

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const settings = args.quick ? QUICK : FULL;
  const scenarios = args.only.length ? SCENARIOS.filter((s) => args.only.some((w) => s.name.toLowerCase().includes(w.toLowerCase()))) : SCENARIOS;
  const tStart = Date.now();
  const loadAtStart = loadavg()[0]!;
  const httpPort = await freePort();
  const lambdaPort = await freePort();
  const dynamoPort = await freePort();

  // The bench's own bundle folder (startStack deletes and refills it), removed after the run.
  const buildDir = `.build/bench-${httpPort}`;
  const removeBuild = () => rmSync(join(root, buildDir), { recursive: true, force: true });
  // startStack awaits its bundling only after DynamoDB Local is up; a bundling error rejects
  // before that await, and Node's default (crash on an unhandled rejection) would leave
  // DynamoDB Local's java running. Logged here, it then fails startStack, which stops it.
  process.on('unhandledRejection', (e) => log(`unhandled rejection (startStack reports it when it awaits it): ${errorText(e)}`));
  let stack: Stack | undefined;
  let stopping: Promise<void> | undefined;
  const stopStack = () => (stopping ??= (stack ? stack.stop() : Promise.resolve()).finally(removeBuild));
  let starting = true;
  let interrupted = false;
  const onSignal = (sig: NodeJS.Signals) => {
    interrupted = true;
    // startStack has children it alone can stop until it returns: stop right after it does.
    if (starting) return log(`${sig}: stopping once the sandbox has started...`);
    log(`${sig}: stopping the sandbox...`);
    void stopStack().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  log(`starting an in-memory sandbox (http ${httpPort}, lambda ${lambdaPort}, dynamodb ${dynamoPort})...`);
  try {
    stack = await startStack({
      root,
      buildDir,
      httpPort,
      lambdaPort,
      dynamoPort,
      dataDir: null,
      admin: BENCH_ADMIN,
      defaultAccount: BENCH_DEFAULT,
      log,
      // The sweep scenarios time RunScheduledJobs; the due-lag scenario runs its own ticker.
      ticker: false,
    });
  } catch (e) {
    await stopStack();
    throw e;
  } finally {
    starting = false;
  }
  if (interrupted) {
    await stopStack();
    return 130;
  }
  const timings = { ...stack.timings };
  log(startupLine(timings, TARGET_READY_MS));

  const rows: ResultRow[] = [];
  let floors = { getItemP50: null as number | null, queryP50: null as number | null };
  let stopMs: number | undefined;
  const dynamo = new DynamoDBClient({
    endpoint: stack.dynamoEndpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    const endpoint = stack.endpoint;
    const operator = ecsClient(endpoint, BENCH_ADMIN);
    const account = (creds: Credentials & { accountId: string }): Account => ({ ...creds, client: recordingEcsTimings(ecsClient(endpoint, creds)) });
    const ctx: BenchContext = {
      endpoint,
      operator,
      operatorCredentials: BENCH_ADMIN,
      defaultAccount: account(BENCH_DEFAULT),
      newAccount: async () => {
        const out = (await callAction(operator, 'CreateAccount')) as { AccountId: string; AccessKeyId: string; AccessKeySecret: string };
        if (!out.AccountId || !out.AccessKeyId) throw new Error(`CreateAccount answered ${JSON.stringify(out).slice(0, 300)}`);
        return account({ accountId: out.AccountId, accessKeyId: out.AccessKeyId, accessKeySecret: out.AccessKeySecret });
      },
      ecsClient: (creds, signing) => recordingEcsTimings(ecsClient(endpoint, creds, signing)),
      callAction,
      dynamoEndpoint: stack.dynamoEndpoint,
      lambdaEndpoint: stack.lambdaEndpoint,
      tables: stack.tables,
      dynamo,
      settings,
      floors,
      log,
    };

    const target = defaultFloorTarget(dynamo, stack.tables.state, BENCH_DEFAULT.accessKeyId, BENCH_DEFAULT.accountId);
    const ops = floorOps(target);

    log(`warm-up: ${settings.globalWarmupSeconds} s of untimed reads with ${settings.workers} workers (JIT of DynamoDB Local and the handlers)...`);
    const w = await warmUp([ops.getItem, ops.query, ...WARMUP_CALLS(ctx)], { workers: settings.workers, seconds: settings.globalWarmupSeconds });
    log(`warm-up: ${w.calls} calls, ${w.errors} errors`);
    if (w.errors === w.calls) throw new Error('every warm-up call failed; is the sandbox answering?');

    log(
      `floor: DynamoDB GetItem and Query (${settings.n} of each, interleaved, after ${settings.warmup} warm-up; then ${settings.workers} workers × ${settings.floorThroughputSeconds} s each)...`,
    );
    const floor = await measureFloors(target, settings);
    floors = floor.floors;
    rows.push(...floor.rows);

    for (const s of scenarios) {
      const t = Date.now();
      log(`${s.name}...`);
      const before = await sampleFloor(target, settings.adjacentFloorN);
      ctx.floors = floorsOf(before);
      let got: ResultRow[];
      takeServerTimings();
      try {
        got = s.kind === 'timed' ? [await runTimedScenario(s, ctx)] : await s.measure(ctx);
        // A one-row scenario's calls are its row's; a custom scenario of several rows reads its own.
        const timings = takeServerTimings();
        if (got.length === 1 && got[0]!.group === 'sandbox' && !got[0]!.serverTimingP50Ms) got = [withServerTimings(got[0]!, timings)];
      } catch (e) {
        got = [emptyRow({ name: s.name, group: 'sandbox', description: s.description }, `failed: ${errorText(e)}`)];
      }
      const around = floorsOf(before, await sampleFloor(target, settings.adjacentFloorN));
      rows.push(...got.map((r) => withServerOverFloor(applyFloor(r, around))));
      log(`${s.name} done in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    }
  } finally {
    dynamo.destroy();
    const t = Date.now();
    await stopStack();
    stopMs = Date.now() - t;
    log(`sandbox stopped in ${stopMs} ms`);
  }

  let peer: PeerResult = { rows: [], skipped: 'disabled with --no-peer' };
  if (args.peer) {
    log('peer: moto_server EC2 DescribeRegions (comparison only)...');
    try {
      peer = await measureMotoPeer(settings, log);
    } catch (e) {
      peer = { rows: [], skipped: `failed: ${errorText(e)}` };
    }
    if (peer.skipped) log(`peer skipped: ${peer.skipped}`);
    rows.push(...peer.rows);
  }

  const totalMs = Date.now() - tStart;
  const report: BenchReport = {
    generatedAt: new Date().toISOString(),
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    machine: { ...machineInfo(), loadAverage1mAtStart: loadAtStart, loadAverage1mAtEnd: loadavg()[0]! },
    settings,
    startup: { timingsMs: timings, targetReadyMs: TARGET_READY_MS, readyWithinTarget: (timings.readyMs ?? Infinity) <= TARGET_READY_MS, stopMs },
    floors,
    rows,
    peer: { measured: peer.rows.length > 0, skipped: peer.skipped, startupMs: peer.startupMs, version: peer.version },
    totalMs,
    notes: args.write && (args.quick || args.only.length) ? ['Partial run (--quick or --only): fewer samples or scenarios than the full bench.'] : [],
  };

  console.log('');
  console.log(`start-up: ${startupLine(timings, TARGET_READY_MS)}`);
  console.log('');
  console.log(renderTable(rows));
  console.log('');
  if (args.write) {
    writeResults(RESULTS_PATH, report);
    updateReadme(README_PATH, report);
    log(`wrote ${RESULTS_PATH} and the bench section of ${README_PATH}`);
  } else {
    log('partial run (--quick/--only): results.json and README not written (add --write to write them)');
  }
  log(`total ${(totalMs / 1000).toFixed(1)} s`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`[bench] failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exit(1);
  },
);
