import { detached } from '../../domain/eip';
import type { InstanceRecord } from '../../domain/instance';
import { eipKey, saveEip } from '../../store/eips';
import type { EipRecord } from '../../domain/eip';
import type { StateStore, UnitOfWork } from '../../store/state-store';
import { unbindKeyPairsOnRelease } from '../key-pairs/binding';
import { leaveSecurityGroupsOnRelease } from '../security-groups/membership';
import { releaseAddressesOnRelease } from './release-addresses';

/**
 * What releasing instances does to the network resources around them (seed 000 "impacts and
 * risks"; guide §15.2 "instance released"): each leaves its security groups, no longer counts
 * as bound to its key pair, and its EIP goes back to Available (an EIP is never released with
 * its instance, ecs-api.md ReleaseEipAddress). The static public IP needs nothing: it lives on
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
  await releaseAddressesOnRelease(tx, store, instances);
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
