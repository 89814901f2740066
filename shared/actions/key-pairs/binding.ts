import { ApiError } from '../../domain/errors';
import type { InstanceRecord } from '../../domain/instance';
import { keyPairErrors } from '../../domain/key-pair';
import { keyPairOf, loadKeyPair, loadKeyPairs, saveKeyPair, type KeyPairItem } from '../../store/key-pairs';
import type { StateStore, Stored, UnitOfWork } from '../../store/state-store';
import type { ActionContext } from '../action';

/**
 * Instances bound to key pairs, as the instance actions need it: RunInstances / CreateInstance
 * `KeyPairName` (Linux images only, the key pair must exist), and release (the key pair loses a
 * bound instance). AttachKeyPair / DetachKeyPair (./attach.ts) use the same counter.
 */
export const bindingErrors = {
  /** RunInstances / AttachKeyPair / DetachKeyPair (ecs-api.md §3.1, §3.4): SSH key pairs are for Linux only (guide L3532). */
  windows: () =>
    new ApiError('DependencyViolation.WindowsInstance', 403, 'The instance creating is windows, cannot use ssh key pair to login'),
};

/** The key pair a launch binds, checked before anything is written; undefined without `KeyPairName`. */
export async function resolveKeyPairForLaunch(
  ctx: ActionContext,
  accountId: string,
  regionId: string,
  keyPairName: string | undefined,
  osType: 'linux' | 'windows',
): Promise<Stored<KeyPairItem> | undefined> {
  if (keyPairName === undefined) return undefined;
  if (osType === 'windows') throw bindingErrors.windows();
  const kp = await loadKeyPair(ctx.store, accountId, regionId, keyPairName);
  if (!kp) throw keyPairErrors.notFound();
  return kp;
}

/** The launch's write: `amount` more instances bound to the key pair (conditional on its version). */
export function bindKeyPairAtLaunch(tx: UnitOfWork, kp: Stored<KeyPairItem> | undefined, amount: number): void {
  if (!kp) return;
  saveKeyPair(tx, kp, { ...keyPairOf(kp), boundInstances: kp.boundInstances + amount });
}

/** Move `delta` bound instances on each named key pair that still exists (one write per key pair). */
export async function adjustBindings(
  tx: UnitOfWork,
  store: StateStore,
  accountId: string,
  regionId: string,
  deltas: Map<string, number>,
  preloaded: Map<string, Stored<KeyPairItem>> = new Map(),
): Promise<void> {
  const names = [...deltas.keys()].filter((n) => deltas.get(n) !== 0);
  const missing = names.filter((n) => !preloaded.has(n));
  const loaded = missing.length > 0 ? await loadKeyPairs(store, accountId, regionId, missing) : new Map<string, Stored<KeyPairItem>>();
  for (const name of names) {
    const kp = preloaded.get(name) ?? loaded.get(name);
    if (!kp) continue; // deleted while bound: its name stays on the instances (guide L3574)
    saveKeyPair(tx, kp, { ...keyPairOf(kp), boundInstances: Math.max(0, kp.boundInstances + deltas.get(name)!) });
  }
}

/** Released instances no longer count as bound to their key pairs. */
export async function unbindKeyPairsOnRelease(tx: UnitOfWork, store: StateStore, instances: readonly InstanceRecord[]): Promise<void> {
  const byRegion = new Map<string, Map<string, number>>();
  for (const inst of instances) {
    if (!inst.keyPairName) continue;
    const key = `${inst.accountId}|${inst.regionId}`;
    const deltas = byRegion.get(key) ?? new Map<string, number>();
    byRegion.set(key, deltas);
    deltas.set(inst.keyPairName, (deltas.get(inst.keyPairName) ?? 0) - 1);
  }
  for (const [key, deltas] of byRegion) {
    const [accountId, regionId] = key.split('|') as [string, string];
    await adjustBindings(tx, store, accountId, regionId, deltas);
  }
}
