import { z } from 'zod';
import { validateCrossRegionCopy } from '../../domain/snapshot-copy';
import {
  parseRepeatWeekdays,
  parseTimePoints,
  PolicyErrors,
  renderNumberList,
  validatePolicyName,
  validateRetentionDays,
  type AutoSnapshotPolicyRecord,
} from '../../domain/auto-snapshot-policy';
import { isKnownRegion } from '../../domain/catalogue/regions';
import { Errors } from '../../domain/errors';
import { matchesTagFilter, renderTags, tagErrors, validateTags } from '../../domain/tags';
import { isoMinutes } from '../../platform/clock';
import { storage } from '../../platform/config';
import { newResourceId } from '../../platform/ids';
import { createPolicy, deletePolicy, listPolicies, loadPolicy, policyQuota, policyUsageKey, savePolicy } from '../../store/auto-snapshot-policies';
import { diskCountsByPolicy, disksWithPolicy, saveDisk } from '../../store/disks';
import { stripKeys } from '../../store/instances';
import { accountOf, defineAction } from '../action';
import { pageOf } from '../paging';
import { commonFields, p } from '../params';

/**
 * CreateAutoSnapshotPolicy, ModifyAutoSnapshotPolicyEx,
 * DeleteAutoSnapshotPolicy, DescribeAutoSnapshotPolicyEx (docs/rules/ecs-user-guide.md#auto-snapshot-policy,
 * https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-overview). The write actions take lower-camel parameters
 * (`regionId`, `timePoints`, `repeatWeekdays`, `retentionDays`,
 * `autoSnapshotPolicyName`, `autoSnapshotPolicyId`); the Describe takes
 * PascalCase ones. Time points are hours of UTC+8.
 */
const tagInput = () => p.list(z.object({ Key: p.string().optional(), Value: p.string().optional() }), { max: 64 }).optional();
/** JSON-array string parameters (`["0","1"]`); the JSON route may send a real array. */
const listParam = () => z.union([z.string(), z.array(z.union([z.string(), z.number()]))]).optional();

/** The lower-camel `regionId` of these actions: unknown is 403 ParameterInvalid (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-createautosnapshotpolicy). */
function policyRegion(regionId: string): string {
  if (!isKnownRegion(regionId)) throw Errors.forbidden('ParameterInvalid', 'The specified RegionId parameter is invalid.');
  return regionId;
}

export const createAutoSnapshotPolicy = defineAction({
  name: 'CreateAutoSnapshotPolicy',
  input: z.object({
    ...commonFields,
    regionId: p.regionId(),
    timePoints: listParam(),
    repeatWeekdays: listParam(),
    retentionDays: p.int().optional(),
    autoSnapshotPolicyName: p.string().optional(),
    EnableCrossRegionCopy: p.bool().optional(),
    TargetCopyRegions: p.string().optional(),
    CopiedSnapshotsRetentionDays: p.int().optional(),
    AssociationType: p.enum(['AssociatedWithDisk', 'AssociatedWithInstanceTag']).optional(),
    ResourceGroupId: p.string().optional(),
    StorageLocationArn: p.string().optional(),
    Tag: tagInput(),
  }),
  handler: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = policyRegion(input.regionId);
    const targetCopyRegions = input.TargetCopyRegions ? parseRegions(input.TargetCopyRegions) : [];
    validateCrossRegionCopy(
      regionId,
      input.EnableCrossRegionCopy ?? false,
      targetCopyRegions,
      input.CopiedSnapshotsRetentionDays ?? -1,
      PolicyErrors.crossRegionCopy,
    );
    if (input.timePoints === undefined) throw Errors.missingParameter('timePoints');
    if (input.repeatWeekdays === undefined) throw Errors.missingParameter('repeatWeekdays');
    const timePoints = parseTimePoints(input.timePoints);
    const repeatWeekdays = parseRepeatWeekdays(input.repeatWeekdays);
    // The guide's default retention is 30 days (L1967); the API documents -1.
    const retentionDays = validateRetentionDays(input.retentionDays ?? storage.defaultAutoSnapshotRetentionDays, storage.maxSnapshotRetentionDays);
    const name = input.autoSnapshotPolicyName === undefined ? '' : validatePolicyName(input.autoSnapshotPolicyName);
    const tags = validateTags(input.Tag?.map((t) => ({ key: t.Key, value: t.Value })));
    const max = await policyQuota(ctx.store, accountId);
    ctx.tx.addToCounter(policyUsageKey(accountId, regionId), 'count', 1, max, () => PolicyErrors.quota(max));
    const policy: AutoSnapshotPolicyRecord = {
      autoSnapshotPolicyId: newResourceId('sp', regionId),
      accountId,
      regionId,
      name,
      timePoints,
      repeatWeekdays,
      retentionDays,
      creationTime: ctx.now.toISOString(),
      enableCrossRegionCopy: input.EnableCrossRegionCopy ?? false,
      targetCopyRegions,
      copiedSnapshotsRetentionDays: input.CopiedSnapshotsRetentionDays ?? -1,
      resourceGroupId: input.ResourceGroupId ?? '',
      tags,
    };
    createPolicy(ctx.tx, policy, ctx.now);
    return { AutoSnapshotPolicyId: policy.autoSnapshotPolicyId };
  },
});

