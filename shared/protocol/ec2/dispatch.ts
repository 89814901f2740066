import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Caller } from '../../domain/account';
import { isApiError, type ApiError } from '../../domain/errors';
import { ec2ActionAllowed } from '../../domain/policy-twins';
import { requestNow } from '../../store/sandbox-clock';
import { logger } from '../../platform/logger';
import { timed, timedSync } from '../../platform/request-timing';
import { recordApiCall } from '../../store/audit';
import type { StateStore } from '../../store/state-store';
import { EC2_ANY_KEY_ACTIONS } from './actions/any-key';
import { Ec2Call, Ec2Errors, toEc2Error, type Ec2Action } from './adapter';
import { loadEc2Action } from './lazy-actions';
import { writeError } from './xml-text';
import { withDialect } from '../../platform/dialect';
import { identifyEc2Caller, type Ec2Request } from './request';

// The whole list, for scripts and tests (the front door loads adapters on first use instead).
export { resolveEc2Action, supportedEc2Actions } from './action-table';

export interface Ec2Dispatch {
  requestId: string;
  sourceIp: string;
  request: Ec2Request;
}

/**
 * What the EC2 front door does once the HTTP request is read: resolve the action, authenticate
 * (SigV4; the sandbox clock is read meanwhile), authorise against `ec2:<Action>`, read the
 * parameters from the model, run the adapter (which runs the ECS action declarations), and
 * write the XML answer or the EC2 error. Ids created during the call use EC2 prefixes.
 */
export async function dispatchEc2(store: StateStore, d: Ec2Dispatch): Promise<APIGatewayProxyStructuredResultV2> {
  const { requestId, request } = d;
  let caller: Caller | undefined;
  let region = '';
  let params: Record<string, unknown> = {};
  const prefetchedNow = requestNow(store);
  prefetchedNow.catch(() => undefined);
  let response: APIGatewayProxyStructuredResultV2;
  let error: unknown;
  let adapter: Ec2Action | undefined;
  try {
    // The adapter and the codec (with the EC2 model) load on first use: docs/packaging.md, "Front doors".
    const [loadedAdapter, { readInput, writeOutput }] = await Promise.all([loadEc2Action(request.action), import('./codec')]);
    adapter = loadedAdapter;
    const identity = await timed('auth', () => identifyEc2Caller(request.signed, store));
    caller = identity.caller;
    region = identity.region;
    authorize(adapter.name, caller);
    params = readInput(adapter.name, request.params);
    const call = new Ec2Call({ requestId, sourceIp: d.sourceIp, caller, region, store, action: adapter.name, prefetchedNow });
    const handler = adapter;
    const output = await withDialect('ec2', () => handler.handle(params, call));
    // Views that call no ECS action still honour DryRun: everything was checked, nothing written.
    if (params.DryRun === true) throw Ec2Errors.dryRun();
    const name = adapter.name;
    const emptyLists = !adapter.onlyGivenLists;
    response = timedSync('render', () => ec2Success(requestId, writeOutput(name, requestId, output ?? undefined, { emptyLists })));
  } catch (e) {
    if (!isApiError(e)) logger.error('unexpected error', { requestId, error: e as Error });
    const mapped: ApiError = (isApiError(e) && adapter?.mapError?.(e, params)) || toEc2Error(e);
    error = mapped;
    response = timedSync('render', () => ec2Error(requestId, mapped));
  }
  if (caller) {
    const at = await prefetchedNow.catch(() => new Date());
    await recordApiCall(store, {
      caller,
      action: `ec2:${request.action}`,
      params: { ...params, RegionId: region },
      requestId,
      sourceIp: d.sourceIp,
      at,
      error,
      httpStatus: response.statusCode ?? 200,
    });
  }
  return response;
}

function authorize(action: string, caller: Caller): void {
  if (caller.kind === 'operator') {
    // The operator owns no resources: it may read the catalogue but not act inside an account.
    if (!EC2_ANY_KEY_ACTIONS.has(action)) throw Ec2Errors.unauthorized();
    return;
  }
  // Its own name and each ECS permission it is made of (README "Policies across dialects").
  if (!ec2ActionAllowed(caller.policy, action)) throw Ec2Errors.unauthorized();
}

const headers = (requestId: string): Record<string, string> => ({
  'content-type': 'text/xml;charset=UTF-8',
  'x-amzn-requestid': requestId,
  'cache-control': 'no-cache, no-store',
  date: new Date().toUTCString(),
  server: 'AmazonEC2',
});

export function ec2Success(requestId: string, xml: string): APIGatewayProxyStructuredResultV2 {
  return { statusCode: 200, headers: headers(requestId), body: xml };
}

export function ec2Error(requestId: string, e: unknown): APIGatewayProxyStructuredResultV2 {
  const err = toEc2Error(e);
  return { statusCode: err.status, headers: headers(requestId), body: writeError(err.code, err.message, requestId) };
}
