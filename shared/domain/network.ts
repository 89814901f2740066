import { createHash, randomInt } from 'node:crypto';
import { findRegion } from './catalogue/regions';

/**
 * The default network of an account in a region: one VPC (172.16.0.0/12) and
 * one vSwitch per zone (172.(16+i).0.0/16), with ids derived from the account
 * and region so they need no storage. A full VPC API is not in scope yet.
 */
const idHash = (...parts: string[]) =>
  createHash('sha256').update(parts.join('|')).digest('hex').replace(/[^a-z0-9]/g, '').slice(0, 18);

export const defaultVpcId = (accountId: string, regionId: string) => `vpc-${idHash('vpc', accountId, regionId)}`;
export const defaultVSwitchId = (accountId: string, regionId: string, zoneId: string) =>
  `vsw-${idHash('vsw', accountId, regionId, zoneId)}`;
/** Until security groups are resources: one default group per account and region. */
export const defaultSecurityGroupId = (accountId: string, regionId: string) => `sg-${idHash('sg', accountId, regionId)}`;

export function zoneIndex(regionId: string, zoneId: string): number {
  return Math.max(0, findRegion(regionId)?.zones.findIndex((z) => z.zoneId === zoneId) ?? 0);
}

export function vSwitchCidr(regionId: string, zoneId: string): string {
  return `172.${16 + zoneIndex(regionId, zoneId)}.0.0/16`;
}

/** The zone whose default vSwitch has this id, if any. */
export function zoneOfDefaultVSwitch(accountId: string, regionId: string, vSwitchId: string): string | undefined {
  return findRegion(regionId)?.zones.find((z) => defaultVSwitchId(accountId, regionId, z.zoneId) === vSwitchId)?.zoneId;
}

/**
 * The n-th private address of a zone's vSwitch (n from 0): skips .0, .1 (gateway) and .255 of
 * every /24, the way VPC addresses are handed out.
 */
export function privateIpAt(regionId: string, zoneId: string, n: number): string {
  const perBlock = 253; // .2 … .254
  const third = Math.floor(n / perBlock);
  const fourth = 2 + (n % perBlock);
  return `172.${16 + zoneIndex(regionId, zoneId)}.${third % 256}.${fourth}`;
}

/** A public address from a documentation-like pool (47.96.0.0/11 is Alibaba Cloud's; only the shape matters). */
export function randomPublicIp(): string {
  return `47.${96 + randomInt(0, 32)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;
}
