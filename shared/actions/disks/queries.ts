import { settleDisk, type DiskCategory, type DiskRecord, type DiskStatus } from '../../domain/disk';
import { matchesTagFilter, type TagFilter } from '../../domain/tags';
import { listDisks, loadDisks } from '../../store/disks';
import { stripKeys } from '../../store/instances';
import { accountOf } from '../action';
import { requireRegion } from '../instances/common';
import { defineOperation } from '../operation';
import { allOf, listResourcePage, type ListedPage } from '../resource-listing';

/**
 * The disk reads as typed operations (docs/operations.md): DescribeDisks' query (ECS codec:
 * ./describe-disks.ts) and the whole-region view the EC2 volume adapters page and filter
 * themselves (shared/protocol/ec2/actions/volumes-snapshots.ts). Reads are a Query of the
 * account's disk partition or a BatchGet by id, never a Scan; every disk is as it is at `now`.
 */

export interface DiskQuery {
  regionId: string;
  /** Only these disks (one BatchGet; unknown ids are left out). */
  ids?: readonly string[];
  zoneId?: string;
  /** Disks attached (or attaching, detaching) to this instance. */
  instanceId?: string;
  diskType?: 'system' | 'data';
  category?: DiskCategory;
  status?: DiskStatus;
  snapshotId?: string;
  portable?: boolean;
  deleteWithInstance?: boolean;
  deleteAutoSnapshot?: boolean;
  enableAutoSnapshot?: boolean;
  /** Whether an automatic snapshot policy is applied. */
  withAutoSnapshotPolicy?: boolean;
  autoSnapshotPolicyId?: string;
  chargeType?: 'PrePaid' | 'PostPaid';
  name?: string;
  encrypted?: boolean;
  /** No disk carries a lock of its own in the sandbox: any lock reason matches nothing. */
  lockReason?: 'financial' | 'security';
  /** Multi-attach is not modelled: only `false` matches. */
  multiAttach?: boolean;
  tags?: readonly TagFilter[];
  createdFrom?: readonly Date[];
  createdTo?: readonly Date[];
  /** NextToken paging (maxResults already clamped by the codec) or page numbers (1-based). */
  paging: { maxResults?: number; nextToken?: string; pageNumber?: number; pageSize?: number };
}

/** DescribeDisks (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describedisks): filters combine with AND. */
export const describeDisks = defineOperation<DiskQuery, ListedPage<DiskRecord>>({
  name: 'DescribeDisks',
  run: async (q, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(q.regionId);
    const filters: ((d: DiskRecord) => boolean)[] = [];
    const add = (on: unknown, f: (d: DiskRecord) => boolean) => on !== undefined && filters.push(f);
    add(q.zoneId, (d) => d.zoneId === q.zoneId);
    add(q.instanceId, (d) => d.instanceId === q.instanceId && d.status !== 'Available');
    add(q.diskType, (d) => d.type === q.diskType);
    add(q.category, (d) => d.category === q.category);
    add(q.status, (d) => d.status === q.status);
    add(q.snapshotId, (d) => d.sourceSnapshotId === q.snapshotId);
    add(q.portable, (d) => (d.portable ?? d.type === 'data') === q.portable);
    add(q.deleteWithInstance, (d) => d.deleteWithInstance === q.deleteWithInstance);
    add(q.deleteAutoSnapshot, (d) => d.deleteAutoSnapshot === q.deleteAutoSnapshot);
    add(q.enableAutoSnapshot, (d) => d.enableAutoSnapshot === q.enableAutoSnapshot);
    add(q.withAutoSnapshotPolicy, (d) => (d.autoSnapshotPolicyId !== undefined) === q.withAutoSnapshotPolicy);
    add(q.autoSnapshotPolicyId, (d) => d.autoSnapshotPolicyId === q.autoSnapshotPolicyId);
    add(q.chargeType, (d) => d.chargeType === q.chargeType);
    add(q.name, (d) => d.diskName === q.name);
    add(q.encrypted, (d) => d.encrypted === q.encrypted);
    add(q.lockReason, () => false);
    add(q.multiAttach, () => q.multiAttach === false);
    if (q.tags?.length) filters.push((d) => matchesTagFilter(d.tags, q.tags));
    for (const at of q.createdFrom ?? []) filters.push((d) => Date.parse(d.creationTime) >= at.getTime());
    for (const at of q.createdTo ?? []) filters.push((d) => Date.parse(d.creationTime) <= at.getTime());
    const keep = allOf(filters);
    return listResourcePage<DiskRecord>({
      tokenKind: 'd',
      ids: q.ids && [...q.ids],
      byIds: async (wanted) => (await loadDisks(ctx.store, accountId, regionId, wanted)).map((d) => settleDisk(stripKeys(d), ctx.now)),
      list: (o) => listDisks(ctx.store, accountId, regionId, { now: ctx.now, keep, ...o }),
      keep,
      input: { MaxResults: q.paging.maxResults, NextToken: q.paging.nextToken, PageNumber: q.paging.pageNumber, PageSize: q.paging.pageSize },
      tokenLimit: (max) => max ?? 10,
      idsPageSize: q.paging.pageSize ?? 10,
    });
  },
});

/**
 * The caller's disks of a region as they are at `now`, in id order: the named ones (unknown ids
 * left out) or every one. With the instant, for the views that show progress (EC2 volumes and
 * their modifications).
 */
export const disksOfRegion = defineOperation<{ regionId: string; ids?: readonly string[] }, { disks: DiskRecord[]; now: Date }>({
  name: 'DescribeDisks',
  run: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.regionId);
    const disks = input.ids
      ? (await loadDisks(ctx.store, accountId, regionId, [...new Set(input.ids)])).map((d) => settleDisk(stripKeys(d), ctx.now))
      : (await listDisks(ctx.store, accountId, regionId, { now: ctx.now, limit: Number.MAX_SAFE_INTEGER })).items;
    return { disks: disks.sort((a, b) => (a.diskId < b.diskId ? -1 : 1)), now: ctx.now };
  },
});
