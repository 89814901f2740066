import { ec2OwnerAliasOf } from '../../../domain/catalogue/system-images';
import { ApiError } from '../../../domain/errors';
import { renderEcsImage, type ImageRecord } from '../../../domain/image';
import { matchingImages, type ImageQuery } from '../../../actions/images/matching-images';
import { listOwnImages } from '../../../store/images';
import { defineEc2Action, Ec2Errors, type Ec2Call } from '../adapter';
import { applyFilters, ec2Tags, pageOf, tagsFor, type Filter, type Tag } from '../views';

/**
 * AMIs of the EC2 dialect over the ECS image actions (the EC2 guide on disabling AMIs (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/disable-an-ami.html), the EC2 user guide (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/concepts.html)): CreateImage,
 * DescribeImages (Owners, ExecutableBy, ImageIds, Filters, IncludeDisabled, IncludeDeprecated,
 * paging), DisableImage / EnableImage, Enable/DisableImageDeprecation (→ ModifyImageAttribute),
 * DeregisterImage (→ DeleteImage), CopyImage,
 * Modify/DescribeImageAttribute (launch permissions = ECS sharing). Which images a caller sees,
 * and every state rule, is the ECS actions'; the EC2 view reads the caller's own image records
 * for what the ECS answer does not carry (disabled, the source instance, a copy's source).
 */
export const AmiErrors = {
  notFound: (ids: string[]) =>
    ids.length === 1
      ? new ApiError('InvalidAMIID.NotFound', 400, `The image id '[${ids[0]}]' does not exist`)
      : new ApiError('InvalidAMIID.NotFound', 400, `The image ids '[${ids.join(', ')}]' do not exist`),
  unavailable: (id: string) => new ApiError('InvalidAMIID.Unavailable', 400, `The image id '[${id}]' is no longer available`),
  nameDuplicate: (name: string, imageId?: string) =>
    new ApiError('InvalidAMIName.Duplicate', 400, `AMI name ${name} is already in use by AMI ${imageId ?? 'another image'}`),
  nameMalformed: (name: string) =>
    new ApiError(
      'InvalidAMIName.Malformed',
      400,
      `AMI names must be between 3 and 128 characters long, and may contain letters, numbers, '(', ')', '[', ']', ' ', '.', '-', '/', ''', '@' and '_' (got '${name}').`,
    ),
  badOwner: (v: string) => new ApiError('InvalidUserID.Malformed', 400, `Invalid user id: "${v}"`),
  disabledFilter: () =>
    Ec2Errors.invalidParameter("When filtering by the 'disabled' state, 'IncludeDisabled' must be set to 'true' in the request."),
};

/** ECS image errors in EC2's words, for every image action. */
function mapImageError(e: ApiError, imageId: string | undefined): ApiError | undefined {
  switch (e.code) {
    case 'InvalidImageId.NotFound':
      return AmiErrors.notFound([imageId ?? '']);
    case 'InvalidImageId.Disabled':
      return AmiErrors.unavailable(imageId ?? '');
    case 'InvalidImageName.Malformed':
      return AmiErrors.nameMalformed('');
    case 'InvalidImageName.Duplicated':
      return AmiErrors.nameDuplicate('');
    case 'InvalidDescription.Malformed':
      return Ec2Errors.invalidParameterValue(`${e.message} This sandbox takes 2-256 characters not starting with http:// or https://.`);
    case 'IncorrectImageStatus':
    case 'ImageIsCreating':
    case 'ImageIsImporting':
    case 'ImageIsExporting':
    case 'OperationDenied.ImageCopying':
      return new ApiError('IncorrectState', 400, e.message);
    case 'QuotaExceed.Image':
      return new ApiError('ResourceLimitExceeded', 400, e.message);
    case 'InvalidAccount.NotFound':
      return new ApiError('InvalidAMIAttributeItemValue', 400, 'Invalid attribute item value for userId item type: the account does not exist.');
    case 'InvalidAccount.Forbbiden':
      return new ApiError('InvalidAMIAttributeItemValue', 400, 'Invalid attribute item value for userId item type: an image cannot be shared with its owner.');
    default:
      return undefined;
  }
}

const STATE: Record<string, string> = {
  Available: 'available',
  Deprecated: 'available',
  Creating: 'pending',
  Waiting: 'pending',
  CreateFailed: 'failed',
  UnAvailable: 'error',
};
const BOOT_MODE: Record<string, string> = { BIOS: 'legacy-bios', UEFI: 'uefi', 'UEFI-Preferred': 'uefi-preferred' };

