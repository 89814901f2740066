import type { Ec2Action } from './adapter';
import { EC2_ACTION_LOADERS, EC2_ACTIONS_AWAITING } from './actions/loaders.generated';
import { Ec2RequestErrors } from './request';

/** Adapters already loaded in this container (one import per module, however many requests name it). */
const loaded = new Map<string, Promise<Ec2Action>>();

const own = <T>(table: Record<string, T>, name: string): T | undefined =>
  // Own properties only: `toString` or `__proto__` is an unknown action, not an inherited member.
  Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;

/**
 * The adapter of a called EC2 action, imported on first use (actions/loaders.generated.ts), or
 * InvalidAction: what `resolveEc2Action` (action-table.ts) answers from the whole list, without
 * bundling every adapter, the ECS actions and the EC2 model into the front door
 * (docs/packaging.md, "Front doors"). tests/unit/ec2-lazy-actions.test.ts holds the two equal.
 */
export async function loadEc2Action(name: string): Promise<Ec2Action> {
  const loader = own(EC2_ACTION_LOADERS, name);
  if (loader) {
    let adapter = loaded.get(name);
    if (!adapter) {
      adapter = loader();
      // A failed import (a broken deploy) is tried again by the next request, not remembered.
      adapter.catch(() => loaded.delete(name));
      loaded.set(name, adapter);
    }
    return adapter;
  }
  const missing = own(EC2_ACTIONS_AWAITING, name);
  if (missing) throw notImplementedYet(name, missing);
  // Only a name the sandbox does not serve needs the model: is it an EC2 operation at all?
  const { isEc2Operation } = await import('./codec');
  if (isEc2Operation(name)) throw notImplementedYet(name);
  throw Ec2RequestErrors.invalidAction(name);
}

/** InvalidAction for an EC2 operation the sandbox does not serve (yet), naming the ECS actions it still needs. */
export function notImplementedYet(name: string, missingEcsActions: readonly string[] = []) {
  const needs = missingEcsActions.length ? ` (it needs the ECS action${missingEcsActions.length > 1 ? 's' : ''} ${missingEcsActions.join(', ')})` : '';
  return Ec2RequestErrors.invalidAction(name, `${name} is part of the EC2 API but this sandbox does not implement it yet${needs}.`);
}
