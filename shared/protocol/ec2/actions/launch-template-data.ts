import { ApiError } from '../../../domain/errors';
import { Ec2Errors } from '../adapter';
import { ec2Tags, type Tag } from '../views';
import { VOLUME_CATEGORY, volumeTypeOfCategory } from './instance-common';
import { ec2InstanceTypeOf, ecsInstanceTypeOf } from './instance-view';

/**
 * A launch template's data seen from EC2. The one model keeps ECS launch parameters
 * (docs/launch-templates.md); this module translates EC2's RequestLaunchTemplateData into them and
 * them back into ResponseLaunchTemplateData and into RunInstances parameters. Members the sandbox
 * does not model are refused when the template is written (UnsupportedOperation), never dropped.
 */

export interface Ec2BlockDevice {
  DeviceName?: string;
  NoDevice?: string;
  Ebs?: {
    VolumeSize?: number;
    VolumeType?: string;
    DeleteOnTermination?: boolean;
    SnapshotId?: string;
    Encrypted?: boolean;
    Iops?: number;
    Throughput?: number;
  };
}
export interface Ec2TemplateNic {
  DeviceIndex?: number;
  SubnetId?: string;
  Groups?: string[];
  AssociatePublicIpAddress?: boolean;
  DeleteOnTermination?: boolean;
}
export interface Ec2TemplateData {
  ImageId?: string;
  InstanceType?: string;
  KeyName?: string;
  SecurityGroupIds?: string[];
  NetworkInterfaces?: Ec2TemplateNic[];
  Placement?: { AvailabilityZone?: string };
  UserData?: string;
  DisableApiTermination?: boolean;
  BlockDeviceMappings?: Ec2BlockDevice[];
  TagSpecifications?: { ResourceType?: string; Tags?: Tag[] }[];
  [member: string]: unknown;
}

/** The ECS parameters each EC2 member stands for: a member given in a new version replaces exactly these. */
const OWNED: Record<string, readonly string[]> = {
  ImageId: ['ImageId'],
  InstanceType: ['InstanceType'],
  KeyName: ['KeyPairName'],
  SecurityGroupIds: ['SecurityGroupIds', 'SecurityGroupId'],
  NetworkInterfaces: ['VSwitchId', 'InternetMaxBandwidthOut', 'SecurityGroupIds', 'SecurityGroupId'],
  Placement: ['ZoneId'],
  UserData: ['UserData'],
  DisableApiTermination: ['DeletionProtection'],
  BlockDeviceMappings: ['SystemDisk', 'DataDisk'],
  TagSpecifications: ['Tag'],
};

const ROOT_DEVICES = new Set(['/dev/xvda', '/dev/sda1', '/dev/sda', '/dev/vda']);
/** The bandwidth RunInstances gives an instance with a public address (EC2 has no cap to set). */
const PUBLIC_IP_BANDWIDTH_MBPS = 5;

const present = (v: unknown) => v !== undefined && !(Array.isArray(v) && v.length === 0);

/** The EC2 members given (and supported); any other member with a value is refused. */
function givenMembers(data: Ec2TemplateData | undefined): string[] {
  const given = Object.entries(data ?? {})
    .filter(([, v]) => present(v))
    .map(([k]) => k);
  const unsupported = given.find((k) => !(k in OWNED));
  if (unsupported) throw Ec2Errors.unsupported(`The launch template member ${unsupported} is not supported by this sandbox.`);
  return given;
}

/**
 * EC2 template data → ECS launch parameters, with the ECS parameters it replaces. Values are not
 * checked against resources (as on EC2: "Launch template parameters are not fully validated when
 * you create the launch template"); the launch checks them.
 */
