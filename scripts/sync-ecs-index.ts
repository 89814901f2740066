/**
 * Writes the ECS action list (scripts/lib/ecs-action-index.ts) before anything loads the registry:
 * `npm run sync-actions` runs this first, so one run after declaring an action registers it and
 * regenerates everything derived from the registry (the EC2 adapters load it too).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ECS_ACTION_INDEX, renderEcsActionIndex } from './lib/ecs-action-index';

const root = join(__dirname, '..');
const path = join(root, ECS_ACTION_INDEX);
renderEcsActionIndex(root)
  .then((text) => {
    if (!existsSync(path) || readFileSync(path, 'utf8') !== text) writeFileSync(path, text);
  })
  .catch((e: unknown) => {
    console.error(e instanceof Error ? e.stack : e);
    process.exitCode = 1;
  });
