import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import type { RequestContext } from './request-id';

/**
 * Turns an error thrown anywhere in the chain into the dialect's answer (ECS JSON, EC2 XML,
 * the health check's 503): the one place an HTTP handler's errors are rendered, so no
 * handler has a try/catch of its own. Setting `request.response` in `onError` is how a
 * middy middleware handles an error (https://middy.js.org/docs/intro/handling-errors).
 */
export function renderErrors<TResult>(
  render: (error: unknown, requestId: string) => TResult,
): MiddlewareObj<unknown, TResult, Error, Context & Partial<RequestContext>> {
  return {
    name: 'renderErrors',
    onError: (request) => {
      request.response = render(request.error, request.context.requestId ?? '');
    },
  };
}