export function ecsDataOf(data: Ec2TemplateData | undefined): { params: Record<string, unknown>; replaces: Set<string> } {
  const given = givenMembers(data);
  const d = data ?? {};
  const params: Record<string, unknown> = {};
  if (d.ImageId !== undefined) params.ImageId = d.ImageId;
  if (d.InstanceType !== undefined) params.InstanceType = ecsInstanceTypeOf(d.InstanceType) ?? d.InstanceType;
  if (d.KeyName !== undefined) params.KeyPairName = d.KeyName;
  if (d.SecurityGroupIds?.length) params.SecurityGroupIds = d.SecurityGroupIds;
  if (d.NetworkInterfaces?.length) {
    if (d.NetworkInterfaces.length > 1) throw Ec2Errors.unsupported('This sandbox launches instances with one network interface.');
    const nic = d.NetworkInterfaces[0]!;
    if (nic.SubnetId !== undefined) params.VSwitchId = nic.SubnetId;
    if (nic.Groups?.length) params.SecurityGroupIds = nic.Groups;
    if (nic.AssociatePublicIpAddress !== undefined) params.InternetMaxBandwidthOut = nic.AssociatePublicIpAddress ? PUBLIC_IP_BANDWIDTH_MBPS : 0;
  }
  if (d.Placement?.AvailabilityZone !== undefined) params.ZoneId = d.Placement.AvailabilityZone;
  if (d.UserData !== undefined) params.UserData = d.UserData;
  if (d.DisableApiTermination !== undefined) params.DeletionProtection = d.DisableApiTermination;
  if (d.BlockDeviceMappings?.length) {
    const dataDisks: Record<string, unknown>[] = [];
    for (const m of d.BlockDeviceMappings) {
      if (m.NoDevice !== undefined || !m.Ebs) continue;
      const category = m.Ebs.VolumeType !== undefined ? VOLUME_CATEGORY[m.Ebs.VolumeType] : undefined;
      if (m.Ebs.VolumeType !== undefined && !category)
        throw Ec2Errors.invalidParameterValue(`Value (${m.Ebs.VolumeType}) for parameter volumeType is invalid.`);
      const disk = { Size: m.Ebs.VolumeSize, Category: category, Encrypted: m.Ebs.Encrypted };
      if (ROOT_DEVICES.has(m.DeviceName ?? '')) params.SystemDisk = stripUndefined(disk);
      else {
        dataDisks.push(
          stripUndefined({
            ...disk,
            Category: category ?? 'cloud_essd',
            SnapshotId: m.Ebs.SnapshotId,
            DeleteWithInstance: m.Ebs.DeleteOnTermination ?? true,
            Device: m.DeviceName,
          }),
        );
      }
    }
    if (dataDisks.length) params.DataDisk = dataDisks;
  }
  const tags = (d.TagSpecifications ?? []).filter((s) => s.ResourceType === 'instance').flatMap((s) => s.Tags ?? []);
  if (tags.length) params.Tag = tags.map((t) => ({ Key: t.Key ?? '', Value: t.Value ?? '' }));
  return { params, replaces: new Set(given.flatMap((k) => OWNED[k] ?? [])) };
}

/** ECS version data as DescribeLaunchTemplateVersions renders it → the stored parameter form. */
export function ecsDataFromRendered(rendered: Record<string, any> | undefined): Record<string, unknown> {
  const { DataDisks, SecurityGroupIds, Tags, ...plain } = rendered ?? {};
  const out: Record<string, unknown> = { ...plain };
  if (DataDisks?.DataDisk?.length) out.DataDisk = DataDisks.DataDisk;
  if (SecurityGroupIds?.SecurityGroupId?.length) out.SecurityGroupIds = SecurityGroupIds.SecurityGroupId;
  if (Tags?.InstanceTag?.length) out.Tag = Tags.InstanceTag;
  return out;
}

/** A new version from a source version: the source's parameters, those the new data names replaced. */
export function mergeVersionData(source: Record<string, unknown>, next: { params: Record<string, unknown>; replaces: Set<string> }): Record<string, unknown> {
  const out = Object.fromEntries(Object.entries(source).filter(([k]) => !next.replaces.has(k)));
  return { ...out, ...next.params };
}

/** ECS parameters → EC2 ResponseLaunchTemplateData. */
export function ec2DataOf(d: Record<string, any>): Ec2TemplateData {
  const groups: string[] = d.SecurityGroupIds ?? (d.SecurityGroupId ? [d.SecurityGroupId] : []);
  const withNic = d.VSwitchId !== undefined || d.InternetMaxBandwidthOut !== undefined;
  const disks: Ec2BlockDevice[] = [];
  if (d.SystemDisk) disks.push({ DeviceName: '/dev/xvda', Ebs: ebsOf(d.SystemDisk) });
  (d.DataDisk ?? []).forEach((x: Record<string, any>, i: number) =>
    disks.push({
      DeviceName: x.Device ?? `/dev/xvd${String.fromCharCode(98 + i)}`,
      Ebs: { ...ebsOf(x), DeleteOnTermination: x.DeleteWithInstance ?? true, SnapshotId: x.SnapshotId },
    }),
  );
  const tags = ec2Tags(d.Tag ?? []);
  return stripUndefined({
    ImageId: d.ImageId,
    InstanceType: d.InstanceType !== undefined ? ec2InstanceTypeOf(d.InstanceType) : undefined,
    KeyName: d.KeyPairName,
    SecurityGroupIds: !withNic && groups.length ? groups : undefined,
    NetworkInterfaces: withNic
      ? [
          stripUndefined({
            DeviceIndex: 0,
            SubnetId: d.VSwitchId,
            Groups: groups.length ? groups : undefined,
            AssociatePublicIpAddress: d.InternetMaxBandwidthOut !== undefined ? d.InternetMaxBandwidthOut > 0 : undefined,
          }),
        ]
      : undefined,
    Placement: d.ZoneId !== undefined ? { AvailabilityZone: d.ZoneId } : undefined,
    UserData: d.UserData,
    DisableApiTermination: d.DeletionProtection,
    BlockDeviceMappings: disks.length ? disks : undefined,
    TagSpecifications: tags.length ? [{ ResourceType: 'instance', Tags: tags }] : undefined,
  });
}

