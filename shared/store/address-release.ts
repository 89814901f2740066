import type { InstanceRecord } from '../domain/instance';
import { addressesOf, type NetworkInterfaceRecord } from '../domain/network-interface';
import { releaseAddresses } from '../domain/vpc';
import type { StateStore, UnitOfWork } from './state-store';
import { loadVSwitch, recordOf, saveNetworkItem } from './vpcs';

/**
 * Released instances give their private addresses back to their vSwitches (and no longer count
 * as the vSwitch's instances, which DeleteVSwitch checks): one versioned write per vSwitch.
 */
export async function releaseAddressesOnRelease(
  tx: UnitOfWork,
  store: StateStore,
  instances: readonly InstanceRecord[],
  /** Addresses of secondary interfaces deleted with the instances (shared/store/network-release.ts). */
  interfaces: readonly NetworkInterfaceRecord[] = [],
): Promise<void> {
  const byVSwitch = new Map<string, { accountId: string; regionId: string; ips: string[] }>();
  const holders = [
    ...instances.map((i) => ({ accountId: i.accountId, regionId: i.regionId, vSwitchId: i.vSwitchId, ip: i.privateIpAddress })),
    ...interfaces.flatMap((e) => addressesOf(e).map((ip) => ({ accountId: e.accountId, regionId: e.regionId, vSwitchId: e.vSwitchId, ip }))),
  ];
  for (const h of holders) {
    if (!h.vSwitchId) continue;
    const entry = byVSwitch.get(h.vSwitchId) ?? { accountId: h.accountId, regionId: h.regionId, ips: [] };
    byVSwitch.set(h.vSwitchId, entry);
    if (h.ip) entry.ips.push(h.ip);
  }
  for (const [vSwitchId, { accountId, regionId, ips }] of byVSwitch) {
    const stored = await loadVSwitch(store, accountId, regionId, vSwitchId);
    // A derived default vSwitch (version 0) was never written: nothing was handed out from it.
    if (!stored || stored.version === 0) continue;
    saveNetworkItem(tx, stored, releaseAddresses(recordOf(stored), ips));
  }
}
