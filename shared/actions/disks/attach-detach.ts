import { currentDialect } from '../../platform/dialect';
import { z } from 'zod';
import { storage } from '../../platform/config';
import { defineAction } from '../action';
import { commonFields, p } from '../params';
import { diskIdParam } from './common';
import { attachDisk as attachDiskOperation, detachDisk as detachDiskOperation } from './operations';

/**
 * AttachDisk and DetachDisk: the ECS codecs of the attach and detach operations (./operations.ts).
 * Another action of the EC2 dialect that reaches them through the ECS wire keeps EC2's rules: a
 * running instance takes a disk, EC2 device names are accepted.
 */
export const attachDisk = defineAction({
  name: 'AttachDisk',
  input: z.object({
    ...commonFields,
    DiskId: diskIdParam(),
    InstanceId: p.string({ min: 1, max: 64 }),
    Device: p.string().optional(),
    DeleteWithInstance: p.bool().optional(),
    Bootable: p.bool().optional(),
    Force: p.bool().optional(),
    Password: p.string().optional(),
    KeyPairName: p.string().optional(),
  }),
  handler: async (input, ctx) => {
    const ec2 = currentDialect() === 'ec2';
    await attachDiskOperation.run(
      {
        diskId: input.DiskId,
        instanceId: input.InstanceId,
        device: input.Device,
        deleteWithInstance: input.DeleteWithInstance,
        bootable: input.Bootable,
        requireStopped: storage.attachRequiresStopped && !ec2,
        ec2DeviceNames: ec2,
      },
      ctx,
    );
    return {};
  },
});

export const detachDisk = defineAction({
  name: 'DetachDisk',
  input: z.object({
    ...commonFields,
    DiskId: diskIdParam(),
    InstanceId: p.string({ min: 1, max: 64 }),
    DeleteWithInstance: p.bool().optional(),
  }),
  handler: async (input, ctx) => {
    await detachDiskOperation.run({ diskId: input.DiskId, instanceId: input.InstanceId, deleteWithInstance: input.DeleteWithInstance }, ctx);
    return {};
  },
});
