import { z } from 'zod';
import { DISK_CATEGORIES, type DiskCategory, type DiskRecord, type DiskStatus } from '../../domain/disk';
import { Errors } from '../../domain/errors';
import { defineAction } from '../action';
import { commonFields, p } from '../params';
import { requireRegion } from '../instances/common';
import { creationTimeFilters, tagFilterOf } from '../resource-listing';
import { describeDisks as describeDisksOperation } from './queries';
import { renderDisk } from './render';

/**
 * DescribeDisks (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describedisks),
 * the ECS codec of the typed query (./queries.ts): the wire's values are checked here with their
 * ECS errors; filters combine with AND; paging by NextToken + MaxResults (10–500) or
 * PageNumber + PageSize (≤100).
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
    // Validated here (their wire errors); the operation takes them as typed filters.
    tagFilterOf<DiskRecord>(input.Tag);
    creationTimeFilters<DiskRecord>(input.Filter, {
      badKey: () => Errors.notFound('InvalidFilterKey.NotFound', 'The specified filter key is not valid.'),
      badValue: () => Errors.notFound('InvalidFilterValue', 'The specified filter value is not valid.'),
    });
    const given = (input.Tag ?? []).filter((t) => t.Key !== undefined || t.Value !== undefined);
    const createdAt = (key: string) => (input.Filter ?? []).filter((f) => f.Key === key).map((f) => new Date(Date.parse(f.Value ?? '')));

    const page = await describeDisksOperation.run(
      {
        regionId,
        ids,
        zoneId: input.ZoneId,
        instanceId: input.InstanceId,
        diskType: diskType === 'all' ? undefined : (diskType as 'system' | 'data'),
        category: category === 'all' ? undefined : (category as DiskCategory),
        status: status === 'All' ? undefined : (status as DiskStatus),
        snapshotId: input.SnapshotId,
        portable: input.Portable,
        deleteWithInstance: input.DeleteWithInstance,
        deleteAutoSnapshot: input.DeleteAutoSnapshot,
        enableAutoSnapshot: input.EnableAutoSnapshot,
        withAutoSnapshotPolicy: input.EnableAutomatedSnapshotPolicy,
        autoSnapshotPolicyId: input.AutoSnapshotPolicyId,
        chargeType: input.DiskChargeType as 'PrePaid' | 'PostPaid' | undefined,
        name: input.DiskName,
        encrypted: input.Encrypted,
        lockReason: input.LockReason as 'financial' | 'security' | undefined,
        multiAttach: input.MultiAttach === undefined ? undefined : input.MultiAttach !== 'Disabled',
        tags: given.map((t) => ({ key: t.Key!, value: t.Value })),
        createdFrom: createdAt('CreationStartTime'),
        createdTo: createdAt('CreationEndTime'),
        paging: {
          // MaxResults 10–500: under 10 counts as 10, over 500 as 500.
          maxResults: input.MaxResults === undefined ? undefined : Math.min(500, Math.max(10, input.MaxResults)),
          nextToken: input.NextToken,
          pageNumber: input.PageNumber,
          pageSize: input.PageSize,
        },
      },
      ctx,
    );
    return {
      TotalCount: page.total,
      PageNumber: page.pageNumber,
      PageSize: page.pageSize,
      NextToken: page.nextToken,
      Disks: { Disk: page.items.map(renderDisk) },
    };
  },
});