export interface Ec2Image {
  ImageId: string;
  State: string;
  OwnerId?: string;
  ImageOwnerAlias?: string;
  Public: boolean;
  Name: string;
  Tags: Tag[];
  /** Not on the wire: what the view's rules read. */
  _deprecated: boolean;
  _own: boolean;
  _alias: string;
  /** own | shared (with the caller) | community (published by another account) | system | marketplace. */
  _relation: string;
  _sharedWith: string[];
  [k: string]: unknown;
}

function ec2Image(i: Record<string, any>, record: ImageRecord | undefined, viewer: string): Ec2Image {
  const alias = ec2OwnerAliasOf(i.ImageId) ?? (i.ImageOwnerAlias === 'marketplace' ? 'aws-marketplace' : undefined);
  const ownerId = i.ImageOwnerId !== undefined ? String(i.ImageOwnerId) : alias === 'amazon' ? '137112412989' : undefined;
  const windows = i.OSType === 'windows';
  const created = Date.parse(i.CreationTime);
  return {
    ImageId: i.ImageId,
    ImageLocation: `${alias ?? ownerId ?? 'system'}/${i.ImageName}`,
    State: record?.disabled ? 'disabled' : (STATE[i.Status] ?? 'available'),
    ...(ownerId ? { OwnerId: ownerId } : {}),
    CreationDate: Number.isFinite(created) ? new Date(created).toISOString() : String(i.CreationTime),
    Public: Boolean(i.IsPublic),
    Architecture: i.Architecture,
    ImageType: 'machine',
    Name: i.ImageName,
    ...(i.Description ? { Description: i.Description } : {}),
    ...(alias ? { ImageOwnerAlias: alias } : {}),
    RootDeviceType: 'ebs',
    RootDeviceName: '/dev/xvda',
    BlockDeviceMappings: ((i.DiskDeviceMappings?.DiskDeviceMapping ?? []) as Record<string, any>[]).map((m) => ({
      DeviceName: m.Device || '/dev/xvda',
      Ebs: {
        ...(m.SnapshotId ? { SnapshotId: m.SnapshotId } : {}),
        VolumeSize: Number(m.Size),
        DeleteOnTermination: true,
        VolumeType: 'gp3',
        Encrypted: Boolean(m.Encrypted),
      },
    })),
    VirtualizationType: 'hvm',
    Hypervisor: 'xen',
    EnaSupport: true,
    SriovNetSupport: 'simple',
    ...(windows ? { Platform: 'windows' } : {}),
    PlatformDetails: windows ? 'Windows' : 'Linux/UNIX',
    UsageOperation: windows ? 'RunInstances:0002' : 'RunInstances',
    BootMode: BOOT_MODE[i.BootMode] ?? 'uefi-preferred',
    ...(record?.sourceInstanceId ? { SourceInstanceId: record.sourceInstanceId } : {}),
    ...(record?.sourceImageId ? { SourceImageId: record.sourceImageId, SourceImageRegion: record.sourceRegionId } : {}),
    ...(i.Status === 'CreateFailed' ? { StateReason: { Code: 'Client.ImageCreationFailed', Message: 'The image could not be created.' } } : {}),
    ...(i.DeprecationTime ? { DeprecationTime: new Date(Date.parse(i.DeprecationTime)).toISOString() } : {}),
    DeregistrationProtection: 'disabled',
    Tags: ec2Tags(i.Tags),
    _deprecated: i.Status === 'Deprecated',
    _own: ownerId !== undefined && ownerId === viewer,
    _alias: alias ?? '',
    _relation:
      i.ImageOwnerAlias === 'self' ? 'own' : i.ImageOwnerAlias === 'others' ? (i.IsPublic ? 'community' : 'shared') : String(i.ImageOwnerAlias),
    _sharedWith: record?.sharedWith ?? [],
  };
}

/**
 * Every image the caller can see in the call's region (as ECS DescribeImages: every status, disabled
 * ones included), read once through the typed image query: not page by page through ECS answers,
 * where every page re-ran the action and reloaded every image (reads grew with the square of the
 * image count).
 */
