import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { ActionDefinition } from '../../shared/actions/action';
import { runAction } from '../../shared/actions/runner';
import type { Caller } from '../../shared/domain/account';
import { isApiError } from '../../shared/domain/errors';
import { requestNow } from '../../shared/store/sandbox-clock';
import { logger } from '../../shared/platform/logger';
import { timed, timedSync } from '../../shared/platform/request-timing';
import { renderEcsError, renderEcsSuccess } from '../../shared/protocol/ecs/render';
import { recordApiCall } from '../../shared/store/audit';
import type { StateStore } from '../../shared/store/state-store';

export interface Call {
  requestId: string;
  sourceIp: string;
  actionName: string;
  /** The API of the call's Version (the RPC door): `vpc` reaches the VPC API's actions only. */
  product?: 'ecs' | 'vpc';
  /**
   * The action's declaration, or the documented error for a name that has none (thrown inside the
   * call, so it is rendered like any error). The RPC door imports it when first called
   * (lazy-actions.ts); a per-action Lambda already holds its own (and so bundles no other action's code).
   */
  resolve: () => ActionDefinition | Promise<ActionDefinition>;
  /** Parameters in the nested shape the action schemas read. */
  params: Record<string, unknown>;
  /** Authenticate the caller (signature or bearer token). */
  identify: () => Promise<Caller>;
}

/**
 * What both ECS routes do once the wire format is read: resolve the action,
 * authenticate (the sandbox clock is read meanwhile), run it, render the ECS
 * JSON answer, and record the call in the audit trail.
 */
export async function dispatch(store: StateStore, call: Call): Promise<APIGatewayProxyStructuredResultV2> {
  let caller: Caller | undefined;
  const prefetchedNow = requestNow(store);
  prefetchedNow.catch(() => undefined); // awaited below; an early error must not leave it unhandled
  let response: APIGatewayProxyStructuredResultV2;
  let error: unknown;
  try {
    const def = await call.resolve();
    caller = await timed('auth', call.identify);
    const output = await runAction(def, call.params, {
      caller,
      requestId: call.requestId,
      sourceIp: call.sourceIp,
      store,
      prefetchedNow,
      ...(call.product === 'vpc' ? { service: 'vpc' as const } : {}),
    });
    response = timedSync('render', () => renderEcsSuccess(call.requestId, output));
  } catch (e) {
    if (!isApiError(e)) logger.error('unexpected error', { requestId: call.requestId, error: e as Error });
    error = e;
    response = timedSync('render', () => renderEcsError(call.requestId, e));
  }
  if (caller) {
    const at = await prefetchedNow.catch(() => new Date());
    await recordApiCall(store, {
      caller,
      action: call.actionName,
      params: call.params,
      requestId: call.requestId,
      sourceIp: call.sourceIp,
      at,
      error,
      httpStatus: response.statusCode ?? 200,
    });
  }
  return response;
}
