import { z } from 'zod';
import { Errors } from '../../domain/errors';
import { addressesOf, EniErrors, macAddressOf, type NetworkInterfaceRecord } from '../../domain/network-interface';
import { validateTags, type TagInput } from '../../domain/tags';
import { allocateAddresses, allocateChosenAddress, checkName, defaultSecurityGroupIdOfVpc, releaseAddresses } from '../../domain/vpc';
import { newResourceId } from '../../platform/ids';
import { networkInterfaceKey } from '../../store/network-interfaces';
import { releaseQuotaSlots, takeQuotaSlots } from '../../store/quota-counters';
import { loadSecurityGroups } from '../../store/security-groups';
import { loadVSwitch, recordOf, saveNetworkItem } from '../../store/vpcs';
import { accountOf, defineAction, type ActionContext } from '../action';
import { defineOperation } from '../operation';
import { requireRegion } from '../instances/common';
import { commonFields, p } from '../params';
import { tagEntries, toTagInputs } from '../tags/input';
import { requireInterface, statusOf, typeOf } from './common';

/**
 * ECS CreateNetworkInterface and DeleteNetworkInterface
 * (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-createnetworkinterface,
 * …-deletenetworkinterface). A new interface takes one address of its vSwitch (chosen with
 * PrimaryIpAddress, or the next free one) and counts against the NetworkInterfaces quota; deleting
 * it gives both back. EC2's CreateNetworkInterface / DeleteNetworkInterface are adapters over these.
 */

/** Its groups: 1-5 of the interface's VPC (the VPC's default group counts even before it is first stored). */
export async function checkGroups(ctx: ActionContext, regionId: string, vpcId: string, ids: string[]): Promise<string[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) throw Errors.missingParameter('SecurityGroupId');
  if (unique.length > 5) throw Errors.invalidParameter('SecurityGroupIds');
  const accountId = accountOf(ctx);
  const found = await loadSecurityGroups(ctx.store, accountId, regionId, unique);
  for (const id of unique) {
    const g = found.get(id);
    if (!g && id !== defaultSecurityGroupIdOfVpc(accountId, regionId, vpcId)) throw EniErrors.groupNotFound();
    if (g && g.vpcId !== vpcId) throw EniErrors.vpcMismatch();
  }
  return unique;
}

export interface CreateInterfaceInput {
  regionId: string;
  vSwitchId: string;
  /** Its groups; none with `defaultGroupWhenNone` is the VPC's default group (EC2's rule). */
  securityGroupIds: readonly string[];
  defaultGroupWhenNone?: boolean;
  primaryIpAddress?: string;
  name?: string;
  description?: string;
  deleteOnRelease?: boolean;
  sourceDestCheck?: boolean;
  tags?: readonly TagInput[];
}

/** CreateNetworkInterface as an operation (docs/operations.md): the new interface's record. */
export const createInterface = defineOperation<CreateInterfaceInput, NetworkInterfaceRecord>({
  name: 'CreateNetworkInterface',
  run: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.regionId);
    const vSwitch = await loadVSwitch(ctx.store, accountId, regionId, input.vSwitchId);
    if (!vSwitch) throw EniErrors.vSwitchNotFound();
    checkName(input.name, 'InvalidNetworkInterfaceName.Malformed', 'The specified NetworkInterfaceName is not valid.');
    checkName(input.description, 'InvalidDescription.Malformed', 'The specified Description is not valid.');
    const named =
      input.securityGroupIds.length || !input.defaultGroupWhenNone ? input.securityGroupIds : [defaultSecurityGroupIdOfVpc(accountId, regionId, vSwitch.vpcId)];
    const groups = await checkGroups(ctx, regionId, vSwitch.vpcId, [...named]);
    const tags = validateTags(input.tags);
    let privateIp: string;
    let nextVSwitch;
    if (input.primaryIpAddress) {
      const chosen = allocateChosenAddress(vSwitch, input.primaryIpAddress);
      if (chosen === 'invalid') throw EniErrors.ipInvalid();
      if (chosen === 'inUse') throw EniErrors.ipInUse();
      privateIp = input.primaryIpAddress;
      nextVSwitch = chosen.next;
    } else {
      const got = allocateAddresses(vSwitch, 1);
      if (!got) throw EniErrors.ipNotEnough();
      privateIp = got.ips[0]!;
      nextVSwitch = got.next;
    }
    await takeQuotaSlots(ctx.store, ctx.tx, { accountId, quotaName: 'NetworkInterfaces', scope: regionId, amount: 1, onFail: EniErrors.quota });
    const id = newResourceId('eni', regionId);
    const record: NetworkInterfaceRecord = {
      networkInterfaceId: id,
      accountId,
      regionId,
      vpcId: vSwitch.vpcId,
      vSwitchId: vSwitch.vSwitchId,
      zoneId: vSwitch.zoneId,
      name: input.name ?? '',
      description: input.description ?? '',
      privateIp,
      securityGroupIds: groups,
      macAddress: macAddressOf(id),
      createdAt: ctx.now.toISOString(),
      instanceId: '',
      deviceIndex: 0,
      attachmentId: '',
      attachedAt: '',
      deleteOnRelease: input.deleteOnRelease ?? true,
      sourceDestCheck: input.sourceDestCheck ?? true,
      tags: tags.map((t) => ({ key: t.key, value: t.value })),
    };
    saveNetworkItem(ctx.tx, vSwitch, nextVSwitch);
    ctx.tx.create(networkInterfaceKey(accountId, regionId, id), record);
    return record;
  },
});