async function imagesView(call: Ec2Call, opts: { dryRun?: boolean; marketplace?: boolean; community?: boolean } = {}): Promise<Ec2Image[]> {
  const base = { RegionId: call.region, Status: 'ALL', IncludeDisabled: true };
  // DryRun: the ECS action checks everything (policy included) and answers DryRunOperation.
  if (opts.dryRun) await call.ecs('DescribeImages', { ...base, DryRun: true });
  const now = await call.now();
  const rendered = async (extra: Partial<ImageQuery>) => {
    const { matched, context } = await matchingImages(call.store, call.accountId, now, { ...base, ...extra });
    return matched.map((image) => renderEcsImage(image, call.accountId, context));
  };
  const lists = await Promise.all([
    rendered({}),
    opts.marketplace ? rendered({ ImageOwnerAlias: 'marketplace' }) : Promise.resolve([]),
    opts.community ? rendered({ IsPublic: true }) : Promise.resolve([]),
  ]);
  const own = new Map((await listOwnImages(call.store, call.accountId, call.region)).map((r) => [r.imageId, r as ImageRecord]));
  const byId = new Map<string, Ec2Image>();
  for (const i of lists.flat()) {
    const id = String(i.ImageId);
    if (!byId.has(id)) byId.set(id, ec2Image(i, own.get(id), call.accountId));
  }
  return [...byId.values()].sort((a, b) => (a.ImageId < b.ImageId ? -1 : a.ImageId > b.ImageId ? 1 : 0));
}

/** The caller's view of one image, or InvalidAMIID.NotFound. */
async function requireImage(call: Ec2Call, imageId: string, dryRun?: boolean): Promise<Ec2Image> {
  const found = (await imagesView(call, { dryRun, marketplace: true })).find((i) => i.ImageId === imageId);
  if (!found) throw AmiErrors.notFound([imageId]);
  return found;
}

const strip = (i: Ec2Image) => {
  const { _deprecated: _d, _own: _o, _alias: _a, _relation: _r, _sharedWith: _s, ...rest } = i;
  return rest;
};

const OWNER_ALIASES = ['self', 'amazon', 'aws-marketplace', 'aws-backup-vault'];

