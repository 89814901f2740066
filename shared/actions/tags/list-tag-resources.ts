import { z } from 'zod';
import { Errors } from '../../domain/errors';
import { matchesTagFilter, type Tag, type TagFilter } from '../../domain/tags';
import { accountOf, defineAction } from '../action';
import { requireRegion } from '../instances/common';
import { commonFields, p } from '../params';
import { tagEntries } from './input';
import { MAX_RESOURCE_IDS, resourceKind, tagApiErrors, tagsOf, type TaggableResource } from './resources';

/**
 * ListTagResources (SDK model; AlibabaCloudDocs/ecs "API Reference/Tags/ListTagResources.md"): the
 * tags of resources of one type in one region, chosen by `ResourceId.N` (1-50), by exact tags
 * `Tag.N` (a key alone matches any value; tags combine with AND), or by `TagFilter.N` (`*`
 * patterns on the key, or on the values of an exact key; keys AND, values OR); at least one of
 * them, and `Tag.N` and `TagFilter.N` not together. With ids and tags, a resource must satisfy
 * both. One `TagResources.TagResource[]` row per (resource, tag), 50 rows a page.
 */
const PAGE = 50;

const wildcard = (pattern: string) =>
  new RegExp(
    `^${pattern
      .split('*')
      .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
    'u',
  );

interface FuzzyFilter {
  key: string;
  values: string[];
}

function fuzzyMatches(tags: readonly Tag[], filters: readonly FuzzyFilter[]): boolean {
  return filters.every((f) => {
    if (f.values.length === 0) {
      const re = wildcard(f.key);
      return tags.some((t) => re.test(t.key));
    }
    const res = f.values.map(wildcard);
    return tags.some((t) => t.key === f.key && res.some((re) => re.test(t.value)));
  });
}

const invalidToken = () => Errors.invalid('InvalidNextToken.Malformed', 'The specified NextToken is not valid.');

export const listTagResources = defineAction({
  name: 'ListTagResources',
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    ResourceType: p.string().optional(),
    ResourceId: p.list(p.string({ min: 1, max: 256 }), { max: 1000 }).optional(),
    Tag: tagEntries(),
    TagFilter: p
      .list(z.object({ TagKey: p.string().optional(), TagValues: p.list(p.string({ max: 128 }), { max: 1000 }).optional() }), { max: 1000 })
      .optional(),
    NextToken: p.string().optional(),
  }),
  handler: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.RegionId);
    const kind = resourceKind(input.ResourceType);
    const ids = [...new Set(input.ResourceId ?? [])];
    if (ids.length > MAX_RESOURCE_IDS) throw tagApiErrors.tooManyResources();

    const tagEntriesIn = input.Tag ?? [];
    if (tagEntriesIn.length > 20) throw Errors.invalid('NumberExceed.Tags', "The Tags parameter's number is exceed , Valid : 20");
    const exact: TagFilter[] = [];
    for (const t of tagEntriesIn) {
      if (t.Key === undefined) {
        if (t.Value !== undefined) throw Errors.invalid('InvalidParameter.TagValue', 'The specified Tag.N.Value has no Tag.N.Key.');
        continue;
      }
      if (t.Key.length > 128) throw Errors.invalid('InvalidTagKey.Malformed', 'The specified Tag.n.Key is not valid.');
      if (t.Value !== undefined && t.Value.length > 128) throw Errors.invalid('InvalidTagValue.Malformed', 'The specified Tag.n.Value is not valid.');
      exact.push({ key: t.Key, value: t.Value });
    }
    const fuzzy: FuzzyFilter[] = (input.TagFilter ?? []).filter((f) => f.TagKey !== undefined).map((f) => ({ key: f.TagKey!, values: f.TagValues ?? [] }));
    if (fuzzy.length > 5 || fuzzy.some((f) => f.values.length > 5)) throw Errors.invalidParameter('TagFilter');
    if (exact.length > 0 && fuzzy.length > 0) {
      throw Errors.invalidParameter('TagFilter', 'Tag.N and TagFilter.N cannot be specified together.');
    }
    if (ids.length === 0 && exact.length === 0 && fuzzy.length === 0) throw tagApiErrors.missingTags();

    const resources: TaggableResource[] =
      ids.length > 0 ? await kind.load(ctx.store, accountId, regionId, ids, ctx.now) : await kind.list(ctx.store, accountId, regionId, ctx.now);
    const rows = resources
      .map((r) => ({ r, tags: tagsOf(r) }))
      .filter(({ tags }) => matchesTagFilter(tags, exact) && fuzzyMatches(tags, fuzzy))
      .flatMap(({ r, tags }) => tags.map((t) => ({ ResourceId: r.id, ResourceType: kind.name, TagKey: t.key, TagValue: t.value })));

    let start = 0;
    if (input.NextToken !== undefined) {
      const text = Buffer.from(input.NextToken, 'base64url').toString('utf8');
      if (!/^tags:\d+$/.test(text)) throw invalidToken();
      start = Number(text.slice(5));
    }
    const page = rows.slice(start, start + PAGE);
    const next = start + PAGE < rows.length ? Buffer.from(`tags:${start + PAGE}`).toString('base64url') : '';
    return { NextToken: next, TagResources: { TagResource: page } };
  },
});
