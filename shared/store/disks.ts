import { timedSync } from '../platform/request-timing';
import { ALL_REGIONS } from '../domain/catalogue/regions';
import { settleDisk, type DiskRecord } from '../domain/disk';
import { ApiError } from '../domain/errors';
import { lifecycle, storage } from '../platform/config';
import { DiskUsage, onDiskReleased, type DiskReleaseCascade } from './disk-release';
import { DISK, diskItem, diskKey, stripKeys } from './instances';
import { Keys } from './keys';
import { pageOfPartition } from './partition-pages';
import { loadSnapshots } from './snapshots';
import type { StateStore, Stored, UnitOfWork } from './state-store';
import type { SnapshotRecord } from '../domain/snapshot';

/**
 * Persistence of disks beyond what the instances module writes with an
 * instance: lookups (by id in any region, by policy), listing as readers see
 * it (settled), the disk quotas and their usage counters, and what happens
 * to a disk's snapshots when the disk goes.
 */

/** A disk of the account by id; without a region, every region is looked at in one BatchGet. */
export async function findDisk(store: StateStore, accountId: string, regionId: string | undefined, diskId: string): Promise<Stored<DiskRecord> | undefined> {
  if (regionId !== undefined) return store.get<DiskRecord>(Keys.resource(accountId, regionId, DISK, diskId));
  const found = await store.getMany<DiskRecord>(ALL_REGIONS.map((r) => Keys.resource(accountId, r.regionId, DISK, diskId)));
  return found[0];
}

/** Disks by id, in the order asked, skipping unknown ids. */
export async function loadDisks(store: StateStore, accountId: string, regionId: string, ids: readonly string[]): Promise<Stored<DiskRecord>[]> {
  if (ids.length === 0) return [];
  const found = await store.getMany<DiskRecord>(ids.map((id) => Keys.resource(accountId, regionId, DISK, id)));
  const byId = new Map(found.map((d) => [d.diskId, d]));
  return ids.map((id) => byId.get(id)).filter((d): d is Stored<DiskRecord> => d !== undefined);
}

/** A page of the account's disks in a region, settled at `now`, in id order. */
export function listDisks(
  store: StateStore,
  accountId: string,
  regionId: string,
  opts: { now: Date; limit: number; afterId?: string; keep?: (d: DiskRecord) => boolean },
): Promise<{ items: DiskRecord[]; nextAfterId?: string }> {
  return pageOfPartition<DiskRecord, DiskRecord>(store, Keys.resourcePartition(accountId, regionId, DISK), {
    limit: opts.limit,
    afterId: opts.afterId,
    keep: opts.keep,
    view: (raw) => timedSync('settle', () => settleDisk(stripKeys(raw), opts.now)),
  });
}

/** Every disk of the account in the region with this automatic snapshot policy (one Query, filtered). */
export function disksWithPolicy(store: StateStore, accountId: string, regionId: string, policyId: string): Promise<Stored<DiskRecord>[]> {
  return store.queryAll<DiskRecord>({
    pk: Keys.resourcePartition(accountId, regionId, DISK),
    filter: { expression: '#p = :p', names: { '#p': 'autoSnapshotPolicyId' }, values: { ':p': policyId } },
  });
}

/** How many disks of the region each policy is applied to (DescribeAutoSnapshotPolicyEx `DiskNums`). */
export async function diskCountsByPolicy(store: StateStore, accountId: string, regionId: string): Promise<Map<string, number>> {
  const disks = await store.queryAll<DiskRecord>({
    pk: Keys.resourcePartition(accountId, regionId, DISK),
    filter: { expression: 'attribute_exists(#p)', names: { '#p': 'autoSnapshotPolicyId' } },
  });
  const counts = new Map<string, number>();
  for (const d of disks) if (d.autoSnapshotPolicyId) counts.set(d.autoSnapshotPolicyId, (counts.get(d.autoSnapshotPolicyId) ?? 0) + 1);
  return counts;
}

export function saveDisk(tx: UnitOfWork, stored: Stored<DiskRecord>, next: DiskRecord): void {
  tx.replace(stored, diskItem(next));
}

