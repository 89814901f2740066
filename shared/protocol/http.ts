import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** The parts of an HTTP API (payload 2.0) event that the front doors read. */
export interface HttpRequest {
  method: string;
  path: string;
  rawQuery: string;
  /** Lowercase names. */
  headers: Record<string, string | undefined>;
  rawBody: string;
  sourceIp: string;
}

export function readHttpEvent(event: APIGatewayProxyEventV2): HttpRequest {
  const headers: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(event.headers ?? {})) headers[k.toLowerCase()] = v;
  // Always text on API Gateway; serverless-offline hands over a JSON body that parses to false or 0 parsed.
  const raw: unknown = event.body;
  const body = typeof raw === 'string' ? raw : raw === undefined || raw === null ? '' : JSON.stringify(raw);
  return {
    method: (event.requestContext?.http?.method ?? 'GET').toUpperCase(),
    path: event.rawPath ?? event.requestContext?.http?.path ?? '/',
    rawQuery: event.rawQueryString ?? '',
    headers,
    rawBody: event.isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body,
    sourceIp: event.requestContext?.http?.sourceIp ?? '',
  };
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: status,
    headers: { 'content-type': 'application/json;charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}