const ebsOf = (disk: Record<string, any>) =>
  stripUndefined({
    VolumeSize: disk.Size,
    VolumeType: disk.Category !== undefined ? volumeTypeOfCategory(disk.Category) : undefined,
    Encrypted: disk.Encrypted,
  });

/**
 * The ECS parameters of a template that EC2's RunInstances has no member for (`InstanceName`,
 * `HostName`, `InternetChargeType`, …): an ECS-made template launched through EC2 keeps them.
 */
const ECS_ONLY = [
  'InstanceName',
  'HostName',
  'Description',
  'RamRoleName',
  'InternetChargeType',
  'InternetMaxBandwidthIn',
  'IoOptimized',
  'InstanceChargeType',
  'Period',
  'PeriodUnit',
  'AutoRenew',
  'AutoRenewPeriod',
  'AutoReleaseTime',
  'PasswordInherit',
];
export function ecsOnlyParameters(d: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(ECS_ONLY.filter((k) => d[k] !== undefined).map((k) => [k, d[k]]));
}

/** EC2's answers to the ECS template codes (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html). */
export const Ec2TemplateErrors = {
  idNotFound: (id: string) => new ApiError('InvalidLaunchTemplateId.NotFound', 400, `The specified launch template, with template ID ${id}, does not exist.`),
  nameNotFound: (name: string) =>
    new ApiError('InvalidLaunchTemplateName.NotFoundException', 400, `The specified launch template, with template name ${name}, does not exist.`),
  versionNotFound: (v: string) => new ApiError('InvalidLaunchTemplateId.VersionNotFound', 400, `The specified launch template version ${v} does not exist.`),
  malformedId: (id: string) =>
    new ApiError('InvalidLaunchTemplateId.Malformed', 400, `The specified ID for the launch template (${id}) is malformed. Expected: lt-xxxxxxxxxxxxxxxxx.`),
  duplicate: (name: string) => new ApiError('InvalidLaunchTemplateName.AlreadyExistsException', 400, `Launch template name already in use: ${name}.`),
};

/** An ECS template error in EC2's words, for a call that named the template by id or name. */
export function ec2TemplateError(e: ApiError, ref: { LaunchTemplateId?: string; LaunchTemplateName?: string }, version?: string): ApiError | undefined {
  switch (e.code) {
    case 'InvalidLaunchTemplate.NotFound':
      return ref.LaunchTemplateId !== undefined
        ? Ec2TemplateErrors.idNotFound(ref.LaunchTemplateId)
        : Ec2TemplateErrors.nameNotFound(ref.LaunchTemplateName ?? '');
    case 'InvalidLaunchTemplateVersion.NotFound':
      return Ec2TemplateErrors.versionNotFound(version ?? /"([^"]*)"/.exec(e.message)?.[1] ?? '');
    case 'LaunchTemplateName.Duplicated':
      return Ec2TemplateErrors.duplicate(ref.LaunchTemplateName ?? '');
    case 'LaunchTemplateLimitExceed':
      return new ApiError('LaunchTemplateLimitExceeded', 400, 'You have reached the maximum number of launch templates (5,000) for this Region.');
    case 'LaunchTemplateVersionLimitExceed':
      return new ApiError('LaunchTemplateVersionLimitExceeded', 400, 'You have reached the maximum number of versions (10,000) for this launch template.');
    case 'MissingParameter':
      return /LaunchTemplateId/.test(e.message) ? Ec2Errors.missingParameter('LaunchTemplateId or LaunchTemplateName') : undefined;
    default:
      return undefined;
  }
}

/** An EC2 launch template id: `lt-` and letters or digits (either dialect's form). */
export function checkTemplateId(id: string | undefined): void {
  if (id !== undefined && !/^lt-[0-9a-z]{1,32}$/.test(id)) throw Ec2TemplateErrors.malformedId(id);
}

function stripUndefined<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
