import type { ChildProcess } from 'node:child_process';

/**
 * Stop a child started with `detached: true` together with everything it
 * started (serverless-offline's esbuild service, moto's workers): SIGTERM to
 * its process group, SIGKILL after a grace period, resolved once it has exited.
 */
export async function stopProcessGroup(child: ChildProcess, exited: Promise<void>, graceMs = 5000): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  signalGroup(child, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* already gone */
    }
  }
}
