import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import { logger } from '../platform/logger';

/** The Lambda context as the sandbox's HTTP handlers see it: with the request id of the answer. */
export interface RequestContext extends Context {
  /** The id the answer carries (`RequestId` in ECS JSON, `<RequestId>` in EC2 XML). */
  requestId: string;
}

/**
 * Mints the request id before the handler runs, in the dialect's own form (ECS: uppercase
 * UUID; EC2: lowercase UUID), so the handler and the error renderer answer with the same one,
 * and adds it to every log line of the invocation.
 */
export function requestId(mint: () => string): MiddlewareObj<unknown, unknown, Error, RequestContext> {
  return {
    name: 'requestId',
    before: (request) => {
      request.context.requestId = mint();
      logger.appendKeys({ sandboxRequestId: request.context.requestId });
    },
  };
}
