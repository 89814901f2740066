import { z } from 'zod';
import { Errors } from '../../domain/errors';
import { accountOf, defineAction } from '../action';
import { requireRegion } from '../instances/common';
import { commonFields, p } from '../params';
import { tagEntries } from './input';
import { resourceKind, tagsOf, type TaggableResource } from './resources';

/**
 * DescribeTags (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describetags):
 * the distinct tags of the account's resources in a region, each with how many resources of each
 * type carry it; narrowed by resource type, resource id and `Tag.N` (a key alone matches any
 * value). All sandbox tags are custom ones: `Category=System` finds none. One Query per resource type.
 */
const COUNTED: Record<string, string> = {
  instance: 'Instance',
  disk: 'Disk',
  snapshot: 'Snapshot',
  image: 'Image',
  securitygroup: 'Securitygroup',
  keypair: 'KeyPair',
  snapshotpolicy: 'SnapshotPolicy',
};
const ZERO_COUNTS = {
  Instance: 0,
  Disk: 0,
  Volume: 0,
  Image: 0,
  Snapshot: 0,
  Securitygroup: 0,
  LaunchTemplate: 0,
  Eni: 0,
  Ddh: 0,
  KeyPair: 0,
  SnapshotPolicy: 0,
  ReservedInstance: 0,
};

export const describeTags = defineAction({
  name: 'DescribeTags',
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    ResourceType: p.string().optional(),
    ResourceId: p.string().optional(),
    Tag: tagEntries(),
    Category: p.enum(['Custom', 'System']).optional(),
    PageNumber: p.int({ min: 1 }).optional(),
    PageSize: p.int({ min: 1, max: 100 }).optional(),
  }),
  handler: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.RegionId);
    if (input.ResourceId !== undefined && input.ResourceType === undefined) throw Errors.missingParameter('ResourceType');
    const types = input.ResourceType !== undefined ? [input.ResourceType.toLowerCase()] : Object.keys(COUNTED);
    const counts = new Map<string, { key: string; value: string; counts: Record<string, number> }>();
    if (input.Category !== 'System') {
      for (const type of types) {
        const kind = resourceKind(type);
        const resources: TaggableResource[] =
          input.ResourceId !== undefined
            ? await kind.load(ctx.store, accountId, regionId, [input.ResourceId], ctx.now)
            : await kind.list(ctx.store, accountId, regionId, ctx.now);
        for (const r of resources) {
          for (const t of tagsOf(r)) {
            const wanted = (input.Tag ?? []).filter((f) => f.Key !== undefined);
            if (wanted.length && !wanted.some((f) => f.Key === t.key && (f.Value === undefined || f.Value === t.value))) continue;
            const id = JSON.stringify([t.key, t.value]);
            const row = counts.get(id) ?? { key: t.key, value: t.value, counts: { ...ZERO_COUNTS } };
            const field = COUNTED[type];
            if (field) row.counts[field] = (row.counts[field] ?? 0) + 1;
            counts.set(id, row);
          }
        }
      }
    }
    const rows = [...counts.values()].sort((a, b) => a.key.localeCompare(b.key) || a.value.localeCompare(b.value));
    const size = input.PageSize ?? 50;
    const page = input.PageNumber ?? 1;
    return {
      PageSize: size,
      PageNumber: page,
      TotalCount: rows.length,
      Tags: {
        Tag: rows.slice((page - 1) * size, page * size).map((r) => ({ TagKey: r.key, TagValue: r.value, ResourceTypeCount: r.counts })),
      },
    };
  },
});
