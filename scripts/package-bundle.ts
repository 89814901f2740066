/**
 * The deployable code of `sls package` / `sls deploy`: the same one-pass esbuild bundle that
 * `npm start` runs (scripts/lib/prebuild.ts: split ES modules, the shared code in common chunks),
 * zipped once and used by every function (scripts/serverless/prebuilt-handlers.js sets it as the
 * service artifact). Bundling each of the ~200 functions separately took minutes and gigabytes.
 *
 *   tsx scripts/package-bundle.ts <outdir> <zip>
 *
 * Prints one JSON line: handler count, bundling time, zip size, and each handler's own size (its
 * entry file plus every chunk it imports, directly or not: what one cold start loads).
 */
import { mkdirSync, readdirSync, statSync, createWriteStream } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { ZipFile } from 'yazl';
import { viteBuild } from './lib/console-build';
import { prebuildHandlers } from './lib/prebuild';

async function zipDir(dir: string, zipPath: string): Promise<number> {
  mkdirSync(dirname(zipPath), { recursive: true });
  const zip = new ZipFile();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      // A fixed mtime keeps the archive (and so the deployment's code hash) the same for the same code.
      else zip.addFile(p, relative(dir, p), { mtime: new Date(0), mode: 0o100644 });
    }
  };
  walk(dir);
  zip.end();
  await new Promise<void>((resolve, reject) => {
    zip.outputStream.pipe(createWriteStream(zipPath)).on('close', () => resolve()).on('error', reject);
  });
  return statSync(zipPath).size;
}

async function main() {
  const [outdir, zipPath] = process.argv.slice(2);
  if (!outdir || !zipPath) throw new Error('usage: tsx scripts/package-bundle.ts <outdir> <zip>');
  const root = join(__dirname, '..');
  const built = await prebuildHandlers(root, outdir, { sourcemap: false, minify: true });
  // The web console's static files ride in the same archive; functions/gateway/console.ts serves them from console/dist.
  await viteBuild(root, join(outdir, 'console/dist'));
  const outputs = built.metafile.outputs;
  const closure = (file: string, seen = new Set<string>()): Set<string> => {
    if (seen.has(file)) return seen;
    seen.add(file);
    for (const imp of outputs[file]?.imports ?? []) if (!imp.external && outputs[imp.path]) closure(imp.path, seen);
    return seen;
  };
  const handlers = Object.entries(outputs)
    .filter(([, o]) => o.entryPoint)
    .map(([file]) => ({
      handler: relative(outdir, file).replace(/\.mjs$/, ''),
      bytes: [...closure(file)].reduce((n, f) => n + (outputs[f]?.bytes ?? 0), 0),
    }));
  const zipBytes = await zipDir(outdir, zipPath);
  const largest = handlers.reduce((a, b) => (b.bytes > a.bytes ? b : a), handlers[0]!);
  console.log(JSON.stringify({ handlers: built.entries, bundleMs: built.ms, zipBytes, largest, sizes: handlers }));
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
