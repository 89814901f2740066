import { readFileSync } from 'node:fs';

/**
 * A test-only hook for the crash suite (tests/crash, docs/atomicity.md): the
 * n-th time this process passes the named point after the hook is armed, it
 * kills itself with SIGKILL, exactly as `kill -9` would (no handler, no flush,
 * no finally). Armed by `SANDBOX_CRASH_AT=<label>:<n>` at start, or by writing
 * `<label>:<n>` into the file `SANDBOX_CRASH_FILE` names (read at most every
 * 200 ms), so one running stack can be armed just before the work under test.
 * With neither variable set (always, outside the crash suite) a call is one
 * comparison.
 */
interface Spec {
  label: string;
  n: number;
  raw: string;
}

const file = process.env.SANDBOX_CRASH_FILE;
let spec = parse(process.env.SANDBOX_CRASH_AT);
let passes = 0;
let checkedAt = 0;

function parse(value: string | undefined): Spec | undefined {
  const raw = value?.trim();
  if (!raw) return undefined;
  const at = raw.lastIndexOf(':');
  const n = Number(raw.slice(at + 1));
  return at > 0 && Number.isInteger(n) && n > 0 ? { label: raw.slice(0, at), n, raw } : undefined;
}

function armedFromFile(): void {
  const now = Date.now();
  if (now - checkedAt < 200) return;
  checkedAt = now;
  let next: Spec | undefined;
  try {
    next = parse(readFileSync(file!, 'utf8'));
  } catch {
    next = undefined;
  }
  if (next?.raw !== spec?.raw) passes = 0;
  spec = next;
}

export function crashPoint(label: string): void {
  if (file) armedFromFile();
  if (!spec || spec.label !== label) return;
  passes++;
  if (passes === spec.n) process.kill(process.pid, 'SIGKILL');
}
