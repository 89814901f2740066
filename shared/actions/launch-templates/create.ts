import { z } from 'zod';
import {
  LAUNCH_TEMPLATE_LIMITS,
  launchTemplateErrors,
  validateLaunchTemplateName,
  validateVersionDescription,
  type LaunchTemplateRecord,
  type LaunchTemplateVersionRecord,
} from '../../domain/launch-template';
import { validateTags } from '../../domain/tags';
import { currentDialect } from '../../platform/dialect';
import { newResourceId } from '../../platform/ids';
import { templateKey, templateNameKey, templateOf, versionItemKey } from '../../store/launch-templates';
import { takeQuotaSlots } from '../../store/quota-counters';
import { accountOf, defineAction } from '../action';
import { requireRegion } from '../instances/common';
import { commonFields, p } from '../params';
import { tagEntries, toTagInputs } from '../tags/input';
import { createdByOf, dataOf, findTemplate, templateDataFields, templateRefFields } from './fields';

/**
 * CreateLaunchTemplate (version 1, the default) and CreateLaunchTemplateVersion (the next number,
 * never reused). https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-createlaunchtemplate,
 * https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-createlaunchtemplateversion.
 * The template, its name, its first version and the quota slot are one transaction; a new version
 * replaces the template item under its version, so two concurrent versions get two numbers.
 */
export const createLaunchTemplate = defineAction({
  name: 'CreateLaunchTemplate',
  idempotent: true,
  input: z.object({
    ...commonFields,
    ...templateDataFields,
    RegionId: p.regionId(),
    LaunchTemplateName: p.string({ max: 256 }).optional(),
    VersionDescription: p.string({ max: 512 }).optional(),
    TemplateTag: tagEntries(),
    TemplateResourceGroupId: p.string().optional(),
    ClientToken: p.clientToken().optional(),
  }),
  handler: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.RegionId);
    const dialect = currentDialect();
    const name = validateLaunchTemplateName(input.LaunchTemplateName, dialect);
    const versionDescription = validateVersionDescription(input.VersionDescription, dialect);
    const tags = validateTags(toTagInputs(input.TemplateTag));
    const data = dataOf(input);
    const now = ctx.now.toISOString();
    const template: LaunchTemplateRecord = {
      launchTemplateId: newResourceId('lt', regionId),
      launchTemplateName: name,
      accountId,
      regionId,
      createTime: now,
      modifiedTime: now,
      createdBy: createdByOf(accountId),
      defaultVersionNumber: 1,
      latestVersionNumber: 1,
      versionCount: 1,
      tags,
      ...(input.TemplateResourceGroupId ? { resourceGroupId: input.TemplateResourceGroupId } : {}),
    };
    const version: LaunchTemplateVersionRecord = {
      launchTemplateId: template.launchTemplateId,
      launchTemplateName: name,
      versionNumber: 1,
      ...(versionDescription !== undefined ? { versionDescription } : {}),
      createTime: now,
      createdBy: template.createdBy,
      data,
    };
    await takeQuotaSlots(ctx.store, ctx.tx, {
      accountId,
      quotaName: 'LaunchTemplates',
      scope: regionId,
      amount: 1,
      onFail: () => launchTemplateErrors.templateLimit(),
    });
    ctx.tx.create(templateNameKey(accountId, regionId, name), { launchTemplateId: template.launchTemplateId }, () => launchTemplateErrors.duplicateName(name));
    ctx.tx.create(templateKey(accountId, regionId, template.launchTemplateId), template);
    ctx.tx.create(versionItemKey(accountId, regionId, template.launchTemplateId, 1), version);
    return { LaunchTemplateId: template.launchTemplateId, LaunchTemplateVersionNumber: 1 };
  },
});

export const createLaunchTemplateVersion = defineAction({
  name: 'CreateLaunchTemplateVersion',
  idempotent: true,
  input: z.object({
    ...templateRefFields,
    ...templateDataFields,
    VersionDescription: p.string({ max: 512 }).optional(),
    ClientToken: p.clientToken().optional(),
  }),
  handler: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.RegionId);
    const dialect = currentDialect();
    const versionDescription = validateVersionDescription(input.VersionDescription, dialect);
    const data = dataOf(input);
    const stored = await findTemplate(ctx, regionId, input);
    const template = templateOf(stored);
    if (template.versionCount >= LAUNCH_TEMPLATE_LIMITS[dialect].versionsPerTemplate) throw launchTemplateErrors.versionLimit();
    const n = template.latestVersionNumber + 1;
    const now = ctx.now.toISOString();
    const version: LaunchTemplateVersionRecord = {
      launchTemplateId: template.launchTemplateId,
      launchTemplateName: template.launchTemplateName,
      versionNumber: n,
      ...(versionDescription !== undefined ? { versionDescription } : {}),
      createTime: now,
      createdBy: createdByOf(accountId),
      data,
    };
    ctx.tx.replace(stored, { ...template, latestVersionNumber: n, versionCount: template.versionCount + 1, modifiedTime: now });
    ctx.tx.create(versionItemKey(accountId, regionId, template.launchTemplateId, n), version);
    return { LaunchTemplateId: template.launchTemplateId, LaunchTemplateVersionNumber: n };
  },
});
