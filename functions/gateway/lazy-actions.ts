import type { ActionDefinition } from '../../shared/actions/action';
import { Errors } from '../../shared/domain/errors';
import { ACTION_LOADERS } from './action-loaders.generated';
import { VPC_ACTION_NAMES } from './action-names.generated';
import { unknownActionError } from './unknown-action-error';

/** Declarations already loaded in this container (one import per action, however many requests name it). */
const loaded = new Map<string, Promise<ActionDefinition>>();

/**
 * The declaration of a called action, imported on first use, or the documented error for a name
 * that has none: what the registry's resolveAction / resolveVpcAction answer, without bundling
 * every action into the front door (docs/packaging.md, "Front doors"). A call signed for the VPC
 * API (`product` vpc) reaches that API's actions only.
 */
export function loadAction(name: string, product: 'ecs' | 'vpc' = 'ecs'): Promise<ActionDefinition> {
  if (product === 'vpc' && !VPC_ACTION_NAMES.has(name)) return Promise.reject(Errors.apiNotFound(name));
  // Own properties only: `toString` or `__proto__` is an unknown action, not an inherited member.
  const loader = Object.prototype.hasOwnProperty.call(ACTION_LOADERS, name) ? ACTION_LOADERS[name] : undefined;
  if (!loader) return Promise.reject(unknownActionError(name));
  let declaration = loaded.get(name);
  if (!declaration) {
    declaration = loader();
    // A failed import (a broken deploy) is tried again by the next request, not remembered.
    declaration.catch(() => loaded.delete(name));
    loaded.set(name, declaration);
  }
  return declaration;
}
