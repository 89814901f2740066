import { build, type Metafile } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Bundles every handler under functions/ in ONE esbuild pass as ES modules
 * with code splitting: the code the handlers share (the whole domain, the AWS
 * SDK) lands once in shared chunks and each handler file is a few lines. With
 * 119 handlers that takes well under a second and a few MB, where one CJS
 * bundle per handler took tens of seconds and hundreds of MB. serverless-offline
 * then runs the output (SANDBOX_PREBUILT=true) and, in process, loads the shared
 * chunks once. `sls package` zips the same output (scripts/package-bundle.ts).
 */
export async function prebuildHandlers(root: string, outdir: string, opts: { sourcemap?: boolean; minify?: boolean } = {}): Promise<{ entries: number; ms: number; metafile: Metafile }> {
  const started = Date.now();
  const entries = listHandlerFiles(join(root, 'functions'));
  rmSync(outdir, { recursive: true, force: true });
  const result = await build({
    entryPoints: entries.map((e) => ({ in: e, out: relative(root, e).replace(/\.ts$/, '') })),
    outdir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    splitting: true,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    // CommonJS dependencies inside an ES module bundle still call require() for Node built-ins.
    banner: { js: "import { createRequire as __sandboxCreateRequire } from 'node:module'; const require = __sandboxCreateRequire(import.meta.url);" },
    sourcemap: opts.sourcemap === false ? false : 'linked',
    // The deployed archive is minified (what a cold start loads roughly halves); names are kept,
    // so stack traces and error class names still read as in the source.
    ...(opts.minify ? { minify: true, keepNames: true } : {}),
    metafile: true,
    logLevel: 'warning',
  });
  return { entries: entries.length, ms: Date.now() - started, metafile: result.metafile };
}

/**
 * The local stack's bundle: a restart with unchanged sources reuses the last one, since on a
 * 2-core machine the bundling competes with DynamoDB Local's JVM start for the cores.
 */
export async function prebuildForStack(root: string, outdir: string): Promise<{ entries: number; ms: number; reused?: boolean }> {
  const started = Date.now();
  const stampFile = join(outdir, '.sources-stamp');
  const stamp = sourcesStamp(root);
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return { entries: 0, ms: Date.now() - started, reused: true };
  const built = await prebuildHandlers(root, outdir);
  writeFileSync(stampFile, stamp);
  return { entries: built.entries, ms: built.ms };
}

/** What the bundle depends on: every source file's path, size and modification time, and the lock file. */
function sourcesStamp(root: string): string {
  const hash = createHash('sha256');
  const files = [...listFiles(join(root, 'functions')), ...listFiles(join(root, 'shared')), join(root, 'package-lock.json'), __filename];
  for (const f of files.sort()) {
    const st = statSync(f, { throwIfNoEntry: false });
    hash.update(`${relative(root, f)}\0${st?.size ?? -1}\0${st?.mtimeMs ?? -1}\n`);
  }
  return hash.digest('hex');
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(path));
    else out.push(path);
  }
  return out;
}

function listHandlerFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listHandlerFiles(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}
