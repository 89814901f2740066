import { operatorCredentials, sandbox } from './sandbox';

/** Calls the control plane (`/_sandbox/...`) as curl would: HTTP Basic with the operator key unless told otherwise. */
export async function control(
  method: string,
  path: string,
  body?: unknown,
  auth: string | null = `Basic ${Buffer.from(`${operatorCredentials.accessKeyId}:${operatorCredentials.accessKeySecret}`).toString('base64')}`,
): Promise<{ status: number; body: any }> {
  const res = await fetch(`${sandbox().endpoint}/_sandbox/${path}`, {
    method,
    headers: { ...(auth ? { authorization: auth } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}
