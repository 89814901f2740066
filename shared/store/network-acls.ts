import { defaultAclId, defaultAclRecord, type NetworkAclRecord } from '../domain/network-acl';
import { Keys } from './keys';
import type { Key, StateStore, Stored } from './state-store';
import { listVSwitches, listVpcs, recordOf } from './vpcs';

/**
 * Network ACLs (EC2's): one item per created ACL, and per default ACL whose entries changed, in
 * the account-region's `network-acl` partition. Unchanged default ACLs are derived from the VPCs.
 */
export const NETWORK_ACL = 'network-acl';

export const networkAclKey = (a: string, r: string, id: string): Key => Keys.resource(a, r, NETWORK_ACL, id);

export function listNetworkAcls(store: StateStore, a: string, r: string): Promise<Stored<NetworkAclRecord>[]> {
  return store.queryAll<NetworkAclRecord>({ pk: Keys.resourcePartition(a, r, NETWORK_ACL) });
}

export interface EffectiveAcl {
  record: NetworkAclRecord;
  /** The stored item (undefined for an unchanged default ACL). */
  stored?: Stored<NetworkAclRecord>;
  /** The subnets associated with it now. */
  subnetIds: string[];
}

/**
 * Every ACL of the account-region as it is now: each VPC's default (stored or derived) and the
 * created ones of existing VPCs, with each existing subnet associated with exactly one of them
 * (a created ACL naming it, else its VPC's default).
 */
export async function effectiveAcls(store: StateStore, accountId: string, regionId: string): Promise<EffectiveAcl[]> {
  const [vpcs, vSwitches, stored] = await Promise.all([
    listVpcs(store, accountId, regionId),
    listVSwitches(store, accountId, regionId),
    listNetworkAcls(store, accountId, regionId),
  ]);
  const vpcIds = new Set(vpcs.map((v) => v.vpcId));
  const byId = new Map(stored.filter((s) => vpcIds.has(s.vpcId)).map((s) => [s.networkAclId, s]));
  const out: EffectiveAcl[] = [];
  for (const v of vpcs) {
    const id = defaultAclId(v.vpcId);
    const s = byId.get(id);
    out.push({ record: s ? recordOf<NetworkAclRecord>(s) : defaultAclRecord(accountId, regionId, v.vpcId, v.createdAt ?? ''), stored: s, subnetIds: [] });
  }
  for (const s of byId.values()) if (!s.isDefault) out.push({ record: recordOf<NetworkAclRecord>(s), stored: s, subnetIds: [] });
  for (const sw of vSwitches) {
    const custom = out.find((a) => !a.record.isDefault && a.record.vpcId === sw.vpcId && a.record.subnetIds.includes(sw.vSwitchId));
    const acl = custom ?? out.find((a) => a.record.isDefault && a.record.vpcId === sw.vpcId);
    acl?.subnetIds.push(sw.vSwitchId);
  }
  return out;
}
