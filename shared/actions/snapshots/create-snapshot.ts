import { z } from 'zod';
import { defineAction } from '../action';
import { commonFields, p } from '../params';
import { diskIdParam } from '../disks/common';
import { createSnapshot as createSnapshotOperation } from './operations';

/**
 * CreateSnapshot (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-createsnapshot):
 * the ECS codec of the createSnapshot operation (./operations.ts, where its rules are); ClientToken
 * is the runner's.
 */
export const createSnapshot = defineAction({
  name: 'CreateSnapshot',
  idempotent: true,
  input: z.object({
    ...commonFields,
    DiskId: diskIdParam(),
    SnapshotName: p.string().optional(),
    Description: p.string().optional(),
    RetentionDays: p.int().optional(),
    Category: p.enum(['Standard', 'Flash']).optional(),
    InstantAccess: p.bool().optional(),
    InstantAccessRetentionDays: p.int().optional(),
    ResourceGroupId: p.string().optional(),
    StorageLocationArn: p.string().optional(),
    Tag: p.list(z.object({ Key: p.string().optional(), Value: p.string().optional() }), { max: 64 }).optional(),
    ClientToken: p.clientToken().optional(),
  }),
  handler: async (input, ctx) => {
    const snapshot = await createSnapshotOperation.run(
      {
        diskId: input.DiskId,
        name: input.SnapshotName,
        description: input.Description,
        retentionDays: input.RetentionDays,
        category: input.Category,
        tags: (input.Tag ?? []).map((t) => ({ key: t.Key, value: t.Value })),
      },
      ctx,
    );
    return { SnapshotId: snapshot.snapshotId };
  },
});
