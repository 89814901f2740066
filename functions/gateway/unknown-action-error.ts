import { Errors } from '../../shared/domain/errors';
import { PLANNED_ACTIONS } from './action-names.generated';

/**
 * The error for an action name with no declaration: not implemented yet for a planned one
 * (InvalidApi.NotFound with a message saying so), not found otherwise. Imports names only, so
 * unknown-action bundles no action.
 */
export function unknownActionError(name: string): Error {
  return PLANNED_ACTIONS.includes(name) ? Errors.notImplemented(name) : Errors.apiNotFound(name);
}
