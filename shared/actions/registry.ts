import { Errors } from '../domain/errors';
import type { ActionDefinition } from './action';
import { GENERATED_ACTIONS } from './all.generated';
import { EC2_ONLY_ACTIONS, VPC_ACTION_NAMES } from './vpc';

/**
 * The implemented actions: every declaration exported under shared/actions/, less the EC2-only
 * ones, listed by `npm run sync-actions` in shared/actions/all.generated.ts
 * (scripts/lib/ecs-action-index.ts; tests/unit/ecs-action-index.test.ts fails when it is stale).
 * serverless.yml (one Lambda per action), the front doors and the README's action list are
 * checked against it by tests/unit/action-list.test.ts.
 */
export const ACTIONS: ActionDefinition[] = GENERATED_ACTIONS;

/**
 * Actions that the project's issues list but that are not implemented yet:
 * the front door answers them with InvalidApi.NotFound and a message saying
 * so, and the README lists them as missing.
 */
export const PLANNED_ACTIONS: string[] = [];

const byName = new Map(ACTIONS.map((a) => [a.name, a]));
const ec2OnlyByName = new Map(EC2_ONLY_ACTIONS.map((a) => [a.name, a]));
/** A declaration by name, for the EC2 adapters too (which also reach the EC2-only ones). */
export const findAction = (name: string): ActionDefinition | undefined => byName.get(name) ?? ec2OnlyByName.get(name);
export const isPlannedAction = (name: string): boolean => PLANNED_ACTIONS.includes(name);

/** A VPC API (2016-04-28) call: only that API's actions. */
export function resolveVpcAction(name: string): ActionDefinition {
  if (!VPC_ACTION_NAMES.has(name)) throw Errors.apiNotFound(name);
  return byName.get(name)!;
}

/** The declaration for a called action name, or the documented error for an unknown or planned one. */
export function resolveAction(name: string): ActionDefinition {
  const def = byName.get(name);
  if (def) return def;
  throw isPlannedAction(name) ? Errors.notImplemented(name) : Errors.apiNotFound(name);
}
