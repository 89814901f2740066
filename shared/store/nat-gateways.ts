import { withNatTimer, type NatGatewayRecord } from '../domain/nat-gateway';
import { stripKeys } from './instances';
import { Keys } from './keys';
import type { Key, StateStore, Stored, UnitOfWork } from './state-store';

/**
 * NAT gateways: one item per gateway in the account-region's `nat-gateway` partition. The item
 * is its own byDue timer (shared/domain/nat-gateway.ts withNatTimer): every write recomputes
 * when the natGatewayLifecycle job has to look at it next.
 */
export const NAT_GATEWAY = 'nat-gateway';

export const natGatewayKey = (a: string, r: string, id: string): Key => Keys.resource(a, r, NAT_GATEWAY, id);

export function loadNatGateway(store: StateStore, a: string, r: string, id: string): Promise<Stored<NatGatewayRecord> | undefined> {
  return store.get<NatGatewayRecord>(natGatewayKey(a, r, id));
}

export function listNatGateways(store: StateStore, a: string, r: string): Promise<Stored<NatGatewayRecord>[]> {
  return store.queryAll<NatGatewayRecord>({ pk: Keys.resourcePartition(a, r, NAT_GATEWAY) });
}

export function createNatGateway(tx: UnitOfWork, n: NatGatewayRecord, now: Date): void {
  tx.create(natGatewayKey(n.accountId, n.regionId, n.natGatewayId), withNatTimer(n, now));
}

export function saveNatGateway(tx: UnitOfWork, stored: Stored<NatGatewayRecord>, next: NatGatewayRecord, now: Date): void {
  tx.replace(stored, withNatTimer(stripKeys(next), now));
}
