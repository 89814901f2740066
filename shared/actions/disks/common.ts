import { DiskErrors, settleDisk, type DiskRecord } from '../../domain/disk';
import type { SnapshotRecord } from '../../domain/snapshot';
import { ApiError } from '../../domain/errors';
import { lifecycle } from '../../platform/config';
import { findDisk, loadDisks, saveDisk } from '../../store/disks';
import { stripKeys } from '../../store/instances';
import { saveSnapshot } from '../../store/snapshots';
import type { Stored } from '../../store/state-store';
import { accountOf, type ActionContext } from '../action';
import { p } from '../params';
import { loadCurrent, requireRegion, type LoadedInstance } from '../instances/common';

/** Helpers every disk action uses: load a disk as it is now, its instance, save. */

export const diskIdParam = () => p.string({ min: 1, max: 64 });

export interface LoadedDisk {
  stored: Stored<DiskRecord>;
  /** The disk as it is at ctx.now (due transitions applied). */
  current: DiskRecord;
}

export const settledOf = (stored: Stored<DiskRecord>, now: Date): LoadedDisk => ({ stored, current: settleDisk(stripKeys(stored), now) });

/** A disk of the caller's account, in `regionId` or (actions without RegionId) in any region. */
export async function findLoadedDisk(ctx: ActionContext, regionId: string | undefined, diskId: string): Promise<LoadedDisk | undefined> {
  const stored = await findDisk(ctx.store, accountOf(ctx), regionId === undefined ? undefined : requireRegion(regionId), diskId);
  return stored && settledOf(stored, ctx.now);
}

export async function loadDisk(ctx: ActionContext, regionId: string | undefined, diskId: string): Promise<LoadedDisk> {
  const loaded = await findLoadedDisk(ctx, regionId, diskId);
  if (!loaded) throw DiskErrors.notFound();
  return loaded;
}

export function saveLoadedDisk(ctx: ActionContext, loaded: LoadedDisk, next: DiskRecord): void {
  saveDisk(ctx.tx, loaded.stored, next);
}

/** The instance a disk is attached to (as it is now), or undefined when it is not attached or already gone. */
export async function attachedInstance(ctx: ActionContext, disk: DiskRecord): Promise<LoadedInstance | undefined> {
  if (!disk.instanceId) return undefined;
  try {
    return await loadCurrent(ctx, disk.regionId, disk.instanceId);
  } catch (e) {
    if (e instanceof ApiError && e.code === 'InvalidInstanceId.NotFound') return undefined;
    throw e;
  }
}

/** The data disks of an instance as they are now. */
export async function dataDisksOf(ctx: ActionContext, inst: LoadedInstance): Promise<DiskRecord[]> {
  const stored = await loadDisks(ctx.store, inst.current.accountId, inst.current.regionId, inst.current.dataDiskIds);
  return stored.map((d) => settleDisk(stripKeys(d), ctx.now));
}

export const transitionSeconds = () => lifecycle.transitionSeconds;

/**
 * A disk made from this snapshot now uses it: the snapshot may no longer be deleted, and the
 * write fails if it was deleted meanwhile. Here, not in operations.ts, so that a launch
 * (launch-hooks.ts) does not bundle every disk operation (scripts/lib/bundle-budget.ts).
 */
export function markUsedByDisks(ctx: ActionContext, snapshot: Stored<SnapshotRecord>): void {
  if (snapshot.usedByDisks) ctx.tx.requireUnchanged(snapshot);
  else saveSnapshot(ctx.tx, snapshot, { ...snapshot, usedByDisks: true });
}
