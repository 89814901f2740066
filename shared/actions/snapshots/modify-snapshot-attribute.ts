import { z } from 'zod';
import { validateDescription } from '../../domain/names';
import { retentionUntil, SnapshotErrors, validateSnapshotName } from '../../domain/snapshot';
import { storage } from '../../platform/config';
import { findVisibleSnapshot, saveSnapshot } from '../../store/snapshots';
import { stripKeys } from '../../store/instances';
import { accountOf, defineAction } from '../action';
import { commonFields, p } from '../params';

/**
 * ModifySnapshotAttribute (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-modifysnapshotattribute):
 * the name, the description and the retention (days from the snapshot's creation; the
 * `snapshotRetention` job deletes it when they have run out, as for CreateSnapshot RetentionDays).
 */
export const modifySnapshotAttribute = defineAction({
  name: 'ModifySnapshotAttribute',
  input: z.object({
    ...commonFields,
    SnapshotId: p.string({ min: 1, max: 64 }),
    SnapshotName: p.string().optional(),
    Description: p.string().optional(),
    RetentionDays: p.int().optional(),
  }),
  handler: async (input, ctx) => {
    if (input.SnapshotName !== undefined) validateSnapshotName(input.SnapshotName);
    if (input.Description !== undefined) validateDescription(input.Description);
    if (input.RetentionDays !== undefined && (input.RetentionDays < 1 || input.RetentionDays > storage.maxSnapshotRetentionDays)) {
      throw SnapshotErrors.retentionDays();
    }
    const stored = await findVisibleSnapshot(ctx.store, accountOf(ctx), undefined, input.SnapshotId, ctx.now);
    if (!stored) throw SnapshotErrors.notFound();
    let next = stripKeys(stored);
    if (input.SnapshotName !== undefined) next = { ...next, snapshotName: input.SnapshotName };
    if (input.Description !== undefined) next = { ...next, description: input.Description };
    if (input.RetentionDays !== undefined) {
      next = { ...next, retentionDays: input.RetentionDays, retentionUntil: retentionUntil(next.creationTime, input.RetentionDays) };
    }
    saveSnapshot(ctx.tx, stored, next);
    return {};
  },
});
