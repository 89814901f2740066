/**
 * Writes the EC2 dialect's generated action list (scripts/lib/ec2-action-index.ts) before
 * scripts/sync-actions.ts loads it: `npm run sync-actions` runs both, in that order, so one run
 * after adding an adapter registers it and regenerates everything derived from the list.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findAction } from '../shared/actions/registry';
import { EC2_ACTION_INDEX, EC2_ACTION_LOADERS_FILE, renderEc2ActionIndex, renderEc2ActionLoaders } from './lib/ec2-action-index';

const root = join(__dirname, '..');

/** Writes a generated file when its text changed (an unchanged file keeps its timestamp). */
function writeIfChanged(relativePath: string, text: string): void {
  const path = join(root, relativePath);
  if (!existsSync(path) || readFileSync(path, 'utf8') !== text) writeFileSync(path, text);
}

Promise.all([renderEc2ActionIndex(root), renderEc2ActionLoaders(root, (name) => findAction(name) !== undefined)])
  .then(([index, loaders]) => {
    writeIfChanged(EC2_ACTION_INDEX, index);
    // The EC2 front door's loaders (docs/packaging.md, "Front doors").
    writeIfChanged(EC2_ACTION_LOADERS_FILE, loaders);
  })
  .catch((e: unknown) => {
    console.error(e instanceof Error ? e.stack : e);
    process.exitCode = 1;
  });