export const describeImages = defineEc2Action<{
  Owners?: string[];
  ExecutableUsers?: string[];
  ImageIds?: string[];
  Filters?: Filter[];
  IncludeDeprecated?: boolean;
  IncludeDisabled?: boolean;
  MaxResults?: number;
  NextToken?: string;
  DryRun?: boolean;
}>({
  name: 'DescribeImages',
  uses: ['DescribeImages'],
  handle: async (input, call) => {
    for (const o of input.Owners ?? []) if (!OWNER_ALIASES.includes(o) && !/^[0-9]{12}$/.test(o)) throw AmiErrors.badOwner(o);
    for (const x of input.ExecutableUsers ?? []) if (x !== 'self' && x !== 'all' && !/^[0-9]{12}$/.test(x)) throw AmiErrors.badOwner(x);
    const states = (input.Filters ?? []).filter((f) => f.Name === 'state').flatMap((f) => f.Values ?? []);
    if (states.includes('disabled') && !input.IncludeDisabled) throw AmiErrors.disabledFilter();
    const ids = input.ImageIds?.length ? input.ImageIds : undefined;
    const me = call.accountId;
    let images = await imagesView(call, {
      dryRun: input.DryRun,
      marketplace: Boolean(ids) || (input.Owners ?? []).includes('aws-marketplace'),
      community: (input.ExecutableUsers ?? []).includes('all') || (!input.Owners?.length && !input.ExecutableUsers?.length),
    });
    if (ids) {
      const missing = [...new Set(ids)].filter((id) => !images.some((i) => i.ImageId === id));
      if (missing.length) throw AmiErrors.notFound(missing);
      images = images.filter((i) => ids.includes(i.ImageId));
    } else {
      // EC2 has no owner-less public images: listings show only the amazon-owned AMIs of the ECS
      // system images (an ECS system image named by id is still described, for instances launched from it).
      images = images.filter((i) => i._relation !== 'system' || i._alias === 'amazon');
    }
    if (input.Owners?.length) {
      const owners = input.Owners;
      images = images.filter((i) =>
        owners.some((o) => (o === 'self' ? i._own : OWNER_ALIASES.includes(o) ? i._alias === o : i.OwnerId === o)),
      );
    }
    if (input.ExecutableUsers?.length) {
      // all: public images; self: the caller's own and those shared with it; an account: the caller's images shared with it.
      const users = input.ExecutableUsers;
      images = images.filter((i) =>
        users.some((u) =>
          u === 'all' ? i.Public : u === 'self' || u === me ? i._relation === 'own' || i._relation === 'shared' : i._own && i._sharedWith.includes(u),
        ),
      );
    }
    // Disabled images only with IncludeDisabled (the EC2 guide on disabling AMIs (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/disable-an-ami.html)); deprecated ones are hidden from
    // non-owners unless asked for or named (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/Welcome.html).
    if (!input.IncludeDisabled) images = images.filter((i) => i.State !== 'disabled');
    if (!input.IncludeDeprecated && !ids) images = images.filter((i) => !i._deprecated || i._own);
    images = applyFilters(images, input.Filters, {
      'image-id': (i) => i.ImageId,
      name: (i) => i.Name,
      state: (i) => i.State,
      'owner-id': (i) => i.OwnerId,
      'owner-alias': (i) => i.ImageOwnerAlias,
      'is-public': (i) => i.Public,
      architecture: (i) => i.Architecture,
      description: (i) => i.Description,
      platform: (i) => i.Platform,
      'platform-details': (i) => i.PlatformDetails,
      'image-type': (i) => i.ImageType,
      'root-device-type': (i) => i.RootDeviceType,
      'root-device-name': (i) => i.RootDeviceName,
      'virtualization-type': (i) => i.VirtualizationType,
      hypervisor: (i) => i.Hypervisor,
      'creation-date': (i) => i.CreationDate,
      'source-instance-id': (i) => i.SourceInstanceId,
      'ena-support': (i) => i.EnaSupport,
      'block-device-mapping.snapshot-id': (i) => (i.BlockDeviceMappings as { Ebs: { SnapshotId?: string } }[]).map((b) => b.Ebs.SnapshotId),
      'block-device-mapping.volume-size': (i) => (i.BlockDeviceMappings as { Ebs: { VolumeSize: number } }[]).map((b) => b.Ebs.VolumeSize),
      'block-device-mapping.volume-type': (i) => (i.BlockDeviceMappings as { Ebs: { VolumeType: string } }[]).map((b) => b.Ebs.VolumeType),
      'block-device-mapping.device-name': (i) => (i.BlockDeviceMappings as { DeviceName: string }[]).map((b) => b.DeviceName),
    });
    const { page, nextToken } = pageOf(images, (i) => i.ImageId, 'DescribeImages', input.MaxResults, input.NextToken, { min: 5, max: 1000 });
    return { Images: page.map(strip), ...(nextToken ? { NextToken: nextToken } : {}) };
  },
});

export const createImage = defineEc2Action<{
  InstanceId: string;
  Name: string;
  Description?: string;
  NoReboot?: boolean;
  TagSpecifications?: { ResourceType?: string; Tags?: Tag[] }[];
  BlockDeviceMappings?: unknown[];
  DryRun?: boolean;
}>({
  name: 'CreateImage',
  uses: ['CreateImage', 'DescribeImages'],
  handle: async (input, call) => {
    if (input.Name.length < 3 || input.Name.length > 128) throw AmiErrors.nameMalformed(input.Name);
    try {
      const out = await call.ecs<{ ImageId: string }>('CreateImage', {
        RegionId: call.region,
        InstanceId: input.InstanceId,
        ImageName: input.Name,
        Description: input.Description,
        Tag: tagsFor(input.TagSpecifications, 'image'),
        DryRun: input.DryRun,
      });
      return { ImageId: out.ImageId };
    } catch (e) {
      if (e instanceof ApiError && e.code === 'InvalidImageName.Duplicated') {
        const taken = (await listOwnImages(call.store, call.accountId, call.region)).find((i) => i.imageName === input.Name);
        throw AmiErrors.nameDuplicate(input.Name, taken?.imageId);
      }
      throw e;
    }
  },
  mapError: (e, input) => {
    if (e.code === 'InvalidInstanceId.NotFound') return new ApiError('InvalidInstanceID.NotFound', 400, `The instance ID '${input.InstanceId}' does not exist`);
    if (e.code === 'IncorrectInstanceStatus' || e.code === 'IncorrectInstanceStatus.Initializing') {
      return new ApiError('IncorrectInstanceState', 400, `The instance '${input.InstanceId}' is not in a state from which it can be imaged.`);
    }
    if (e.code === 'InvalidImageName.Malformed') return AmiErrors.nameMalformed(input.Name);
    // e.g. a snapshot of one of its volumes is still being taken.
    if (e.code.startsWith('IncorrectDiskStatus')) return new ApiError('IncorrectState', 400, e.message);
    return mapImageError(e, undefined);
  },
});

