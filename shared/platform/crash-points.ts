/**
 * A test-only hook for the crash suite (tests/crash, docs/atomicity.md): with
 * `SANDBOX_CRASH_AT=<label>:<n>` in the environment, the n-th time this process
 * passes the named point it kills itself with SIGKILL, exactly as `kill -9`
 * would (no handler, no flush, no finally). Unset (always, outside the crash
 * suite) it is one comparison per call.
 */
const spec = parse(process.env.SANDBOX_CRASH_AT);
let passes = 0;

function parse(value: string | undefined): { label: string; n: number } | undefined {
  if (!value) return undefined;
  const at = value.lastIndexOf(':');
  const n = Number(value.slice(at + 1));
  return at > 0 && Number.isInteger(n) && n > 0 ? { label: value.slice(0, at), n } : undefined;
}

export function crashPoint(label: string): void {
  if (!spec || spec.label !== label) return;
  passes++;
  if (passes === spec.n) process.kill(process.pid, 'SIGKILL');
}
