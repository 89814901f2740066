import { z } from 'zod';
import { defineAction } from '../action';
import { commonFields, p } from '../params';
import { diskIdParam } from './common';
import { modifyDiskSpec } from './operations';

/**
 * ModifyDiskSpec: the ECS codec of the spec operation (./operations.ts, rules:
 * shared/domain/disk-spec.ts). The change is immediate in the sandbox, so no task is left to
 * follow: the answer carries an OrderId for a subscription disk and no TaskId.
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
    const { orderId } = await modifyDiskSpec.run({ diskId: input.DiskId, category: input.DiskCategory, performanceLevel: input.PerformanceLevel }, ctx);
    return orderId !== undefined ? { OrderId: orderId } : {};
  },
});
