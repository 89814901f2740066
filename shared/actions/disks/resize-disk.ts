import { z } from 'zod';
import { DiskErrors, resize } from '../../domain/disk';
import { defineAction } from '../action';
import { commonFields, p } from '../params';
import { attachedInstance, diskIdParam, loadDisk, saveLoadedDisk } from './common';

/**
 * ResizeDisk: grow a disk (never shrink) within its category's range; not
 * while a snapshot of it is being copied; `online` needs a Running instance.
 */
export const resizeDisk = defineAction({
  name: 'ResizeDisk',
  idempotent: true,
  input: z.object({
    ...commonFields,
    DiskId: diskIdParam(),
    NewSize: p.int({ min: 1, max: 1_000_000 }),
    Type: p.string().optional(),
    ClientToken: p.clientToken().optional(),
  }),
  handler: async (input, ctx) => {
    const type = input.Type ?? 'offline';
    if (type !== 'offline' && type !== 'online') throw DiskErrors.resizeType();
    const disk = await loadDisk(ctx, undefined, input.DiskId);
    const inst = await attachedInstance(ctx, disk.current);
    saveLoadedDisk(ctx, disk, resize(disk.current, input.NewSize, type, inst?.current, ctx.now));
    return { OrderId: '' };
  },
});
