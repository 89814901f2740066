import { resolveAction } from '../../shared/actions/registry';
import { Errors } from '../../shared/domain/errors';
import { ecsHttpChain } from './action-route';

/**
 * `POST /api/{action}` for names without a Lambda of their own: the documented not-found error
 * (or, for a planned action, the not-implemented one). Apart from the per-action routes, so that
 * they do not bundle the registry.
 */
export const handler = ecsHttpChain(async (event) => {
  const name = event.pathParameters?.action ?? '';
  resolveAction(name);
  // A registered action always has its own route, which API Gateway prefers over this one.
  throw Errors.apiNotFound(name);
});
