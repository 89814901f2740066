import { z } from 'zod';
import { defineAction } from '../action';
import { commonFields } from '../params';
import { diskIdParam } from './common';
import { deleteDisk as deleteDiskOperation } from './operations';

/** DeleteDisk: the ECS codec of the delete operation (./operations.ts); an unknown DiskId is ignored, as the reference documents. */
export const deleteDisk = defineAction({
  name: 'DeleteDisk',
  input: z.object({ ...commonFields, DiskId: diskIdParam() }),
  handler: async (input, ctx) => {
    await deleteDiskOperation.run({ diskId: input.DiskId }, ctx);
    return {};
  },
});