const simpleImageAction = (name: 'DisableImage' | 'EnableImage') =>
  defineEc2Action<{ ImageId: string; DryRun?: boolean }>({
    name,
    uses: [name],
    handle: async (input, call) => {
      await call.ecs(name, { RegionId: call.region, ImageId: input.ImageId, DryRun: input.DryRun });
      return { Return: true };
    },
    mapError: (e, input) => mapImageError(e, input.ImageId),
  });

export const disableImage = simpleImageAction('DisableImage');
export const enableImage = simpleImageAction('EnableImage');

/**
 * EnableImageDeprecation / DisableImageDeprecation (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EnableImageDeprecation.html) over ECS ModifyImageAttribute:
 * `DeprecationTime` schedules (the rule, rounding and limits are shared/domain/image.ts
 * `scheduleImageDeprecation`), `Status=Available` cancels (`cancelImageDeprecation`). Only the
 * owner: any other image is InvalidAMIID.NotFound, as DisableImage and EnableImage answer.
 * Once the time has passed the ECS view reports Status `Deprecated` and DescribeImages hides the
 * image from non-owners unless IncludeDeprecated=true or it is named in ImageId.N.
 */
const mapDeprecationError = (e: ApiError, imageId: string | undefined): ApiError | undefined =>
  e.code === 'InvalidDeprecationTime' || e.code === 'InvalidDeprecationTime.Malformed'
    ? Ec2Errors.invalidParameterValue(e.message.replace('DeprecationTime', 'DeprecateAt'))
    : mapImageError(e, imageId);

export const enableImageDeprecation = defineEc2Action<{ ImageId: string; DeprecateAt: Date; DryRun?: boolean }>({
  name: 'EnableImageDeprecation',
  uses: ['ModifyImageAttribute'],
  handle: async (input, call) => {
    await call.ecs('ModifyImageAttribute', {
      RegionId: call.region,
      ImageId: input.ImageId,
      DeprecationTime: input.DeprecateAt.toISOString(),
      DryRun: input.DryRun,
    });
    return { Return: true };
  },
  mapError: (e, input) => mapDeprecationError(e, input.ImageId),
});

export const disableImageDeprecation = defineEc2Action<{ ImageId: string; DryRun?: boolean }>({
  name: 'DisableImageDeprecation',
  uses: ['ModifyImageAttribute'],
  handle: async (input, call) => {
    await call.ecs('ModifyImageAttribute', { RegionId: call.region, ImageId: input.ImageId, Status: 'Available', DryRun: input.DryRun });
    return { Return: true };
  },
  mapError: (e, input) => mapDeprecationError(e, input.ImageId),
});

export const deregisterImage = defineEc2Action<{ ImageId: string; DeleteAssociatedSnapshots?: boolean; DryRun?: boolean }>({
  name: 'DeregisterImage',
  uses: ['DeleteImage', 'DescribeImages', 'DeleteSnapshot'],
  handle: async (input, call) => {
    // ECS ignores an unknown id; EC2 reports it.
    const image = await requireImage(call, input.ImageId);
    // Deregistering leaves the instances launched from it running and ends its sharing: ECS's Force.
    await call.ecs('DeleteImage', { RegionId: call.region, ImageId: input.ImageId, Force: true, DryRun: input.DryRun });
    if (!input.DeleteAssociatedSnapshots) return { Return: true };
    const snapshots = (image.BlockDeviceMappings as { Ebs: { SnapshotId?: string } }[]).map((b) => b.Ebs.SnapshotId).filter((s): s is string => Boolean(s));
    const results = [];
    for (const snapshotId of [...new Set(snapshots)]) {
      try {
        await call.ecs('DeleteSnapshot', { SnapshotId: snapshotId });
        results.push({ SnapshotId: snapshotId, ReturnCode: 'success' });
      } catch (e) {
        // A snapshot another image still uses stays (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/Welcome.html).
        results.push({ SnapshotId: snapshotId, ReturnCode: e instanceof ApiError && e.code === 'SnapshotCreatedImage' ? 'skipped' : 'client-error' });
      }
    }
    return { Return: true, DeleteSnapshotResults: results };
  },
  mapError: (e, input) => mapImageError(e, input.ImageId),
});

