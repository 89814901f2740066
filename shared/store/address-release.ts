import type { InstanceRecord } from '../domain/instance';
import { releaseAddresses } from '../domain/vpc';
import type { StateStore, UnitOfWork } from './state-store';
import { loadVSwitch, recordOf, saveNetworkItem } from './vpcs';

/**
 * Released instances give their private addresses back to their vSwitches (and no longer count
 * as the vSwitch's instances, which DeleteVSwitch checks): one versioned write per vSwitch.
 */
export async function releaseAddressesOnRelease(tx: UnitOfWork, store: StateStore, instances: readonly InstanceRecord[]): Promise<void> {
  const byVSwitch = new Map<string, InstanceRecord[]>();
  for (const i of instances) {
    if (!i.vSwitchId) continue;
    byVSwitch.set(i.vSwitchId, [...(byVSwitch.get(i.vSwitchId) ?? []), i]);
  }
  for (const [vSwitchId, members] of byVSwitch) {
    const first = members[0]!;
    const stored = await loadVSwitch(store, first.accountId, first.regionId, vSwitchId);
    // A derived default vSwitch (version 0) was never written: nothing was handed out from it.
    if (!stored || stored.version === 0) continue;
    saveNetworkItem(tx, stored, releaseAddresses(recordOf(stored), members.map((m) => m.privateIpAddress).filter(Boolean)));
  }
}
