import { currentCredential, session, type Credential } from './session';
import { signedHeaders } from './sign-v3';

/**
 * The console's only way to the sandbox: the public per-action route
 * `POST /api/<Action>` (JSON body), as any client would call it. Errors keep
 * the API's own code and message, and the dialogs show them as they are.
 */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly requestId: string,
  ) {
    super(message);
  }
}

export type Json = Record<string, unknown>;

async function send(action: string, params: Json, cred: Credential | undefined): Promise<Json> {
  if (!cred) throw new ApiError('Console.NotSignedIn', 'Sign in first.', 401, '');
  const path = `/api/${action}`;
  const body = JSON.stringify(params);
  const headers: Record<string, string> = cred.kind === 'token' ? { authorization: `Bearer ${cred.token}` } : await signedHeaders(cred, action, path, body);
  const res = await fetch(path, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body });
  const text = await res.text();
  let out: Json;
  try {
    out = JSON.parse(text) as Json;
  } catch {
    throw new ApiError('Console.BadResponse', `HTTP ${res.status}: ${text.slice(0, 200)}`, res.status, '');
  }
  if (!res.ok || typeof out.Code === 'string') {
    throw new ApiError(String(out.Code ?? `HTTP${res.status}`), String(out.Message ?? ''), res.status, String(out.RequestId ?? ''));
  }
  return out;
}

/** An action as the current account. */
export const call = <T = Json>(action: string, params: Json = {}) => send(action, params, currentCredential()) as Promise<T>;

/** An operator action (clock, jobs, accounts); needs the operator's key pair. */
export function op<T = Json>(action: string, params: Json = {}): Promise<T> {
  const key = session.get().operator;
  return send(action, params, key ? { kind: 'keys', ...key } : undefined) as Promise<T>;
}

/** Sign-in check with a key pair: the operator's key may read the clock, an account's may not. */
export async function whoIs(key: { accessKeyId: string; accessKeySecret: string }): Promise<'operator' | 'account'> {
  try {
    await send('DescribeSandboxClock', {}, { kind: 'keys', ...key });
    return 'operator';
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 403) throw e;
  }
  await send('DescribeRegions', {}, { kind: 'keys', ...key });
  return 'account';
}

export const errorText = (e: unknown) => (e instanceof ApiError ? `${e.code}: ${e.message}` : e instanceof Error ? e.message : String(e));

/**
 * The control plane (`/_sandbox/<path>`, plain HTTP + JSON) with the operator's key as
 * HTTP Basic, as curl -u sends it: the durations profile lives only there.
 * Its errors are `{"Code","Message"}` with a 4xx status.
 */
export async function controlPlane<T = Json>(method: 'GET' | 'PUT' | 'POST', path: string, body?: Json): Promise<T> {
  const key = session.get().operator;
  if (!key) throw new ApiError('Console.NotOperator', 'The control plane needs the operator key.', 401, '');
  const res = await fetch(`/_sandbox/${path}`, {
    method,
    headers: { authorization: `Basic ${btoa(`${key.accessKeyId}:${key.accessKeySecret}`)}`, 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const out = (await res.json().catch(() => ({}))) as Json;
  if (!res.ok) throw new ApiError(String(out.Code ?? `HTTP${res.status}`), String(out.Message ?? ''), res.status, '');
  return out as T;
}
