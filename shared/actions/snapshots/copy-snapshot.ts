import { z } from 'zod';
import { validateDescription } from '../../domain/names';
import { SnapshotErrors, snapshotTiming, validateSnapshotName, type SnapshotRecord } from '../../domain/snapshot';
import { planSnapshotCopy } from '../../domain/snapshot-copy';
import { validateTags, type TagInput } from '../../domain/tags';
import { storage } from '../../platform/config';
import { newResourceId } from '../../platform/ids';
import { findVisibleSnapshot, snapshotKey, snapshotItem } from '../../store/snapshots';
import { requireAccountInGoodStanding } from '../account-standing';
import { accountOf, defineAction } from '../action';
import { requireRegion } from '../instances/common';
import { defineOperation } from '../operation';
import { commonFields, p } from '../params';

/** What a copy is made of, in domain terms: the source (its region and id) and the copy's region, name, description, retention and tags. */
export interface CopySnapshotInput {
  regionId: string;
  snapshotId: string;
  destinationRegionId: string;
  name?: string;
  description?: string;
  retentionDays?: number;
  tags?: readonly TagInput[];
}

/**
 * CopySnapshot (rules: shared/domain/snapshot-copy.ts): the operation (docs/operations.md) and,
 * below it, its ECS codec. `regionId` is the source's region, `destinationRegionId` the copy's. A
 * copy is a new paid resource, so an overdue account is refused. The copy is `progressing` until
 * its copy time has passed.
 */
export const copySnapshot = defineOperation<CopySnapshotInput, SnapshotRecord>({
  name: 'CopySnapshot',
  run: async (input, ctx) => {
    const regionId = requireRegion(input.regionId);
    if (input.name !== undefined) validateSnapshotName(input.name);
    if (input.description !== undefined) validateDescription(input.description);
    if (input.retentionDays !== undefined && (input.retentionDays < 1 || input.retentionDays > storage.maxSnapshotRetentionDays)) {
      throw SnapshotErrors.retentionDays();
    }
    const tags = validateTags(input.tags);
    await requireAccountInGoodStanding(ctx);
    const source = await findVisibleSnapshot(ctx.store, accountOf(ctx), regionId, input.snapshotId, ctx.now);
    if (!source) throw SnapshotErrors.notFound();
    const copy = planSnapshotCopy(
      source,
      {
        snapshotId: newResourceId('s', input.destinationRegionId),
        destinationRegionId: input.destinationRegionId,
        name: input.name,
        description: input.description,
        retentionDays: input.retentionDays,
        tags,
      },
      ctx.now,
      snapshotTiming(),
    );
    ctx.tx.create(snapshotKey(copy), snapshotItem({ ...copy, status: 'progressing' }));
    return copy;
  },
});

/** The ECS codec of CopySnapshot (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-copysnapshot). */
export const copySnapshotAction = defineAction({
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
    const copy = await copySnapshot.run(
      {
        regionId: input.RegionId,
        snapshotId: input.SnapshotId,
        destinationRegionId: input.DestinationRegionId,
        name: input.DestinationSnapshotName,
        description: input.DestinationSnapshotDescription,
        retentionDays: input.RetentionDays,
        tags: input.Tag?.map((t) => ({ key: t.Key, value: t.Value })),
      },
      ctx,
    );
    return { SnapshotId: copy.snapshotId };
  },
});
