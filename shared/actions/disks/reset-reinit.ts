import { z } from 'zod';
import { defineAction } from '../action';
import { commonFields, p } from '../params';
import { diskIdParam } from './common';
import { reInitDisk as reInitDiskOperation, resetDisk as resetDiskOperation } from './restore-operations';

/** ResetDisk and ReInitDisk: the ECS codecs of the roll-back and re-initialisation operations (./restore-operations.ts). */
export const resetDisk = defineAction({
  name: 'ResetDisk',
  input: z.object({ ...commonFields, DiskId: diskIdParam(), SnapshotId: p.string({ min: 1, max: 64 }) }),
  handler: async (input, ctx) => {
    await resetDiskOperation.run({ diskId: input.DiskId, snapshotId: input.SnapshotId }, ctx);
    return {};
  },
});

export const reInitDisk = defineAction({
  name: 'ReInitDisk',
  input: z.object({
    ...commonFields,
    DiskId: diskIdParam(),
    AutoStartInstance: p.bool().optional(),
    Password: p.string().optional(),
    KeyPairName: p.string().optional(),
    SecurityEnhancementStrategy: p.enum(['Active', 'Deactive']).optional(),
  }),
  handler: async (input, ctx) => {
    await reInitDiskOperation.run(
      { diskId: input.DiskId, autoStartInstance: input.AutoStartInstance, password: input.Password, keyPairName: input.KeyPairName },
      ctx,
    );
    return {};
  },
});