// ---------------------------------------------------------------- quotas

async function quotaOverride(store: StateStore, accountId: string, name: string): Promise<number | undefined> {
  return (await store.get<{ value: number }>(Keys.accountQuota(accountId, name)))?.value;
}

/**
 * Take `count` of the account's cloud disk quota (docs/rules/ecs-user-guide.md#quotas: 250 per
 * account, disks created with instances included) in this unit of work: the
 * counter update is conditional, so concurrent creations never pass it.
 */
export async function takeCloudDiskQuota(store: StateStore, tx: UnitOfWork, accountId: string, count: number, enforce = true): Promise<void> {
  if (count <= 0) return;
  if (!enforce) return tx.addToCounter(DiskUsage.cloudDisks(accountId), 'count', count, undefined);
  const max = (await quotaOverride(store, accountId, 'CloudDisks')) ?? storage.defaultCloudDiskQuota;
  tx.addToCounter(
    DiskUsage.cloudDisks(accountId),
    'count',
    count,
    max,
    () => new ApiError('QuotaExceed.PortableCloudDisk', 403, `The quota of portable cloud disk exceeds. An account has at most ${max} cloud disks.`),
  );
}

/**
 * Take `count` of the region's pay-as-you-go disk quota (docs/rules/ecs-user-guide.md#quotas:
 * the pay-as-you-go instance quota × 5, for disks bought with CreateDisk).
 */
export async function takePostPaidDiskQuota(
  store: StateStore,
  tx: UnitOfWork,
  accountId: string,
  regionId: string,
  count: number,
  enforce = true,
): Promise<void> {
  if (!enforce) return tx.addToCounter(DiskUsage.postPaidDisks(accountId, regionId), 'count', count, undefined);
  const [own, instances] = await Promise.all([quotaOverride(store, accountId, 'PostPaidDisks'), quotaOverride(store, accountId, 'PostPaidInstances')]);
  const max = own ?? (instances ?? lifecycle.defaultPostPaidInstanceQuota) * storage.postPaidDisksPerInstanceQuota;
  tx.addToCounter(
    DiskUsage.postPaidDisks(accountId, regionId),
    'count',
    count,
    max,
    () => new ApiError('QuotaExceed.PostPaidDisk', 403, `Living postPaid disks quota exceeded. The quota is ${max} pay-as-you-go disks in the region.`),
  );
}

// ---------------------------------------------------------------- release

/**
 * Read what releasing these disks takes with it: the automatic snapshots of
 * the disks whose DeleteAutoSnapshot is on (docs/rules/ecs-user-guide.md#disk-attach). Manual
 * snapshots always stay.
 */
export async function loadDiskReleaseCascade(store: StateStore, disks: readonly DiskRecord[]): Promise<DiskReleaseCascade> {
  const autoSnapshots: Stored<SnapshotRecord>[] = [];
  for (const disk of disks) {
    if (!disk.deleteAutoSnapshot) continue;
    const ids = (disk.snapshots ?? []).filter((e) => e.type === 'auto').map((e) => e.snapshotId);
    autoSnapshots.push(...(await loadSnapshots(store, disk.accountId, disk.regionId, ids)));
  }
  return { autoSnapshots };
}

/** The cascade of an instance release: only the disks that go with the instance (its system disk, DeleteWithInstance ones). */
export function loadInstanceReleaseCascade(store: StateStore, instanceId: string, disks: readonly DiskRecord[]): Promise<DiskReleaseCascade> {
  return loadDiskReleaseCascade(
    store,
    disks.filter((d) => d.instanceId === instanceId && (d.type === 'system' || d.deleteWithInstance)),
  );
}

/** Release a disk read at `stored`: the item, its cascade and its quota (DeleteDisk, ReplaceSystemDisk's old disk). */
export function releaseDisk(tx: UnitOfWork, stored: Stored<DiskRecord>, cascade: DiskReleaseCascade): string[] {
  tx.remove(stored);
  return onDiskReleased(tx, stripKeys(stored), cascade);
}

export { diskKey, DiskUsage, onDiskReleased, type DiskReleaseCascade };
