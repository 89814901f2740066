import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { logUnexpectedErrors } from '../../shared/middleware/log-unexpected-errors';
import { loggerContext } from '../../shared/middleware/logger-context';
import { serverTiming } from '../../shared/middleware/server-timing';
import { middyOptions } from '../../shared/middleware/middy-options';
import { renderErrors } from '../../shared/middleware/render-errors';
import { requestId, type RequestContext } from '../../shared/middleware/request-id';
import { newRequestId } from '../../shared/platform/ids';
import { readHttpEvent } from '../../shared/protocol/http';
import { identifySignedCaller } from '../../shared/protocol/ecs/identify-caller';
import { renderEcsError } from '../../shared/protocol/ecs/render';
import { readRpcRequest } from '../../shared/protocol/ecs/rpc-request';
import { unflattenParams } from '../../shared/protocol/unflatten';
import { checkFlatNameDepth } from '../../shared/protocol/request-guards';
import { requestGuards } from '../../shared/middleware/request-guards';
import { DynamoStateStore } from '../../shared/store/dynamo-state-store';
import { dispatch } from './dispatch';
import { loadAction } from './lazy-actions';

const store = new DynamoStateStore();

/**
 * The ECS RPC front door at `/` (GET and POST), as the official SDK and CLI
 * call it: V1 or V3 signed, action in the query or the x-acs-action header. Calls signed for the
 * VPC API (Version 2016-04-28, as `@alicloud/vpc20160428` sends) reach the VPC actions only.
 */
async function ecsRpc(event: APIGatewayProxyEventV2, context: RequestContext): Promise<APIGatewayProxyStructuredResultV2> {
  const http = readHttpEvent(event);
  const rpc = readRpcRequest(http);
  checkFlatNameDepth(rpc.params);
  return dispatch(store, {
    requestId: context.requestId,
    sourceIp: http.sourceIp,
    actionName: rpc.action,
    product: rpc.product,
    // The action's module is imported when first called: the door bundles no action (docs/packaging.md).
    resolve: () => loadAction(rpc.action, rpc.product),
    params: unflattenParams(rpc.params),
    identify: () => identifySignedCaller(rpc.signed, store),
  });
}

export const handler = middy(ecsRpc, middyOptions)
  .use(serverTiming())
  .use(loggerContext())
  .use(requestId(newRequestId))
  .use(requestGuards())
  .use(logUnexpectedErrors())
  .use(renderErrors((e, id) => renderEcsError(id, e)));
