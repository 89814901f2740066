/**
 * The deployable code of `sls package` / `sls deploy`: every handler under functions/ bundled in
 * ONE esbuild pass (scripts/lib/prebuild.ts, the same build `npm start` runs), zipped once and
 * used by every function (scripts/serverless/prebuilt-handlers.js sets it as the service
 * artifact). Bundling each of the ~200 functions separately took minutes and gigabytes.
 *
 * Unlike the local stack's build, each handler is bundled whole (no shared chunks) and without
 * the AWS SDK (the Lambda runtime's own): a cold start then loads its own file only, about 100 to
 * 280 KB for a per-action function, where split chunks made every one load 630 KB or more
 * (docs/packaging.md). The archive is larger (the shared code is repeated per file), which costs
 * nothing at run time.
 *
 *   tsx scripts/package-bundle.ts <outdir> <zip>
 *
 * Prints one JSON line: handler count, bundling time, zip size, and each handler's own size (its
 * entry file plus every chunk it imports statically: what one cold start loads); exits non-zero
 * when a handler is over its budget (scripts/lib/bundle-budget.ts).
 */
import { mkdirSync, readdirSync, statSync, createWriteStream } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { ZipFile } from 'yazl';
import { overBudget } from './lib/bundle-budget';
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
    zip.outputStream
      .pipe(createWriteStream(zipPath))
      .on('close', () => resolve())
      .on('error', reject);
  });
  return statSync(zipPath).size;
}

/**
 * Bundled with code splitting: the ECS and EC2 front doors and the modules behind them that import
 * actions on demand (functions/gateway/lazy-actions.ts, shared/protocol/ec2/lazy-actions.ts). Everything else is bundled whole, so a cold start
 * loads one file; split, those would also import the actions (a per-action module is then a chunk).
 */
const LOADS_ACTIONS_ON_DEMAND = new Set([
  'functions/gateway/ecs-rpc.ts',
  'functions/gateway/lazy-actions.ts',
  'functions/gateway/action-loaders.generated.ts',
  // The EC2 door loads its adapters, the EC2 model and the ECS registry on first use (shared/protocol/ec2/lazy-actions.ts).
  'functions/gateway/ec2-query.ts',
]);
const isFrontDoor = (handler: string): boolean => LOADS_ACTIONS_ON_DEMAND.has(handler);

async function main() {
  const [outdir, zipPath] = process.argv.slice(2);
  if (!outdir || !zipPath) throw new Error('usage: tsx scripts/package-bundle.ts <outdir> <zip>');
  const root = join(__dirname, '..');
  // The AWS SDK v3 stays out of the archive: the Lambda Node.js runtimes from nodejs18.x on include it
  // (https://docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html#nodejs-sdk-included), and it
  // was over half of every handler (docs/packaging.md).
  const common = { sourcemap: false, minify: true, external: ['@aws-sdk/*'] };
  const built = await prebuildHandlers(root, outdir, { ...common, splitting: false, only: (h) => !isFrontDoor(h) });
  // The front doors route every action: split, each action's module is a chunk of its own behind
  // import() (functions/gateway/lazy-actions.ts), loaded when a request first names it, and what
  // the doors share lands once in chunks of their own (docs/packaging.md, "Front doors").
  const doors = await prebuildHandlers(root, outdir, { ...common, splitting: true, only: isFrontDoor, keepOutdir: true });
  // The web console's static files ride in the same archive; functions/gateway/console.ts serves them from console/dist.
  await viteBuild(root, join(outdir, 'console/dist'));
  const outputs = { ...built.metafile.outputs, ...doors.metafile.outputs };
  const closure = (file: string, seen = new Set<string>()): Set<string> => {
    if (seen.has(file)) return seen;
    seen.add(file);
    // Static imports only: a chunk behind import() loads when a request needs it, not at a cold start.
    for (const imp of outputs[file]?.imports ?? []) if (!imp.external && imp.kind !== 'dynamic-import' && outputs[imp.path]) closure(imp.path, seen);
    return seen;
  };
  const handlers = Object.entries(outputs)
    // Entry points under functions/ only: a module behind import() is an entry point of its own too.
    .filter(([file, o]) => o.entryPoint && relative(outdir, file).startsWith('functions/'))
    .map(([file]) => ({
      handler: relative(outdir, file).replace(/\.mjs$/, ''),
      bytes: [...closure(file)].reduce((n, f) => n + (outputs[f]?.bytes ?? 0), 0),
    }));
  const zipBytes = await zipDir(outdir, zipPath);
  const largest = handlers.reduce((a, b) => (b.bytes > a.bytes ? b : a), handlers[0]!);
  console.log(JSON.stringify({ handlers: built.entries + doors.entries, bundleMs: built.ms + doors.ms, zipBytes, largest, sizes: handlers }));
  const over = overBudget(handlers);
  if (over.length > 0) {
    const kb = (n: number) => `${Math.round(n / 1024)} KB`;
    console.error(
      `handlers over their size budget (scripts/lib/bundle-budget.ts):\n${over.map((h) => `  ${h.handler}: ${kb(h.bytes)} > ${kb(h.budget)}`).join('\n')}`,
    );
    process.exitCode = 1;
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
