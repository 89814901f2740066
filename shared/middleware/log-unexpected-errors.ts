import type { MiddlewareObj } from '@middy/core';
import { isApiError } from '../domain/errors';
import { logger } from '../platform/logger';

/**
 * Logs an error that is not an ApiError (a bug, or a dependency failing) with its stack
 * before the next middleware renders it or Lambda reports it. An ApiError is an answer,
 * not a fault, and is not logged. The error is left in place (middy hands it on to the
 * other onError middlewares: https://middy.js.org/docs/intro/handling-errors).
 */
export function logUnexpectedErrors(): MiddlewareObj {
  return {
    name: 'logUnexpectedErrors',
    onError: (request) => {
      if (!isApiError(request.error)) logger.error('unexpected error', { error: request.error as Error });
    },
  };
}
