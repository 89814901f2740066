import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A sandbox held by one test file at a time: a `lease` file in the sandbox's own build folder,
 * made exclusively (`wx`) and holding the test process's pid, removed when that process exits.
 *
 * Why not VITEST_POOL_ID alone: vitest 4 gives two files running at once the same pool id when
 * the unit project runs in the same invocation (`npm test` = `--project unit --project stack`;
 * reproduced with two trivial projects, docs/test-loop.md), and two files on one sandbox then
 * see each other's clock, durations profile and items. The pool id stays the preferred sandbox.
 */
export function tryLease(folder: string): boolean {
  const path = join(folder, 'lease');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, String(process.pid), { flag: 'wx' });
      process.once('exit', () => release(path));
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const holder = Number(readText(path));
    if (holder === process.pid) return true;
    // A file whose process died without removing its lease (killed) no longer holds the sandbox.
    if (Number.isInteger(holder) && holder > 0 && alive(holder)) return false;
    try {
      unlinkSync(path);
    } catch {
      /* another file took it over meanwhile: try once more */
    }
  }
  return false;
}

/** Waits (blocking: `sandbox()` is called at a file's top level) without spinning the CPU. */
export function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function release(path: string): void {
  try {
    if (readText(path) === String(process.pid)) unlinkSync(path);
  } catch {
    /* already gone */
  }
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return '';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
