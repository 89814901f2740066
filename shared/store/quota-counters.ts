import type { ApiError } from '../domain/errors';
import { QUOTAS } from '../domain/quotas';
import { Keys } from './keys';
import type { StateStore, UnitOfWork } from './state-store';

/**
 * Usage counters of the quotas in shared/domain/quotas.ts that count resources (security groups,
 * key pairs, EIPs). A quota's value is the operator's override (ModifyAccountQuota) or its
 * default; usage is a counter item beside the account, moved in the same transaction as the
 * create or delete, with a conditional update so that concurrent creates never pass the quota.
 *
 * `scope` is the region for per-region quotas, undefined for account-wide ones: the override is
 * per account (one value for every region), the usage per scope.
 */
export async function quotaLimit(store: StateStore, accountId: string, quotaName: string): Promise<number> {
  const override = await store.get<{ value: number }>(Keys.accountQuota(accountId, quotaName));
  return override?.value ?? QUOTAS[quotaName]!.default();
}

export const usageKey = (accountId: string, quotaName: string, scope?: string) => Keys.accountUsage(accountId, scope ? `${quotaName}#${scope}` : quotaName);

/** Take `amount` slots: the commit fails with `onFail(limit)` if usage would pass the limit. */
export async function takeQuotaSlots(
  store: StateStore,
  tx: UnitOfWork,
  q: { accountId: string; quotaName: string; scope?: string; amount: number; onFail: (limit: number) => ApiError; enforce?: boolean },
): Promise<void> {
  // A quota of the other dialect is still counted, so it is right when a call of its own dialect comes.
  if (q.enforce === false) return countWithoutLimit(tx, q);
  const limit = await quotaLimit(store, q.accountId, q.quotaName);
  tx.addToCounter(usageKey(q.accountId, q.quotaName, q.scope), 'count', q.amount, limit, () => q.onFail(limit));
}

/** Give slots back (a delete): no limit applies. */
export function releaseQuotaSlots(tx: UnitOfWork, q: { accountId: string; quotaName: string; scope?: string; amount: number }): void {
  tx.addToCounter(usageKey(q.accountId, q.quotaName, q.scope), 'count', -q.amount, undefined);
}

/** Count a resource without checking a limit (a default security group the system creates). */
export function countWithoutLimit(tx: UnitOfWork, q: { accountId: string; quotaName: string; scope?: string; amount: number }): void {
  tx.addToCounter(usageKey(q.accountId, q.quotaName, q.scope), 'count', q.amount, undefined);
}