function parseRegions(raw: string): string[] {
  try {
    const parsed = JSON.parse(raw) as unknown;
    if (Array.isArray(parsed) && parsed.every((r) => typeof r === 'string')) return parsed;
  } catch {
    // fall through
  }
  throw Errors.invalidParameter('TargetCopyRegions');
}

export const modifyAutoSnapshotPolicyEx = defineAction({
  name: 'ModifyAutoSnapshotPolicyEx',
  input: z.object({
    ...commonFields,
    regionId: p.regionId(),
    autoSnapshotPolicyId: p.string({ min: 1, max: 64 }),
    autoSnapshotPolicyName: p.string().optional(),
    timePoints: listParam(),
    repeatWeekdays: listParam(),
    retentionDays: p.int().optional(),
    EnableCrossRegionCopy: p.bool().optional(),
    TargetCopyRegions: p.string().optional(),
    CopiedSnapshotsRetentionDays: p.int().optional(),
  }),
  handler: async (input, ctx) => {
    const regionId = policyRegion(input.regionId);
    const stored = await loadPolicy(ctx.store, accountOf(ctx), regionId, input.autoSnapshotPolicyId);
    if (!stored) throw PolicyErrors.notFound();
    let next: AutoSnapshotPolicyRecord = stripKeys(stored);
    if (input.autoSnapshotPolicyName !== undefined) next = { ...next, name: validatePolicyName(input.autoSnapshotPolicyName) };
    if (input.timePoints !== undefined) next = { ...next, timePoints: parseTimePoints(input.timePoints) };
    if (input.repeatWeekdays !== undefined) next = { ...next, repeatWeekdays: parseRepeatWeekdays(input.repeatWeekdays) };
    // A new retention applies to the snapshots taken from now on; existing ones keep theirs.
    if (input.retentionDays !== undefined) next = { ...next, retentionDays: validateRetentionDays(input.retentionDays, storage.maxSnapshotRetentionDays) };
    if (input.EnableCrossRegionCopy !== undefined) next = { ...next, enableCrossRegionCopy: input.EnableCrossRegionCopy };
    if (input.TargetCopyRegions !== undefined) next = { ...next, targetCopyRegions: parseRegions(input.TargetCopyRegions) };
    if (input.CopiedSnapshotsRetentionDays !== undefined) next = { ...next, copiedSnapshotsRetentionDays: input.CopiedSnapshotsRetentionDays };
    validateCrossRegionCopy(regionId, next.enableCrossRegionCopy, next.targetCopyRegions, next.copiedSnapshotsRetentionDays, PolicyErrors.crossRegionCopy);
    savePolicy(ctx.tx, stored, next, ctx.now);
    return {};
  },
});

