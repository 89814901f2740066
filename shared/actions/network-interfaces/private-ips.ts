import { z } from 'zod';
import { Errors } from '../../domain/errors';
import { addressesOf, EniErrors, maxSecondaryIpsOf } from '../../domain/network-interface';
import { allocateAddresses, allocateChosenAddress, releaseAddresses } from '../../domain/vpc';
import { currentDialect } from '../../platform/dialect';
import { loadVSwitch, recordOf, saveNetworkItem } from '../../store/vpcs';
import { accountOf, defineAction } from '../action';
import { loadCurrent, requireRegion } from '../instances/common';
import { commonFields, p } from '../params';
import { requireInterface } from './common';

/**
 * ECS AssignPrivateIpAddresses and UnassignPrivateIpAddresses
 * (https://www.alibabacloud.com/help/en/ecs/api-assignprivateipaddresses,
 * https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-unassignprivateipaddresses):
 * secondary private addresses of an interface, from its vSwitch's block (named, or the next free
 * ones), never one in use; up to 49 while the interface is Available, else the instance type's
 * figure. The interface and its vSwitch are written in one transaction. EC2's
 * AssignPrivateIpAddresses / UnassignPrivateIpAddresses are adapters over these.
 *
 * Decision: the sandbox keeps secondary addresses on secondary interfaces only. An instance's
 * primary interface is derived from the instance record, so naming it is
 * `InvalidOperation.InvalidEniType`, as ModifyNetworkInterfaceAttribute answers (docs/network.md).
 */

const ipList = () => p.list(p.string({ min: 7, max: 15 }), { max: 10 });

export const assignPrivateIpAddresses = defineAction({
  name: 'AssignPrivateIpAddresses',
  idempotent: true,
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    NetworkInterfaceId: p.string({ min: 1 }),
    PrivateIpAddress: ipList().optional(),
    SecondaryPrivateIpAddressCount: p.int({ min: 1, max: 49 }).optional(),
    Ipv4Prefix: p.list(p.string()).optional(),
    Ipv4PrefixCount: p.int().optional(),
    ClientToken: p.clientToken().optional(),
  }),
  handler: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.RegionId);
    if (input.Ipv4Prefix?.length || input.Ipv4PrefixCount !== undefined) {
      throw Errors.invalid('UnsupportedParameter', 'IPv4 prefixes are not simulated by this sandbox.');
    }
    const named = input.PrivateIpAddress ?? [];
    if (named.length && input.SecondaryPrivateIpAddressCount !== undefined) {
      throw Errors.invalidParameter('SecondaryPrivateIpAddressCount', 'PrivateIpAddress.N and SecondaryPrivateIpAddressCount cannot be given together.');
    }
    if (!named.length && input.SecondaryPrivateIpAddressCount === undefined) throw Errors.missingParameter('SecondaryPrivateIpAddressCount');
    const { record, stored } = await requireInterface(ctx, regionId, input.NetworkInterfaceId);
    if (!stored) throw EniErrors.eniType();
    const instanceType = record.instanceId ? (await loadCurrent(ctx, regionId, record.instanceId)).current.instanceType : undefined;
    const held = record.secondaryPrivateIps ?? [];
    const amount = named.length || input.SecondaryPrivateIpAddressCount!;
    if (held.length + amount > maxSecondaryIpsOf(instanceType, currentDialect())) throw EniErrors.ipCount();
    const vSwitch = await loadVSwitch(ctx.store, accountId, regionId, record.vSwitchId);
    if (!vSwitch) throw EniErrors.vSwitchNotFound();
    let next = recordOf(vSwitch);
    let ips: string[];
    if (named.length) {
      if (new Set(named).size !== named.length) throw EniErrors.ipInUse();
      for (const ip of named) {
        if (addressesOf(record).includes(ip)) throw EniErrors.ipInUse();
        const chosen = allocateChosenAddress(next, ip);
        if (chosen === 'invalid') throw EniErrors.ipInvalid();
        if (chosen === 'inUse') throw EniErrors.ipInUse();
        next = chosen.next;
      }
      ips = named;
    } else {
      const got = allocateAddresses(next, amount);
      if (!got) throw EniErrors.ipNotEnough();
      ips = got.ips;
      next = got.next;
    }
    saveNetworkItem(ctx.tx, vSwitch, next);
    ctx.tx.replace(stored, { ...recordOf(stored), secondaryPrivateIps: [...held, ...ips] });
    return {
      AssignedPrivateIpAddressesSet: {
        NetworkInterfaceId: record.networkInterfaceId,
        PrivateIpSet: { PrivateIpAddress: ips },
        Ipv4PrefixSet: { Ipv4Prefixes: [] as string[] },
      },
    };
  },
});

export const unassignPrivateIpAddresses = defineAction({
  name: 'UnassignPrivateIpAddresses',
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    NetworkInterfaceId: p.string({ min: 1 }),
    PrivateIpAddress: ipList().optional(),
    Ipv4Prefix: p.list(p.string()).optional(),
  }),
  handler: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.RegionId);
    if (input.Ipv4Prefix?.length) throw Errors.invalid('UnsupportedParameter', 'IPv4 prefixes are not simulated by this sandbox.');
    const ips = [...new Set(input.PrivateIpAddress ?? [])];
    if (!ips.length) throw Errors.missingParameter('PrivateIpAddress.N');
    const { record, stored } = await requireInterface(ctx, regionId, input.NetworkInterfaceId);
    if (!stored) throw EniErrors.eniType();
    const held = record.secondaryPrivateIps ?? [];
    for (const ip of ips) if (!held.includes(ip)) throw EniErrors.ipNotAssigned();
    const vSwitch = await loadVSwitch(ctx.store, accountId, regionId, record.vSwitchId);
    if (vSwitch) saveNetworkItem(ctx.tx, vSwitch, releaseAddresses(recordOf(vSwitch), ips));
    ctx.tx.replace(stored, { ...recordOf(stored), secondaryPrivateIps: held.filter((ip) => !ips.includes(ip)) });
    return {};
  },
});
