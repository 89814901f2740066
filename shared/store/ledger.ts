import { applyRate, chargeRate, closeAt, type LedgerEntry } from '../domain/ledger';
import { retryOnConflict } from './conflict-retry';
import type { StateStore, Stored } from './state-store';

/** Ledger entries in the views table: one item per resource, under the account. */
export const ledgerKey = (accountId: string, regionId: string, resourceId: string) => ({
  pk: `LEDGER#${accountId}`,
  sk: `${regionId}#${resourceId}`,
});

export function listLedger(views: StateStore, accountId: string, regionId: string) {
  return views.queryAll<LedgerEntry>({ pk: `LEDGER#${accountId}`, skPrefix: `${regionId}#`, consistent: false });
}

/** Read-modify-write of one entry, retried on a concurrent change. Idempotent for a repeated change. */
export async function updateLedger(
  views: StateStore,
  key: { accountId: string; regionId: string; resourceId: string; resourceType: string },
  change: (entry: LedgerEntry) => LedgerEntry,
): Promise<void> {
  const k = ledgerKey(key.accountId, key.regionId, key.resourceId);
  await retryOnConflict(5, async () => {
    const stored = await views.get<LedgerEntry>(k);
    const base: LedgerEntry = stored ? strip(stored) : { ...key, segments: [] };
    const next = change(base);
    if (stored && JSON.stringify(next) === JSON.stringify(base)) return;
    const tx = views.unitOfWork();
    if (stored) tx.replace(stored, next);
    else tx.create(k, next);
    await tx.commit();
  });
}

export const rateChange = (resourceType: string, item: Record<string, unknown> | undefined, at: string) => (entry: LedgerEntry) => {
  const withInstance = item && typeof item.instanceId === 'string' && item.instanceId ? { ...entry, instanceId: item.instanceId } : entry;
  return applyRate(withInstance, chargeRate(resourceType, item), at);
};

export const releaseAt = (at: string, orphanedFrom?: string) => (entry: LedgerEntry) =>
  orphanedFrom ? { ...entry, orphanedFromInstanceId: orphanedFrom } : closeAt(entry, at);

function strip(e: Stored<LedgerEntry> & { changedAt?: string }): LedgerEntry {
  const { pk: _p, sk: _s, version: _v, changedAt: _c, ...rest } = e;
  return rest;
}
