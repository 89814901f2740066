import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { ActionDefinition } from '../../shared/actions/action';
import type { Caller } from '../../shared/domain/account';
import { Errors } from '../../shared/domain/errors';
import { logUnexpectedErrors } from '../../shared/middleware/log-unexpected-errors';
import { loggerContext } from '../../shared/middleware/logger-context';
import { serverTiming } from '../../shared/middleware/server-timing';
import { middyOptions } from '../../shared/middleware/middy-options';
import { renderErrors } from '../../shared/middleware/render-errors';
import { requestId, type RequestContext } from '../../shared/middleware/request-id';
import { newRequestId } from '../../shared/platform/ids';
import { readHttpEvent, type HttpRequest } from '../../shared/protocol/http';
import { identifyBearerCaller, identifySignedCaller } from '../../shared/protocol/ecs/identify-caller';
import { renderEcsError } from '../../shared/protocol/ecs/render';
import { dispatch } from './dispatch';
import { decodeQueryString } from '../../shared/protocol/ecs/wire-params';
import { checkJsonDepth, checkRepeatedJsonMembers } from '../../shared/protocol/request-guards';
import { requestGuards } from '../../shared/middleware/request-guards';
import { DynamoStateStore } from '../../shared/store/dynamo-state-store';

const store = new DynamoStateStore();

/**
 * The per-action route `POST /api/<Action>`: the same action declaration as
 * the RPC front door, parameters as a JSON object (nested lists and objects
 * instead of `Name.N` flattening). Authenticated by a V3 signature over the
 * JSON body or by `Authorization: Bearer <token>` from CreateApiToken.
 * Responses and errors are the same ECS JSON as the front door's.
 */
export function actionRoute(action: ActionDefinition) {
  const route = async (event: APIGatewayProxyEventV2, context: RequestContext): Promise<APIGatewayProxyStructuredResultV2> => {
    const http = readHttpEvent(event);
    if (http.method !== 'POST') throw Errors.unsupportedHttpMethod();
    return dispatch(store, {
      requestId: context.requestId,
      sourceIp: http.sourceIp,
      actionName: action.name,
      resolve: () => action,
      params: parseJsonBody(http.rawBody),
      identify: () => identify(http),
    });
  };
  return ecsHttpChain(route);
}

/** The middlewares of every ECS-JSON HTTP Lambda: log context, request id, errors rendered as ECS JSON. */
export function ecsHttpChain(handler: (event: APIGatewayProxyEventV2, context: RequestContext) => Promise<APIGatewayProxyStructuredResultV2>) {
  return middy(handler, middyOptions)
    .use(serverTiming())
    .use(loggerContext())
    .use(requestId(newRequestId))
    .use(requestGuards())
    .use(logUnexpectedErrors())
    .use(renderErrors((e, id) => renderEcsError(id, e)));
}

function parseJsonBody(raw: string): Record<string, unknown> {
  if (raw.trim() === '') return {};
  // Before JSON.parse: a body nested thousands deep is refused by a linear scan, not parsed.
  checkJsonDepth(raw);
  checkRepeatedJsonMembers(raw);
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    throw Errors.invalid('InvalidParameter.Format', 'Specified parameter format is not valid. The body must be a JSON object.');
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw Errors.invalid('InvalidParameter.Format', 'Specified parameter format is not valid. The body must be a JSON object.');
  }
  return body as Record<string, unknown>;
}

async function identify(http: HttpRequest): Promise<Caller> {
  const auth = http.headers.authorization ?? '';
  const bearer = /^Bearer\s+(\S+)$/i.exec(auth);
  if (bearer) return identifyBearerCaller(bearer[1]!, store);
  return identifySignedCaller(
    {
      method: http.method,
      path: http.path,
      query: decodeQueryString(http.rawQuery),
      form: {},
      headers: http.headers,
      rawBody: http.rawBody,
    },
    store,
  );
}
