import * as EcsModule from '@alicloud/ecs20140526';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import * as $dara from '@darabonba/typescript';

/**
 * The official Alibaba Cloud ECS SDK, unmodified, pointed at the sandbox with
 * only the endpoint and credentials changed (as a user would).
 */
export const EcsClient = ((EcsModule as unknown as { default: { default?: unknown } }).default.default ??
  (EcsModule as unknown as { default: unknown }).default) as typeof EcsModule.default;
export type EcsClient = InstanceType<typeof EcsClient>;
export { EcsModule as Ecs };

export interface Credentials {
  accessKeyId: string;
  accessKeySecret: string;
}

export function ecsClient(endpoint: string, creds: Credentials, signing: 'v3' | 'v1' = 'v3'): EcsClient {
  const host = endpoint.replace(/^https?:\/\//, '').replace(/\/$/, '');
  return new EcsClient(
    new $OpenApiUtil.Config({
      accessKeyId: creds.accessKeyId,
      accessKeySecret: creds.accessKeySecret,
      endpoint: host,
      protocol: 'http',
      regionId: 'cn-hangzhou',
      // Generous: the test machine may be busy (2 cores, a whole sandbox and the tests on it).
      connectTimeout: 30_000,
      readTimeout: 120_000,
      ...(signing === 'v1' ? { signatureAlgorithm: 'v2' } : {}),
    }),
  );
}

/**
 * Calls an action the SDK has no method for (the sandbox's operator actions,
 * DisableImage) the way the SDK calls its own: RPC, POST /, query parameters,
 * through the SDK's generic callApi and its signing.
 */
export async function callAction(client: EcsClient, action: string, query: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const params = new $OpenApiUtil.Params({
    action,
    version: '2014-05-26',
    protocol: 'HTTPS',
    pathname: '/',
    method: 'POST',
    authType: 'AK',
    style: 'RPC',
    reqBodyType: 'formData',
    bodyType: 'json',
  });
  const flat: Record<string, string> = {};
  for (const [k, v] of Object.entries(query)) if (v !== undefined) flat[k] = String(v);
  const request = new $OpenApiUtil.OpenApiRequest({ query: flat });
  const res = (await client.callApi(params, request, new $dara.RuntimeOptions({}))) as { body: Record<string, unknown> };
  return res.body;
}

/** The error an SDK call throws, with the fields tests assert on. */
export async function sdkError(p: Promise<unknown>): Promise<{ code: string; statusCode: number; message: string; data: any }> {
  try {
    await p;
  } catch (e) {
    const err = e as { code?: string; statusCode?: number; message?: string; data?: unknown };
    return { code: err.code ?? '', statusCode: err.statusCode ?? 0, message: err.message ?? '', data: err.data };
  }
  throw new Error('expected the call to fail, but it succeeded');
}