export const copyImage = defineEc2Action<{
  SourceImageId: string;
  SourceRegion: string;
  Name: string;
  Description?: string;
  Encrypted?: boolean;
  KmsKeyId?: string;
  ClientToken?: string;
  CopyImageTags?: boolean;
  TagSpecifications?: { ResourceType?: string; Tags?: Tag[] }[];
  DryRun?: boolean;
}>({
  name: 'CopyImage',
  uses: ['CopyImage', 'DescribeImages'],
  handle: async (input, call) => {
    let tags = tagsFor(input.TagSpecifications, 'image');
    if (input.CopyImageTags) {
      const source = await call.ecs('DescribeImages', { RegionId: input.SourceRegion, ImageId: input.SourceImageId, Status: 'ALL', PageSize: 1 });
      const found = source.Images.Image[0];
      if (found) tags = [...ec2Tags(found.Tags).map((t) => ({ Key: t.Key ?? '', Value: t.Value ?? '' })), ...tags];
    }
    const out = await call.ecs<{ ImageId: string }>('CopyImage', {
      RegionId: input.SourceRegion,
      ImageId: input.SourceImageId,
      DestinationRegionId: call.region,
      DestinationImageName: input.Name,
      DestinationDescription: input.Description,
      Encrypted: input.Encrypted,
      KMSKeyId: input.KmsKeyId,
      Tag: tags.length ? tags : undefined,
      ClientToken: input.ClientToken,
      DryRun: input.DryRun,
    });
    return { ImageId: out.ImageId };
  },
  mapError: (e, input) => {
    if (e.code === 'SourceRegion.NotFound' || e.code === 'InvalidRegionId.NotFound') return new ApiError('InvalidRegion', 400, `Invalid region: ${input.SourceRegion}`);
    if (e.code === 'InvalidImageName.Malformed') return AmiErrors.nameMalformed(input.Name);
    if (e.code === 'InvalidImageName.Duplicated') return AmiErrors.nameDuplicate(input.Name);
    return mapImageError(e, input.SourceImageId);
  },
});

interface LaunchPermission {
  UserId?: string;
  Group?: string;
  OrganizationArn?: string;
  OrganizationalUnitArn?: string;
}

export const modifyImageAttribute = defineEc2Action<{
  ImageId: string;
  Attribute?: string;
  OperationType?: string;
  UserIds?: string[];
  UserGroups?: string[];
  Value?: string;
  Description?: { Value?: string };
  LaunchPermission?: { Add?: LaunchPermission[]; Remove?: LaunchPermission[] };
  ProductCodes?: string[];
  OrganizationArns?: string[];
  OrganizationalUnitArns?: string[];
  ImdsSupport?: { Value?: string };
  DryRun?: boolean;
}>({
  name: 'ModifyImageAttribute',
  uses: ['ModifyImageSharePermission', 'ModifyImageAttribute'],
  handle: async (input, call) => {
    const legacy = input.Attribute !== undefined || input.OperationType !== undefined || input.UserIds?.length || input.UserGroups?.length;
    if (legacy && (input.LaunchPermission || input.Description)) {
      throw Ec2Errors.invalidCombination('The Attribute/OperationType form and the structured LaunchPermission or Description form cannot be mixed.');
    }
    if (input.OrganizationArns?.length || input.OrganizationalUnitArns?.length || input.ProductCodes?.length || input.ImdsSupport) {
      throw Ec2Errors.unsupported('Organizations, product codes and IMDS support are not supported by this sandbox.');
    }
    let add: LaunchPermission[] = input.LaunchPermission?.Add ?? [];
    let remove: LaunchPermission[] = input.LaunchPermission?.Remove ?? [];
    let description = input.Description?.Value;
    if (legacy) {
      const attribute = input.Attribute ?? 'launchPermission';
      if (attribute === 'description') {
        if (input.Value === undefined) throw Ec2Errors.missingParameter('Value');
        description = input.Value;
      } else if (attribute === 'launchPermission') {
        const perms = [...(input.UserIds ?? []).map((UserId) => ({ UserId })), ...(input.UserGroups ?? []).map((Group) => ({ Group }))];
        if (input.OperationType === 'remove') remove = perms;
        else if (input.OperationType === 'add') add = perms;
        else throw Ec2Errors.missingParameter('OperationType');
      } else {
        throw Ec2Errors.unsupported(`Modifying the attribute '${attribute}' is not supported by this sandbox.`);
      }
    }
    for (const p of [...add, ...remove]) {
      if (p.OrganizationArn || p.OrganizationalUnitArn) throw Ec2Errors.unsupported('Sharing with organizations is not supported by this sandbox.');
      if (p.Group !== undefined && p.Group !== 'all') throw new ApiError('InvalidAMIAttributeItemValue', 400, `Invalid attribute item value "${p.Group}" for group item type.`);
      if (p.UserId !== undefined && !/^[0-9]{12}$/.test(p.UserId)) throw new ApiError('InvalidAMIAttributeItemValue', 400, `Invalid attribute item value "${p.UserId}" for userId item type.`);
    }
    if (add.length === 0 && remove.length === 0 && description === undefined) throw Ec2Errors.missingParameter('LaunchPermission');
    if (add.length || remove.length) {
      const isPublic = add.some((p) => p.Group === 'all') ? true : remove.some((p) => p.Group === 'all') ? false : undefined;
      await call.ecs('ModifyImageSharePermission', {
        RegionId: call.region,
        ImageId: input.ImageId,
        AddAccount: add.filter((p) => p.UserId).map((p) => p.UserId),
        RemoveAccount: remove.filter((p) => p.UserId).map((p) => p.UserId),
        IsPublic: isPublic,
        DryRun: input.DryRun,
      });
    }
    if (description !== undefined) {
      await call.ecs('ModifyImageAttribute', { RegionId: call.region, ImageId: input.ImageId, Description: description, DryRun: input.DryRun });
    }
    return undefined;
  },
  mapError: (e, input) => mapImageError(e, input.ImageId),
});

