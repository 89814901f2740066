import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  extractBetween,
  renderActionFile,
  renderFunctionsBlock,
  renderReadmeActionList,
  renderReadmeEc2ActionList,
  renderScheduledFile,
} from '../../scripts/lib/action-artifacts';
import { locateActionModules } from '../../scripts/lib/action-modules';
import { ACTIONS, PLANNED_ACTIONS, findAction, resolveAction } from '../../shared/actions/registry';
import { EC2_ACTIONS } from '../../shared/protocol/ec2/actions';
import { supportedEc2Actions } from '../../shared/protocol/ec2/dispatch';
import { EC2_MODEL } from '../../shared/protocol/ec2/model.generated';
import { ApiError } from '../../shared/domain/errors';
import { SCHEDULED_JOBS } from '../../shared/jobs/registry';

/**
 * The action registry is the one list of actions. serverless.yml (one Lambda
 * and route per action), functions/api/<Action>.ts, functions/scheduled/<Job>.ts
 * and the README's action list are generated from it by `npm run sync-actions`;
 * this test fails, naming the fix, whenever one of them disagrees.
 */
const root = join(__dirname, '../..');
const SYNC = 'out of date with the action registry: run `npm run sync-actions`';
const names = ACTIONS.map((a) => a.name);

function apiDirFiles(dir: string, except: string[] = []): string[] {
  return readdirSync(join(root, dir))
    .filter((f) => f.endsWith('.ts') && !except.includes(f))
    .sort();
}

describe('the action registry', () => {
  it('has unique PascalCase action names', () => {
    const seen = new Set<string>();
    const duplicates = names.filter((n) => (seen.has(n) ? true : (seen.add(n), false)));
    expect(duplicates, 'action names registered twice').toEqual([]);
    const notPascal = names.filter((n) => !/^[A-Z][a-z0-9]*(?:[A-Z][a-z0-9]*)*$/.test(n));
    expect(notPascal, 'action names that are not PascalCase').toEqual([]);
    expect(names.length).toBeGreaterThan(0);
  });

  it('keeps planned actions apart from registered ones, each listed once and PascalCase', () => {
    expect(
      PLANNED_ACTIONS.filter((n) => names.includes(n)),
      'planned actions that are also registered: remove them from PLANNED_ACTIONS',
    ).toEqual([]);
    expect(new Set(PLANNED_ACTIONS).size, 'a planned action is listed twice').toBe(PLANNED_ACTIONS.length);
    expect(PLANNED_ACTIONS.filter((n) => !/^[A-Z][A-Za-z0-9]*$/.test(n))).toEqual([]);
  });

  it('declares each action completely: an audience, an input schema, a handler', () => {
    for (const a of ACTIONS) {
      expect(['account', 'any', 'operator'], a.name).toContain(a.audience);
      expect(typeof a.input.safeParse, a.name).toBe('function');
      expect(typeof a.handler, a.name).toBe('function');
    }
  });

  it('resolves registered names to their declaration and answers others with InvalidApi.NotFound (404)', () => {
    for (const a of ACTIONS) {
      expect(findAction(a.name)).toBe(a);
      expect(resolveAction(a.name)).toBe(a);
    }
    for (const name of [...PLANNED_ACTIONS, 'NoSuchAction', '', 'describeregions', 'constructor', '__proto__']) {
      let thrown: unknown;
      try {
        resolveAction(name);
      } catch (e) {
        thrown = e;
      }
      expect(thrown, name).toBeInstanceOf(ApiError);
      expect((thrown as ApiError).code).toBe('InvalidApi.NotFound');
      expect((thrown as ApiError).status).toBe(404);
      if (PLANNED_ACTIONS.includes(name)) expect((thrown as ApiError).message).toContain('not implemented');
    }
  });
});

describe('artifacts generated from the registry', () => {
  it('serverless.yml declares one function and route per action and per scheduled job', () => {
    const yml = readFileSync(join(root, 'serverless.yml'), 'utf8');
    const block = extractBetween(yml, 'functions');
    expect(block, `serverless.yml's generated functions block is ${SYNC}`).toBe(renderFunctionsBlock(names, SCHEDULED_JOBS));
    // Nothing outside the generated block may declare an action's route by hand.
    const outside = yml.replace(block, '');
    for (const name of names) {
      expect(outside.includes(`POST /api/${name}'`), `serverless.yml declares POST /api/${name} outside the generated block`).toBe(false);
    }
  });

  it('functions/api has exactly one generated handler file per action', async () => {
    const expected = names.map((n) => `${n}.ts`).sort();
    expect(apiDirFiles('functions/api'), `functions/api is ${SYNC}`).toEqual(expected);
    const declaredIn = await locateActionModules(root, ACTIONS);
    for (const name of names) {
      const text = readFileSync(join(root, 'functions/api', `${name}.ts`), 'utf8');
      expect(text, `functions/api/${name}.ts is ${SYNC}`).toBe(renderActionFile(name, declaredIn.get(name)!));
    }
  });

  it('functions/scheduled has exactly one generated handler file per scheduled job', () => {
    const expected = SCHEDULED_JOBS.map((j) => `${j.name}.ts`).sort();
    expect(apiDirFiles('functions/scheduled', ['scheduled-job-handler.ts']), `functions/scheduled is ${SYNC}`).toEqual(expected);
    for (const job of SCHEDULED_JOBS) {
      const text = readFileSync(join(root, 'functions/scheduled', `${job.name}.ts`), 'utf8');
      expect(text, `functions/scheduled/${job.name}.ts is ${SYNC}`).toBe(renderScheduledFile(job.name));
    }
  });

  it("the EC2 action registry, the generated EC2 model and README.md's EC2 action list agree", () => {
    const ec2 = EC2_ACTIONS.map((a) => a.name);
    expect(new Set(ec2).size).toBe(ec2.length);
    // scripts/ec2-model.ts generates the wire model of every registered EC2 action (and of a few the
    // model names ahead of their adapters, which answer InvalidAction "not implemented yet").
    for (const name of ec2) expect(Object.keys(EC2_MODEL.operations)).toContain(name);
    expect(supportedEc2Actions()).toEqual(ec2);
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(extractBetween(readme, 'ec2-actions'), `README.md's EC2 action list is ${SYNC}`).toBe(renderReadmeEc2ActionList(ec2));
    expect(ec2.length).toBeGreaterThanOrEqual(56);
  });

  it("README.md's action list is the registry's", () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(extractBetween(readme, 'actions'), `README.md's action list is ${SYNC}`).toBe(renderReadmeActionList(ACTIONS, PLANNED_ACTIONS));
    for (const name of [...names, ...PLANNED_ACTIONS]) expect(readme).toContain(name);
  });
});
