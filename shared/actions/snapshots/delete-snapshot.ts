import { z } from 'zod';
import { settleDisk } from '../../domain/disk';
import { checkDeleteSnapshot } from '../../domain/snapshot';
import { findDisk } from '../../store/disks';
import { stripKeys } from '../../store/instances';
import { findVisibleSnapshot, removeSnapshots } from '../../store/snapshots';
import { accountOf, defineAction } from '../action';
import { commonFields, p } from '../params';

/**
 * DeleteSnapshot (docs/rules/ecs-user-guide.md#snapshot-delete, https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-deletesnapshot): refused while a custom
 * image uses the snapshot (SnapshotCreatedImage: delete the image first) and,
 * without Force, when disks were created from it (SnapshotCreatedDisk).
 * Deleting a snapshot that is still being copied cancels it. An unknown
 * SnapshotId is ignored, as the reference documents.
 */
export const deleteSnapshot = defineAction({
  name: 'DeleteSnapshot',
  input: z.object({ ...commonFields, SnapshotId: p.string({ min: 1, max: 64 }), Force: p.bool().optional() }),
  handler: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const snapshot = await findVisibleSnapshot(ctx.store, accountId, undefined, input.SnapshotId, ctx.now);
    if (!snapshot) return {};
    checkDeleteSnapshot(snapshot, input.Force ?? false);
    const disk = await findDisk(ctx.store, accountId, snapshot.regionId, snapshot.sourceDiskId);
    removeSnapshots(ctx.tx, [snapshot], disk && { stored: disk, current: settleDisk(stripKeys(disk), ctx.now) });
    return {};
  },
});
