import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { readHttpEvent, type HttpRequest } from '../http';
import { jsonNestingDepth } from '../request-guards';
import { ControlError } from './control-error';

/** A control-plane request: the HTTP request, the resource under `/_sandbox/` and its JSON body, read on demand. */
export interface ControlRequest {
  http: HttpRequest;
  /** The path under `/_sandbox/`, without slashes at either end: `clock/advance`, `health`. */
  resource: string;
  /** The body as a JSON object (`{}` when empty); parsed on the first call, so a route without a body never fails on one. */
  body: () => Record<string, unknown>;
}

/** A state document holds DynamoDB items (32 levels at most) a few levels down (README "Security"). */
const MAX_BODY_DEPTH = 40;

export function readControlRequest(event: APIGatewayProxyEventV2): ControlRequest {
  const http = readHttpEvent(event);
  const resource = http.path.replace(/^\/_sandbox\/?/, '').replace(/\/+$/, '');
  let parsed: Record<string, unknown> | undefined;
  const body = (): Record<string, unknown> => {
    if (parsed !== undefined) return parsed;
    if (http.rawBody.trim() === '') return (parsed = {});
    // Checked before parsing: JSON.parse itself would recurse as deep as the text goes.
    if (jsonNestingDepth(http.rawBody) > MAX_BODY_DEPTH) {
      throw new ControlError(400, 'InvalidJson', `JSON nested deeper than ${MAX_BODY_DEPTH} levels is not accepted.`);
    }
    let value: unknown;
    try {
      value = JSON.parse(http.rawBody);
    } catch {
      throw new ControlError(400, 'InvalidJson', 'The body must be JSON.');
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new ControlError(400, 'InvalidJson', 'The body must be a JSON object.');
    return (parsed = value as Record<string, unknown>);
  };
  return { http, resource, body };
}
