import { z } from 'zod';
import { validateDescription } from '../../domain/names';
import { SnapshotErrors, snapshotTiming, validateSnapshotName } from '../../domain/snapshot';
import { planSnapshotCopy } from '../../domain/snapshot-copy';
import { validateTags } from '../../domain/tags';
import { storage } from '../../platform/config';
import { newResourceId } from '../../platform/ids';
import { findVisibleSnapshot, snapshotKey, snapshotItem } from '../../store/snapshots';
import { requireAccountInGoodStanding } from '../account-standing';
import { accountOf, defineAction } from '../action';
import { requireRegion } from '../instances/common';
import { commonFields, p } from '../params';

/**
 * CopySnapshot (rules: shared/domain/snapshot-copy.ts): `RegionId` is the source's region,
 * `DestinationRegionId` the copy's. A copy is a new paid resource, so an overdue account is refused.
 */
export const copySnapshot = defineAction({
  name: 'CopySnapshot',
  idempotent: true,
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    SnapshotId: p.string({ min: 1, max: 64 }),
    DestinationRegionId: p.string({ min: 1, max: 64 }),
    DestinationSnapshotName: p.string().optional(),
    DestinationSnapshotDescription: p.string().optional(),
    RetentionDays: p.int().optional(),
    Tag: p.list(z.object({ Key: p.string().optional(), Value: p.string().optional() }), { max: 64 }).optional(),
    ClientToken: p.clientToken().optional(),
  }),
  handler: async (input, ctx) => {
    const regionId = requireRegion(input.RegionId);
    if (input.DestinationSnapshotName !== undefined) validateSnapshotName(input.DestinationSnapshotName);
    if (input.DestinationSnapshotDescription !== undefined) validateDescription(input.DestinationSnapshotDescription);
    if (input.RetentionDays !== undefined && (input.RetentionDays < 1 || input.RetentionDays > storage.maxSnapshotRetentionDays)) {
      throw SnapshotErrors.retentionDays();
    }
    const tags = validateTags(input.Tag?.map((t) => ({ key: t.Key, value: t.Value })));
    await requireAccountInGoodStanding(ctx);
    const source = await findVisibleSnapshot(ctx.store, accountOf(ctx), regionId, input.SnapshotId, ctx.now);
    if (!source) throw SnapshotErrors.notFound();
    const copy = planSnapshotCopy(
      source,
      {
        snapshotId: newResourceId('s', input.DestinationRegionId),
        destinationRegionId: input.DestinationRegionId,
        name: input.DestinationSnapshotName,
        description: input.DestinationSnapshotDescription,
        retentionDays: input.RetentionDays,
        tags,
      },
      ctx.now,
      snapshotTiming(),
    );
    ctx.tx.create(snapshotKey(copy), snapshotItem({ ...copy, status: 'progressing' }));
    return { SnapshotId: copy.snapshotId };
  },
});