/** Deleting a policy leaves its disks without one (they simply stop taking automatic snapshots); existing snapshots keep their retention. */
export const deleteAutoSnapshotPolicy = defineAction({
  name: 'DeleteAutoSnapshotPolicy',
  input: z.object({ ...commonFields, regionId: p.regionId(), autoSnapshotPolicyId: p.string({ min: 1, max: 64 }) }),
  handler: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = policyRegion(input.regionId);
    const stored = await loadPolicy(ctx.store, accountId, regionId, input.autoSnapshotPolicyId);
    if (!stored) throw PolicyErrors.notFound();
    deletePolicy(ctx.tx, stored);
    for (const disk of await disksWithPolicy(ctx.store, accountId, regionId, stored.autoSnapshotPolicyId)) {
      ctx.tx.group();
      saveDisk(ctx.tx, disk, { ...stripKeys(disk), autoSnapshotPolicyId: undefined, autoSnapshotPolicyAppliedAt: undefined });
    }
    return {};
  },
});

export const describeAutoSnapshotPolicyEx = defineAction({
  name: 'DescribeAutoSnapshotPolicyEx',
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    AutoSnapshotPolicyId: p.string().optional(),
    AutoSnapshotPolicyName: p.string().optional(),
    ResourceGroupId: p.string().optional(),
    Tag: tagInput(),
    PageNumber: p.int({ min: 1, max: 1_000_000 }).optional(),
    PageSize: p.int({ min: 1, max: 100 }).optional(),
  }),
  handler: async (input, ctx) => {
    const accountId = accountOf(ctx);
    if (!isKnownRegion(input.RegionId)) throw Errors.invalid('InvalidRegionId.NotFound', 'The specified RegionId does not exist.');
    const tagFilter = (input.Tag ?? []).filter((t) => t.Key !== undefined || t.Value !== undefined);
    if (tagFilter.length > 20) throw tagErrors.count();
    if (tagFilter.some((t) => t.Key === undefined)) throw tagErrors.mismatch();
    const [policies, counts] = await Promise.all([
      listPolicies(ctx.store, accountId, input.RegionId),
      diskCountsByPolicy(ctx.store, accountId, input.RegionId),
    ]);
    const matching = policies
      .map((s) => stripKeys(s))
      .filter((pl) => input.AutoSnapshotPolicyId === undefined || pl.autoSnapshotPolicyId === input.AutoSnapshotPolicyId)
      .filter((pl) => input.AutoSnapshotPolicyName === undefined || pl.name === input.AutoSnapshotPolicyName)
      .filter((pl) => input.ResourceGroupId === undefined || pl.resourceGroupId === input.ResourceGroupId)
      .filter((pl) =>
        matchesTagFilter(
          pl.tags,
          tagFilter.map((t) => ({ key: t.Key!, value: t.Value })),
        ),
      )
      .sort((a, b) => Date.parse(b.creationTime) - Date.parse(a.creationTime) || a.autoSnapshotPolicyId.localeCompare(b.autoSnapshotPolicyId));
    const page = pageOf(matching, input.PageNumber ?? 1, input.PageSize ?? 10);
    return {
      TotalCount: page.TotalCount,
      PageNumber: page.PageNumber,
      PageSize: page.PageSize,
      AutoSnapshotPolicies: {
        AutoSnapshotPolicy: page.items.map((pl) => ({
          AutoSnapshotPolicyId: pl.autoSnapshotPolicyId,
          AutoSnapshotPolicyName: pl.name,
          RegionId: pl.regionId,
          TimePoints: renderNumberList(pl.timePoints),
          RepeatWeekdays: renderNumberList(pl.repeatWeekdays),
          RetentionDays: pl.retentionDays,
          DiskNums: counts.get(pl.autoSnapshotPolicyId) ?? 0,
          VolumeNums: 0,
          Status: 'Normal',
          CreationTime: isoMinutes(new Date(pl.creationTime)),
          EnableCrossRegionCopy: pl.enableCrossRegionCopy,
          TargetCopyRegions: JSON.stringify(pl.targetCopyRegions),
          CopiedSnapshotsRetentionDays: pl.copiedSnapshotsRetentionDays,
          ResourceGroupId: pl.resourceGroupId,
          Type: 'Custom',
          AssociationType: 'AssociatedWithDisk',
          Tags: renderTags(pl.tags),
        })),
      },
    };
  },
});
