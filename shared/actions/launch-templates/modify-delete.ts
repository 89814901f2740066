import { z } from 'zod';
import { launchTemplateErrors } from '../../domain/launch-template';
import { listVersions, loadVersion, templateNameKey, templateOf } from '../../store/launch-templates';
import { releaseQuotaSlots } from '../../store/quota-counters';
import { accountOf, defineAction } from '../action';
import { requireRegion } from '../instances/common';
import { p } from '../params';
import { findTemplate, templateRefFields } from './fields';

/**
 * ModifyLaunchTemplateDefaultVersion, DeleteLaunchTemplate (the template with every version, in
 * one unit of work, docs/atomicity.md) and DeleteLaunchTemplateVersion (never the default one:
 * "to delete the default version, delete the template", https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-deletelaunchtemplateversion).
 * Instances launched from a version keep running after it is deleted.
 */
export const modifyLaunchTemplateDefaultVersion = defineAction({
  name: 'ModifyLaunchTemplateDefaultVersion',
  input: z.object({ ...templateRefFields, DefaultVersionNumber: p.int({ min: 1 }).optional() }),
  handler: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.RegionId);
    if (input.DefaultVersionNumber === undefined) throw launchTemplateErrors.missingVersion();
    const stored = await findTemplate(ctx, regionId, input);
    const template = templateOf(stored);
    const version = await loadVersion(ctx.store, accountId, regionId, template.launchTemplateId, input.DefaultVersionNumber);
    if (!version) throw launchTemplateErrors.versionNotFound(String(input.DefaultVersionNumber));
    // The version must still exist when the default moves to it.
    ctx.tx.requireUnchanged(version);
    ctx.tx.replace(stored, { ...template, defaultVersionNumber: input.DefaultVersionNumber, modifiedTime: ctx.now.toISOString() });
    return { LaunchTemplateId: template.launchTemplateId };
  },
});

export const deleteLaunchTemplate = defineAction({
  name: 'DeleteLaunchTemplate',
  input: z.object(templateRefFields),
  handler: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.RegionId);
    const stored = await findTemplate(ctx, regionId, input);
    const template = templateOf(stored);
    const versions = await listVersions(ctx.store, accountId, regionId, template.launchTemplateId);
    ctx.tx.remove(stored);
    ctx.tx.removeIfPresent(templateNameKey(accountId, regionId, template.launchTemplateName));
    for (const v of versions) ctx.tx.remove(v);
    releaseQuotaSlots(ctx.tx, { accountId, quotaName: 'LaunchTemplates', scope: regionId, amount: 1 });
    return {
      LaunchTemplateId: template.launchTemplateId,
      LaunchTemplateVersionNumbers: { versionNumbers: versions.map((v) => v.versionNumber) },
    };
  },
});

export const deleteLaunchTemplateVersion = defineAction({
  name: 'DeleteLaunchTemplateVersion',
  input: z.object({ ...templateRefFields, DeleteVersion: p.list(p.int({ min: 1 }), { max: 200 }).optional() }),
  handler: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.RegionId);
    const numbers = [...new Set(input.DeleteVersion ?? [])];
    if (numbers.length === 0) throw launchTemplateErrors.missingDeleteVersion();
    const stored = await findTemplate(ctx, regionId, input);
    const template = templateOf(stored);
    if (numbers.includes(template.defaultVersionNumber)) throw launchTemplateErrors.deleteDefault(template.defaultVersionNumber);
    const found = await Promise.all(numbers.map((n) => loadVersion(ctx.store, accountId, regionId, template.launchTemplateId, n)));
    const missing = numbers.find((_, i) => !found[i]);
    if (missing !== undefined) throw launchTemplateErrors.versionNotFound(String(missing));
    for (const v of found) ctx.tx.remove(v!);
    ctx.tx.replace(stored, { ...template, versionCount: template.versionCount - numbers.length, modifiedTime: ctx.now.toISOString() });
    return {
      LaunchTemplateVersions: {
        LaunchTemplateVersion: numbers.map((n) => ({ LaunchTemplateId: template.launchTemplateId, LaunchTemplateVersionNumber: n })),
      },
    };
  },
});
