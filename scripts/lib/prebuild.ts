import { build } from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Bundles every handler under functions/ in ONE esbuild pass (shared parsing
 * and a single process), instead of serverless-esbuild's one build per
 * function; serverless-offline then runs the output (SANDBOX_PREBUILT=1).
 * The AWS SDK and Powertools stay external: in-process handlers then share one
 * loaded copy from node_modules. `sls package` still bundles per function.
 */
export async function prebuildHandlers(root: string, outdir: string): Promise<{ entries: number; ms: number }> {
  const started = Date.now();
  const entries = listHandlerFiles(join(root, 'functions'));
  rmSync(outdir, { recursive: true, force: true });
  await build({
    entryPoints: entries.map((e) => ({ in: e, out: relative(root, e).replace(/\.ts$/, '') })),
    outdir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    external: ['@aws-sdk/*', '@smithy/*', '@aws-lambda-powertools/*'],
    logLevel: 'warning',
  });
  return { entries: entries.length, ms: Date.now() - started };
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
