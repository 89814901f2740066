import { currentDialect } from '../../platform/dialect';
import { z } from 'zod';
import { attach, detach, DiskErrors } from '../../domain/disk';
import { storage } from '../../platform/config';
import { defineAction } from '../action';
import { commonFields, p } from '../params';
import { loadCurrent, save } from '../instances/common';
import { dataDisksOf, diskIdParam, loadDisk, saveLoadedDisk, transitionSeconds } from './common';

/**
 * AttachDisk and DetachDisk. The disk and the instance record (its
 * `dataDiskIds`) change in one transaction, each conditional on the version
 * read, so two attaches racing for one disk or for the last device of one
 * instance cannot both succeed. The rules are shared/domain/disk.ts `attach`
 * and `detach`.
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
    const disk = await loadDisk(ctx, undefined, input.DiskId);
    const inst = await loadCurrent(ctx, disk.current.regionId, input.InstanceId);
    // The system disk cannot be detached here (docs/rules/ecs-user-guide.md#disk-detach), so there is never a detached system disk to boot from.
    if (input.Bootable) throw DiskErrors.notAttachable();
    const dataDisks = (await dataDisksOf(ctx, inst)).filter((d) => d.diskId !== disk.current.diskId);
    const next = attach(disk.current, inst.current, ctx.now, {
      // EC2 attaches volumes to running instances (https://docs.aws.amazon.com/ebs/latest/userguide/ebs-attaching-volume.html).
      requireStopped: storage.attachRequiresStopped && currentDialect() !== 'ec2',
      usedDevices: dataDisks.map((d) => d.device).filter((d): d is string => Boolean(d)),
      device: input.Device,
      deleteWithInstance: input.DeleteWithInstance,
      transitionSeconds: transitionSeconds(),
    });
    saveLoadedDisk(ctx, disk, next);
    save(ctx, inst, { ...inst.current, dataDiskIds: [...inst.current.dataDiskIds.filter((id) => id !== next.diskId), next.diskId] });
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
    const disk = await loadDisk(ctx, undefined, input.DiskId);
    const inst = await loadCurrent(ctx, disk.current.regionId, input.InstanceId);
    const next = detach(disk.current, inst.current, ctx.now, {
      deleteWithInstance: input.DeleteWithInstance,
      transitionSeconds: transitionSeconds(),
    });
    saveLoadedDisk(ctx, disk, next);
    save(ctx, inst, { ...inst.current, dataDiskIds: inst.current.dataDiskIds.filter((id) => id !== next.diskId) });
    return {};
  },
});
