import { nextSlotAfter, type AutoSnapshotPolicyRecord } from '../domain/auto-snapshot-policy';
import { storage } from '../platform/config';
import { stripKeys } from './instances';
import { Keys } from './keys';
import type { Key, StateStore, Stored, UnitOfWork } from './state-store';

/**
 * Persistence of automatic snapshot policies: the policy items (one
 * partition per account and region), the per-region usage counter of the
 * quota, and one timer per policy in the byDue index holding its next slot,
 * which the autoSnapshot job queries.
 */
export const AUTO_SNAPSHOT_POLICY = 'auto-snapshot-policy';
export const AUTO_SNAPSHOT_DUE_KIND = 'autoSnapshot';

export interface PolicyTimerItem {
  dueKind: typeof AUTO_SNAPSHOT_DUE_KIND;
  /** `<ISO slot time>#<policy id>`. */
  dueAt: string;
  /** The slot the timer waits for (ISO). */
  slot: string;
  target: { accountId: string; regionId: string; autoSnapshotPolicyId: string };
}

export const policyKey = (accountId: string, regionId: string, policyId: string): Key => Keys.resource(accountId, regionId, AUTO_SNAPSHOT_POLICY, policyId);

export const policyTimerKey = (policyId: string): Key => Keys.timer(AUTO_SNAPSHOT_DUE_KIND, policyId);

export const policyUsageKey = (accountId: string, regionId: string): Key => Keys.accountUsage(accountId, `AutoSnapshotPolicies#${regionId}`);

export function loadPolicy(store: StateStore, accountId: string, regionId: string, policyId: string) {
  return store.get<AutoSnapshotPolicyRecord>(policyKey(accountId, regionId, policyId));
}

/** Every policy of the account in the region (at most the quota, 100 by default: one Query). */
export function listPolicies(store: StateStore, accountId: string, regionId: string): Promise<Stored<AutoSnapshotPolicyRecord>[]> {
  return store.queryAll<AutoSnapshotPolicyRecord>({ pk: Keys.resourcePartition(accountId, regionId, AUTO_SNAPSHOT_POLICY) });
}

export async function policyQuota(store: StateStore, accountId: string): Promise<number> {
  return (await store.get<{ value: number }>(Keys.accountQuota(accountId, 'AutoSnapshotPolicies')))?.value ?? storage.defaultAutoSnapshotPolicyQuota;
}

/** Point the policy's timer at its next slot after `after` (or remove it when there is none). */
export function schedulePolicy(tx: UnitOfWork, policy: AutoSnapshotPolicyRecord, after: Date): void {
  const slot = nextSlotAfter(policy, after);
  const key = policyTimerKey(policy.autoSnapshotPolicyId);
  if (!slot) {
    tx.removeIfPresent(key);
    return;
  }
  const timer: PolicyTimerItem = {
    dueKind: AUTO_SNAPSHOT_DUE_KIND,
    dueAt: `${slot.toISOString()}#${policy.autoSnapshotPolicyId}`,
    slot: slot.toISOString(),
    target: { accountId: policy.accountId, regionId: policy.regionId, autoSnapshotPolicyId: policy.autoSnapshotPolicyId },
  };
  tx.upsert(key, timer);
}

export function createPolicy(tx: UnitOfWork, policy: AutoSnapshotPolicyRecord, now: Date): void {
  tx.create(policyKey(policy.accountId, policy.regionId, policy.autoSnapshotPolicyId), policy);
  schedulePolicy(tx, policy, now);
}

export function savePolicy(tx: UnitOfWork, stored: Stored<AutoSnapshotPolicyRecord>, next: AutoSnapshotPolicyRecord, now: Date): void {
  tx.replace(stored, stripKeys(next));
  schedulePolicy(tx, next, now);
}

export function deletePolicy(tx: UnitOfWork, stored: Stored<AutoSnapshotPolicyRecord>): void {
  tx.remove(stored);
  tx.removeIfPresent(policyTimerKey(stored.autoSnapshotPolicyId));
  tx.addToCounter(policyUsageKey(stored.accountId, stored.regionId), 'count', -1, undefined);
}
