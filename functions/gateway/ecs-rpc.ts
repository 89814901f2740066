import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { resolveAction } from '../../shared/actions/registry';
import { runAction } from '../../shared/actions/runner';
import { isApiError } from '../../shared/domain/errors';
import { sandboxNow } from '../../shared/platform/clock';
import { newRequestId } from '../../shared/platform/ids';
import { logger } from '../../shared/platform/logger';
import { readHttpEvent } from '../../shared/protocol/http';
import { identifySignedCaller } from '../../shared/protocol/ecs/identify-caller';
import { renderEcsError, renderEcsSuccess } from '../../shared/protocol/ecs/render';
import { readRpcRequest } from '../../shared/protocol/ecs/rpc-request';
import { unflattenParams } from '../../shared/protocol/unflatten';
import { StateStore } from '../../shared/store/state-store';

const store = new StateStore();

/**
 * The ECS RPC front door at `/` (GET and POST), as the official SDK and CLI
 * call it: V1 or V3 signed, action in the query or the x-acs-action header.
 */
export const handler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
  const requestId = newRequestId();
  try {
    const http = readHttpEvent(event);
    const rpc = readRpcRequest(http);
    const def = resolveAction(rpc.action);
    const prefetchedNow = sandboxNow(store);
    prefetchedNow.catch(() => undefined); // awaited by runAction; an auth error must not leave it unhandled
    const caller = await identifySignedCaller(rpc.signed, store);
    const output = await runAction(def, unflattenParams(rpc.params), {
      caller,
      requestId,
      sourceIp: http.sourceIp,
      store,
      prefetchedNow,
    });
    return renderEcsSuccess(requestId, output);
  } catch (e) {
    if (!isApiError(e)) logger.error('unexpected error', { requestId, error: e as Error });
    return renderEcsError(requestId, e);
  }
};
