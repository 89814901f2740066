import { build, type Metafile, type Plugin } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/**
 * Bundles every handler under functions/ in ONE esbuild pass as ES modules
 * with code splitting: the code the handlers share (the whole domain, the AWS
 * SDK) lands once in shared chunks and each handler file is a few lines. With
 * 119 handlers that takes well under a second and a few MB, where one CJS
 * bundle per handler took tens of seconds and hundreds of MB. serverless-offline
 * then runs the output (SANDBOX_PREBUILT=true) and, in process, loads the shared
 * chunks once. `sls package` zips the same output (scripts/package-bundle.ts).
 */
export async function prebuildHandlers(
  root: string,
  outdir: string,
  opts: {
    sourcemap?: boolean;
    minify?: boolean;
    external?: string[];
    splitting?: boolean;
    /** Only these handlers (by path relative to root); default: every file under functions/. */
    only?: (handler: string) => boolean;
    /** Add to `outdir` instead of emptying it first (a second pass with other options). */
    keepOutdir?: boolean;
  } = {},
): Promise<{ entries: number; ms: number; metafile: Metafile }> {
  const started = Date.now();
  const entries = listHandlerFiles(join(root, 'functions')).filter((e) => !opts.only || opts.only(relative(root, e)));
  if (!opts.keepOutdir) rmSync(outdir, { recursive: true, force: true });
  const result = await build({
    entryPoints: entries.map((e) => ({ in: e, out: relative(root, e).replace(/\.ts$/, '') })),
    outdir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    splitting: opts.splitting ?? true,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    // CommonJS dependencies inside an ES module bundle still call require() for Node built-ins.
    banner: { js: "import { createRequire as __sandboxCreateRequire } from 'node:module'; const require = __sandboxCreateRequire(import.meta.url);" },
    sourcemap: opts.sourcemap === false ? false : 'linked',
    // The deployed archive is minified (what a cold start loads roughly halves); names are kept,
    // so stack traces and error class names still read as in the source.
    ...(opts.minify ? { minify: true, keepNames: true } : {}),
    ...(opts.external ? { external: opts.external } : {}),
    plugins: [treeShakableZod(root), sideEffectFreeSources(root)],
    metafile: true,
    logLevel: 'warning',
  });
  return { entries: entries.length, ms: Date.now() - started, metafile: result.metafile };
}

/**
 * zod's entry point re-exports its namespace as a binding (`export { z }`), and esbuild cannot
 * drop unused members through such a binding: every handler carried all of zod, its ~60 error
 * message locales included (about 460 KB minified, where what the schemas use is under 100 KB).
 * Importing zod's namespace module itself (`import * as z from '.../v4/classic/external.js'`)
 * lets esbuild keep only what is used; the sources keep the documented `import { z } from 'zod'`.
 */
function treeShakableZod(root: string): Plugin {
  const zodNamespace = join(dirname(require.resolve('zod/package.json', { paths: [root] })), 'v4/classic/external.js');
  const ours = new RegExp(`^${escapeRegExp(root)}/(shared|functions)/.*\\.ts$`);
  return {
    name: 'tree-shakable-zod',
    setup(b) {
      b.onLoad({ filter: ours }, (args) => {
        const source = readFileSync(args.path, 'utf8');
        if (!source.includes("import { z } from 'zod';")) return undefined;
        return { contents: source.replaceAll("import { z } from 'zod';", `import * as z from ${JSON.stringify(zodNamespace)};`), loader: 'ts' };
      });
    },
  };
}

/**
 * Our modules (shared/, functions/) run no code at load time that another module depends on, so
 * esbuild may leave out a module none of whose exports a handler uses; by default it must keep
 * every module an index file re-exports, and the domain's index files made every action's bundle
 * carry most of the domain (images, security groups, key pairs, ...). The exception is listed:
 * platform/durations.ts applies the start-up duration profile to the config objects when loaded.
 */
function sideEffectFreeSources(root: string): Plugin {
  const runsAtLoad = new Set([join(root, 'shared/platform/durations.ts')]);
  const ours = (path: string) => path.startsWith(join(root, 'shared') + '/') || path.startsWith(join(root, 'functions') + '/');
  const again = Symbol('resolved by side-effect-free-sources');
  return {
    name: 'side-effect-free-sources',
    setup(b) {
      b.onResolve({ filter: /^\.\.?\// }, async (args) => {
        if (args.pluginData === again || !ours(args.importer)) return undefined;
        const resolved = await b.resolve(args.path, { resolveDir: args.resolveDir, kind: args.kind, importer: args.importer, pluginData: again });
        if (resolved.errors.length > 0) return { errors: resolved.errors };
        return { path: resolved.path, sideEffects: !ours(resolved.path) || runsAtLoad.has(resolved.path) };
      });
    },
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
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
