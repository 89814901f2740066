import type { DhcpOptionsRecord } from '../domain/dhcp-options';
import { Keys } from './keys';
import type { Key, StateStore, Stored } from './state-store';

/**
 * Created DHCP option sets: one item per set in the account-region's `dhcp-options` partition
 * (bounded by the DhcpOptionSets quota, so listing is one Query). The default set is derived,
 * never stored.
 */
export const DHCP_OPTIONS = 'dhcp-options';

export const dhcpOptionsKey = (a: string, r: string, id: string): Key => Keys.resource(a, r, DHCP_OPTIONS, id);

export function loadDhcpOptions(store: StateStore, a: string, r: string, id: string): Promise<Stored<DhcpOptionsRecord> | undefined> {
  return store.get<DhcpOptionsRecord>(dhcpOptionsKey(a, r, id));
}

export function listDhcpOptions(store: StateStore, a: string, r: string): Promise<Stored<DhcpOptionsRecord>[]> {
  return store.queryAll<DhcpOptionsRecord>({ pk: Keys.resourcePartition(a, r, DHCP_OPTIONS) });
}
