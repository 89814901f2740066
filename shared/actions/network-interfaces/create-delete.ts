import { z } from 'zod';
import { Errors } from '../../domain/errors';
import { addressesOf, EniErrors, macAddressOf, type NetworkInterfaceRecord } from '../../domain/network-interface';
import { validateTags } from '../../domain/tags';
import { allocateAddresses, allocateChosenAddress, checkName, defaultSecurityGroupIdOfVpc, releaseAddresses } from '../../domain/vpc';
import { newResourceId } from '../../platform/ids';
import { networkInterfaceKey } from '../../store/network-interfaces';
import { releaseQuotaSlots, takeQuotaSlots } from '../../store/quota-counters';
import { loadSecurityGroups } from '../../store/security-groups';
import { loadVSwitch, recordOf, saveNetworkItem } from '../../store/vpcs';
import { accountOf, defineAction, type ActionContext } from '../action';
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
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.RegionId);
    const vSwitch = await loadVSwitch(ctx.store, accountId, regionId, input.VSwitchId);
    if (!vSwitch) throw EniErrors.vSwitchNotFound();
    checkName(input.NetworkInterfaceName, 'InvalidNetworkInterfaceName.Malformed', 'The specified NetworkInterfaceName is not valid.');
    checkName(input.Description, 'InvalidDescription.Malformed', 'The specified Description is not valid.');
    const groups = await checkGroups(ctx, regionId, vSwitch.vpcId, [
      ...(input.SecurityGroupId ? [input.SecurityGroupId] : []),
      ...(input.SecurityGroupIds ?? []),
    ]);
    const tags = validateTags(toTagInputs(input.Tag));
    let privateIp: string;
    let nextVSwitch;
    if (input.PrimaryIpAddress) {
      const chosen = allocateChosenAddress(vSwitch, input.PrimaryIpAddress);
      if (chosen === 'invalid') throw EniErrors.ipInvalid();
      if (chosen === 'inUse') throw EniErrors.ipInUse();
      privateIp = input.PrimaryIpAddress;
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
      name: input.NetworkInterfaceName ?? '',
      description: input.Description ?? '',
      privateIp,
      securityGroupIds: groups,
      macAddress: macAddressOf(id),
      createdAt: ctx.now.toISOString(),
      instanceId: '',
      deviceIndex: 0,
      attachmentId: '',
      attachedAt: '',
      deleteOnRelease: input.DeleteOnRelease ?? true,
      sourceDestCheck: input.SourceDestCheck ?? true,
      tags: tags.map((t) => ({ key: t.key, value: t.value })),
    };
    saveNetworkItem(ctx.tx, vSwitch, nextVSwitch);
    ctx.tx.create(networkInterfaceKey(accountId, regionId, id), record);
    return {
      NetworkInterfaceId: id,
      Status: statusOf(record),
      Type: typeOf(record),
      VpcId: record.vpcId,
      VSwitchId: record.vSwitchId,
      ZoneId: record.zoneId,
      PrivateIpAddress: privateIp,
      MacAddress: record.macAddress,
      NetworkInterfaceName: record.name,
      Description: record.description,
      OwnerId: accountId,
      ResourceGroupId: '',
      ServiceManaged: false,
      SourceDestCheck: record.sourceDestCheck,
      SecurityGroupIds: { SecurityGroupId: groups },
      PrivateIpSets: { PrivateIpSet: [{ PrivateIpAddress: privateIp, Primary: true }] },
      Tags: { Tag: record.tags.map((t) => ({ Key: t.key, Value: t.value })) },
    };
  },
});

export const deleteNetworkInterface = defineAction({
  name: 'DeleteNetworkInterface',
  input: z.object({ ...commonFields, RegionId: p.regionId(), NetworkInterfaceId: p.string({ min: 1 }) }),
  handler: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.RegionId);
    const { record, stored } = await requireInterface(ctx, regionId, input.NetworkInterfaceId);
    if (!stored) throw EniErrors.primary();
    if (record.instanceId) throw EniErrors.eniState();
    const vSwitch = await loadVSwitch(ctx.store, accountId, regionId, record.vSwitchId);
    if (vSwitch) saveNetworkItem(ctx.tx, vSwitch, releaseAddresses(recordOf(vSwitch), addressesOf(record)));
    releaseQuotaSlots(ctx.tx, { accountId, quotaName: 'NetworkInterfaces', scope: regionId, amount: 1 });
    ctx.tx.remove(stored);
    return {};
  },
});
