import { createHash, randomInt } from 'node:crypto';

/**
 * Network helpers older than the network model: the default network's ids now live in
 * shared/domain/vpc.ts (re-exported here for the callers that import them from this file).
 */
export { defaultVpcId, defaultVSwitchId, zoneOfDefaultVSwitch } from './vpc';

const idHash = (...parts: string[]) =>
  createHash('sha256')
    .update(parts.join('|'))
    .digest('hex')
    .replace(/[^a-z0-9]/g, '')
    .slice(0, 18);

/** The default security group of an account and region (created on first use). */
export const defaultSecurityGroupId = (accountId: string, regionId: string) => `sg-${idHash('sg', accountId, regionId)}`;

/** A public address from a documentation-like pool (47.96.0.0/11 is Alibaba Cloud's; only the shape matters). */
export function randomPublicIp(): string {
  return `47.${96 + randomInt(0, 32)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;
}
