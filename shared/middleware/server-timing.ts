import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { currentRequestTiming, startRequestTiming } from '../platform/request-timing';

/**
 * Adds a `Server-Timing` header to every answer of an HTTP handler: where the request's time
 * went (auth, store reads, settle, app, writes, render, total; shared/platform/request-timing.ts,
 * README "Where the time goes"). Use it FIRST in the chain: its `before` starts the request's
 * timing context before anything awaits, and its `after`/`onError` run last (middy runs them in
 * reverse order, https://middy.js.org/docs/intro/how-it-works), once the answer or the rendered
 * error is in place.
 */
export function serverTiming(): MiddlewareObj<unknown, APIGatewayProxyStructuredResultV2 | undefined> {
  return {
    name: 'serverTiming',
    before: () => {
      startRequestTiming();
    },
    after: (request) => {
      request.response = withServerTiming(request.response);
    },
    onError: (request) => {
      request.response = withServerTiming(request.response);
    },
  };
}

/**
 * The answer with the current request's `Server-Timing` header. Also for answers that end the
 * chain early from a `before` (middy then skips every `after`).
 */
export function withServerTiming<T extends APIGatewayProxyStructuredResultV2 | null | undefined>(response: T): T {
  const timing = currentRequestTiming();
  if (!timing || !response || typeof response !== 'object') return response;
  return { ...response, headers: { ...response.headers, 'server-timing': timing.header() } };
}
