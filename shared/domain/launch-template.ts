import { ApiError, Errors } from './errors';
import type { Tag } from './tags';

/**
 * Launch templates (no I/O): one model seen from both dialects (docs/launch-templates.md).
 *
 * A template has numbered, immutable versions; one of them is the default. A version's data is
 * kept as ECS launch parameters (`ImageId`, `InstanceType`, `SystemDisk`, `DataDisk`, `Tag`, …,
 * exactly what RunInstances takes), so the ECS RunInstances merge and the EC2 view read the same
 * record. References:
 *   ECS https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-createlaunchtemplate
 *   EC2 https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/launch-template-restrictions.html
 */

/** ECS launch parameters of a version (what RunInstances takes, already parsed). */
export type LaunchTemplateData = Record<string, unknown>;

export interface LaunchTemplateRecord {
  launchTemplateId: string;
  launchTemplateName: string;
  accountId: string;
  regionId: string;
  createTime: string;
  /** Who made it: the account's root ARN in EC2's form (both dialects show it). */
  createdBy: string;
  defaultVersionNumber: number;
  latestVersionNumber: number;
  /** Versions that exist now (deleted ones leave gaps: numbers are never reused). */
  versionCount: number;
  tags: Tag[];
  resourceGroupId?: string;
  modifiedTime: string;
}

export interface LaunchTemplateVersionRecord {
  launchTemplateId: string;
  launchTemplateName: string;
  versionNumber: number;
  versionDescription?: string;
  createTime: string;
  createdBy: string;
  data: LaunchTemplateData;
}

/**
 * Quotas: ECS 30 templates per region and 30 versions per template (CreateLaunchTemplate's
 * reference above); EC2 5,000 and 10,000 (the EC2 restrictions page above). One count, the limit
 * of the dialect that is called.
 */
export const LAUNCH_TEMPLATE_LIMITS = {
  ecs: { templatesPerRegion: 30, versionsPerTemplate: 30 },
  ec2: { templatesPerRegion: 5_000, versionsPerTemplate: 10_000 },
} as const;

export const launchTemplateErrors = {
  notFound: (id?: string, name?: string) =>
    Errors.notFound('InvalidLaunchTemplate.NotFound', `The specified LaunchTemplateId "${id ?? ''}" LaunchTemplateName "${name ?? ''}" is not found.`),
  versionNotFound: (version: string) =>
    Errors.notFound('InvalidLaunchTemplateVersion.NotFound', `The specified LaunchTemplateVersion "${version}" is not found.`),
  duplicateName: (name: string) => Errors.forbidden('LaunchTemplateName.Duplicated', `The specified LaunchTemplateName "${name}" already exist.`),
  templateLimit: () => Errors.forbidden('LaunchTemplateLimitExceed', 'The maximum number of templates is exceeded.'),
  versionLimit: () => Errors.forbidden('LaunchTemplateVersionLimitExceed', 'The maximum number of template versions is exceeded.'),
  /** Sandbox decision: the reference forbids deleting the default version but documents no code for it. */
  deleteDefault: (version: number) =>
    Errors.invalid(
      'InvalidOperation.DeleteDefaultVersion',
      `The default version ${version} of a launch template cannot be deleted: delete the template or change its default version first.`,
    ),
  missingTemplate: () => Errors.missingParameter('LaunchTemplateId'),
  missingVersion: () => Errors.missingParameter('DefaultVersionNumber'),
  missingDeleteVersion: () => Errors.missingParameter('DeleteVersion'),
};

/**
 * ECS names: 2-128 characters, a letter first (not `http://` or `https://`), then letters, digits,
 * `:`, `_`, `-` (and `.`, which the console accepts). EC2 names: 3-128 of `[a-zA-Z0-9().\-/_]`
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateLaunchTemplate.html).
 */
export function validateLaunchTemplateName(name: string | undefined, dialect: 'ecs' | 'ec2'): string {
  if (name === undefined || name === '') throw Errors.missingParameter('LaunchTemplateName');
  const ok = dialect === 'ec2' ? /^[a-zA-Z0-9().\-/_]{3,128}$/.test(name) : /^[a-zA-Z][a-zA-Z0-9:_.-]{1,127}$/.test(name) && !/^https?:\/\//.test(name);
  if (!ok) {
    throw dialect === 'ec2'
      ? new ApiError(
          'InvalidLaunchTemplateName.MalformedException',
          400,
          "A launch template name must be between 3 and 128 characters, and may contain letters, numbers, and the following characters: - ( ) . / _.'",
        )
      : Errors.invalidParameter('LaunchTemplateName');
  }
  return name;
}

/** A version description: ECS 2-256 characters, not starting with `http(s)://`; EC2 up to 255. */
export function validateVersionDescription(d: string | undefined, dialect: 'ecs' | 'ec2'): string | undefined {
  if (d === undefined) return undefined;
  const ok = dialect === 'ec2' ? d.length <= 255 : d.length >= 2 && d.length <= 256 && !/^https?:\/\//.test(d);
  if (!ok) throw Errors.invalidParameter('VersionDescription');
  return d;
}

/**
 * Which version a launch or read means: a number, `$Latest` or `$Default` (EC2's spellings;
 * ECS callers give numbers), or nothing: the default version.
 */
export function resolveVersionNumber(template: LaunchTemplateRecord, version: string | number | undefined): number {
  if (version === undefined || version === '' || version === '$Default') return template.defaultVersionNumber;
  if (version === '$Latest') return template.latestVersionNumber;
  const n = typeof version === 'number' ? version : /^\d{1,18}$/.test(version) ? Number(version) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw launchTemplateErrors.versionNotFound(String(version));
  return n;
}

/** Parameters whose values are lists or blocks and are replaced as a whole by an explicit one. */
const NESTED_MERGED = new Set(['SystemDisk']);

/**
 * RunInstances with a template: the template's parameters, each overridden by the same parameter
 * given in the call ("if a parameter is set in the template it cannot be filtered out, only
 * overridden", the CreateLaunchTemplate reference). `SystemDisk` merges field by field; lists
 * (`DataDisk`, `Tag`, `SecurityGroupIds`) are replaced by an explicit list.
 */
export function mergeLaunchParameters(template: LaunchTemplateData, explicit: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...template };
  for (const [k, v] of Object.entries(explicit)) {
    if (v === undefined) continue;
    const base = out[k];
    if (NESTED_MERGED.has(k) && base && typeof base === 'object' && v && typeof v === 'object') {
      out[k] = { ...base, ...Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined)) };
    } else out[k] = v;
  }
  // A template with a single SecurityGroupId and a call with SecurityGroupIds (or the reverse) name one thing.
  if (explicit.SecurityGroupIds !== undefined && explicit.SecurityGroupId === undefined) delete out.SecurityGroupId;
  if (explicit.SecurityGroupId !== undefined && explicit.SecurityGroupIds === undefined) delete out.SecurityGroupIds;
  return out;
}

/** The version numbers a template has (ascending). */
export const versionKey = (n: number): string => String(n).padStart(6, '0');
