import { z } from 'zod';
import { Errors } from '../../domain/errors';
import { addressesOf, EniErrors, maxSecondaryIpsOf } from '../../domain/network-interface';
import { allocateAddresses, allocateChosenAddress, releaseAddresses } from '../../domain/vpc';
import { loadVSwitch, recordOf, saveNetworkItem } from '../../store/vpcs';
import { accountOf, defineAction } from '../action';
import { defineOperation } from '../operation';
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

export interface AssignPrivateIpsInput {
  regionId: string;
  networkInterfaceId: string;
  /** The addresses to assign, or (`count`) how many of the next free ones. */
  addresses?: readonly string[];
  count?: number;
  /** EC2's per-type address count instead of ECS's (maxSecondaryIpsOf). */
  ec2Limits?: boolean;
}

/** AssignPrivateIpAddresses as an operation (docs/operations.md): the addresses assigned. */
export const assignPrivateIps = defineOperation<AssignPrivateIpsInput, string[]>({
  name: 'AssignPrivateIpAddresses',
  run: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.regionId);
    const { record, stored } = await requireInterface(ctx, regionId, input.networkInterfaceId);
    if (!stored) throw EniErrors.eniType();
    const instanceType = record.instanceId ? (await loadCurrent(ctx, regionId, record.instanceId)).current.instanceType : undefined;
    const held = record.secondaryPrivateIps ?? [];
    const named = input.addresses ?? [];
    const amount = named.length || (input.count ?? 0);
    if (held.length + amount > maxSecondaryIpsOf(instanceType, input.ec2Limits ? 'ec2' : 'ecs')) throw EniErrors.ipCount();
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
      ips = [...named];
    } else {
      const got = allocateAddresses(next, amount);
      if (!got) throw EniErrors.ipNotEnough();
      ips = got.ips;
      next = got.next;
    }
    saveNetworkItem(ctx.tx, vSwitch, next);
    ctx.tx.replace(stored, { ...recordOf(stored), secondaryPrivateIps: [...held, ...ips] });
    return ips;
  },
});

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
    requireRegion(input.RegionId);
    if (input.Ipv4Prefix?.length || input.Ipv4PrefixCount !== undefined) {
      throw Errors.invalid('UnsupportedParameter', 'IPv4 prefixes are not simulated by this sandbox.');
    }
    const named = input.PrivateIpAddress ?? [];
    if (named.length && input.SecondaryPrivateIpAddressCount !== undefined) {
      throw Errors.invalidParameter('SecondaryPrivateIpAddressCount', 'PrivateIpAddress.N and SecondaryPrivateIpAddressCount cannot be given together.');
    }
    if (!named.length && input.SecondaryPrivateIpAddressCount === undefined) throw Errors.missingParameter('SecondaryPrivateIpAddressCount');
    const ips = await assignPrivateIps.run(
      {
        regionId: input.RegionId,
        networkInterfaceId: input.NetworkInterfaceId,
        addresses: named,
        count: input.SecondaryPrivateIpAddressCount,
        ec2Limits: false,
      },
      ctx,
    );
    return {
      AssignedPrivateIpAddressesSet: {
        NetworkInterfaceId: input.NetworkInterfaceId,
        PrivateIpSet: { PrivateIpAddress: ips },
        Ipv4PrefixSet: { Ipv4Prefixes: [] as string[] },
      },
    };
  },
});

/** UnassignPrivateIpAddresses as an operation: secondary addresses go back to the vSwitch. */
export const unassignPrivateIps = defineOperation<{ regionId: string; networkInterfaceId: string; addresses: readonly string[] }, void>({
  name: 'UnassignPrivateIpAddresses',
  run: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.regionId);
    const ips = [...new Set(input.addresses)];
    const { record, stored } = await requireInterface(ctx, regionId, input.networkInterfaceId);
    if (!stored) throw EniErrors.eniType();
    const held = record.secondaryPrivateIps ?? [];
    for (const ip of ips) if (!held.includes(ip)) throw EniErrors.ipNotAssigned();
    const vSwitch = await loadVSwitch(ctx.store, accountId, regionId, record.vSwitchId);
    if (vSwitch) saveNetworkItem(ctx.tx, vSwitch, releaseAddresses(recordOf(vSwitch), ips));
    ctx.tx.replace(stored, { ...recordOf(stored), secondaryPrivateIps: held.filter((ip) => !ips.includes(ip)) });
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
    requireRegion(input.RegionId);
    if (input.Ipv4Prefix?.length) throw Errors.invalid('UnsupportedParameter', 'IPv4 prefixes are not simulated by this sandbox.');
    const ips = [...new Set(input.PrivateIpAddress ?? [])];
    if (!ips.length) throw Errors.missingParameter('PrivateIpAddress.N');
    await unassignPrivateIps.run({ regionId: input.RegionId, networkInterfaceId: input.NetworkInterfaceId, addresses: ips }, ctx);
    return {};
  },
});
