import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logger } from '../platform/logger';

/**
 * Powertools' own middy middleware: every log line of the invocation carries the Lambda
 * context (function name, request id, cold start), and keys appended during the
 * invocation (the sandbox request id) are dropped afterwards so none leak into the next.
 * https://docs.powertools.aws.dev/lambda/typescript/latest/core/logger/#capturing-lambda-context-info
 */
export const loggerContext = () => injectLambdaContext(logger, { resetKeys: true });
