import { z } from 'zod';
import { isoSeconds } from '../../platform/clock';
import { defineAction } from '../action';
import { pageFields, pageOf } from '../paging';
import { commonFields, p } from '../params';
import { imageIdParam } from './common';
import { describeImageSharing, modifyImageSharing } from './operations';

/**
 * The ECS codec of the modifyImageSharing operation (./operations.ts, where the rules are). ModifyImageSharePermission (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-modifyimagesharepermission, docs/rules/ecs-user-guide.md#image-share, the ECS image lifecycle FAQ (https://www.alibabacloud.com/help/en/ecs/user-guide/faq-about-image-lifecycle)): only the owner shares
 * its own custom image (a recipient gets InvalidImageId.NotFound: the image is not in its account,
 * so it cannot share it on, docs/rules/ecs-user-guide.md#image-share); `AddAccount.N` / `RemoveAccount.N` take the first 10
 * each, anything beyond is ignored (https://www.alibabacloud.com/help/en/ecs/user-guide/limits); at most 50 accounts per image
 * (ImageShareAccounts quota) and 100 shared images per region (SharedImages quota, the ECS image lifecycle FAQ (https://www.alibabacloud.com/help/en/ecs/user-guide/faq-about-image-lifecycle)).
 * Sharing is within the region: a recipient sees and launches the image only in the image's
 * region (docs/rules/ecs-user-guide.md#image-share). `IsPublic` publishes the image as a community image. A deprecated,
 * disabled, unfinished or encrypted image cannot be shared. The share index items move in the
 * same transaction as the image.
 */
export const modifyImageSharePermission = defineAction({
  name: 'ModifyImageSharePermission',
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    ImageId: imageIdParam(),
    AddAccount: p.list(p.string({ min: 1, max: 64 }), { max: 1000 }).optional(),
    RemoveAccount: p.list(p.string({ min: 1, max: 64 }), { max: 1000 }).optional(),
    IsPublic: p.bool().optional(),
    LaunchPermission: p.string().optional(),
  }),
  handler: async (input, ctx) => {
    await modifyImageSharing.run(
      {
        regionId: input.RegionId,
        imageId: input.ImageId,
        addAccounts: input.AddAccount ?? [],
        removeAccounts: input.RemoveAccount ?? [],
        isPublic: input.IsPublic,
      },
      ctx,
    );
    return {};
  },
});

/** DescribeImageSharePermission: the accounts the owner's image is shared with, paged, and `all` when it is public. */
export const describeImageSharePermission = defineAction({
  name: 'DescribeImageSharePermission',
  input: z.object({ ...commonFields, ...pageFields(100), RegionId: p.regionId(), ImageId: imageIdParam() }),
  handler: async (input, ctx) => {
    const current = await describeImageSharing.run({ regionId: input.RegionId, imageId: input.ImageId }, ctx);
    const accounts = current.sharedWith.map((a) => ({
      AliyunId: a,
      SharedTime: current.sharedTimes?.[a] ? isoSeconds(new Date(current.sharedTimes[a])) : '',
    }));
    const page = pageOf(accounts, input.PageNumber, input.PageSize);
    return {
      RegionId: current.regionId,
      ImageId: current.imageId,
      TotalCount: page.TotalCount,
      PageNumber: page.PageNumber,
      PageSize: page.PageSize,
      Accounts: { Account: page.items },
      ShareGroups: { ShareGroup: current.isPublic ? [{ Group: 'all' }] : [] },
    };
  },
});
