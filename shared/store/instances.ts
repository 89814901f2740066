import { releaseVcpus } from './vcpu-usage';
import { diskTransitionIndex, keptAfterInstanceRelease, type DiskRecord } from '../domain/disk';
import { nextEventAt, settle, type InstanceRecord, type LifecycleSettings, type ReleaseReason } from '../domain/instance';
import { timedSync } from '../platform/request-timing';
import { onDiskReleased, type DiskReleaseCascade } from './disk-release';
import { countImageUse } from './image-usage';
import { Keys } from './keys';
import { releaseOutboxFields } from './release-outbox';
import type { Key, StateStore, Stored, UnitOfWork } from './state-store';

/**
 * Persistence of instances and the items that move with them: their disks,
 * their sweep timers, the usage counters that quotas and TotalCount read, and
 * a release record (why and when an instance went) for the derived views.
 */
export const INSTANCE = 'instance';
export const DISK = 'disk';
export const RELEASED_INSTANCE = 'released-instance';
/**
 * The release records again, keyed by release time (`<releasedAt>#<instanceId>`), so the views
 * of the last hour read them with a key condition on the time (a Query bounded to the hour)
 * rather than the whole partition kept 30 days (shared/store/released-instances.ts).
 */
export const RELEASED_INSTANCE_BY_TIME = 'released-instance-by-time';

/** The by-time copy of a release record (the sort key starts with the release time). */
export const releaseTimeKey = (accountId: string, regionId: string, releasedAt: string, instanceId: string) =>
  Keys.resource(accountId, regionId, RELEASED_INSTANCE_BY_TIME, `${releasedAt}#${instanceId}`);

/** The by-time copy is only read within the hour it shows: TTL removes it after a day. */
const RELEASE_TIME_COPY_TTL_S = 86_400;

/** Timer kinds: one per sweep (shared/jobs). */
export const TIMER = {
  transition: 'instanceTransition',
  autoRelease: 'autoRelease',
  subscription: 'subscriptionExpiry',
} as const;
export type TimerKind = (typeof TIMER)[keyof typeof TIMER];

export interface TimerItem {
  dueKind: TimerKind;
  /** `<ISO due time>#<resource id>`: sorted by time, unique per resource. */
  dueAt: string;
  target: { accountId: string; regionId: string; instanceId: string };
}

/**
 * What the instance sweeps find in the byDue index: a timer item of its own (auto-release,
 * subscription, and transition timers written before they moved), or the instance item itself,
 * which carries its next transition (see `instanceItem`).
 */
export type DueInstanceEntry = Partial<TimerItem> & { dueKind: TimerKind; dueAt: string; accountId?: string; regionId?: string; instanceId?: string };

/** The instance a byDue entry is about. */
export function dueInstanceTarget(entry: DueInstanceEntry): { accountId: string; regionId: string; instanceId: string } {
  return entry.target ?? { accountId: entry.accountId!, regionId: entry.regionId!, instanceId: entry.instanceId! };
}

/** Usage counters (quotas and counts without a Scan). */
export const Usage = {
  postPaidInstances: (accountId: string) => Keys.accountUsage(accountId, 'PostPaidInstances'),
  instancesInRegion: (accountId: string, regionId: string) => Keys.accountUsage(accountId, `Instances#${regionId}`),
  ipPool: (accountId: string, regionId: string, zoneId: string) => Keys.accountUsage(accountId, `IpPool#${regionId}#${zoneId}`),
};
export const Quota = {
  postPaidInstances: (accountId: string) => Keys.accountQuota(accountId, 'PostPaidInstances'),
};

export const instanceKey = (i: Pick<InstanceRecord, 'accountId' | 'regionId' | 'instanceId'>): Key =>
  Keys.resource(i.accountId, i.regionId, INSTANCE, i.instanceId);
export const diskKey = (d: Pick<DiskRecord, 'accountId' | 'regionId' | 'diskId'>): Key => Keys.resource(d.accountId, d.regionId, DISK, d.diskId);

export function loadInstance(store: StateStore, accountId: string, regionId: string, instanceId: string) {
  return store.get<InstanceRecord>(Keys.resource(accountId, regionId, INSTANCE, instanceId));
}

/** Instances by id, in the order asked, skipping unknown ids (an empty id names none: DynamoDB refuses an empty key). */
export async function loadInstances(store: StateStore, accountId: string, regionId: string, ids: readonly string[]): Promise<Stored<InstanceRecord>[]> {
  const keys = ids.filter((id) => id !== '').map((id) => Keys.resource(accountId, regionId, INSTANCE, id));
  const found = keys.length > 0 ? await store.getMany<InstanceRecord>(keys) : [];
  const byId = new Map(found.map((i) => [i.instanceId, i]));
  return ids.map((id) => byId.get(id)).filter((i): i is Stored<InstanceRecord> => i !== undefined);
}

