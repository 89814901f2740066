import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../shared/actions/registry';
import { SCHEDULED_JOBS } from '../../shared/jobs/registry';
import { stateTableDefinition, TTL_ATTRIBUTE, viewsTableDefinition } from '../../shared/store/table-definitions';

/**
 * `sls package` builds the deployable artifact offline (no AWS credentials, no
 * network: packaging resolves nothing remote), and the CloudFormation template
 * it writes matches the code: the two tables as shared/store/table-definitions.ts
 * declares them, the state table's stream, one schedule per scheduled job, one
 * Lambda and route per registered action plus the gateway functions, no Scan in
 * the IAM policy, and fewer than CloudFormation's 500 resources in every stack:
 * the actions' resources live in nested stacks (scripts/serverless/nested-action-stacks.js).
 */
const root = join(__dirname, '../..');
const out = mkdtempSync(join(tmpdir(), 'sandbox-package-'));
type Template = {
  Parameters?: Record<string, unknown>;
  Resources: Record<string, { Type: string; Properties: any; DependsOn?: unknown }>;
  Outputs?: Record<string, unknown>;
};
let template: Template;
/** The nested stacks' templates, by file name. */
const nested: Record<string, Template> = {};
let packagingMs = 0;
/** Packaging bundles every function with esbuild; past this it is stopped and the test fails. */
const PACKAGING_LIMIT_MS = 8 * 60_000;

/** Serverless's logical id of a function: first letter up, `-` and `_` spelled out. */
const fnLogicalId = (name: string) => `${name.charAt(0).toUpperCase()}${name.slice(1)}`.replace(/-/g, 'Dash').replace(/_/g, 'Underscore') + 'LambdaFunction';

beforeAll(async () => {
  // A clean environment: no local-stack variables (SANDBOX_PREBUILT would skip the bundling) and no AWS credentials.
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('SANDBOX_') && !k.startsWith('AWS_')) env[k] = v;
  }
  Object.assign(env, { SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off', AWS_SDK_LOAD_CONFIG: '0' });
  const t0 = Date.now();
  const { code, output, timedOut } = await new Promise<{ code: number | null; output: string; timedOut: boolean }>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [join(root, 'node_modules/serverless/bin/serverless.js'), 'package', '--stage', 'ci', '--package', out],
      // Its own process group, so a stuck packaging (and its esbuild service) can be stopped as a whole.
      { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
    );
    let text = '';
    let expired = false;
    const timer = setTimeout(() => {
      expired = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, PACKAGING_LIMIT_MS);
    child.stdout.on('data', (d: Buffer) => (text += d.toString()));
    child.stderr.on('data', (d: Buffer) => (text += d.toString()));
    child.on('error', reject);
    child.on('exit', (c) => {
      clearTimeout(timer);
      resolve({ code: c, output: text, timedOut: expired });
    });
  });
  packagingMs = Date.now() - t0;
  if (timedOut) throw new Error(`sls package did not finish within ${PACKAGING_LIMIT_MS / 1000} s:\n${output.slice(-4000)}`);
  if (code !== 0) throw new Error(`sls package failed (exit ${code}):\n${output.slice(-4000)}`);
  template = JSON.parse(readFileSync(join(out, 'cloudformation-template-update-stack.json'), 'utf8'));
  for (const file of readdirSync(out).filter((f) => /^cloudformation-template-actions-\d+\.json$/.test(f))) {
    nested[file] = JSON.parse(readFileSync(join(out, file), 'utf8'));
  }
  console.log(
    `sls package: ${(packagingMs / 1000).toFixed(1)} s for ${ACTIONS.length} actions; resources: root ${Object.keys(template.Resources).length}, ` +
      `nested ${Object.values(nested)
        .map((t) => Object.keys(t.Resources).length)
        .join(' + ')}`,
  );
}, 600_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

/** Resources of a type in the root stack and every nested stack. */
const resourcesOfType = (type: string) => [template, ...Object.values(nested)].flatMap((t) => Object.entries(t.Resources)).filter(([, r]) => r.Type === type);

/** Logical ids a template value refers to through Ref and Fn::GetAtt (pseudo parameters aside). */
function referencesIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) referencesIn(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'Ref' && typeof v === 'string' && !v.startsWith('AWS::')) out.push(v);
      else if (k === 'Fn::GetAtt') out.push(Array.isArray(v) ? String(v[0]) : String(v).split('.')[0]!);
      else referencesIn(v, out);
    }
  }
  return out;
}

