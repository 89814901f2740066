import { z } from 'zod';
import { Errors } from '../../domain/errors';
import { defineAction } from '../action';
import { commonFields, p } from '../params';
import { diskIdParam } from './common';
import { modifyDiskAttribute as modifyDiskAttributeOperation } from './operations';

/**
 * ModifyDiskAttribute: the ECS codec of the attribute operation (./operations.ts): name,
 * description, DeleteWithInstance, DeleteAutoSnapshot and EnableAutoSnapshot, for one disk
 * (`DiskId`) or up to 100 (`DiskIds.N`).
 */
export const modifyDiskAttribute = defineAction({
  name: 'ModifyDiskAttribute',
  input: z.object({
    ...commonFields,
    RegionId: p.regionId().optional(),
    DiskId: diskIdParam().optional(),
    DiskIds: p.list(diskIdParam(), { max: 100 }).optional(),
    DiskName: p.string().optional(),
    Description: p.string().optional(),
    DeleteWithInstance: p.bool().optional(),
    DeleteAutoSnapshot: p.bool().optional(),
    EnableAutoSnapshot: p.bool().optional(),
    BurstingEnabled: p.bool().optional(),
  }),
  handler: async (input, ctx) => {
    if (input.DiskId !== undefined && input.DiskIds !== undefined) {
      throw Errors.invalid('InvalidParameter.Conflict', 'DiskId and DiskIds.N cannot be specified together.');
    }
    await modifyDiskAttributeOperation.run(
      {
        regionId: input.RegionId,
        diskIds: input.DiskIds ?? (input.DiskId !== undefined ? [input.DiskId] : []),
        name: input.DiskName,
        description: input.Description,
        deleteWithInstance: input.DeleteWithInstance,
        deleteAutoSnapshot: input.DeleteAutoSnapshot,
        enableAutoSnapshot: input.EnableAutoSnapshot,
        burstingEnabled: input.BurstingEnabled,
      },
      ctx,
    );
    return {};
  },
});
