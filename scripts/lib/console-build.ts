import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Builds the web console (console/, Vite + Preact) for a local stack. The
 * output is kept by a hash of the console's sources and of the Vite and
 * Preact versions, under `.build/console/<hash>`: a restart, or a test
 * sandbox started beside `npm start`, reuses it (0 ms); a change to the
 * console builds it once more (about 2 s, beside the handler bundling). A
 * build goes to a temporary folder first and is renamed into place, so stacks
 * starting together never see half a build. `sls package` builds it into
 * the deploy bundle's console/dist instead (scripts/package-bundle.ts).
 */
export async function buildConsole(root: string): Promise<{ dir: string; ms: number; cached: boolean }> {
  const started = Date.now();
  const cacheRoot = join(root, '.build/console');
  const dir = join(cacheRoot, sourceHash(root));
  if (existsSync(join(dir, 'index.html'))) return { dir, ms: 0, cached: true };
  const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
  await viteBuild(root, tmp);
  try {
    renameSync(tmp, dir);
  } catch {
    // Another stack finished the same build first: its copy is identical.
    rmSync(tmp, { recursive: true, force: true });
  }
  pruneOldBuilds(cacheRoot, dir);
  return { dir, ms: Date.now() - started, cached: false };
}

/** One Vite build of console/ into outDir (Vite is imported lazily: nothing else of the stack needs it). */
export async function viteBuild(root: string, outDir: string): Promise<void> {
  const { build } = await import('vite');
  await build({
    root: join(root, 'console'),
    configFile: join(root, 'console/vite.config.mts'),
    build: { outDir, emptyOutDir: true },
    logLevel: 'warn',
  });
}

function sourceHash(root: string): string {
  const hash = createHash('sha256');
  const files = listFiles(join(root, 'console')).sort();
  for (const f of files) hash.update(relative(root, f)).update('\0').update(readFileSync(f)).update('\0');
  for (const pkg of ['vite', 'preact']) {
    hash.update(readFileSync(join(root, 'node_modules', pkg, 'package.json')));
  }
  return hash.digest('hex').slice(0, 16);
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'dist' && e.name !== 'node_modules') out.push(...listFiles(path));
    } else out.push(path);
  }
  return out;
}

/** Builds of earlier sources, an hour old or more (a stack started before a change may still serve a recent one). */
function pruneOldBuilds(cacheRoot: string, keep: string): void {
  const hourAgo = Date.now() - 3600_000;
  for (const name of readdirSync(cacheRoot)) {
    const path = join(cacheRoot, name);
    if (path === keep) continue;
    try {
      if (statSync(path).mtimeMs < hourAgo) rmSync(path, { recursive: true, force: true });
    } catch {
      /* removed meanwhile */
    }
  }
}
