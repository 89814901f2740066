import { join } from 'node:path';

/**
 * Builds the web console (console/, Vite + Preact) into `outDir`. The stack
 * runs it beside the handler bundling at every start (about a second), so
 * `npm start` and the test sandboxes always serve the console of this
 * checkout; `sls package` runs it through scripts/serverless/console-assets.js.
 * Vite is imported lazily: nothing else of the stack needs it.
 */
export async function buildConsole(root: string, outDir: string): Promise<{ ms: number }> {
  const started = Date.now();
  const { build } = await import('vite');
  await build({
    root: join(root, 'console'),
    configFile: join(root, 'console/vite.config.mts'),
    build: { outDir, emptyOutDir: true },
    logLevel: 'warn',
  });
  return { ms: Date.now() - started };
}
