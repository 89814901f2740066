import type { InstanceRecord } from '../../domain/instance';
import { lifecycle } from '../../platform/config';
import { listInstances } from '../../store/instances';
import { accountOf } from '../action';
import { defineOperation } from '../operation';
import { requireRegion } from './common';

/**
 * Every instance of the caller's account in a region as it is now (settled to the sandbox clock;
 * one whose release is due is already gone), in id order: one Query of the region's instance
 * partition. The EC2 view of a filtered DescribeInstances reads this instead of paging the ECS
 * action (shared/protocol/ec2/actions/instance-view.ts).
 */
export const instancesOfRegion = defineOperation<{ regionId: string }, InstanceRecord[]>({
  name: 'DescribeInstances',
  run: async (input, ctx) => {
    const regionId = requireRegion(input.regionId);
    // `keep` makes the store read in Query pages of 200 (a page limit must be a DynamoDB Limit, not "everything").
    const all = await listInstances(ctx.store, accountOf(ctx), regionId, {
      now: ctx.now,
      settings: lifecycle,
      limit: Number.MAX_SAFE_INTEGER,
      keep: () => true,
    });
    return all.items;
  },
});