export const createNetworkInterface = defineAction({
  name: 'CreateNetworkInterface',
  idempotent: true,
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    VSwitchId: p.string({ min: 1 }),
    SecurityGroupId: p.string().optional(),
    SecurityGroupIds: p.list(p.string({ min: 1 }), { max: 10 }).optional(),
    PrimaryIpAddress: p.string().optional(),
    NetworkInterfaceName: p.string().optional(),
    Description: p.string().optional(),
    /** `Secondary` (default); trunk interfaces are not simulated. */
    InstanceType: p.enum(['Secondary']).optional(),
    DeleteOnRelease: p.bool().optional(),
    SourceDestCheck: p.bool().optional(),
    /** Accepted as the real API takes it; the sandbox has no hidden interfaces. */
    Visible: p.bool().optional(),
    Tag: tagEntries(),
    ClientToken: p.clientToken().optional(),
  }),
  handler: async (input, ctx) => {
    const record = await createInterface.run(
      {
        regionId: input.RegionId,
        vSwitchId: input.VSwitchId,
        securityGroupIds: [...(input.SecurityGroupId ? [input.SecurityGroupId] : []), ...(input.SecurityGroupIds ?? [])],
        primaryIpAddress: input.PrimaryIpAddress,
        name: input.NetworkInterfaceName,
        description: input.Description,
        deleteOnRelease: input.DeleteOnRelease,
        sourceDestCheck: input.SourceDestCheck,
        tags: toTagInputs(input.Tag),
      },
      ctx,
    );
    return {
      NetworkInterfaceId: record.networkInterfaceId,
      Status: statusOf(record),
      Type: typeOf(record),
      VpcId: record.vpcId,
      VSwitchId: record.vSwitchId,
      ZoneId: record.zoneId,
      PrivateIpAddress: record.privateIp,
      MacAddress: record.macAddress,
      NetworkInterfaceName: record.name,
      Description: record.description,
      OwnerId: record.accountId,
      ResourceGroupId: '',
      ServiceManaged: false,
      SourceDestCheck: record.sourceDestCheck,
      SecurityGroupIds: { SecurityGroupId: record.securityGroupIds },
      PrivateIpSets: { PrivateIpSet: [{ PrivateIpAddress: record.privateIp, Primary: true }] },
      Tags: { Tag: record.tags.map((t) => ({ Key: t.key, Value: t.value })) },
    };
  },
});

/** DeleteNetworkInterface as an operation: an Available secondary interface goes, with its addresses and its quota slot. */
export const deleteInterface = defineOperation<{ regionId: string; networkInterfaceId: string }, void>({
  name: 'DeleteNetworkInterface',
  run: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.regionId);
    const { record, stored } = await requireInterface(ctx, regionId, input.networkInterfaceId);
    if (!stored) throw EniErrors.primary();
    if (record.instanceId) throw EniErrors.eniState();
    const vSwitch = await loadVSwitch(ctx.store, accountId, regionId, record.vSwitchId);
    if (vSwitch) saveNetworkItem(ctx.tx, vSwitch, releaseAddresses(recordOf(vSwitch), addressesOf(record)));
    releaseQuotaSlots(ctx.tx, { accountId, quotaName: 'NetworkInterfaces', scope: regionId, amount: 1 });
    ctx.tx.remove(stored);
  },
});

export const deleteNetworkInterface = defineAction({
  name: 'DeleteNetworkInterface',
  input: z.object({ ...commonFields, RegionId: p.regionId(), NetworkInterfaceId: p.string({ min: 1 }) }),
  handler: async (input, ctx) => {
    await deleteInterface.run({ regionId: input.RegionId, networkInterfaceId: input.NetworkInterfaceId }, ctx);
    return {};
  },
});