const IMAGE_ATTRIBUTES = [
  'description', 'kernel', 'ramdisk', 'launchPermission', 'productCodes', 'blockDeviceMapping', 'sriovNetSupport', 'bootMode',
  'tpmSupport', 'uefiData', 'lastLaunchedTime', 'imdsSupport', 'deregistrationProtection',
];

export const describeImageAttribute = defineEc2Action<{ ImageId: string; Attribute: string; DryRun?: boolean }>({
  name: 'DescribeImageAttribute',
  uses: ['DescribeImageSharePermission', 'DescribeImages'],
  onlyGivenLists: true,
  handle: async (input, call) => {
    if (!IMAGE_ATTRIBUTES.includes(input.Attribute)) {
      throw Ec2Errors.invalidParameterValue(`Value (${input.Attribute}) for parameter attribute is invalid. Unknown attribute.`);
    }
    const image = await requireImage(call, input.ImageId, input.DryRun);
    const base = { ImageId: input.ImageId };
    switch (input.Attribute) {
      case 'launchPermission': {
        const out = await call.ecsPages(
          'DescribeImageSharePermission',
          { RegionId: call.region, ImageId: input.ImageId },
          (o) => [...o.Accounts.Account.map((a: { AliyunId: string }) => ({ UserId: a.AliyunId })), ...o.ShareGroups.ShareGroup.map((g: { Group: string }) => ({ Group: g.Group }))],
          100,
        );
        // The share groups repeat on every page; keep one `all`.
        const seen = new Set<string>();
        return { ...base, LaunchPermissions: out.filter((p) => !seen.has(JSON.stringify(p)) && seen.add(JSON.stringify(p))) };
      }
      case 'description':
        return { ...base, Description: { Value: (image.Description as string | undefined) ?? '' } };
      case 'blockDeviceMapping':
        return { ...base, BlockDeviceMappings: image.BlockDeviceMappings };
      case 'productCodes':
        return { ...base, ProductCodes: [] };
      case 'bootMode':
        return { ...base, BootMode: { Value: image.BootMode } };
      case 'sriovNetSupport':
        return { ...base, SriovNetSupport: { Value: 'simple' } };
      case 'deregistrationProtection':
        return { ...base, DeregistrationProtection: { Value: 'disabled' } };
      case 'kernel':
        return { ...base, KernelId: {} };
      case 'ramdisk':
        return { ...base, RamdiskId: {} };
      default:
        return { ...base };
    }
  },
  mapError: (e, input) => mapImageError(e, input.ImageId),
});
