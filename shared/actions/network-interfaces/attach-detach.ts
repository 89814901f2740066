import { z } from 'zod';
import { Errors } from '../../domain/errors';
import { attachableStatus, attachmentIdOf, EniErrors, maxInterfacesOf, primaryEniId } from '../../domain/network-interface';
import { currentDialect } from '../../platform/dialect';
import { listNetworkInterfaces } from '../../store/network-interfaces';
import { accountOf, defineAction } from '../action';
import { loadCurrent, requireRegion } from '../instances/common';
import { commonFields, p } from '../params';
import { recordOf } from '../../store/vpcs';
import { attachedInstanceIds, requireInterface, settledInterface } from './common';

/**
 * ECS AttachNetworkInterface and DetachNetworkInterface
 * (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-attachnetworkinterface,
 * …-detachnetworkinterface): an Available secondary interface goes to a Running or Stopped
 * instance of its VPC and zone, within the instance type's interface count (its primary one
 * included: the catalogue's ENI quantity, EniPerInstanceLimitExceeded; EC2 AttachmentLimitExceeded).
 * The primary interface never leaves its instance. Instantaneous (never seen Attaching/Detaching).
 */

export const attachNetworkInterface = defineAction({
  name: 'AttachNetworkInterface',
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    NetworkInterfaceId: p.string({ min: 1 }),
    InstanceId: p.string({ min: 1 }),
    /** Only physical card 0 exists in the sandbox. */
    NetworkCardIndex: p.int({ min: 0, max: 0 }).optional(),
    /** Deprecated by the reference; accepted without effect. */
    WaitForNetworkConfigurationReady: p.bool().optional(),
    /** Sandbox extension for EC2's AttachNetworkInterface: the device index (1 and up; default the lowest free one). */
    DeviceIndex: p.int({ min: 1, max: 31 }).optional(),
  }),
  handler: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.RegionId);
    const { record, stored } = await requireInterface(ctx, regionId, input.NetworkInterfaceId);
    if (!stored) throw EniErrors.eniState();
    if (record.instanceId) throw EniErrors.eniState();
    const instance = await loadCurrent(ctx, regionId, input.InstanceId).catch(() => {
      throw EniErrors.instanceNotFound();
    });
    const i = instance.current;
    if (!attachableStatus(i)) throw EniErrors.ecsState();
    if (i.vpcId !== record.vpcId) throw EniErrors.vpcMismatch();
    if (i.zoneId !== record.zoneId) throw EniErrors.zoneMismatch();
    const all = await listNetworkInterfaces(ctx.store, accountId, regionId);
    const live = await attachedInstanceIds(ctx, regionId, all);
    const onInstance = all.map((e) => settledInterface(e, live)).filter((e) => e.instanceId === i.instanceId);
    // The primary interface counts: an instance of a one-interface type takes no secondary one.
    if (1 + onInstance.length + 1 > maxInterfacesOf(i.instanceType, currentDialect())) throw EniErrors.perInstance();
    const used = new Set(onInstance.map((e) => e.deviceIndex));
    let deviceIndex = input.DeviceIndex;
    if (deviceIndex !== undefined && used.has(deviceIndex)) {
      throw Errors.invalid('InvalidParameter.DeviceIndex', `Instance '${i.instanceId}' already has an interface attached at device index '${deviceIndex}'.`);
    }
    if (deviceIndex === undefined) for (deviceIndex = 1; used.has(deviceIndex); deviceIndex++);
    ctx.tx.replace(stored, {
      ...recordOf(stored),
      instanceId: i.instanceId,
      deviceIndex,
      attachmentId: attachmentIdOf(record.networkInterfaceId, i.instanceId),
      attachedAt: ctx.now.toISOString(),
    });
    // The instance's version is checked: a concurrent release or second attach conflicts and re-runs.
    ctx.tx.requireUnchanged(instance.stored);
    return { AttachmentId: attachmentIdOf(record.networkInterfaceId, i.instanceId), DeviceIndex: deviceIndex };
  },
});

export const detachNetworkInterface = defineAction({
  name: 'DetachNetworkInterface',
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    NetworkInterfaceId: p.string({ min: 1 }),
    InstanceId: p.string({ min: 1 }),
    TrunkNetworkInstanceId: p.string().optional(),
  }),
  handler: async (input, ctx) => {
    const regionId = requireRegion(input.RegionId);
    if (input.NetworkInterfaceId === primaryEniId(input.InstanceId)) throw EniErrors.primary();
    const { record, stored } = await requireInterface(ctx, regionId, input.NetworkInterfaceId);
    if (!stored) throw EniErrors.primary();
    if (input.TrunkNetworkInstanceId) throw EniErrors.eniState();
    if (!record.instanceId) throw EniErrors.eniState();
    if (record.instanceId !== input.InstanceId) throw EniErrors.instanceNotFound();
    const instance = await loadCurrent(ctx, regionId, input.InstanceId);
    if (!attachableStatus(instance.current)) throw EniErrors.ecsState();
    ctx.tx.replace(stored, { ...recordOf(stored), instanceId: '', deviceIndex: 0, attachmentId: '', attachedAt: '' });
    ctx.tx.requireUnchanged(instance.stored);
    return {};
  },
});
