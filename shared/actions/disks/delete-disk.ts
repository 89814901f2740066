import { z } from 'zod';
import { checkDelete } from '../../domain/disk';
import { loadDiskReleaseCascade, releaseDisk } from '../../store/disks';
import { defineAction } from '../action';
import { commonFields } from '../params';
import { diskIdParam, findLoadedDisk } from './common';

/**
 * DeleteDisk (docs/rules/ecs-user-guide.md#disk-delete, https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-deletedisk): releases an
 * Available data disk. Its automatic snapshots go with it when
 * DeleteAutoSnapshot is on; manual snapshots always stay. An unknown DiskId
 * is ignored, as the reference documents.
 */
export const deleteDisk = defineAction({
  name: 'DeleteDisk',
  input: z.object({ ...commonFields, DiskId: diskIdParam() }),
  handler: async (input, ctx) => {
    const disk = await findLoadedDisk(ctx, undefined, input.DiskId);
    if (!disk) return {};
    checkDelete(disk.current, ctx.now);
    const cascade = await loadDiskReleaseCascade(ctx.store, [disk.current]);
    releaseDisk(ctx.tx, disk.stored, cascade);
    return {};
  },
});
