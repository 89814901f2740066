import { detached } from '../domain/eip';
import type { InstanceRecord } from '../domain/instance';
import { eipKey, saveEip } from './eips';
import type { EipRecord } from '../domain/eip';
import { adjustBindings } from './key-pairs';
import { groupOf, loadSecurityGroups, saveSecurityGroup } from './security-groups';
import type { StateStore, UnitOfWork } from './state-store';
import { releaseAddressesOnRelease } from './address-release';
import type { NetworkInterfaceRecord } from '../domain/network-interface';
import { listNetworkInterfaces } from './network-interfaces';
import { releaseQuotaSlots } from './quota-counters';
import { stripKeys } from './instances';

/**
 * What releasing instances does to the network resources around them (the ECS guide on releasing instances (https://www.alibabacloud.com/help/en/ecs/user-guide/release-an-instance) "impacts and
 * risks"; docs/rules/ecs-user-guide.md#instance-release): each leaves its security groups, no longer counts
 * as bound to its key pair, and its EIP goes back to Available (an EIP is never released with
 * its instance, https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-releaseeipaddress). The static public IP needs nothing: it lives on
 * the instance record and is recycled with it.
 *
 * One call for all the instances a unit of work releases (DeleteInstances, a sweep's instance),
 * so a group or key pair shared by several of them is written once. Call it before the
 * instances' own release writes, so that these version-checked writes sit in the first
 * transaction of a large unit of work.
 */
export async function releaseInstancesNetwork(tx: UnitOfWork, store: StateStore, instances: readonly InstanceRecord[]): Promise<void> {
  await leaveSecurityGroupsOnRelease(tx, store, instances);
  await unbindKeyPairsOnRelease(tx, store, instances);
  await detachEipsOnRelease(tx, store, instances);
  const deleted = await deleteInterfacesOnRelease(tx, store, instances);
  await releaseAddressesOnRelease(tx, store, instances, deleted);
}

/**
 * Attached secondary interfaces whose DeleteOnRelease (EC2 DeleteOnTermination) is true go with
 * their instance: removed, their quota slot freed (their addresses are returned by the caller,
 * with the instances'). The others are left as they are and read as detached (Available;
 * shared/actions/network-interfaces/common.ts `settledInterface`). One Query per account-region.
 */
async function deleteInterfacesOnRelease(tx: UnitOfWork, store: StateStore, instances: readonly InstanceRecord[]): Promise<NetworkInterfaceRecord[]> {
  const byRegion = new Map<string, Set<string>>();
  for (const i of instances) {
    const key = `${i.accountId}|${i.regionId}`;
    byRegion.set(key, (byRegion.get(key) ?? new Set()).add(i.instanceId));
  }
  const deleted: NetworkInterfaceRecord[] = [];
  for (const [key, ids] of byRegion) {
    const [accountId, regionId] = key.split('|') as [string, string];
    const going = (await listNetworkInterfaces(store, accountId, regionId)).filter((e) => e.deleteOnRelease && ids.has(e.instanceId));
    for (const e of going) tx.remove(e);
    if (going.length) releaseQuotaSlots(tx, { accountId, quotaName: 'NetworkInterfaces', scope: regionId, amount: going.length });
    deleted.push(...going.map(stripKeys));
  }
  return deleted;
}

async function detachEipsOnRelease(tx: UnitOfWork, store: StateStore, instances: readonly InstanceRecord[]): Promise<void> {
  const withEip = instances.filter((i) => i.eip?.allocationId);
  if (withEip.length === 0) return;
  const eips = await store.getMany<EipRecord>(withEip.map((i) => eipKey(i.accountId, i.regionId, i.eip!.allocationId)));
  for (const eip of eips) {
    if (eip.status !== 'InUse' || !withEip.some((i) => i.instanceId === eip.instanceId)) continue;
    saveEip(tx, eip, detached(eip));
  }
}

/**
 * Released instances leave their groups: one write per group however many of its members go.
 * Groups that no longer exist (or never did, for instances launched before groups were
 * resources) are skipped.
 */
export async function leaveSecurityGroupsOnRelease(tx: UnitOfWork, store: StateStore, instances: readonly InstanceRecord[]): Promise<void> {
  const byRegion = new Map<string, { accountId: string; counts: Map<string, number> }>();
  for (const inst of instances) {
    const key = `${inst.accountId}|${inst.regionId}`;
    const entry = byRegion.get(key) ?? { accountId: inst.accountId, counts: new Map<string, number>() };
    byRegion.set(key, entry);
    for (const id of new Set(inst.securityGroupIds)) entry.counts.set(id, (entry.counts.get(id) ?? 0) + 1);
  }
  for (const [key, { accountId, counts }] of byRegion) {
    const regionId = key.split('|')[1]!;
    const groups = await loadSecurityGroups(store, accountId, regionId, [...counts.keys()]);
    for (const [id, n] of counts) {
      const stored = groups.get(id);
      if (!stored) continue;
      saveSecurityGroup(tx, stored, { ...groupOf(stored), memberCount: Math.max(0, stored.memberCount - n) });
    }
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
