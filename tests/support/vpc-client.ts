import * as VpcModule from '@alicloud/vpc20160428';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import type { Credentials } from './ecs-client';

/**
 * The official Alibaba Cloud VPC SDK (2016-04-28), unmodified, pointed at the sandbox with only
 * the endpoint and credentials changed: it signs `Version=2016-04-28` on the same RPC door.
 */
export const VpcClient = ((VpcModule as unknown as { default: { default?: unknown } }).default.default ??
  (VpcModule as unknown as { default: unknown }).default) as typeof VpcModule.default;
export type VpcClient = InstanceType<typeof VpcClient>;
export { VpcModule as Vpc };

export function vpcClient(endpoint: string, creds: Credentials, signing: 'v3' | 'v1' = 'v3'): VpcClient {
  return new VpcClient(
    new $OpenApiUtil.Config({
      accessKeyId: creds.accessKeyId,
      accessKeySecret: creds.accessKeySecret,
      endpoint: endpoint.replace(/^https?:\/\//, '').replace(/\/$/, ''),
      protocol: 'http',
      regionId: 'cn-hangzhou',
      connectTimeout: 30_000,
      readTimeout: 120_000,
      ...(signing === 'v1' ? { signatureAlgorithm: 'v2' } : {}),
    }),
  );
}
