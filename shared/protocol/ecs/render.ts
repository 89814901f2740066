import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ApiError, Errors, isApiError } from '../../domain/errors';
import { config } from '../../platform/config';
import { jsonResponse } from '../http';

/**
 * ECS JSON rendering: success is `{RequestId, ...fields}` with HTTP 200; an
 * error is the envelope `{RequestId, HostId, Code, Message, Recommend}` with
 * the error's status (https://api.alibabacloud.com/document/Ecs/2014-05-26/errorCode). Anything that is not an ApiError is a
 * bug: it is logged by the caller and answered as a bare 500 InternalError,
 * never with a stack trace.
 */
export function renderEcsSuccess(requestId: string, output: unknown): APIGatewayProxyStructuredResultV2 {
  return jsonResponse(200, { RequestId: requestId, ...(output as object) }, { 'x-acs-request-id': requestId });
}

export function renderEcsError(requestId: string, error: unknown): APIGatewayProxyStructuredResultV2 {
  const e: ApiError = isApiError(error) ? error : Errors.internal();
  return jsonResponse(
    e.status,
    {
      RequestId: requestId,
      HostId: config.hostId,
      Code: e.code,
      Message: e.message,
      Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(e.code)}&product=Ecs&requestId=${requestId}`,
    },
    { 'x-acs-request-id': requestId },
  );
}
