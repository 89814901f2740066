import type { NetworkInterfaceRecord } from '../domain/network-interface';
import { Keys } from './keys';
import type { Key, StateStore, Stored } from './state-store';

/**
 * Secondary network interfaces: one item per interface in the account-region's
 * `network-interface` partition (bounded by the NetworkInterfaces quota, so listing is one
 * Query). Instances' primary interfaces are derived from the instances, never stored.
 */
export const NETWORK_INTERFACE = 'network-interface';

export const networkInterfaceKey = (a: string, r: string, id: string): Key => Keys.resource(a, r, NETWORK_INTERFACE, id);

export function loadNetworkInterface(store: StateStore, a: string, r: string, id: string): Promise<Stored<NetworkInterfaceRecord> | undefined> {
  return store.get<NetworkInterfaceRecord>(networkInterfaceKey(a, r, id));
}

export function listNetworkInterfaces(store: StateStore, a: string, r: string): Promise<Stored<NetworkInterfaceRecord>[]> {
  return store.queryAll<NetworkInterfaceRecord>({ pk: Keys.resourcePartition(a, r, NETWORK_INTERFACE) });
}
