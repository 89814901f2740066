import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderActionLoadersFile, renderActionNamesFile } from '../../scripts/lib/action-artifacts';
import { locateActionModules } from '../../scripts/lib/action-modules';
import { ACTION_LOADERS } from '../../functions/gateway/action-loaders.generated';
import { loadAction } from '../../functions/gateway/lazy-actions';
import { ACTIONS, PLANNED_ACTIONS, resolveAction, resolveVpcAction } from '../../shared/actions/registry';
import { VPC_ACTION_NAMES } from '../../shared/actions/vpc';
import { ApiError } from '../../shared/domain/errors';

/**
 * The ECS front door loads an action's module when a request first names it (so it bundles no
 * action, docs/packaging.md): what it finds must be exactly what the registry answers, for every
 * name, and the generated tables must be in step with the registry.
 */
const root = join(__dirname, '../..');
const SYNC = 'out of date with the action registry: run `npm run sync-actions`';

async function errorOf(p: Promise<unknown>): Promise<ApiError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ApiError);
  return e as ApiError;
}

describe('the ECS front door’s lazily loaded actions', () => {
  it('loads, for every registered action, the registry’s own declaration', async () => {
    expect(Object.keys(ACTION_LOADERS).sort()).toEqual(ACTIONS.map((a) => a.name).sort());
    for (const action of ACTIONS) {
      expect(await loadAction(action.name), action.name).toBe(resolveAction(action.name));
    }
  });

  it('reaches only the VPC API’s actions for a call signed for it, as the registry does', async () => {
    const vpcName = [...VPC_ACTION_NAMES][0]!;
    expect(await loadAction(vpcName, 'vpc')).toBe(resolveVpcAction(vpcName));
    const ecsOnly = ACTIONS.find((a) => !VPC_ACTION_NAMES.has(a.name))!.name;
    const refused = await errorOf(loadAction(ecsOnly, 'vpc'));
    expect(refused.code).toBe('InvalidApi.NotFound');
    expect(refused.status).toBe(404);
  });

  it('answers an unknown name (an inherited member name included) with InvalidApi.NotFound, as the registry does', async () => {
    for (const name of ['NoSuchAction', 'toString', '__proto__', '']) {
      const lazy = await errorOf(loadAction(name));
      const eager = await errorOf(Promise.resolve().then(() => resolveAction(name)));
      expect({ code: lazy.code, status: lazy.status, message: lazy.message }, name).toEqual({ code: eager.code, status: eager.status, message: eager.message });
      expect(lazy.code).toBe('InvalidApi.NotFound');
    }
  });

  it('generated tables match the registry', async () => {
    const declaredIn = await locateActionModules(root, ACTIONS);
    expect(readFileSync(join(root, 'functions/gateway/action-loaders.generated.ts'), 'utf8'), `action-loaders.generated.ts is ${SYNC}`).toBe(
      renderActionLoadersFile(ACTIONS, declaredIn),
    );
    expect(readFileSync(join(root, 'functions/gateway/action-names.generated.ts'), 'utf8'), `action-names.generated.ts is ${SYNC}`).toBe(
      renderActionNamesFile(VPC_ACTION_NAMES, PLANNED_ACTIONS),
    );
  });
});
