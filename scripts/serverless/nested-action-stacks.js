'use strict';
/**
 * Local serverless plugin: keeps the deployed template under CloudFormation's 500 resources per stack
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html) however
 * many actions there are. Each action costs four resources (its Lambda, the permission that lets the
 * HTTP API invoke it, the integration and the `POST /api/<Action>` route); with well over 100 actions
 * that alone passes 500. After serverless has compiled the template, every action's four resources
 * move, as a group, into nested stacks (AWS::CloudFormation::Stack) of at most ACTIONS_PER_STACK
 * actions each; what a moved resource refers to in the root stack (the execution role, the HTTP API,
 * the tables) is handed in as a stack parameter, and a root resource that refers to a moved one reads
 * a nested stack output. The nested templates are written beside the root template at package time and
 * uploaded to the deployment bucket, next to the code archive, at deploy time.
 *
 * Written here rather than taken from serverless-plugin-split-stacks: that plugin asks CloudFormation
 * and S3 for the current stack while packaging, which `sls package` must not need (no credentials, no
 * network: tests/integration/cloudformation.test.ts packages offline).
 */
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

/** 4 resources an action: 110 actions make 440 resources, leaving room for outputs of each stack. */
const ACTIONS_PER_STACK = 110;
const NESTED_FILE = (n) => `cloudformation-template-actions-${n}.json`;
/** Types that belong to one action's group once they refer to something already in it. */
const GROUPED_TYPES = new Set(['AWS::Lambda::Permission', 'AWS::ApiGatewayV2::Integration', 'AWS::ApiGatewayV2::Route']);

/** Logical ids a value refers to (Ref, Fn::GetAtt, and ${X} in Fn::Sub). Pseudo parameters are not resources. */
function referencesOf(value, out = new Set()) {
  if (Array.isArray(value)) {
    for (const v of value) referencesOf(v, out);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'Ref' && typeof v === 'string' && !v.startsWith('AWS::')) out.add(v);
      else if (k === 'Fn::GetAtt') out.add(Array.isArray(v) ? v[0] : String(v).split('.')[0]);
      else if (k === 'Fn::Sub') {
        const text = Array.isArray(v) ? v[0] : v;
        for (const m of String(text).matchAll(/\$\{([A-Za-z0-9]+)(?:\.[A-Za-z0-9.]+)?\}/g)) out.add(m[1]);
        referencesOf(v, out);
      } else referencesOf(v, out);
    }
  }
  return out;
}

/** Every action's resources: its function (handler under functions/api/) and what refers to it, transitively. */
function actionGroups(resources) {
  const groups = [];
  const taken = new Set();
  for (const [id, r] of Object.entries(resources)) {
    if (r.Type !== 'AWS::Lambda::Function' || !String(r.Properties?.Handler ?? '').startsWith('functions/api/')) continue;
    const group = new Set([id]);
    for (let grew = true; grew;) {
      grew = false;
      for (const [other, res] of Object.entries(resources)) {
        if (group.has(other) || taken.has(other) || !GROUPED_TYPES.has(res.Type)) continue;
        if ([...referencesOf(res)].some((ref) => group.has(ref))) {
          group.add(other);
          grew = true;
        }
      }
    }
    for (const g of group) taken.add(g);
    groups.push([...group].sort());
  }
  return groups.sort((a, b) => a[0].localeCompare(b[0]));
}

const paramName = (id, attr) => `P${id}${attr ? attr.replace(/[^A-Za-z0-9]/g, '') : ''}`;

/**
 * Rewrites a moved resource's references to root resources into parameters (recorded in `params`:
 * parameter name -> the root expression the nested stack resource passes in).
 */
function toParameters(value, inside, params) {
  if (Array.isArray(value)) return value.map((v) => toParameters(v, inside, params));
  if (!value || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === 'Ref' && typeof value.Ref === 'string' && !value.Ref.startsWith('AWS::') && !inside.has(value.Ref)) {
    const name = paramName(value.Ref);
    params[name] = { Ref: value.Ref };
    return { Ref: name };
  }
  if (keys.length === 1 && keys[0] === 'Fn::GetAtt') {
    const [id, attr] = Array.isArray(value['Fn::GetAtt']) ? value['Fn::GetAtt'] : String(value['Fn::GetAtt']).split(/\.(.*)/);
    if (!inside.has(id)) {
      const name = paramName(id, attr);
      params[name] = { 'Fn::GetAtt': [id, attr] };
      return { Ref: name };
    }
  }
  if (keys.includes('Fn::Sub')) {
    const outside = [...referencesOf({ 'Fn::Sub': value['Fn::Sub'] })].filter((r) => !inside.has(r));
    if (outside.length) throw new Error(`nested-action-stacks: Fn::Sub referring to root resources (${outside.join(', ')}) is not supported`);
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toParameters(v, inside, params)]));
}

