import type { InstanceRecord, ReleaseReason } from '../domain/instance';
import { loadInstanceReleaseCascade } from './disks';
import { loadInstanceDisks, releaseInstance, stripKeys, type ReleaseRecord } from './instances';
import { releaseInstancesNetwork } from './network-release';
import type { StateStore, Stored, UnitOfWork } from './state-store';

/**
 * The one release service (seed 000 "impacts and risks"): DeleteInstance,
 * DeleteInstances (and so EC2 TerminateInstances) and every sweep that releases
 * (auto-release, subscription expiry) call this and nothing else. In the
 * caller's unit of work it writes, for each instance:
 * - the network around it (shared/store/network-release.ts: security
 *   groups, key pair binding, EIP back to Available), first, because those are
 *   version-checked writes of shared items and belong in the deciding chunk;
 * - the instance's own group (shared/store/instances.ts `releaseInstance`):
 *   the instance item, its system disk and DeleteWithInstance data disks with
 *   their automatic snapshots and quota, the kept disks turned Available, its
 *   timers, usage counters, and the release record.
 * The release record is also the outbox of what follows a release (the
 * Instance.Released event, the ledger closes, the webhook): the stream handler
 * applies it, and the `releaseEffects` job applies any the stream did not
 * (docs/atomicity.md), each exactly once.
 */
export interface ReleaseTarget {
  stored: Stored<InstanceRecord>;
  /** The instance as it is at the release (settled); defaults to the stored record. */
  current?: InstanceRecord;
  reason: ReleaseReason;
  at: Date;
}

export async function releaseInstances(store: StateStore, tx: UnitOfWork, targets: readonly ReleaseTarget[]): Promise<ReleaseRecord[]> {
  await releaseInstancesNetwork(
    tx,
    store,
    targets.map((t) => t.current ?? stripKeys(t.stored)),
  );
  const records: ReleaseRecord[] = [];
  for (const t of targets) {
    const disks = await loadInstanceDisks(store, t.stored);
    const cascade = await loadInstanceReleaseCascade(store, t.stored.instanceId, disks);
    tx.group();
    records.push(releaseInstance(tx, t.stored, disks, t.reason, t.at, cascade));
  }
  return records;
}
