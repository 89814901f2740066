import { Errors } from '../../domain/errors';
import { tagError } from '../../domain/tag-errors';
import { mergeTags, removeTagKeys, validateTagKeys, validateTags, type Tag, type TagFilter, type TagInput } from '../../domain/tags';
import { accountOf, type ActionContext } from '../action';
import { requireRegion } from '../instances/common';
import { defineOperation } from '../operation';
import { MAX_RESOURCE_IDS, resourceKind, tagApiErrors, tagsOf, type ResourceKind, type TaggableResource } from './resources';

/**
 * The tag operations (docs/operations.md): tag, untag and read the tags of resources of one type
 * in one region. The ECS codecs are TagResources and UntagResources (./tag-resources.ts); EC2
 * CreateTags, DeleteTags and DescribeTags run them through `call.perform`
 * (shared/protocol/ec2/actions/tags.ts). Typed errors: shared/domain/tag-errors.ts.
 */

interface ResourceSet {
  regionId: string;
  /** The ECS ResourceType (`instance`, `disk`, `securitygroup`, …). */
  resourceType?: string;
  /** As given: ResourceId.N counts repeats, up to 50. */
  resourceIds: readonly string[];
}

/** The named resources, every one of them, or `resourceNotFound` naming the missing ones (nothing changes). */
async function requireResources(ctx: ActionContext, set: ResourceSet, check: () => void): Promise<{ kind: ResourceKind; resources: TaggableResource[] }> {
  const regionId = requireRegion(set.regionId);
  const kind = resourceKind(set.resourceType);
  if (set.resourceIds.length > MAX_RESOURCE_IDS) throw tagApiErrors.tooManyResources();
  const ids = [...new Set(set.resourceIds)];
  if (ids.length === 0) throw Errors.missingParameter('ResourceId');
  check();
  const resources = await kind.load(ctx.store, accountOf(ctx), regionId, ids, ctx.now);
  if (resources.length !== ids.length) {
    const found = new Set(resources.map((r) => r.id));
    throw tagError(
      'resourceNotFound',
      tagApiErrors.resourceNotFound(),
      ids.filter((id) => !found.has(id)),
    );
  }
  return { kind, resources };
}

/**
 * TagResources (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-tagresources):
 * 1-20 tags on 1-50 resources, all or nothing; an existing key takes the new value.
 */
export const tagResources = defineOperation<ResourceSet & { tags: readonly TagInput[] }, void>({
  name: 'TagResources',
  run: async (input, ctx) => {
    let tags: Tag[] = [];
    const { kind, resources } = await requireResources(ctx, input, () => {
      tags = validateTags(input.tags);
      if (tags.length === 0) throw tagApiErrors.missingTags();
    });
    for (const r of resources) {
      const before = tagsOf(r);
      const after = mergeTags(before, tags);
      if (JSON.stringify(after) !== JSON.stringify(before)) kind.save(ctx.tx, r, after);
    }
  },
});

/** What an untag removes: every tag, the tags of these keys, or (EC2 DeleteTags) the tags these filters match. */
export type TagRemoval = { all: true } | { keys: readonly string[] } | { matching: readonly TagFilter[] };

/**
 * UntagResources (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-untagresources).
 * `matching` is EC2 DeleteTags' rule (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteTags.html):
 * a tag given with a value goes only if its value matches; a key alone, whatever the value.
 */
export const untagResources = defineOperation<ResourceSet & { remove: TagRemoval }, void>({
  name: 'UntagResources',
  run: async (input, ctx) => {
    let keys: string[] = [];
    const { kind, resources } = await requireResources(ctx, input, () => {
      if ('keys' in input.remove) {
        keys = validateTagKeys(input.remove.keys);
        // With neither keys nor All there is nothing to remove.
        if (keys.length === 0) throw tagApiErrors.missingTags();
      }
    });
    const remove = input.remove;
    for (const r of resources) {
      const before = tagsOf(r);
      const after =
        'all' in remove
          ? []
          : 'keys' in remove
            ? removeTagKeys(before, keys)
            : before.filter((t) => !remove.matching.some((m) => m.key === t.key && (m.value === undefined || m.value === t.value)));
      if (after.length !== before.length) kind.save(ctx.tx, r, after);
    }
  },
});

/** Every resource of the type in the region that has tags, with its tags (one Query of the type's partition). */
export const taggedResources = defineOperation<{ regionId: string; resourceType: string }, { id: string; tags: Tag[] }[]>({
  name: 'ListTagResources',
  run: async (input, ctx) => {
    const regionId = requireRegion(input.regionId);
    const resources = await resourceKind(input.resourceType).list(ctx.store, accountOf(ctx), regionId, ctx.now);
    return resources.map((r) => ({ id: r.id, tags: tagsOf(r) })).filter((r) => r.tags.length > 0);
  },
});

/** Which of the ids name no resource of the type in the region (reads only; in the order asked). */
export const missingResources = defineOperation<{ regionId: string; resourceType: string; ids: readonly string[] }, string[]>({
  name: 'ListTagResources',
  run: async (input, ctx) => {
    const regionId = requireRegion(input.regionId);
    const found = new Set(
      (await resourceKind(input.resourceType).load(ctx.store, accountOf(ctx), regionId, [...new Set(input.ids)], ctx.now)).map((r) => r.id),
    );
    return input.ids.filter((id) => !found.has(id));
  },
});
