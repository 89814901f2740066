import { z } from 'zod';
import { type LaunchTemplateData, type LaunchTemplateRecord, type LaunchTemplateVersionRecord } from '../../domain/launch-template';
import { matchesTagFilter, renderTags } from '../../domain/tags';
import { listTemplates, listVersions, loadTemplate, loadTemplateByName, templateOf, versionOf } from '../../store/launch-templates';
import { accountOf, defineAction } from '../action';
import { requireRegion } from '../instances/common';
import { pageFields, pageOf } from '../paging';
import { commonFields, p } from '../params';
import { tagEntries, toTagFilter } from '../tags/input';
import { ecsTimeOf, findTemplate, templateRefFields } from './fields';

/**
 * DescribeLaunchTemplates (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describelaunchtemplates)
 * and DescribeLaunchTemplateVersions (…-describelaunchtemplateversions): ids or names (up to 100),
 * template tags, resource group; versions by number, range, default only, with or without their
 * data (`DetailFlag`). PageSize at most 50. Templates made through EC2 are listed too.
 */
export function renderTemplate(t: LaunchTemplateRecord) {
  return {
    LaunchTemplateId: t.launchTemplateId,
    LaunchTemplateName: t.launchTemplateName,
    CreateTime: ecsTimeOf(t.createTime),
    ModifiedTime: ecsTimeOf(t.modifiedTime),
    CreatedBy: t.createdBy,
    DefaultVersionNumber: t.defaultVersionNumber,
    LatestVersionNumber: t.latestVersionNumber,
    ResourceGroupId: t.resourceGroupId ?? '',
    Tags: renderTags(t.tags),
  };
}

/** A version's data as DescribeLaunchTemplateVersions shows it (lists under their wrappers). */
export function renderTemplateData(d: LaunchTemplateData): Record<string, unknown> {
  const { DataDisk, SecurityGroupIds, Tag, ...plain } = d as {
    DataDisk?: unknown[];
    SecurityGroupIds?: string[];
    Tag?: { Key?: string; Value?: string }[];
  } & Record<string, unknown>;
  return {
    ...plain,
    DataDisks: { DataDisk: DataDisk ?? [] },
    SecurityGroupIds: { SecurityGroupId: SecurityGroupIds ?? [] },
    Tags: { InstanceTag: (Tag ?? []).map((t) => ({ Key: t.Key ?? '', Value: t.Value ?? '' })) },
  };
}

export function renderVersion(v: LaunchTemplateVersionRecord, t: LaunchTemplateRecord, detail: boolean) {
  return {
    LaunchTemplateId: v.launchTemplateId,
    LaunchTemplateName: t.launchTemplateName,
    VersionNumber: v.versionNumber,
    VersionDescription: v.versionDescription ?? '',
    DefaultVersion: v.versionNumber === t.defaultVersionNumber,
    CreateTime: ecsTimeOf(v.createTime),
    ModifiedTime: ecsTimeOf(v.createTime),
    CreatedBy: v.createdBy,
    ...(detail ? { LaunchTemplateData: renderTemplateData(v.data) } : {}),
  };
}

export const describeLaunchTemplates = defineAction({
  name: 'DescribeLaunchTemplates',
  input: z.object({
    ...commonFields,
    ...pageFields(50),
    RegionId: p.regionId(),
    LaunchTemplateId: p.list(p.string(), { max: 100 }).optional(),
    LaunchTemplateName: p.list(p.string(), { max: 100 }).optional(),
    TemplateTag: tagEntries(),
    TemplateResourceGroupId: p.string().optional(),
  }),
  handler: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.RegionId);
    const ids = input.LaunchTemplateId ?? [];
    const names = input.LaunchTemplateName ?? [];
    // Named templates are GetItems; otherwise the region's templates are one Query.
    const candidates =
      ids.length > 0 || names.length > 0
        ? [
            ...(await Promise.all(ids.map((id) => loadTemplate(ctx.store, accountId, regionId, id)))),
            ...(await Promise.all(names.map((n) => loadTemplateByName(ctx.store, accountId, regionId, n)))),
          ].filter((t) => t !== undefined)
        : await listTemplates(ctx.store, accountId, regionId);
    const unique = [...new Map(candidates.map((t) => [t.launchTemplateId, templateOf(t)])).values()];
    const tagFilter = toTagFilter(input.TemplateTag);
    const matched = unique
      .filter(
        (t) =>
          (input.TemplateResourceGroupId === undefined || (t.resourceGroupId ?? '') === input.TemplateResourceGroupId) && matchesTagFilter(t.tags, tagFilter),
      )
      .sort((a, b) => a.createTime.localeCompare(b.createTime) || a.launchTemplateId.localeCompare(b.launchTemplateId));
    const page = pageOf(matched, input.PageNumber, input.PageSize);
    return {
      TotalCount: page.TotalCount,
      PageNumber: page.PageNumber,
      PageSize: page.PageSize,
      LaunchTemplateSets: { LaunchTemplateSet: page.items.map(renderTemplate) },
    };
  },
});

export const describeLaunchTemplateVersions = defineAction({
  name: 'DescribeLaunchTemplateVersions',
  input: z.object({
    ...templateRefFields,
    ...pageFields(50),
    LaunchTemplateVersion: p.list(p.int({ min: 1 }), { max: 100 }).optional(),
    MinVersion: p.int().optional(),
    MaxVersion: p.int().optional(),
    DefaultVersion: p.bool().optional(),
    DetailFlag: p.bool().optional(),
  }),
  handler: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.RegionId);
    const template = templateOf(await findTemplate(ctx, regionId, input));
    const wanted = new Set(input.LaunchTemplateVersion ?? []);
    const versions = (await listVersions(ctx.store, accountId, regionId, template.launchTemplateId))
      .map(versionOf)
      .filter(
        (v) =>
          (wanted.size === 0 || wanted.has(v.versionNumber)) &&
          (input.MinVersion === undefined || v.versionNumber >= input.MinVersion) &&
          (input.MaxVersion === undefined || v.versionNumber <= input.MaxVersion) &&
          (input.DefaultVersion !== true || v.versionNumber === template.defaultVersionNumber),
      )
      .sort((a, b) => b.versionNumber - a.versionNumber);
    const page = pageOf(versions, input.PageNumber, input.PageSize);
    return {
      TotalCount: page.TotalCount,
      PageNumber: page.PageNumber,
      PageSize: page.PageSize,
      LaunchTemplateVersionSets: { LaunchTemplateVersionSet: page.items.map((v) => renderVersion(v, template, input.DetailFlag ?? true)) },
    };
  },
});
