import * as Sdk from '@alicloud/ecs20140526';
import * as VpcSdk from '@alicloud/vpc20160428';
import { describe, expect, it } from 'vitest';
import { ACTIONS } from '../../shared/actions/registry';
import { VPC_ACTION_NAMES } from '../../shared/actions/vpc';
import { INTERNAL_PARAMETERS, refuseUnsupported, UNSUPPORTED_PARAMETERS } from '../../shared/actions/unsupported-parameters';
import { ApiError } from '../../shared/domain/errors';

/**
 * No parameter silently ignored (issue 19): every parameter of every implemented action in the
 * official SDK's request model is either declared by the action's input schema (and honoured) or
 * listed as unsupported (and refused with UnsupportedParameter). The SDK's request classes carry
 * their wire names in static `names()` and nested models in `types()`.
 */
type Model = { names(): Record<string, string>; types(): Record<string, unknown> };
const ecsSdk = Sdk as unknown as Record<string, Model | undefined>;
/**
 * The ECS actions. The VPC actions speak Alibaba's VPC API (2016-04-28), whose models are those of
 * `@alicloud/vpc20160428`, not of the ECS SDK (which keeps older VPC actions of its own): they are
 * the VPC work's to cover.
 */
const modelOf = (action: string): Model | undefined => (VPC_ACTION_NAMES.has(action) ? undefined : ecsSdk[`${action}Request`]);
const vpcSdk = VpcSdk as unknown as Record<string, Model | undefined>;
/** The VPC actions' models: those of `@alicloud/vpc20160428` (issue 14: no VPC API parameter dropped either). */
const vpcModelOf = (action: string): Model | undefined => (VPC_ACTION_NAMES.has(action) ? vpcSdk[`${action}Request`] : undefined);
const anyModelOf = (action: string): Model | undefined => modelOf(action) ?? vpcModelOf(action);

/** The object shape under optional / preprocess (pipe) / array wrappers of a zod 4 schema. */
function shapeOf(schema: any): Record<string, unknown> | undefined {
  let t = schema;
  for (let i = 0; t && i < 10; i++) {
    const def = t.def;
    if (def.type === 'object') return t.shape;
    if (def.type === 'optional' || def.type === 'nullable' || def.type === 'default') t = def.innerType;
    else if (def.type === 'pipe') t = def.out;
    else if (def.type === 'array') t = def.element;
    else return undefined;
  }
  return undefined;
}

const nestedModel = (t: unknown): Model | undefined => {
  if (typeof t === 'function' && 'names' in t) return t as unknown as Model;
  if (t && typeof t === 'object' && typeof (t as { itemType?: unknown }).itemType === 'function') return nestedModel((t as { itemType: unknown }).itemType);
  return undefined;
};

/** SDK parameters (dotted for nested ones) that the schema does not declare. */
function undeclared(model: Model, shape: Record<string, unknown> | undefined, prefix = ''): string[] {
  const out: string[] = [];
  const types = model.types();
  for (const [key, wire] of Object.entries(model.names())) {
    if (!shape || !(wire in shape)) {
      out.push(prefix + wire);
      continue;
    }
    const nested = nestedModel(types[key]);
    if (nested) out.push(...undeclared(nested, shapeOf(shape[wire]), `${prefix}${wire}.`));
  }
  return out;
}

/** Every SDK parameter name (dotted), declared or not. */
function allNames(model: Model, prefix = ''): string[] {
  const types = model.types();
  return Object.entries(model.names()).flatMap(([key, wire]) => {
    const nested = nestedModel(types[key]);
    return [prefix + wire, ...(nested ? allNames(nested, `${prefix}${wire}.`) : [])];
  });
}

const withModels = ACTIONS.filter((a) => modelOf(a.name)).map((a) => ({ action: a, model: modelOf(a.name)! }));
const withVpcModels = ACTIONS.filter((a) => vpcModelOf(a.name)).map((a) => ({ action: a, model: vpcModelOf(a.name)! }));

describe('parameter coverage against the official SDK request models', () => {
  it('finds the SDK models of the ECS actions (the walk is not vacuous)', () => {
    expect(withModels.length).toBeGreaterThan(80);
    expect(withModels.map((m) => m.action.name)).toContain('RunInstances');
    expect(allNames(modelOf('RunInstances')!)).toContain('SystemDisk.KMSKeyId');
  });

  it.each(withModels.map((m) => [m.action.name, m] as const))('%s: every SDK parameter is declared or refused', (_name, { action, model }) => {
    const refused = new Set([...(UNSUPPORTED_PARAMETERS[action.name] ?? []), ...INTERNAL_PARAMETERS]);
    const silent = undeclared(model, shapeOf(action.input)).filter((n) => !refused.has(n));
    expect(silent).toEqual([]);
  });

  it('finds the VPC SDK models of the VPC API actions', () => {
    expect(withVpcModels.length).toBe(VPC_ACTION_NAMES.size);
    expect(allNames(vpcModelOf('CreateVpc')!)).toContain('EnableDnsHostname');
  });

  it.each(withVpcModels.map((m) => [m.action.name, m] as const))('VPC API %s: every SDK parameter is declared or refused', (_name, { action, model }) => {
    const refused = new Set([...(UNSUPPORTED_PARAMETERS[action.name] ?? []), ...INTERNAL_PARAMETERS]);
    const silent = undeclared(model, shapeOf(action.input)).filter((n) => !refused.has(n));
    expect(silent).toEqual([]);
  });

  it('the unsupported lists name only real SDK parameters that the schemas do not declare', () => {
    for (const [name, params] of Object.entries(UNSUPPORTED_PARAMETERS)) {
      const action = ACTIONS.find((a) => a.name === name);
      expect(action, name).toBeDefined();
      const model = anyModelOf(name)!;
      const known = new Set(allNames(model));
      const missing = new Set(undeclared(model, shapeOf(action!.input)));
      for (const p of params) {
        expect(known.has(p), `${name}.${p} is an SDK parameter`).toBe(true);
        expect(missing.has(p), `${name}.${p} is not also declared`).toBe(true);
      }
    }
  });

  it('a listed parameter with a value is refused with UnsupportedParameter; empty counts as absent', () => {
    const set = (dotted: string, value: unknown): Record<string, unknown> => {
      const [head, ...rest] = dotted.split('.');
      if (rest.length === 0) return { [head!]: value };
      return { [head!]: head === 'DataDisk' ? [{}, set(rest.join('.'), value)] : set(rest.join('.'), value) };
    };
    for (const [action, params] of Object.entries(UNSUPPORTED_PARAMETERS)) {
      for (const p of params) {
        let err: unknown;
        try {
          refuseUnsupported(action, { RegionId: 'cn-hangzhou', ...set(p, 'x') });
        } catch (e) {
          err = e;
        }
        expect(err instanceof ApiError && err.code === 'UnsupportedParameter' && err.status === 400, `${action} ${p}`).toBe(true);
        expect(() => refuseUnsupported(action, { RegionId: 'cn-hangzhou', ...set(p, '') })).not.toThrow();
      }
    }
  });
});
