import { findAction } from '../../actions/registry';
import type { Ec2Action } from './adapter';
import { EC2_ACTIONS } from './actions';
import { isEc2Operation } from './codec';
import { notImplementedYet } from './lazy-actions';
import { Ec2RequestErrors } from './request';

/**
 * The EC2 actions from the whole list (actions/index.ts), with the registry at hand: for scripts
 * (the README list, coverage) and tests. The front door does not import this module: it loads each
 * adapter on first use (lazy-actions.ts), so it does not bundle every adapter (docs/packaging.md).
 */
const byName = new Map(EC2_ACTIONS.map((a) => [a.name, a]));

/** The EC2 actions this sandbox serves now: an adapter whose ECS actions are all registered. */
export function supportedEc2Actions(): string[] {
  return EC2_ACTIONS.filter((a) => a.uses.every((u) => findAction(u) !== undefined)).map((a) => a.name);
}

/** The adapter of a called action, or InvalidAction (unknown to EC2, or not implemented here yet). */
export function resolveEc2Action(name: string): Ec2Action {
  const adapter = byName.get(name);
  if (adapter) {
    const missing = adapter.uses.filter((u) => findAction(u) === undefined);
    if (missing.length === 0) return adapter;
    throw notImplementedYet(name, missing);
  }
  if (isEc2Operation(name)) {
    throw notImplementedYet(name);
  }
  throw Ec2RequestErrors.invalidAction(name);
}
