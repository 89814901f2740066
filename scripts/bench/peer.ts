/**
 * A peer figure, for comparison only (NOT a dependency of the sandbox): EC2
 * DescribeRegions against moto_server (python moto), with @aws-sdk/client-ec2,
 * when `moto_server` is on PATH. Skipped, with a note, when it is not.
 */
import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from '../../tests/support/ports';
import { errorText, measureLatency, measureThroughput, rowFrom, type BenchSettings, type ResultRow } from './harness';
import { stopProcessGroup } from '../lib/process-group';

export interface PeerResult {
  rows: ResultRow[];
  /** Why the peer was skipped, if it was. */
  skipped?: string;
  startupMs?: number;
  version?: string;
}

/** A running moto_server on a free loopback port, or why it could not start. */
export type MotoServer =
  | { endpoint: string; startupMs: number; version?: string; stop: () => Promise<void> }
  | { skipped: string };

/** Starts moto_server (python moto, when on PATH) and waits until it answers. */
export async function startMoto(log: (l: string) => void): Promise<MotoServer> {
  const port = await freePort();
  const t0 = Date.now();
  let child: ChildProcess;
  try {
    child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    return { skipped: `moto_server could not start: ${errorText(e)}` };
  }
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-5000)));
  child.stderr?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-5000)));
  let spawnError: string | undefined;
  child.once('error', (e) => (spawnError = errorText(e)));
  const exited = new Promise<void>((res) => child.once('close', () => res()));
  const stop = () => stopProcessGroup(child, exited);
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (spawnError) return { skipped: spawnError.includes('ENOENT') ? 'moto_server is not on PATH' : `moto_server: ${spawnError}` };
    if (child.exitCode !== null) return { skipped: `moto_server exited at start (${child.exitCode}): ${output.trim().split('\n').pop()}` };
    try {
      const res = await fetch(`${endpoint}/moto-api/`);
      await res.arrayBuffer();
      break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stop();
      return { skipped: `moto_server did not answer within 30 s: ${output.slice(-500)}` };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const startupMs = Date.now() - t0;
  const version = await motoVersion();
  log(`moto_server (moto ${version ?? '?'}) on ${endpoint} in ${startupMs} ms`);
  return { endpoint, startupMs, version, stop };
}

/** An EC2 client of moto's (moto takes any credentials). */
export function motoEc2(endpoint: string): EC2Client {
  return new EC2Client({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' }, maxAttempts: 1 });
}

export async function measureMotoPeer(settings: BenchSettings, log: (l: string) => void): Promise<PeerResult> {
  const moto = await startMoto(log);
  if ('skipped' in moto) return { rows: [], skipped: moto.skipped };
  const { startupMs, version } = moto;
  try {
    const ec2 = motoEc2(moto.endpoint);
    try {
      const call = () => ec2.send(new DescribeRegionsCommand({}));
      const lat = await measureLatency(call, { warmup: settings.warmup, n: settings.n, maxSeconds: settings.latencyMaxSeconds });
      const tp = lat.samples.length
        ? await measureThroughput(call, {
            workers: settings.workers,
            seconds: settings.seconds,
            warmupSeconds: settings.throughputWarmupSeconds,
          })
        : undefined;
      const row = rowFrom(
        {
          name: 'peer: moto EC2 DescribeRegions',
          group: 'peer',
          description: `moto_server (python moto ${version ?? '?'}), @aws-sdk/client-ec2 (SigV4), same machine; comparison only, not a dependency`,
        },
        lat,
        tp,
        settings.workers,
        // Not on DynamoDB: no floor ratio.
        { getItemP50: null, queryP50: null },
        false,
      );
      return { rows: [row], startupMs, version };
    } finally {
      ec2.destroy();
    }
  } finally {
    await moto.stop();
  }
}

/** Best effort: the moto of the python on PATH (moto_server has no --version). */
async function motoVersion(): Promise<string | undefined> {
  try {
    const { execFileSync } = await import('node:child_process');
    const out = execFileSync('python3', ['-c', 'import moto; print(moto.__version__)'], {
      encoding: 'utf8',
      timeout: 15_000,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return /(\d+\.\d+\.\d+\S*)/.exec(out)?.[1];
  } catch {
    return undefined;
  }
}
