import { z } from 'zod';
import { defineAction } from '../action';
import { commonFields, p } from '../params';
import { deleteSnapshot as deleteSnapshotOperation } from './operations';

/**
 * The ECS codec of the deleteSnapshot operation (./operations.ts). DeleteSnapshot (docs/rules/ecs-user-guide.md#snapshot-delete, https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-deletesnapshot): refused while a custom
 * image uses the snapshot (SnapshotCreatedImage: delete the image first) and,
 * without Force, when disks were created from it (SnapshotCreatedDisk).
 * Deleting a snapshot that is still being copied cancels it. An unknown
 * SnapshotId is ignored, as the reference documents.
 */
export const deleteSnapshot = defineAction({
  name: 'DeleteSnapshot',
  input: z.object({ ...commonFields, SnapshotId: p.string({ min: 1, max: 64 }), Force: p.bool().optional() }),
  handler: async (input, ctx) => {
    await deleteSnapshotOperation.run({ snapshotId: input.SnapshotId, force: input.Force ?? false }, ctx);
    return {};
  },
});
