import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { oversizedBody } from '../protocol/request-guards';
import { withServerTiming } from './server-timing';

/**
 * The guard that runs before anything reads the request (README "Security"): a body over the
 * limit gets API Gateway's own answer for a request too large for Lambda (413 "Request Too
 * Long"), whatever the dialect. A `before` middleware that returns a value ends the chain with it
 * (https://middy.js.org/docs/intro/early-interrupt). The depth guards need the parameter names,
 * so the doors call them where they read the request (shared/protocol/request-guards.ts).
 */
export function requestGuards(): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  return {
    name: 'requestGuards',
    before: (request) => withServerTiming(oversizedBody(request.event)),
  };
}
