import type { Ec2Action } from '../adapter';
import { GENERATED_EC2_ACTIONS } from './all.generated';

/**
 * The EC2 actions of the dialect: each an adapter (adapter.ts) over the typed operations or the
 * ECS action declarations. The list is generated from the adapters this folder's modules export
 * (all.generated.ts, by `npm run sync-actions`): no hand-kept list to forget. An EC2 operation of
 * the model that is not here, or whose ECS actions are not registered yet, answers InvalidAction
 * saying the sandbox does not implement it yet.
 */
export const EC2_ACTIONS: Ec2Action[] = GENERATED_EC2_ACTIONS;

export { EC2_ANY_KEY_ACTIONS } from './any-key';