export async function loadInstanceDisks(store: StateStore, inst: InstanceRecord): Promise<Stored<DiskRecord>[]> {
  const ids = [inst.systemDiskId, ...inst.dataDiskIds].filter(Boolean);
  return store.getMany<DiskRecord>(ids.map((id) => Keys.resource(inst.accountId, inst.regionId, DISK, id)));
}

/**
 * A page of an account's instances in a region as they are at `now`, in id
 * order, keeping those `keep` accepts. Reads the partition in chunks until the
 * page is full, so an unfiltered page costs one Query of `limit + 1` items
 * whatever the account's size. `afterId` continues after a previous page.
 */
export async function listInstances(
  store: StateStore,
  accountId: string,
  regionId: string,
  opts: {
    now: Date;
    settings: LifecycleSettings;
    limit: number;
    afterId?: string;
    keep?: (i: InstanceRecord) => boolean;
  },
): Promise<{ items: InstanceRecord[]; nextAfterId?: string }> {
  const items: InstanceRecord[] = [];
  let afterId = opts.afterId;
  const chunk = opts.keep ? 200 : opts.limit + 1;
  for (;;) {
    const page = await store.query<InstanceRecord>({
      pk: Keys.resourcePartition(accountId, regionId, INSTANCE),
      skAfter: afterId,
      limit: chunk,
    });
    for (const raw of page.items) {
      const settled = visibleState(raw, opts.now, opts.settings);
      afterId = raw.instanceId;
      if (!settled || (opts.keep && !opts.keep(settled))) continue;
      if (items.length === opts.limit) return { items, nextAfterId: items[items.length - 1]!.instanceId };
      items.push(settled);
    }
    if (!page.lastKey) return { items };
  }
}

/** An instance as a reader sees it at `now`: settled, or undefined once its release is due. */
export function visibleState(raw: InstanceRecord, now: Date, s: LifecycleSettings): InstanceRecord | undefined {
  const result = timedSync('settle', () => settle(instanceRecordOf(raw), now, s));
  return result.releaseDue ? undefined : result.instance;
}

/** A stored instance item as a record: without its keys, version and byDue fields. */
export function instanceRecordOf<T extends object>(item: T): T {
  const { dueKind: _kind, dueAt: _at, ...rest } = stripKeys(item) as T & { dueKind?: string; dueAt?: string };
  return rest as T;
}

/**
 * An instance as written: its next transition (Pending → Running, Stopping → Stopped, ...) is
 * its own byDue entry (`dueKind`/`dueAt` on the instance item, as disks carry theirs), not a
 * separate timer item. A launch of 20 then writes 20 items fewer in its one transaction, and
 * every later state change moves the entry with the write it makes anyway. Auto-release and
 * subscription timers stay items of their own (an item has one place in the index).
 */
export function instanceItem(inst: InstanceRecord, s: LifecycleSettings): InstanceRecord {
  const record = instanceRecordOf(inst);
  const transition = nextEventAt(record, s).transition;
  return transition ? ({ ...record, dueKind: TIMER.transition, dueAt: `${transition}#${record.instanceId}` } as InstanceRecord) : record;
}

export function stripKeys<T extends object>(item: T): T {
  const { pk: _pk, sk: _sk, version: _v, ...rest } = item as T & { pk?: string; sk?: string; version?: number };
  return rest as T;
}

// ---------------------------------------------------------------- writes

export function createInstance(tx: UnitOfWork, inst: InstanceRecord, s: LifecycleSettings): void {
  tx.create(instanceKey(inst), instanceItem(inst, s));
  // A new instance has no timers yet: compare with "no events" so only the needed ones are written.
  syncTimers(tx, { ...inst, plan: [], autoReleaseTime: undefined, expiredTime: undefined }, inst, s);
}

/** Replace an instance read at `stored.version` with `next`, moving its timers with it. */
export function saveInstance(tx: UnitOfWork, stored: Stored<InstanceRecord>, next: InstanceRecord, s: LifecycleSettings): void {
  tx.replace(stored, instanceItem(next, s));
  syncTimers(tx, instanceRecordOf(stored), next, s);
}

/**
 * A disk as written: without keys, with its byDue fields following its plan. Every disk write
 * goes through this, so a planned step always has its timer (the storageTransitions job).
 */
export function diskItem(disk: DiskRecord): DiskRecord {
  return { ...stripKeys(disk), ...diskTransitionIndex(disk) };
}

export function createDisk(tx: UnitOfWork, disk: DiskRecord): void {
  tx.create(diskKey(disk), diskItem(disk));
}

