import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ApiError } from '../../domain/errors';
import { WriteConflict } from '../../store/state-store';
import { jsonResponse } from '../http';

/**
 * An answer of the sandbox's own control plane (`/_sandbox/`, README "Control plane"): plain
 * HTTP + JSON, `{"Code","Message"}` with a 4xx status. Not an API error of either cloud: the
 * control plane has no counterpart there, so its codes are the sandbox's own. An ApiError, so the
 * log treats it as an answer, not a fault.
 */
export class ControlError extends ApiError {
  constructor(status: number, code: string, message: string) {
    super(code, status, message);
    this.name = 'ControlError';
  }
}

/**
 * The control plane's error answer: its own (and API) errors as they are, a lost conditional write as 409
 * (the caller retries), anything else as a 500 with no internals in it (the log has the stack).
 */
export function renderControlPlaneError(error: unknown): APIGatewayProxyStructuredResultV2 {
  // Its own errors, and the API errors of the code it shares with the actions (RunScheduledJobs'
  // 409 OperationConflict when the jobs lease stays held), with their status.
  if (error instanceof ApiError) return jsonResponse(error.status, { Code: error.code, Message: error.message });
  if (error instanceof WriteConflict) return jsonResponse(409, { Code: 'Conflict', Message: 'A concurrent change won; try again.' });
  return jsonResponse(500, { Code: 'InternalError', Message: 'The control plane failed; the sandbox log has the details.' });
}
