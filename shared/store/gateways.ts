import { Keys } from './keys';
import type { Key, StateStore, Stored } from './state-store';

/**
 * Internet gateways (EC2's; the VPC API's nearest is the IPv4 gateway): one item per gateway in
 * the account-region's `internet-gateway` partition, attached to at most one VPC.
 */
export const INTERNET_GATEWAY = 'internet-gateway';

export interface InternetGatewayRecord {
  internetGatewayId: string;
  accountId: string;
  regionId: string;
  /** The attached VPC ('' when detached). */
  vpcId: string;
  createdAt: string;
  tags: { key: string; value: string }[];
}

export const internetGatewayKey = (a: string, r: string, id: string): Key => Keys.resource(a, r, INTERNET_GATEWAY, id);

export function loadInternetGateway(store: StateStore, a: string, r: string, id: string): Promise<Stored<InternetGatewayRecord> | undefined> {
  return store.get<InternetGatewayRecord>(internetGatewayKey(a, r, id));
}

export function listInternetGateways(store: StateStore, a: string, r: string): Promise<Stored<InternetGatewayRecord>[]> {
  return store.queryAll<InternetGatewayRecord>({ pk: Keys.resourcePartition(a, r, INTERNET_GATEWAY) });
}

export async function listInternetGatewaysOfVpc(store: StateStore, a: string, r: string, vpcId: string): Promise<Stored<InternetGatewayRecord>[]> {
  return (await listInternetGateways(store, a, r)).filter((g) => g.vpcId === vpcId);
}