/**
 * Keep the instance's timer items equal to its next events (the transition is on the instance
 * item itself: `instanceItem`). With `before`, only what changed is written; without it every
 * timer is written or removed (a sweep repairing timers, whatever they held), which also removes
 * a transition timer item written before transitions moved onto the instance item.
 */
export function syncTimers(tx: UnitOfWork, before: InstanceRecord | undefined, after: InstanceRecord, s: LifecycleSettings): void {
  if (!before) tx.removeIfPresent(Keys.timer(TIMER.transition, after.instanceId));
  const was = before ? nextEventAt(before, s) : undefined;
  const will = nextEventAt(after, s);
  const kinds: [TimerKind, 'autoRelease' | 'subscription'][] = [
    [TIMER.autoRelease, 'autoRelease'],
    [TIMER.subscription, 'subscription'],
  ];
  for (const [kind, field] of kinds) {
    const next = will[field];
    if (was && was[field] === next) continue;
    const key = Keys.timer(kind, after.instanceId);
    if (next) {
      const timer: TimerItem = {
        dueKind: kind,
        dueAt: `${next}#${after.instanceId}`,
        target: { accountId: after.accountId, regionId: after.regionId, instanceId: after.instanceId },
      };
      tx.upsert(key, timer);
    } else {
      tx.removeIfPresent(key);
    }
  }
}

export interface ReleaseRecord {
  instanceId: string;
  accountId: string;
  regionId: string;
  reason: ReleaseReason;
  releasedAt: string;
  /** The instance as it was when released (the derived views read it). */
  instance: InstanceRecord;
  releasedDiskIds: string[];
  keptDiskIds: string[];
  expiresAt: number;
}

/**
 * Release an instance with what goes with it (the ECS guide on releasing instances (https://www.alibabacloud.com/help/en/ecs/user-guide/release-an-instance) "impacts and risks"):
 * the system disk and data disks with DeleteWithInstance are released, the
 * other data disks stay as pay-as-you-go disks in status Available; the public
 * IP is recycled (it lives on the instance record); the usage counters drop;
 * every timer goes. Snapshots and EIPs are handled by their own modules when
 * those resources exist. One transaction with the caller's other writes.
 */
export function releaseInstance(
  tx: UnitOfWork,
  stored: Stored<InstanceRecord>,
  disks: Stored<DiskRecord>[],
  reason: ReleaseReason,
  at: Date,
  /** The released disks' automatic snapshots (shared/store/disks.ts loadInstanceReleaseCascade). */
  cascade?: DiskReleaseCascade,
): ReleaseRecord {
  const inst = instanceRecordOf(stored);
  tx.remove(stored);
  const releasedDiskIds: string[] = [];
  const keptDiskIds: string[] = [];
  for (const disk of disks) {
    if (disk.instanceId !== inst.instanceId) continue;
    if (disk.type === 'system' || disk.deleteWithInstance) {
      tx.remove(disk);
      onDiskReleased(tx, stripKeys(disk), cascade);
      releasedDiskIds.push(disk.diskId);
    } else {
      const kept: DiskRecord = keptAfterInstanceRelease(stripKeys(disk), at);
      tx.replace(disk, diskItem(kept));
      keptDiskIds.push(disk.diskId);
    }
  }
  for (const kind of Object.values(TIMER)) tx.removeIfPresent(Keys.timer(kind, inst.instanceId));
  if (inst.chargeType === 'PostPaid') tx.addToCounter(Usage.postPaidInstances(inst.accountId), 'count', -1, undefined);
  tx.addToCounter(Usage.instancesInRegion(inst.accountId, inst.regionId), 'count', -1, undefined);
  releaseVcpus(tx, inst);
  countImageUse(tx, inst.accountId, inst.regionId, inst.imageId, -1);
  const record: ReleaseRecord = {
    instanceId: inst.instanceId,
    accountId: inst.accountId,
    regionId: inst.regionId,
    reason,
    releasedAt: at.toISOString(),
    instance: inst,
    releasedDiskIds,
    keptDiskIds,
    // Kept 30 days for the views and the webhook outbox, then TTL removes it.
    expiresAt: Math.floor(at.getTime() / 1000) + 30 * 86_400,
  };
  // The record is also the outbox of the release's effects (shared/store/release-outbox.ts).
  tx.upsert(Keys.resource(inst.accountId, inst.regionId, RELEASED_INSTANCE, inst.instanceId), {
    ...record,
    ...releaseOutboxFields(record.releasedAt, inst.instanceId, Date.now()),
  });
  tx.upsert(releaseTimeKey(inst.accountId, inst.regionId, record.releasedAt, inst.instanceId), {
    ...record,
    expiresAt: Math.floor(at.getTime() / 1000) + RELEASE_TIME_COPY_TTL_S,
  });
  return record;
}
