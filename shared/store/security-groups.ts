import type { SecurityGroupRecord } from '../domain/security-group';
import { Keys } from './keys';
import { stripKeys } from './instances';
import type { Key, StateStore, Stored, UnitOfWork } from './state-store';

/**
 * Persistence of security groups: one item per group (`RES#<account>#<region>#security-group` /
 * `<id>`) holding the record, its rules, and two pieces of bookkeeping kept in the same item so
 * that every change to them is a conditional write on the group's version:
 * - `memberCount`: instances in the group (instances-per-group limit, "delete refused while
 *   instances are in the group", DescribeSecurityGroups `EcsCount`);
 * - `referencedBy`: the groups of the same account whose rules name this group as source or
 *   destination ("delete refused while another group's rule refers to it").
 * A launch, a join or a release therefore writes the groups it touches; two concurrent writers
 * of one group conflict and the runner retries the loser on fresh reads.
 */
export const SECURITY_GROUP = 'security-group';

export interface SecurityGroupItem extends SecurityGroupRecord {
  memberCount: number;
  referencedBy: string[];
}

export const securityGroupKey = (accountId: string, regionId: string, id: string): Key => Keys.resource(accountId, regionId, SECURITY_GROUP, id);

export function loadSecurityGroup(store: StateStore, accountId: string, regionId: string, id: string): Promise<Stored<SecurityGroupItem> | undefined> {
  return store.get<SecurityGroupItem>(securityGroupKey(accountId, regionId, id));
}

/** Groups by id (one BatchGetItem per 100), keyed by id; unknown ids are absent. */
export async function loadSecurityGroups(
  store: StateStore,
  accountId: string,
  regionId: string,
  ids: readonly string[],
): Promise<Map<string, Stored<SecurityGroupItem>>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const found = await store.getMany<SecurityGroupItem>(unique.map((id) => securityGroupKey(accountId, regionId, id)));
  return new Map(found.map((g) => [g.securityGroupId, g]));
}

/** Every group of an account in a region, in id order (one Query; the partition is bounded by the quota). */
export function listSecurityGroups(store: StateStore, accountId: string, regionId: string): Promise<Stored<SecurityGroupItem>[]> {
  return store.queryAll<SecurityGroupItem>({ pk: Keys.resourcePartition(accountId, regionId, SECURITY_GROUP) });
}

export function createSecurityGroup(tx: UnitOfWork, group: SecurityGroupItem): void {
  tx.create(securityGroupKey(group.accountId, group.regionId, group.securityGroupId), group);
}

export function saveSecurityGroup(tx: UnitOfWork, stored: Stored<SecurityGroupItem>, next: SecurityGroupItem): void {
  tx.replace(stored, stripKeys(next));
}

/** The record without the store's keys and version. */
export const groupOf = (stored: Stored<SecurityGroupItem>): SecurityGroupItem => stripKeys(stored);
