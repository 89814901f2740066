import { ecsHttpChain } from './action-route';
import { unknownActionError } from './unknown-action-error';

/**
 * `POST /api/{action}` for names without a Lambda of their own: the documented not-found error
 * (or, for a planned action, the not-implemented one). Apart from the per-action routes, and
 * from the registry: a generated list of names is all it needs (docs/packaging.md).
 */
export const handler = ecsHttpChain(async (event) => {
  // A registered action always has its own route, which API Gateway prefers over this one.
  throw unknownActionError(event.pathParameters?.action ?? '');
});
