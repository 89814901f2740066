import { z } from 'zod';
import { isKnownRegion } from '../../domain/catalogue/regions';
import { ApiError } from '../../domain/errors';
import { defineAction } from '../action';
import { defineOperation } from '../operation';
import { commonFields, p } from '../params';
import { snapshotsOfRegion } from './operations';

/**
 * DescribeSnapshotsUsage
 * (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describesnapshotsusage):
 * the operation and, below it, its ECS codec. How many snapshots the caller stores in a region
 * and their total size in bytes. Where the reference is silent: every snapshot of the caller's in
 * the region counts, one still being copied included, at the size it stores now (DescribeSnapshots
 * `SourceDiskSize` is the disk's; `SnapshotSize` here sums what each snapshot itself stores, the
 * figure snapshot storage is billed by). An unknown region is the documented 403
 * `InvalidParam.RegionId`. EC2 has no twin of it.
 */
export const snapshotsUsage = defineOperation<{ regionId: string }, { count: number; sizeBytes: number }>({
  name: 'DescribeSnapshotsUsage',
  run: async (input, ctx) => {
    if (!isKnownRegion(input.regionId)) throw new ApiError('InvalidParam.RegionId', 403, 'The specified region is not exist.');
    const { snapshots } = await snapshotsOfRegion.run({ regionId: input.regionId }, ctx);
    return { count: snapshots.length, sizeBytes: snapshots.reduce((sum, s) => sum + s.sizeBytes, 0) };
  },
});

export const describeSnapshotsUsageAction = defineAction({
  name: 'DescribeSnapshotsUsage',
  input: z.object({ ...commonFields, RegionId: p.regionId() }),
  handler: async (input, ctx) => {
    const { count, sizeBytes } = await snapshotsUsage.run({ regionId: input.RegionId }, ctx);
    return { SnapshotCount: count, SnapshotSize: sizeBytes };
  },
});
