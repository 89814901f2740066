import { z } from 'zod';
import { defineAction } from '../action';
import { commonFields, p } from '../params';
import { tagEntries, toTagInputs } from './input';
import { tagResources as tagOperation, untagResources as untagOperation, type TagRemoval } from './operations';

/**
 * TagResources and UntagResources (SDK models; AlibabaCloudDocs/ecs "API Reference/Tags" for the
 * error codes): 1-50 resources of one type in one region, 1-20 tags per call (InvalidTagCount),
 * keys and values per the current API rules (shared/domain/tags.ts API_TAG_RULES), at most 20 tags
 * per resource (QuotaExceed.Tags, 403; binding an existing key overwrites its value, docs/rules/ecs-user-guide.md#tags).
 * All or nothing: an unknown resource id fails the call and no resource changes. The codecs of
 * the tag operations (./operations.ts).
 */
const resourceFields = {
  ...commonFields,
  RegionId: p.regionId(),
  ResourceType: p.string().optional(),
  ResourceId: p.list(p.string({ min: 1, max: 256 }), { max: 1000 }).optional(),
};

export const tagResources = defineAction({
  name: 'TagResources',
  input: z.object({ ...resourceFields, Tag: tagEntries() }),
  handler: async (input, ctx) => {
    await tagOperation.run(
      { regionId: input.RegionId, resourceType: input.ResourceType, resourceIds: input.ResourceId ?? [], tags: toTagInputs(input.Tag) },
      ctx,
    );
    return {};
  },
});

export const untagResources = defineAction({
  name: 'UntagResources',
  input: z.object({
    ...resourceFields,
    TagKey: p.list(p.string({ max: 1024 }), { max: 1000 }).optional(),
    All: p.bool().optional(),
  }),
  handler: async (input, ctx) => {
    // `All` counts only without TagKey.N (SDK UntagResourcesRequest).
    const remove: TagRemoval = input.TagKey?.length ? { keys: input.TagKey } : input.All === true ? { all: true } : { keys: [] };
    await untagOperation.run({ regionId: input.RegionId, resourceType: input.ResourceType, resourceIds: input.ResourceId ?? [], remove }, ctx);
    return {};
  },
});