/** The parts of a table definition that must agree, in a comparable form. */
function tableShape(p: {
  KeySchema?: unknown[];
  AttributeDefinitions?: unknown[];
  GlobalSecondaryIndexes?: { IndexName?: string; KeySchema?: unknown[]; Projection?: unknown }[];
}) {
  const sortBy = <T>(xs: T[] | undefined, key: (x: T) => string) => [...(xs ?? [])].sort((a, b) => key(a).localeCompare(key(b)));
  return {
    KeySchema: p.KeySchema,
    AttributeDefinitions: sortBy(p.AttributeDefinitions as { AttributeName: string }[], (a) => a.AttributeName),
    GlobalSecondaryIndexes: sortBy(p.GlobalSecondaryIndexes, (g) => g.IndexName ?? '').map((g) => ({
      IndexName: g.IndexName,
      KeySchema: g.KeySchema,
      Projection: g.Projection,
    })),
  };
}

describe('the packaged CloudFormation template', () => {
  it('declares both tables with the key schema, attributes and indexes of table-definitions.ts', () => {
    const tables = resourcesOfType('AWS::DynamoDB::Table');
    expect(tables).toHaveLength(2);
    const byName = new Map(tables.map(([, r]) => [String(r.Properties.TableName), r.Properties]));
    const state = byName.get('compute-sandbox-ci-state');
    const views = byName.get('compute-sandbox-ci-views');
    expect(state, 'state table compute-sandbox-ci-state').toBeDefined();
    expect(views, 'views table compute-sandbox-ci-views').toBeDefined();
    expect(tableShape(state)).toEqual(tableShape(stateTableDefinition('x') as never));
    expect(tableShape(views)).toEqual(tableShape(viewsTableDefinition('x') as never));
    for (const t of [state, views]) expect(t.BillingMode).toBe('PAY_PER_REQUEST');
  });

  it('streams the state table with NEW_AND_OLD_IMAGES, and not the views table; TTL on the state table', () => {
    const [, state] = resourcesOfType('AWS::DynamoDB::Table').filter(([, r]) => r.Properties.TableName === 'compute-sandbox-ci-state')[0]!;
    const [, views] = resourcesOfType('AWS::DynamoDB::Table').filter(([, r]) => r.Properties.TableName === 'compute-sandbox-ci-views')[0]!;
    expect(state.Properties.StreamSpecification?.StreamViewType).toBe('NEW_AND_OLD_IMAGES');
    expect(stateTableDefinition('x').StreamSpecification?.StreamViewType).toBe('NEW_AND_OLD_IMAGES');
    expect(views.Properties.StreamSpecification).toBeUndefined();
    expect(state.Properties.TimeToLiveSpecification).toEqual({ AttributeName: TTL_ATTRIBUTE, Enabled: true });
  });

  it('schedules every scheduled job with an EventBridge rule targeting its Lambda', () => {
    const rules = resourcesOfType('AWS::Events::Rule');
    // One per job (the safety net) plus the due-time ticker's minute schedule.
    expect(rules).toHaveLength(SCHEDULED_JOBS.length + 1);
    const tick = rules.find(([, r]) => JSON.stringify(r.Properties.Targets ?? []).includes(`"${fnLogicalId('dueTick')}"`));
    expect(tick?.[1].Properties.ScheduleExpression).toBe('rate(1 minute)');
    expect(template.Resources[fnLogicalId('dueTick')]?.Properties.Environment?.Variables?.SANDBOX_DUE_TICK_LOOP_SECONDS).toBe('58');
    for (const job of SCHEDULED_JOBS) {
      const fn = fnLogicalId(job.name);
      const rule = rules.find(([, r]) => (r.Properties.Targets ?? []).some((t: { Arn?: unknown }) => JSON.stringify(t.Arn).includes(`"${fn}"`)));
      expect(rule, `no rule targets ${fn} (job ${job.name})`).toBeDefined();
      expect(rule![1].Properties.ScheduleExpression).toBe(job.rate);
      expect(template.Resources[fn]?.Properties.Handler).toBe(`functions/scheduled/${job.name}.handler`);
    }
  });

  it('has one Lambda and one POST /api/<Action> route per registered action, plus the gateway functions', () => {
    const lambdas = resourcesOfType('AWS::Lambda::Function').map(([id, r]) => ({ id, handler: String(r.Properties.Handler) }));
    const apiHandlers = lambdas
      .filter((l) => l.handler.startsWith('functions/api/'))
      .map((l) => l.handler)
      .sort();
    expect(apiHandlers).toEqual(ACTIONS.map((a) => `functions/api/${a.name}.handler`).sort());
    const others = lambdas.filter((l) => !l.handler.startsWith('functions/api/'));
    for (const l of others) expect(l.handler, l.id).toMatch(/^functions\/(gateway|scheduled|streams|timers)\//);
    const gateway = others.filter((l) => l.handler.startsWith('functions/gateway/')).map((l) => l.handler);
    expect(gateway).toEqual(
      expect.arrayContaining(['functions/gateway/ecs-rpc.handler', 'functions/gateway/health.handler', 'functions/gateway/unknown-action.handler']),
    );
    expect(others.filter((l) => l.handler.startsWith('functions/scheduled/'))).toHaveLength(SCHEDULED_JOBS.length);

    const routes = new Set(resourcesOfType('AWS::ApiGatewayV2::Route').map(([, r]) => String(r.Properties.RouteKey)));
    for (const a of ACTIONS) expect(routes.has(`POST /api/${a.name}`), `route POST /api/${a.name}`).toBe(true);
    for (const key of [
      'GET /',
      'POST /',
      'GET /health',
      'POST /api/{action}',
      'GET /_sandbox/{proxy+}',
      'PUT /_sandbox/{proxy+}',
      'GET /console',
      'GET /console/{proxy+}',
    ]) {
      expect(routes.has(key), key).toBe(true);
    }
  });

  it('ships the web console, built by packaging, in the one archive', () => {
    // Zip entry names are stored uncompressed in the archive's directory, so a byte search finds them.
    const zip = readFileSync(join(out, 'compute-sandbox.zip'));
    expect(zip.includes('console/dist/index.html'), 'console/dist/index.html in the artifact').toBe(true);
    expect(zip.includes('functions/gateway/console.mjs'), 'the console handler in the artifact').toBe(true);
  });

  it('grants item-level DynamoDB access only: no Scan outside the control plane, no wildcard action', () => {
    const all = resourcesOfType('AWS::IAM::Role');
    const scanners = all.filter(([, r]) => JSON.stringify(r.Properties.Policies ?? []).includes('dynamodb:Scan')).map(([id]) => id);
    expect(scanners).toEqual(['ControlPlaneRole']);
    const controlPlane = resourcesOfType('AWS::Lambda::Function').filter(([, f]) => JSON.stringify(f.Properties.Role ?? '').includes('ControlPlaneRole'));
    expect(controlPlane.map(([id]) => id)).toEqual([fnLogicalId('controlPlane')]);
    const roles = all.filter(([id]) => id !== 'ControlPlaneRole');
    const actions = roles.flatMap(([, r]) =>
      (r.Properties.Policies ?? []).flatMap((p: { PolicyDocument: { Statement: { Action: string | string[] }[] } }) =>
        p.PolicyDocument.Statement.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])),
      ),
    );
    const dynamo = actions.filter((a: string) => a.startsWith('dynamodb:'));
    expect(dynamo.length).toBeGreaterThan(0);
    expect(dynamo).not.toContain('dynamodb:Scan');
    expect(actions.filter((a: string) => a === '*' || a === 'dynamodb:*')).toEqual([]);
  });

  it('stays under the CloudFormation limit of 500 resources in the root stack and in each nested stack', () => {
    expect(Object.keys(template.Resources).length).toBeLessThan(500);
    for (const [file, t] of Object.entries(nested)) expect(Object.keys(t.Resources).length, file).toBeLessThan(500);
    // Without the nested stacks the actions alone would pass the limit: they are in use, not idle.
    expect(ACTIONS.length * 4).toBeGreaterThan(400);
    expect(Object.keys(nested).length).toBeGreaterThan(0);
  });

  it('nests the actions completely: every reference resolves inside its stack, every parameter is passed', () => {
    const stacks = resourcesOfType('AWS::CloudFormation::Stack');
    expect(stacks.map(([, r]) => String(JSON.stringify(r.Properties.TemplateURL)).match(/cloudformation-template-actions-\d+\.json/)?.[0]).sort()).toEqual(
      Object.keys(nested).sort(),
    );
    for (const [id, stack] of stacks) {
      const file = JSON.stringify(stack.Properties.TemplateURL).match(/cloudformation-template-actions-\d+\.json/)![0];
      const t = nested[file]!;
      expect(Object.keys(stack.Properties.Parameters ?? {}).sort(), id).toEqual(Object.keys(t.Parameters ?? {}).sort());
      for (const ref of referencesIn(stack.Properties.Parameters)) expect(template.Resources[ref], `${id} passes ${ref}`).toBeDefined();
      const known = new Set([...Object.keys(t.Resources), ...Object.keys(t.Parameters ?? {})]);
      for (const [rid, r] of Object.entries(t.Resources)) {
        for (const ref of referencesIn(r)) expect(known.has(ref), `${file} ${rid} refers to ${ref}`).toBe(true);
      }
    }
    // The root stack refers only to its own resources (nested ones through the stacks' outputs).
    for (const [rid, r] of Object.entries(template.Resources)) {
      for (const ref of referencesIn(r)) expect(template.Resources[ref] ?? template.Parameters?.[ref], `root ${rid} refers to ${ref}`).toBeDefined();
    }
  });
});
