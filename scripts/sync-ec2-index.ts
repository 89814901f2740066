/**
 * Writes the EC2 dialect's generated action list (scripts/lib/ec2-action-index.ts) before
 * scripts/sync-actions.ts loads it: `npm run sync-actions` runs both, in that order, so one run
 * after adding an adapter registers it and regenerates everything derived from the list.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EC2_ACTION_INDEX, renderEc2ActionIndex } from './lib/ec2-action-index';

const root = join(__dirname, '..');
const path = join(root, EC2_ACTION_INDEX);
renderEc2ActionIndex(root)
  .then((text) => {
    if (!existsSync(path) || readFileSync(path, 'utf8') !== text) writeFileSync(path, text);
  })
  .catch((e: unknown) => {
    console.error(e instanceof Error ? e.stack : e);
    process.exitCode = 1;
  });