/** Replaces, in root values, references to moved resources by the nested stack's outputs. */
function toOutputs(value, movedTo, outputs) {
  if (Array.isArray(value)) return value.map((v) => toOutputs(v, movedTo, outputs));
  if (!value || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  const target = (id, attr) => {
    const stack = movedTo.get(id);
    const name = `O${id}${attr ? attr.replace(/[^A-Za-z0-9]/g, '') : ''}`;
    outputs.get(stack)[name] = { Value: attr ? { 'Fn::GetAtt': [id, attr] } : { Ref: id } };
    return { 'Fn::GetAtt': [stack, `Outputs.${name}`] };
  };
  if (keys.length === 1 && keys[0] === 'Ref' && movedTo.has(value.Ref)) return target(value.Ref);
  if (keys.length === 1 && keys[0] === 'Fn::GetAtt') {
    const [id, attr] = Array.isArray(value['Fn::GetAtt']) ? value['Fn::GetAtt'] : String(value['Fn::GetAtt']).split(/\.(.*)/);
    if (movedTo.has(id)) return target(id, attr);
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toOutputs(v, movedTo, outputs)]));
}

/** Splits a compiled template in place; returns the nested templates by file name. */
function splitTemplate(template) {
  const resources = template.Resources;
  const groups = actionGroups(resources);
  if (groups.length === 0) return {};
  const someFunction = resources[groups[0][0]];
  const code = someFunction.Properties.Code;
  const dir = String(code.S3Key).slice(0, String(code.S3Key).lastIndexOf('/'));
  const nested = {};
  const movedTo = new Map();
  const outputs = new Map();
  for (let i = 0; i * ACTIONS_PER_STACK < groups.length; i++) {
    const stackId = `ActionsNestedStack${i + 1}`;
    const ids = groups.slice(i * ACTIONS_PER_STACK, (i + 1) * ACTIONS_PER_STACK).flat();
    const inside = new Set(ids);
    const params = {};
    const dependsOn = new Set();
    const moved = {};
    for (const id of ids) {
      const r = resources[id];
      const deps = [].concat(r.DependsOn ?? []);
      for (const d of deps) if (!inside.has(d)) dependsOn.add(d);
      const kept = deps.filter((d) => inside.has(d));
      const copy = toParameters({ ...r, DependsOn: undefined }, inside, params);
      delete copy.DependsOn;
      if (kept.length) copy.DependsOn = kept;
      moved[id] = copy;
      delete resources[id];
      movedTo.set(id, stackId);
    }
    outputs.set(stackId, {});
    const file = NESTED_FILE(i + 1);
    nested[file] = {
      AWSTemplateFormatVersion: '2010-09-09',
      Description: `compute-sandbox actions, part ${i + 1} (nested stack; see scripts/serverless/nested-action-stacks.js)`,
      Parameters: Object.fromEntries(Object.keys(params).map((p) => [p, { Type: 'String' }])),
      Resources: moved,
    };
    resources[stackId] = {
      Type: 'AWS::CloudFormation::Stack',
      ...(dependsOn.size ? { DependsOn: [...dependsOn].sort() } : {}),
      Properties: {
        TemplateURL: {
          'Fn::Join': ['', ['https://s3.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }, '/', code.S3Bucket, `/${dir}/${file}`]],
        },
        Parameters: params,
      },
    };
  }
  // Root resources and outputs that refer to a moved resource read it from its stack's outputs.
  for (const [id, r] of Object.entries(resources)) if (!id.startsWith('ActionsNestedStack')) resources[id] = toOutputs(r, movedTo, outputs);
  if (template.Outputs) template.Outputs = toOutputs(template.Outputs, movedTo, outputs);
  for (const [stackId, outs] of outputs) {
    const file = NESTED_FILE(Number(stackId.replace('ActionsNestedStack', '')));
    if (Object.keys(outs).length) nested[file].Outputs = outs;
  }
  return nested;
}

class NestedActionStacks {
  constructor(serverless, options) {
    this.serverless = serverless;
    this.options = options;
    this.provider = serverless.getProvider('aws');
    this.hooks = {
      'after:aws:package:finalize:mergeCustomProviderResources': () => this.split(),
      'after:aws:deploy:deploy:uploadArtifacts': () => this.upload(),
    };
  }

  /** Serverless's own working folder: artifacts are written there and moved to (or, on deploy, from) --package. */
  packagePath() {
    return join(this.serverless.serviceDir || this.serverless.config.servicePath, '.serverless');
  }

  split() {
    const template = this.serverless.service.provider.compiledCloudFormationTemplate;
    const nested = splitTemplate(template);
    for (const [file, body] of Object.entries(nested)) writeFileSync(join(this.packagePath(), file), `${JSON.stringify(body, null, 2)}\n`);
    const counts = Object.values(nested).map((t) => Object.keys(t.Resources).length);
    this.serverless.cli.log(`nested-action-stacks: root ${Object.keys(template.Resources).length} resources, nested ${counts.join(' + ')}`);
    this.files = Object.keys(nested);
  }

  async upload() {
    const template = this.serverless.service.provider.compiledCloudFormationTemplate;
    const stacks = Object.entries(template.Resources).filter(([id]) => id.startsWith('ActionsNestedStack'));
    if (stacks.length === 0) return;
    const bucket = await this.provider.getServerlessDeploymentBucketName();
    const dir = this.serverless.service.package.artifactDirectoryName;
    for (let n = 1; n <= stacks.length; n++) {
      const file = NESTED_FILE(n);
      await this.provider.request('S3', 'putObject', {
        Bucket: bucket,
        Key: `${dir}/${file}`,
        Body: readFileSync(join(this.packagePath(), file)),
        ContentType: 'application/json',
      });
    }
  }
}

module.exports = NestedActionStacks;
module.exports.splitTemplate = splitTemplate;
module.exports.referencesOf = referencesOf;
