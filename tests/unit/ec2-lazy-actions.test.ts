import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EC2_ACTION_LOADERS_FILE, renderEc2ActionLoaders } from '../../scripts/lib/ec2-action-index';
import { findAction } from '../../shared/actions/registry';
import { ApiError } from '../../shared/domain/errors';
import { EC2_ACTIONS } from '../../shared/protocol/ec2/actions';
import { EC2_ACTION_LOADERS } from '../../shared/protocol/ec2/actions/loaders.generated';
import { EC2_API_VERSION } from '../../shared/protocol/ec2/api-version';
import { resolveEc2Action } from '../../shared/protocol/ec2/dispatch';
import { loadEc2Action, notImplementedYet } from '../../shared/protocol/ec2/lazy-actions';
import { EC2_MODEL } from '../../shared/protocol/ec2/model.generated';

/**
 * The EC2 front door loads an adapter's module when a request first names it (so it bundles no
 * adapter, no ECS action and no model, docs/packaging.md): what it finds must be exactly what the
 * whole list answers, for every name, and the generated loaders must be in step with the adapters.
 */
const root = join(__dirname, '../..');

async function errorOf(p: Promise<unknown>): Promise<ApiError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ApiError);
  return e as ApiError;
}

function syncErrorOf(f: () => unknown): ApiError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    return e as ApiError;
  }
  throw new Error('expected an error');
}

describe('the EC2 front door’s lazily loaded adapters', () => {
  it('loads, for every EC2 action, the very adapter of the whole list', async () => {
    expect(Object.keys(EC2_ACTION_LOADERS).sort()).toEqual(EC2_ACTIONS.map((a) => a.name).sort());
    for (const adapter of EC2_ACTIONS) {
      expect(await loadEc2Action(adapter.name), adapter.name).toBe(resolveEc2Action(adapter.name));
    }
  });

  it('answers InvalidAction as the whole list does: an unknown name or an inherited member', async () => {
    for (const name of ['FlyToTheMoon', 'toString', '__proto__', 'constructor']) {
      const lazy = await errorOf(loadEc2Action(name));
      expect(lazy).toMatchObject({ code: 'InvalidAction', status: 400, message: `The action ${name} is not valid for this web service.` });
      expect(syncErrorOf(() => resolveEc2Action(name))).toMatchObject({ code: lazy.code, status: lazy.status, message: lazy.message });
    }
    // Every operation of the model is served today, so the "not implemented yet" answer is checked by its text.
    expect(Object.keys(EC2_MODEL.operations).filter((op) => !(op in EC2_ACTION_LOADERS))).toEqual([]);
    expect(notImplementedYet('CreateFleet').message).toBe(
      'The action CreateFleet is not valid for this web service. CreateFleet is part of the EC2 API but this sandbox does not implement it yet.',
    );
    expect(notImplementedYet('X', ['A', 'B']).message).toContain('does not implement it yet (it needs the ECS actions A, B).');
  });

  it('is what npm run sync-actions writes, and the door’s Version is the model’s', async () => {
    const expected = await renderEc2ActionLoaders(root, (name) => findAction(name) !== undefined);
    // Stale: an adapter was added, renamed or removed without `npm run sync-actions`.
    expect(readFileSync(join(root, EC2_ACTION_LOADERS_FILE), 'utf8')).toBe(expected);
    expect(EC2_API_VERSION).toBe(EC2_MODEL.apiVersion);
  }, 60_000);
});
