import { Keys } from './keys';
import type { Key, StateStore, Stored } from './state-store';

/**
 * Egress-only internet gateways (EC2's): one item per gateway in the account-region's
 * `egress-only-igw` partition, each attached to the VPC it was created for.
 */
export const EGRESS_ONLY_GATEWAY = 'egress-only-igw';

export interface EgressOnlyGatewayRecord {
  egressOnlyInternetGatewayId: string;
  accountId: string;
  regionId: string;
  vpcId: string;
  createdAt: string;
  tags: { key: string; value: string }[];
}

export const egressOnlyGatewayKey = (a: string, r: string, id: string): Key => Keys.resource(a, r, EGRESS_ONLY_GATEWAY, id);

export function loadEgressOnlyGateway(store: StateStore, a: string, r: string, id: string): Promise<Stored<EgressOnlyGatewayRecord> | undefined> {
  return store.get<EgressOnlyGatewayRecord>(egressOnlyGatewayKey(a, r, id));
}

export function listEgressOnlyGateways(store: StateStore, a: string, r: string): Promise<Stored<EgressOnlyGatewayRecord>[]> {
  return store.queryAll<EgressOnlyGatewayRecord>({ pk: Keys.resourcePartition(a, r, EGRESS_ONLY_GATEWAY) });
}
