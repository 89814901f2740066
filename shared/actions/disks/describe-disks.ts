import { z } from 'zod';
import { DISK_CATEGORIES, settleDisk, type DiskRecord, type DiskStatus } from '../../domain/disk';
import { Errors } from '../../domain/errors';
import { listDisks, loadDisks } from '../../store/disks';
import { stripKeys } from '../../store/instances';
import { accountOf, defineAction } from '../action';
import { commonFields, p } from '../params';
import { requireRegion } from '../instances/common';
import { allOf, creationTimeFilters, listResourcePage, tagFilterOf } from '../resource-listing';
import { renderDisk } from './render';

/**
 * DescribeDisks (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describedisks): filters combine with AND; paging by
 * NextToken + MaxResults (10–500) or PageNumber + PageSize (≤100). Reads are
 * a Query of the account's disk partition (or a BatchGet by id), never a
 * Scan; every disk is shown as it is at the sandbox clock's now.
 */
const STATUSES: (DiskStatus | 'All')[] = ['In_use', 'Available', 'Attaching', 'Detaching', 'Creating', 'ReIniting', 'All'];

export const describeDisks = defineAction({
  name: 'DescribeDisks',
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    ZoneId: p.string().optional(),
    // A JSON array string on the RPC wire; the JSON route may send a real array.
    DiskIds: z.union([p.string(), z.array(p.string())]).optional(),
    InstanceId: p.string().optional(),
    DiskType: p.string().optional(),
    Category: p.string().optional(),
    Status: p.string().optional(),
    SnapshotId: p.string().optional(),
    Portable: p.bool().optional(),
    DeleteWithInstance: p.bool().optional(),
    DeleteAutoSnapshot: p.bool().optional(),
    EnableAutoSnapshot: p.bool().optional(),
    EnableAutomatedSnapshotPolicy: p.bool().optional(),
    AutoSnapshotPolicyId: p.string().optional(),
    DiskChargeType: p.string().optional(),
    DiskName: p.string().optional(),
    Encrypted: p.bool().optional(),
    LockReason: p.string().optional(),
    MultiAttach: p.string().optional(),
    ResourceGroupId: p.string().optional(),
    Tag: p.list(z.object({ Key: p.string().optional(), Value: p.string().optional() }), { max: 64 }).optional(),
    Filter: p.list(z.object({ Key: p.string().optional(), Value: p.string().optional() }), { max: 10 }).optional(),
    AdditionalAttributes: p.list(p.string(), { max: 10 }).optional(),
    MaxResults: p.int({ min: 0, max: 1_000_000 }).optional(),
    NextToken: p.string().optional(),
    PageNumber: p.int({ min: 1, max: 1_000_000 }).optional(),
    PageSize: p.int({ min: 1, max: 100 }).optional(),
  }),
  handler: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.RegionId);
    let ids: string[] | undefined;
    if (input.DiskIds !== undefined) {
      let parsed: unknown = input.DiskIds;
      if (typeof parsed === 'string') {
        try {
          parsed = JSON.parse(parsed);
        } catch {
          throw Errors.invalid('InvalidParameter.DiskIds', 'The specified parameter diskIds is not valid.');
        }
      }
      if (!Array.isArray(parsed) || parsed.some((x) => typeof x !== 'string')) {
        throw Errors.invalid('InvalidParameter.DiskIds', 'The specified parameter diskIds is not valid.');
      }
      if (parsed.length > 100) throw Errors.forbidden('InvalidDiskIds.Malformed', 'The amount of specified disk Ids exceeds the limit.');
      ids = [...new Set(parsed as string[])];
    }
    const status = input.Status ?? 'All';
    if (!STATUSES.includes(status as DiskStatus)) throw Errors.invalid('InvalidStatus.ValueNotSupported', 'The specified disk status is not supported.');
    const diskType = input.DiskType ?? 'all';
    if (!['all', 'system', 'data'].includes(diskType)) throw Errors.invalid('InvalidDiskType.ValueNotSupported', 'The specified disk type is not supported.');
    const category = input.Category ?? 'all';
    if (category !== 'all' && !(DISK_CATEGORIES as string[]).includes(category)) {
      throw Errors.invalid('InvalidCategory.ValueNotSupported', 'The specified disk category is not supported.');
    }
    if (input.DiskChargeType !== undefined && !['PrePaid', 'PostPaid'].includes(input.DiskChargeType)) {
      throw Errors.notFound('InvalidDiskChargeType.NotFound', 'The DiskChargeType does not exist in our records');
    }
    if (input.LockReason !== undefined && !['financial', 'security'].includes(input.LockReason)) {
      throw Errors.notFound('InvalidLockReason.NotFound', 'The specified LockReason is not found');
    }
    const byTags = tagFilterOf<DiskRecord>(input.Tag);

    const filters: ((d: DiskRecord) => boolean)[] = [];
    const add = (on: unknown, f: (d: DiskRecord) => boolean) => on !== undefined && filters.push(f);
    add(input.ZoneId, (d) => d.zoneId === input.ZoneId);
    add(input.InstanceId, (d) => d.instanceId === input.InstanceId && d.status !== 'Available');
    if (diskType !== 'all') filters.push((d) => d.type === diskType);
    if (category !== 'all') filters.push((d) => d.category === category);
    if (status !== 'All') filters.push((d) => d.status === status);
    add(input.SnapshotId, (d) => d.sourceSnapshotId === input.SnapshotId);
    add(input.Portable, (d) => (d.portable ?? d.type === 'data') === input.Portable);
    add(input.DeleteWithInstance, (d) => d.deleteWithInstance === input.DeleteWithInstance);
    add(input.DeleteAutoSnapshot, (d) => d.deleteAutoSnapshot === input.DeleteAutoSnapshot);
    add(input.EnableAutoSnapshot, (d) => d.enableAutoSnapshot === input.EnableAutoSnapshot);
    add(input.EnableAutomatedSnapshotPolicy, (d) => (d.autoSnapshotPolicyId !== undefined) === input.EnableAutomatedSnapshotPolicy);
    add(input.AutoSnapshotPolicyId, (d) => d.autoSnapshotPolicyId === input.AutoSnapshotPolicyId);
    add(input.DiskChargeType, (d) => d.chargeType === input.DiskChargeType);
    add(input.DiskName, (d) => d.diskName === input.DiskName);
    add(input.Encrypted, (d) => d.encrypted === input.Encrypted);
    // No disk carries a lock of its own in the sandbox.
    add(input.LockReason, () => false);
    add(input.MultiAttach, () => input.MultiAttach === 'Disabled');
    if (byTags) filters.push(byTags);
    filters.push(
      ...creationTimeFilters<DiskRecord>(input.Filter, {
        badKey: () => Errors.notFound('InvalidFilterKey.NotFound', 'The specified filter key is not valid.'),
        badValue: () => Errors.notFound('InvalidFilterValue', 'The specified filter value is not valid.'),
      }),
    );
    const keep = allOf(filters);

    const page = await listResourcePage<DiskRecord>({
      tokenKind: 'd',
      ids,
      byIds: async (wanted) => (await loadDisks(ctx.store, accountId, regionId, wanted)).map((d) => settleDisk(stripKeys(d), ctx.now)),
      list: (o) => listDisks(ctx.store, accountId, regionId, { now: ctx.now, keep, ...o }),
      keep,
      input,
      // MaxResults 10–500: under 10 counts as 10, over 500 as 500.
      tokenLimit: (max) => Math.min(500, Math.max(10, max ?? 10)),
      idsPageSize: input.PageSize ?? 10,
    });
    return {
      TotalCount: page.total,
      PageNumber: page.pageNumber,
      PageSize: page.pageSize,
      NextToken: page.nextToken,
      Disks: { Disk: page.items.map(renderDisk) },
    };
  },
});
