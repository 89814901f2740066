import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { newRequestId } from '../../shared/platform/ids';
import { readHttpEvent } from '../../shared/protocol/http';
import { identifySignedCaller } from '../../shared/protocol/ecs/identify-caller';
import { renderEcsError } from '../../shared/protocol/ecs/render';
import { readRpcRequest } from '../../shared/protocol/ecs/rpc-request';
import { unflattenParams } from '../../shared/protocol/unflatten';
import { StateStore } from '../../shared/store/state-store';
import { dispatch } from './dispatch';

const store = new StateStore();

/**
 * The ECS RPC front door at `/` (GET and POST), as the official SDK and CLI
 * call it: V1 or V3 signed, action in the query or the x-acs-action header. Calls signed for the
 * VPC API (Version 2016-04-28, as `@alicloud/vpc20160428` sends) reach the VPC actions only.
 */
export const handler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
  const requestId = newRequestId();
  try {
    const http = readHttpEvent(event);
    const rpc = readRpcRequest(http);
    return await dispatch(store, {
      requestId,
      sourceIp: http.sourceIp,
      actionName: rpc.action,
      product: rpc.product,
      params: unflattenParams(rpc.params),
      identify: () => identifySignedCaller(rpc.signed, store),
    });
  } catch (e) {
    return renderEcsError(requestId, e);
  }
};
