import { Errors } from '../../domain/errors';
import { launchTemplateErrors, mergeLaunchParameters, resolveVersionNumber } from '../../domain/launch-template';
import { loadVersion, templateOf } from '../../store/launch-templates';
import { accountOf, type ActionContext } from '../action';
import { requireRegion } from '../instances/common';
import { p } from '../params';
import { findTemplate } from './fields';

/** RunInstances' template parameters (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-runinstances). */
export const launchTemplateRefFields = {
  LaunchTemplateId: p.string({ max: 64 }).optional(),
  LaunchTemplateName: p.string({ max: 128 }).optional(),
  LaunchTemplateVersion: p.int({ min: 1 }).optional(),
};

interface TemplateRef {
  RegionId: string;
  ImageId?: string;
  InstanceType?: string;
  LaunchTemplateId?: string;
  LaunchTemplateName?: string;
  LaunchTemplateVersion?: number;
}

/**
 * The launch parameters of a RunInstances call: with a template, the version's parameters (the
 * given version, else the default one) overridden by those of the call; then ImageId and
 * InstanceType must be known from one or the other. Resolved before the launch's own checks, so
 * every rule of the launch applies to what the template brings.
 */
export async function resolveLaunchTemplate<T extends TemplateRef>(
  input: T,
  ctx: ActionContext,
): Promise<Omit<T, 'ImageId' | 'InstanceType'> & { ImageId: string; InstanceType: string }> {
  let merged = input as unknown as Record<string, unknown>;
  if (input.LaunchTemplateId !== undefined || input.LaunchTemplateName !== undefined) {
    const regionId = requireRegion(input.RegionId);
    const template = templateOf(await findTemplate(ctx, regionId, input));
    const n = resolveVersionNumber(template, input.LaunchTemplateVersion);
    const version = await loadVersion(ctx.store, accountOf(ctx), regionId, template.launchTemplateId, n);
    if (!version) throw launchTemplateErrors.versionNotFound(String(n));
    const { LaunchTemplateId: _id, LaunchTemplateName: _name, LaunchTemplateVersion: _v, ...explicit } = input;
    merged = mergeLaunchParameters(version.data, explicit);
  } else if (input.LaunchTemplateVersion !== undefined) {
    throw launchTemplateErrors.missingTemplate();
  }
  if (typeof merged.ImageId !== 'string' || merged.ImageId === '') throw Errors.missingParameter('ImageId');
  if (typeof merged.InstanceType !== 'string' || merged.InstanceType === '') throw Errors.missingParameter('InstanceType');
  return merged as Omit<T, 'ImageId' | 'InstanceType'> & { ImageId: string; InstanceType: string };
}
