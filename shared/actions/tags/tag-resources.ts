import { z } from 'zod';
import { Errors } from '../../domain/errors';
import { mergeTags, removeTagKeys, validateTagKeys, validateTags } from '../../domain/tags';
import { accountOf, defineAction } from '../action';
import { requireRegion } from '../instances/common';
import { commonFields, p } from '../params';
import { tagEntries, toTagInputs } from './input';
import { MAX_RESOURCE_IDS, resourceKind, tagApiErrors, tagsOf } from './resources';

/**
 * TagResources and UntagResources (SDK models; AlibabaCloudDocs/ecs "API Reference/Tags" for the
 * error codes): 1-50 resources of one type in one region, 1-20 tags per call (InvalidTagCount),
 * keys and values per the current API rules (shared/domain/tags.ts API_TAG_RULES), at most 20 tags
 * per resource (QuotaExceed.Tags, 403; binding an existing key overwrites its value, guide L3599).
 * All or nothing: an unknown resource id fails the call and no resource changes.
 */
const resourceFields = {
  ...commonFields,
  RegionId: p.regionId(),
  ResourceType: p.string().optional(),
  ResourceId: p.list(p.string({ min: 1, max: 256 }), { max: 1000 }).optional(),
};

function resourceIds(ids: string[] | undefined): string[] {
  // Counted as given: ResourceId.N takes N up to 50, repeats included.
  if ((ids ?? []).length > MAX_RESOURCE_IDS) throw tagApiErrors.tooManyResources();
  const unique = [...new Set(ids ?? [])];
  if (unique.length === 0) throw Errors.missingParameter('ResourceId');
  return unique;
}

export const tagResources = defineAction({
  name: 'TagResources',
  input: z.object({ ...resourceFields, Tag: tagEntries() }),
  handler: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.RegionId);
    const kind = resourceKind(input.ResourceType);
    const ids = resourceIds(input.ResourceId);
    const tags = validateTags(toTagInputs(input.Tag));
    if (tags.length === 0) throw tagApiErrors.missingTags();
    const resources = await kind.load(ctx.store, accountId, regionId, ids, ctx.now);
    if (resources.length !== ids.length) throw tagApiErrors.resourceNotFound();
    for (const r of resources) {
      const before = tagsOf(r);
      const after = mergeTags(before, tags);
      if (JSON.stringify(after) !== JSON.stringify(before)) kind.save(ctx.tx, r, after);
    }
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
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.RegionId);
    const kind = resourceKind(input.ResourceType);
    const ids = resourceIds(input.ResourceId);
    const keys = validateTagKeys(input.TagKey);
    // `All` counts only without TagKey.N (SDK UntagResourcesRequest); with neither there is nothing to remove.
    if (keys.length === 0 && input.All !== true) throw tagApiErrors.missingTags();
    const resources = await kind.load(ctx.store, accountId, regionId, ids, ctx.now);
    if (resources.length !== ids.length) throw tagApiErrors.resourceNotFound();
    for (const r of resources) {
      const before = tagsOf(r);
      const after = keys.length > 0 ? removeTagKeys(before, keys) : [];
      if (after.length !== before.length) kind.save(ctx.tx, r, after);
    }
    return {};
  },
});
