import { z } from 'zod';
import { Errors } from '../../domain/errors';
import { isExpired, snapshotProgress, usageOf, type SnapshotRecord } from '../../domain/snapshot';
import { stripKeys } from '../../store/instances';
import { listSnapshots, loadSnapshots } from '../../store/snapshots';
import { accountOf, defineAction } from '../action';
import { commonFields, p } from '../params';
import { requireRegion } from '../instances/common';
import { allOf, creationTimeFilters, listResourcePage, tagFilterOf } from '../resource-listing';
import { renderSnapshot } from './render';

/**
 * DescribeSnapshots (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describesnapshots): filters combine with AND; paging by
 * NextToken + MaxResults (≤100) or PageNumber + PageSize. A Query of the
 * account's snapshot partition (a BatchGet with SnapshotIds), never a Scan;
 * status and progress are as they are at the sandbox clock's now.
 */
export const describeSnapshots = defineAction({
  name: 'DescribeSnapshots',
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    InstanceId: p.string().optional(),
    DiskId: p.string().optional(),
    // A JSON array string on the RPC wire; the JSON route may send a real array.
    SnapshotIds: z.union([p.string(), z.array(p.string())]).optional(),
    SnapshotName: p.string().optional(),
    Status: p.string().optional(),
    SnapshotType: p.string().optional(),
    SourceDiskType: p.string().optional(),
    Usage: p.string().optional(),
    Category: p.string().optional(),
    Encrypted: p.bool().optional(),
    KMSKeyId: p.string().optional(),
    ResourceGroupId: p.string().optional(),
    SnapshotLinkId: p.string().optional(),
    Tag: p.list(z.object({ Key: p.string().optional(), Value: p.string().optional() }), { max: 64 }).optional(),
    Filter: p.list(z.object({ Key: p.string().optional(), Value: p.string().optional() }), { max: 10 }).optional(),
    MaxResults: p.int({ min: 1, max: 100 }).optional(),
    NextToken: p.string().optional(),
    PageNumber: p.int({ min: 1, max: 1_000_000 }).optional(),
    PageSize: p.int({ min: 1, max: 100 }).optional(),
  }),
  handler: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.RegionId);
    const now = ctx.now;
    let ids: string[] | undefined;
    if (input.SnapshotIds !== undefined) {
      let parsed: unknown = input.SnapshotIds;
      if (typeof parsed === 'string') {
        try {
          parsed = JSON.parse(parsed);
        } catch {
          parsed = undefined;
        }
      }
      if (!Array.isArray(parsed) || parsed.some((x) => typeof x !== 'string') || parsed.length > 100) {
        throw Errors.forbidden('InvalidSnapshotIds.Malformed', 'The amount of specified specified snapshot Ids exceeds the limit.');
      }
      ids = [...new Set(parsed as string[])];
    }
    const status = input.Status ?? 'all';
    if (!['progressing', 'accomplished', 'failed', 'all'].includes(status))
      throw Errors.notFound('InvalidStatus.NotFound', 'The specified Status is not found');
    const type = input.SnapshotType ?? 'all';
    if (!['auto', 'user', 'all'].includes(type)) throw Errors.notFound('InvalidSnapshotType.NotFound', 'The specfied SnapshotType is not found');
    if (input.SourceDiskType !== undefined && !['system', 'data'].includes(input.SourceDiskType.toLowerCase())) {
      throw Errors.notFound('InvalidSourceDiskType', 'The specifed SourceDiskType is not valid');
    }
    if (input.Usage !== undefined && !['image', 'disk', 'image_disk', 'none'].includes(input.Usage)) {
      throw Errors.notFound('InvalidUsage', 'The specifed Usage is not valid');
    }
    if (input.Category !== undefined && !['Standard', 'Flash', 'archive'].includes(input.Category)) {
      throw Errors.forbidden('InvalidSnapshotCategory.Malformed', 'The specified Category is not valid.');
    }
    const byTags = tagFilterOf<SnapshotRecord>(input.Tag);

    const filters: ((s: SnapshotRecord) => boolean)[] = [];
    const add = (on: unknown, f: (s: SnapshotRecord) => boolean) => on !== undefined && filters.push(f);
    add(input.InstanceId, (s) => s.sourceInstanceId === input.InstanceId);
    add(input.DiskId, (s) => s.sourceDiskId === input.DiskId);
    add(input.SnapshotName, (s) => s.snapshotName === input.SnapshotName);
    if (status !== 'all') filters.push((s) => snapshotProgress(s, now).status === status);
    if (type !== 'all') filters.push((s) => s.type === type);
    add(input.SourceDiskType, (s) => s.sourceDiskType === input.SourceDiskType!.toLowerCase());
    add(input.Usage, (s) => usageOf(s) === input.Usage);
    add(input.Category, (s) => s.category === input.Category);
    add(input.Encrypted, (s) => s.encrypted === input.Encrypted);
    add(input.SnapshotLinkId, (s) => `sl-${s.sourceDiskId.slice(2)}` === input.SnapshotLinkId);
    if (byTags) filters.push(byTags);
    filters.push(
      ...creationTimeFilters<SnapshotRecord>(input.Filter, {
        badKey: () => Errors.notFound('InvalidFilterKey.NotFound', 'The specified filter key is not valid.'),
        badValue: () => Errors.notFound('InvalidFilterKey.NotFound', 'The specified start time or end time is invalid.'),
      }),
    );
    const keep = allOf(filters);

    const page = await listResourcePage<SnapshotRecord>({
      tokenKind: 's',
      ids,
      byIds: async (wanted) => (await loadSnapshots(ctx.store, accountId, regionId, wanted)).filter((s) => !isExpired(s, now)).map((s) => stripKeys(s)),
      list: (o) => listSnapshots(ctx.store, accountId, regionId, { now, keep, ...o }),
      keep,
      input,
      tokenLimit: (max) => max ?? 10,
      idsPageSize: input.MaxResults ?? input.PageSize ?? 10,
    });
    return {
      TotalCount: page.total,
      PageNumber: page.pageNumber,
      PageSize: page.pageSize,
      NextToken: page.nextToken,
      Snapshots: { Snapshot: page.items.map((s) => renderSnapshot(s, now)) },
    };
  },
});
