import { z } from 'zod';
import { launchTemplateErrors, type LaunchTemplateData, type LaunchTemplateRecord } from '../../domain/launch-template';
import { validateEcsUserData } from '../../domain/user-data';
import { loadTemplate, loadTemplateByName } from '../../store/launch-templates';
import type { Stored } from '../../store/state-store';
import { accountOf, type ActionContext } from '../action';
import { commonFields, p } from '../params';
import { tagsInput } from '../instances/common';

/**
 * The launch parameters a template version keeps: the RunInstances parameters the sandbox honours
 * (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-createlaunchtemplate),
 * plus `VpcId`, `NetworkType` and `ImageOwnerAlias`, which the template only records (the vSwitch
 * decides the network at launch). Values are not checked against resources when the template is
 * written: "ECS does not verify the existence or validity of specified parameter values" until
 * an instance is launched from it.
 */
const diskFields = {
  Category: p.string().optional(),
  Size: p.int().optional(),
  DiskName: p.string().optional(),
  Description: p.string().optional(),
  PerformanceLevel: p.string().optional(),
  Encrypted: p.bool().optional(),
};

export const templateDataFields = {
  ImageId: p.string({ max: 256 }).optional(),
  ImageOwnerAlias: p.string().optional(),
  InstanceType: p.string({ max: 64 }).optional(),
  SecurityGroupId: p.string().optional(),
  SecurityGroupIds: p.list(p.string(), { max: 16 }).optional(),
  VSwitchId: p.string().optional(),
  VpcId: p.string().optional(),
  ZoneId: p.string().optional(),
  NetworkType: p.string().optional(),
  InstanceName: p.string({ max: 128 }).optional(),
  HostName: p.string({ max: 64 }).optional(),
  Description: p.string({ max: 256 }).optional(),
  KeyPairName: p.string().optional(),
  PasswordInherit: p.bool().optional(),
  InternetChargeType: p.enum(['PayByTraffic', 'PayByBandwidth']).optional(),
  InternetMaxBandwidthIn: p.int().optional(),
  InternetMaxBandwidthOut: p.int().optional(),
  IoOptimized: p.enum(['none', 'optimized']).optional(),
  SystemDisk: z.object(diskFields).optional(),
  DataDisk: p
    .list(z.object({ ...diskFields, SnapshotId: p.string().optional(), DeleteWithInstance: p.bool().optional(), Device: p.string().optional() }), {
      max: 16,
    })
    .optional(),
  InstanceChargeType: p.enum(['PrePaid', 'PostPaid']).optional(),
  Period: p.int().optional(),
  PeriodUnit: p.string().optional(),
  AutoRenew: p.bool().optional(),
  AutoRenewPeriod: p.int({ min: 1, max: 60 }).optional(),
  AutoReleaseTime: p.string().optional(),
  DeletionProtection: p.bool().optional(),
  Tag: tagsInput(),
  UserData: p.string({ max: 65_536 }).optional(),
  RamRoleName: p.string().optional(),
};

const DATA_KEYS = Object.keys(templateDataFields);

/** The version data out of a parsed request: only the launch parameters, empty ones left out. */
export function dataOf(input: Record<string, unknown>): LaunchTemplateData {
  // UserData is the one value the reference checks when the template is written (InvalidUserData.*).
  if (typeof input.UserData === 'string') validateEcsUserData(input.UserData);
  const data: LaunchTemplateData = {};
  for (const k of DATA_KEYS) {
    const v = input[k];
    if (v === undefined || (Array.isArray(v) && v.length === 0)) continue;
    data[k] = v;
  }
  return data;
}

/** Which template a call names: `LaunchTemplateId` or `LaunchTemplateName` (both given: they must name the same template). */
export const templateRefFields = {
  ...commonFields,
  RegionId: p.regionId(),
  LaunchTemplateId: p.string({ max: 64 }).optional(),
  LaunchTemplateName: p.string({ max: 128 }).optional(),
};

export async function findTemplate(
  ctx: ActionContext,
  regionId: string,
  ref: { LaunchTemplateId?: string; LaunchTemplateName?: string },
): Promise<Stored<LaunchTemplateRecord>> {
  const accountId = accountOf(ctx);
  if (ref.LaunchTemplateId === undefined && ref.LaunchTemplateName === undefined) throw launchTemplateErrors.missingTemplate();
  const found =
    ref.LaunchTemplateId !== undefined
      ? await loadTemplate(ctx.store, accountId, regionId, ref.LaunchTemplateId)
      : await loadTemplateByName(ctx.store, accountId, regionId, ref.LaunchTemplateName!);
  if (!found || (ref.LaunchTemplateName !== undefined && found.launchTemplateName !== ref.LaunchTemplateName)) {
    throw launchTemplateErrors.notFound(ref.LaunchTemplateId, ref.LaunchTemplateName);
  }
  return found;
}

/** The caller as EC2 names a template's creator; both dialects show the same string. */
export const createdByOf = (accountId: string): string => `arn:aws:iam::${accountId}:root`;

/** ECS times of templates and versions: `yyyy-MM-ddTHH:mm:ssZ`. */
export const ecsTimeOf = (iso: string): string => `${iso.slice(0, 19)}Z`;
