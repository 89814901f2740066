import { Ec2Errors, type Ec2Call } from '../adapter';
import { ec2Tags, ecsTime } from '../views';
import { checkTemplateId, ec2DataOf, Ec2TemplateErrors, ecsDataFromRendered } from './launch-template-data';

/**
 * Reads of launch templates for the EC2 adapters (through the ECS Describe actions, so policies
 * and DryRun hold): one template by id or name, its versions, one version's stored parameters.
 */
export interface TemplateRef {
  LaunchTemplateId?: string;
  LaunchTemplateName?: string;
  DryRun?: boolean;
}

function checkRef(ref: TemplateRef): void {
  if (ref.LaunchTemplateId !== undefined && ref.LaunchTemplateName !== undefined) {
    throw Ec2Errors.invalidCombination('You must specify either the launch template ID or the launch template name, but not both.');
  }
  if (ref.LaunchTemplateId === undefined && ref.LaunchTemplateName === undefined) throw Ec2Errors.missingParameter('LaunchTemplateId or LaunchTemplateName');
  checkTemplateId(ref.LaunchTemplateId);
}

export const ec2Template = (t: Record<string, any>) => ({
  LaunchTemplateId: t.LaunchTemplateId as string,
  LaunchTemplateName: t.LaunchTemplateName as string,
  CreateTime: ecsTime(t.CreateTime),
  CreatedBy: t.CreatedBy as string,
  DefaultVersionNumber: t.DefaultVersionNumber as number,
  LatestVersionNumber: t.LatestVersionNumber as number,
  Tags: ec2Tags(t.Tags),
});
export type Ec2Template = ReturnType<typeof ec2Template>;

export const ec2Version = (v: Record<string, any>) => ({
  LaunchTemplateId: v.LaunchTemplateId as string,
  LaunchTemplateName: v.LaunchTemplateName as string,
  VersionNumber: v.VersionNumber as number,
  ...(v.VersionDescription ? { VersionDescription: v.VersionDescription as string } : {}),
  CreateTime: ecsTime(v.CreateTime),
  CreatedBy: v.CreatedBy as string,
  DefaultVersion: Boolean(v.DefaultVersion),
  LaunchTemplateData: ec2DataOf(ecsDataFromRendered(v.LaunchTemplateData)),
});
export type Ec2Version = ReturnType<typeof ec2Version>;

/** One template by id or name, or EC2's NotFound for it. */
export async function templateOf(call: Ec2Call, ref: TemplateRef): Promise<Ec2Template> {
  checkRef(ref);
  const out = await call.ecs('DescribeLaunchTemplates', {
    RegionId: call.region,
    ...(ref.LaunchTemplateId !== undefined ? { LaunchTemplateId: [ref.LaunchTemplateId] } : { LaunchTemplateName: [ref.LaunchTemplateName] }),
    DryRun: ref.DryRun,
  });
  const found = out.LaunchTemplateSets.LaunchTemplateSet[0];
  if (!found)
    throw ref.LaunchTemplateId !== undefined ? Ec2TemplateErrors.idNotFound(ref.LaunchTemplateId) : Ec2TemplateErrors.nameNotFound(ref.LaunchTemplateName!);
  return ec2Template(found);
}

/** Every version of one template, with its data (newest first, as ECS lists them). */
export async function versionsOf(call: Ec2Call, t: Ec2Template): Promise<Ec2Version[]> {
  const all = await call.ecsPages(
    'DescribeLaunchTemplateVersions',
    { RegionId: call.region, LaunchTemplateId: t.LaunchTemplateId, DetailFlag: true },
    (out) => out.LaunchTemplateVersionSets.LaunchTemplateVersionSet,
    50,
  );
  return all.map(ec2Version);
}

/** `$Latest`, `$Default` or a number of this template, else VersionNotFound. */
export function versionNumberOf(t: Ec2Template, v: string | undefined): number {
  if (v === undefined || v === '$Default') return t.DefaultVersionNumber;
  if (v === '$Latest') return t.LatestVersionNumber;
  if (!/^\d{1,18}$/.test(v)) throw Ec2TemplateErrors.versionNotFound(v);
  return Number(v);
}

/** The stored parameters of one version (the ECS form), or VersionNotFound. */
export async function versionData(call: Ec2Call, t: Ec2Template, version: string | undefined): Promise<Record<string, unknown>> {
  const n = versionNumberOf(t, version);
  const out = await call.ecs('DescribeLaunchTemplateVersions', {
    RegionId: call.region,
    LaunchTemplateId: t.LaunchTemplateId,
    LaunchTemplateVersion: [n],
    DetailFlag: true,
  });
  const found = out.LaunchTemplateVersionSets.LaunchTemplateVersionSet[0];
  if (!found) throw Ec2TemplateErrors.versionNotFound(version ?? String(n));
  return ecsDataFromRendered(found.LaunchTemplateData);
}

/** A launch template named by RunInstances' LaunchTemplate (id or name, version). */
export async function templateForLaunch(call: Ec2Call, spec: { LaunchTemplateId?: string; LaunchTemplateName?: string; Version?: string }) {
  const t = await templateOf(call, spec);
  return versionData(call, t, spec.Version);
}
