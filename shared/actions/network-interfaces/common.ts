import { addressesOf, EniErrors, primaryEniId, primaryInterfaceOf, type NetworkInterfaceRecord } from '../../domain/network-interface';
import { lifecycle } from '../../platform/config';
import { listInstances } from '../../store/instances';
import { listNetworkInterfaces, loadNetworkInterface } from '../../store/network-interfaces';
import type { Stored } from '../../store/state-store';
import { accountOf, type ActionContext } from '../action';
import { loadCurrent, loadCurrentMany, type LoadedInstance } from '../instances/common';

/**
 * What the ECS network interface actions share: loading an interface (a stored secondary one or
 * an instance's derived primary one), the instance it is attached to as it is now, and the ECS
 * rendering (DescribeNetworkInterfaces' NetworkInterfaceSet).
 */

export interface LoadedInterface {
  record: NetworkInterfaceRecord;
  /** The stored item of a secondary interface; undefined for a primary one. */
  stored?: Stored<NetworkInterfaceRecord>;
}

/**
 * The instance a secondary interface is attached to, if it still exists: an instance's release
 * deletes its interfaces whose DeleteOnRelease is true (shared/store/network-release.ts) and
 * leaves the others Available, read here rather than written by the release.
 */
export async function attachedInstanceIds(ctx: ActionContext, regionId: string, enis: readonly NetworkInterfaceRecord[]): Promise<Set<string>> {
  const ids = [...new Set(enis.map((e) => e.instanceId).filter((id) => id !== ''))];
  const found = ids.length ? await loadCurrentMany(ctx, regionId, ids) : new Map<string, LoadedInstance>();
  return new Set(found.keys());
}

/** An interface as it is now: a secondary one whose instance is gone is detached. */
export const settledInterface = (e: NetworkInterfaceRecord, live: Set<string>): NetworkInterfaceRecord =>
  e.instanceId && !live.has(e.instanceId) ? { ...e, instanceId: '', deviceIndex: 0, attachmentId: '', attachedAt: '' } : e;

export async function requireInterface(ctx: ActionContext, regionId: string, id: string): Promise<LoadedInterface> {
  const stored = await loadNetworkInterface(ctx.store, accountOf(ctx), regionId, id);
  if (stored) {
    const live = await attachedInstanceIds(ctx, regionId, [stored]);
    return { record: settledInterface(stored, live), stored };
  }
  if (id.startsWith('eni-')) {
    const instance = await loadCurrent(ctx, regionId, `i-${id.slice(4)}`).catch(() => undefined);
    if (instance && primaryEniId(instance.current.instanceId) === id) return { record: primaryInterfaceOf(instance.current) };
  }
  throw EniErrors.notFound();
}

/** Every interface of the region as it is now: the secondary ones, then the instances' primary ones (or those of one instance). */
export async function allInterfaces(ctx: ActionContext, regionId: string, instanceId?: string): Promise<NetworkInterfaceRecord[]> {
  const accountId = accountOf(ctx);
  const stored = await listNetworkInterfaces(ctx.store, accountId, regionId);
  const live = await attachedInstanceIds(ctx, regionId, stored);
  const secondary = stored.map((e) => settledInterface(e, live));
  let instances;
  if (instanceId !== undefined) {
    const one = await loadCurrentMany(ctx, regionId, [instanceId]);
    instances = [...one.values()].map((l) => l.current);
  } else {
    instances = (await listInstances(ctx.store, accountId, regionId, { now: ctx.now, settings: lifecycle, limit: 100_000 })).items;
  }
  return [...secondary, ...instances.map(primaryInterfaceOf)];
}

export const statusOf = (e: NetworkInterfaceRecord): 'Available' | 'InUse' => (e.instanceId ? 'InUse' : 'Available');
export const typeOf = (e: NetworkInterfaceRecord): 'Primary' | 'Secondary' =>
  e.deviceIndex === 0 && e.instanceId && e.networkInterfaceId === primaryEniId(e.instanceId) ? 'Primary' : 'Secondary';

export function renderInterface(e: NetworkInterfaceRecord) {
  return {
    NetworkInterfaceId: e.networkInterfaceId,
    NetworkInterfaceName: e.name,
    Description: e.description,
    Status: statusOf(e),
    Type: typeOf(e),
    VpcId: e.vpcId,
    VSwitchId: e.vSwitchId,
    ZoneId: e.zoneId,
    PrivateIpAddress: e.privateIp,
    MacAddress: e.macAddress,
    InstanceId: e.instanceId,
    CreationTime: e.createdAt.replace(/\.\d{3}Z$/, 'Z'),
    OwnerId: e.accountId,
    ResourceGroupId: '',
    ServiceManaged: false,
    ServiceID: 0,
    DeleteOnRelease: e.deleteOnRelease,
    SourceDestCheck: e.sourceDestCheck,
    QueueNumber: 1,
    NetworkInterfaceTrafficMode: 'Standard',
    SecurityGroupIds: { SecurityGroupId: e.securityGroupIds },
    PrivateIpSets: { PrivateIpSet: addressesOf(e).map((ip, i) => ({ PrivateIpAddress: ip, Primary: i === 0 })) },
    Ipv6Sets: { Ipv6Set: [] as unknown[] },
    Ipv4PrefixSets: { Ipv4PrefixSet: [] as unknown[] },
    Ipv6PrefixSets: { Ipv6PrefixSet: [] as unknown[] },
    // DeviceIndex is the sandbox's addition (EC2's attachment index); the rest is ECS's Attachment.
    Attachment: e.instanceId ? { InstanceId: e.instanceId, DeviceIndex: e.deviceIndex, NetworkCardIndex: 0, TrunkNetworkInterfaceId: '' } : {},
    Tags: { Tag: e.tags.map((t) => ({ TagKey: t.key, TagValue: t.value })) },
  };
}
