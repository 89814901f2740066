/**
 * A private project root for the bench's stack: a temporary folder whose
 * folders are symlinks to the real project's (functions, shared, scripts,
 * node_modules, ...) except the build folders, and whose top-level files
 * (serverless.yml, package.json, ...) are copies (osls does not accept a
 * symlinked serverless.yml as a service). startStack bundles into
 * `<root>/.build/offline` and deletes that folder first, so a bench sharing the
 * project's own `.build/offline` with a concurrent `npm start` or `npm test`
 * would break their handlers and have its own deleted mid-run (seen as
 * "Cannot find module .build/offline/functions/..."). Same code, same
 * startStack, same bundling; only the output folder is the bench's own.
 */
import { copyFileSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Build and tool state that must not be shared; everything else is linked. */
const NOT_LINKED = new Set(['.build', '.esbuild', '.serverless', '.serverless-offline', '.sandbox-data', '.git', '.tmp', 'coverage']);

export interface StackRoot {
  root: string;
  remove: () => void;
}

export function isolatedStackRoot(projectRoot: string): StackRoot {
  const root = mkdtempSync(join(tmpdir(), 'compute-sandbox-bench-'));
  for (const entry of readdirSync(projectRoot, { withFileTypes: true })) {
    if (NOT_LINKED.has(entry.name)) continue;
    const from = join(projectRoot, entry.name);
    if (entry.isDirectory()) symlinkSync(from, join(root, entry.name), 'dir');
    else if (entry.isFile()) copyFileSync(from, join(root, entry.name));
  }
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}
