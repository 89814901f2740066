import { z } from 'zod';
import { modifyDiskSpec } from '../../domain/disk-spec';
import { requireAccountInGoodStanding } from '../account-standing';
import { defineAction } from '../action';
import { orderIdFor } from '../instances/orders';
import { commonFields, p } from '../params';
import { attachedInstance, diskIdParam, loadDisk, saveLoadedDisk } from './common';

/**
 * ModifyDiskSpec (rules: shared/domain/disk-spec.ts). The change is immediate in the sandbox, so no
 * task is left to follow: the answer carries an OrderId for a subscription disk (its price difference
 * is an order) and no TaskId.
 */
export const modifyDiskSpecAction = defineAction({
  name: 'ModifyDiskSpec',
  input: z.object({
    ...commonFields,
    DiskId: diskIdParam(),
    DiskCategory: p.string({ max: 64 }).optional(),
    PerformanceLevel: p.string({ max: 16 }).optional(),
  }),
  handler: async (input, ctx) => {
    await requireAccountInGoodStanding(ctx);
    const disk = await loadDisk(ctx, undefined, input.DiskId);
    const inst = await attachedInstance(ctx, disk.current);
    const next = modifyDiskSpec(disk.current, { category: input.DiskCategory, performanceLevel: input.PerformanceLevel }, inst?.current);
    if (next !== disk.current) saveLoadedDisk(ctx, disk, next);
    return disk.current.chargeType === 'PrePaid' ? { OrderId: orderIdFor(ctx.requestId) } : {};
  },
});
