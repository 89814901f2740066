import { z } from 'zod';
import { attachableStatus, attachmentIdOf, EniErrors, maxInterfacesOf, primaryEniId } from '../../domain/network-interface';
import { listNetworkInterfaces } from '../../store/network-interfaces';
import { accountOf, defineAction } from '../action';
import { defineOperation } from '../operation';
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

export interface AttachInterfaceInput {
  regionId: string;
  networkInterfaceId: string;
  instanceId: string;
  /** 1 and up; default the lowest free one. */
  deviceIndex?: number;
  /** EC2's interface count per instance type instead of ECS's (maxInterfacesOf). */
  ec2Limits?: boolean;
}

/** AttachNetworkInterface as an operation (docs/operations.md); `instanceType` is the ECS type, for an error message that names it. */
export const attachInterface = defineOperation<AttachInterfaceInput, { attachmentId: string; deviceIndex: number; instanceType: string }>({
  name: 'AttachNetworkInterface',
  run: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.regionId);
    const { record, stored } = await requireInterface(ctx, regionId, input.networkInterfaceId);
    if (!stored) throw EniErrors.eniState();
    if (record.instanceId) throw EniErrors.eniState();
    const instance = await loadCurrent(ctx, regionId, input.instanceId).catch(() => {
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
    if (1 + onInstance.length + 1 > maxInterfacesOf(i.instanceType, input.ec2Limits ? 'ec2' : 'ecs')) throw EniErrors.perInstance(i.instanceType);
    const used = new Set(onInstance.map((e) => e.deviceIndex));
    let deviceIndex = input.deviceIndex;
    if (deviceIndex !== undefined && used.has(deviceIndex)) {
      throw EniErrors.deviceIndex(i.instanceId, deviceIndex);
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
    return { attachmentId: attachmentIdOf(record.networkInterfaceId, i.instanceId), deviceIndex, instanceType: i.instanceType };
  },
});

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
    const out = await attachInterface.run(
      {
        regionId: input.RegionId,
        networkInterfaceId: input.NetworkInterfaceId,
        instanceId: input.InstanceId,
        deviceIndex: input.DeviceIndex,
        ec2Limits: false,
      },
      ctx,
    );
    return { AttachmentId: out.attachmentId, DeviceIndex: out.deviceIndex };
  },
});

/** DetachNetworkInterface as an operation: a secondary interface leaves the instance it is on. */
export const detachInterface = defineOperation<{ regionId: string; networkInterfaceId: string; instanceId: string; trunkNetworkInstanceId?: string }, void>({
  name: 'DetachNetworkInterface',
  run: async (input, ctx) => {
    const regionId = requireRegion(input.regionId);
    if (input.networkInterfaceId === primaryEniId(input.instanceId)) throw EniErrors.primary();
    const { record, stored } = await requireInterface(ctx, regionId, input.networkInterfaceId);
    if (!stored) throw EniErrors.primary();
    if (input.trunkNetworkInstanceId) throw EniErrors.eniState();
    if (!record.instanceId) throw EniErrors.eniState();
    if (record.instanceId !== input.instanceId) throw EniErrors.instanceNotFound();
    const instance = await loadCurrent(ctx, regionId, input.instanceId);
    if (!attachableStatus(instance.current)) throw EniErrors.ecsState();
    ctx.tx.replace(stored, { ...recordOf(stored), instanceId: '', deviceIndex: 0, attachmentId: '', attachedAt: '' });
    ctx.tx.requireUnchanged(instance.stored);
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
    await detachInterface.run(
      {
        regionId: input.RegionId,
        networkInterfaceId: input.NetworkInterfaceId,
        instanceId: input.InstanceId,
        trunkNetworkInstanceId: input.TrunkNetworkInstanceId,
      },
      ctx,
    );
    return {};
  },
});
