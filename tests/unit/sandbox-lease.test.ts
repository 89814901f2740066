import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tryLease } from '../support/sandbox-lease';

/** The stack tests' sandbox lease: one test process per sandbox, whatever pool id vitest hands out. */
const folders: string[] = [];
const newFolder = () => {
  const dir = mkdtempSync(join(tmpdir(), 'sandbox-lease-'));
  folders.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Another test process holding `folder`'s lease until its stdin closes. */
async function otherHolder(folder: string) {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '-e',
      `require(${JSON.stringify(join(__dirname, '../support/sandbox-lease.ts'))}).tryLease(${JSON.stringify(folder)}) && console.log('held'); process.stdin.resume(); process.stdin.on('end', () => process.exit(0));`,
    ],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => (d.toString().includes('held') ? resolve() : undefined));
    child.once('exit', () => reject(new Error('the other process ended before it held the lease')));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { pid: child.pid!, release: async () => (child.stdin.end(), await exited) };
}

describe('sandbox lease', () => {
  it('is held by one process at a time, and free again once that process has exited', async () => {
    const folder = newFolder();
    const other = await otherHolder(folder);
    expect(readFileSync(join(folder, 'lease'), 'utf8')).toBe(String(other.pid));
    expect(tryLease(folder)).toBe(false);
    await other.release();
    expect(tryLease(folder)).toBe(true);
    expect(readFileSync(join(folder, 'lease'), 'utf8')).toBe(String(process.pid));
    // The holder asking again keeps it.
    expect(tryLease(folder)).toBe(true);
  }, 60_000);

  it('takes over the lease of a process that died without releasing it', () => {
    const folder = newFolder();
    // A pid far above Linux's pid_max: no such process.
    writeFileSync(join(folder, 'lease'), '99999999');
    expect(tryLease(folder)).toBe(true);
    expect(readFileSync(join(folder, 'lease'), 'utf8')).toBe(String(process.pid));
  });
});
