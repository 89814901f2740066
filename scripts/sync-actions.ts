/**
 * Regenerates everything that is derived from the action registry:
 *   - functions/api/<Action>.ts (one thin Lambda per action),
 *   - the per-action block of serverless.yml (between the "generated" markers),
 *   - the action list in README.md (between the "actions" markers),
 *   - the console's action catalogue (console/src/generated/actions.json, its API page).
 * Run with `npm run sync-actions` after adding an action; tests/unit/action-list.test.ts
 * fails when any of the three disagrees with the registry.
 */
import { existsSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACTIONS, PLANNED_ACTIONS } from '../shared/actions/registry';
import { SCHEDULED_JOBS } from '../shared/jobs/registry';
import { supportedEc2Actions } from '../shared/protocol/ec2/dispatch';
import { EC2_ACTIONS } from '../shared/protocol/ec2/actions';
import { renderEc2PermissionsFile, renderReadmePolicyTable, replacePolicyTable } from './lib/policy-artifacts';
import { renderConsoleCatalogue } from './lib/console-catalogue';
import { VPC_ACTION_NAMES } from '../shared/actions/vpc';
import { locateActionModules } from './lib/action-modules';
import {
  renderActionFile,
  renderActionLoadersFile,
  renderActionNamesFile,
  renderFunctionsBlock,
  renderScheduledFile,
  renderReadmeActionList,
  renderReadmeEc2ActionList,
  replaceBetween,
} from './lib/action-artifacts';

const root = join(__dirname, '..');
const apiDir = join(root, 'functions/api');

const wanted = new Set(ACTIONS.map((a) => `${a.name}.ts`));
for (const file of readdirSync(apiDir)) {
  if (file.endsWith('.ts') && !wanted.has(file)) unlinkSync(join(apiDir, file));
}
// Each handler imports the module that declares its action (found by loading shared/actions/, hence async).
locateActionModules(root, ACTIONS)
  .then((declaredIn) => {
    for (const action of ACTIONS) {
      const path = join(apiDir, `${action.name}.ts`);
      const text = renderActionFile(action.name, declaredIn.get(action.name)!);
      if (!existsSync(path) || readFileSync(path, 'utf8') !== text) writeFileSync(path, text);
    }
    // The ECS front door's loaders and the names it and unknown-action check (functions/gateway/lazy-actions.ts).
    const generated: [string, string][] = [
      ['functions/gateway/action-loaders.generated.ts', renderActionLoadersFile(ACTIONS, declaredIn)],
      ['functions/gateway/action-names.generated.ts', renderActionNamesFile(VPC_ACTION_NAMES, PLANNED_ACTIONS)],
    ];
    for (const [file, text] of generated) {
      const path = join(root, file);
      if (!existsSync(path) || readFileSync(path, 'utf8') !== text) writeFileSync(path, text);
    }
  })
  .catch((e: unknown) => {
    console.error(e instanceof Error ? e.stack : e);
    process.exitCode = 1;
  });

const scheduledDir = join(root, 'functions/scheduled');
const wantedJobs = new Set(SCHEDULED_JOBS.map((j) => `${j.name}.ts`));
for (const file of readdirSync(scheduledDir)) {
  if (file.endsWith('.ts') && file !== 'scheduled-job-handler.ts' && !wantedJobs.has(file)) unlinkSync(join(scheduledDir, file));
}
for (const job of SCHEDULED_JOBS) {
  const path = join(scheduledDir, `${job.name}.ts`);
  const text = renderScheduledFile(job.name);
  if (!existsSync(path) || readFileSync(path, 'utf8') !== text) writeFileSync(path, text);
}

const slsPath = join(root, 'serverless.yml');
writeFileSync(
  slsPath,
  replaceBetween(
    readFileSync(slsPath, 'utf8'),
    'functions',
    renderFunctionsBlock(
      ACTIONS.map((a) => a.name),
      SCHEDULED_JOBS,
    ),
  ),
);

const readmePath = join(root, 'README.md');
writeFileSync(
  readmePath,
  replaceBetween(
    replaceBetween(readFileSync(readmePath, 'utf8'), 'actions', renderReadmeActionList(ACTIONS, PLANNED_ACTIONS)),
    'ec2-actions',
    renderReadmeEc2ActionList(supportedEc2Actions()),
  ),
);
console.log(`synced ${ACTIONS.length} actions, ${SCHEDULED_JOBS.length} scheduled jobs, ${PLANNED_ACTIONS.length} planned`);

// The ECS permissions of each EC2 action (policies hold whichever dialect calls).
const permissionsPath = join(root, 'shared/domain/ec2-permissions.generated.ts');
const permissionsText = renderEc2PermissionsFile(EC2_ACTIONS);
if (!existsSync(permissionsPath) || readFileSync(permissionsPath, 'utf8') !== permissionsText) writeFileSync(permissionsPath, permissionsText);
writeFileSync(readmePath, replacePolicyTable(readFileSync(readmePath, 'utf8'), renderReadmePolicyTable(EC2_ACTIONS)));

// The console's API page: every action with its parameters (the browser cannot import the registry).
const cataloguePath = join(root, 'console/src/generated/actions.json');
const catalogueText = renderConsoleCatalogue(ACTIONS, VPC_ACTION_NAMES);
if (!existsSync(cataloguePath) || readFileSync(cataloguePath, 'utf8') !== catalogueText) writeFileSync(cataloguePath, catalogueText);
