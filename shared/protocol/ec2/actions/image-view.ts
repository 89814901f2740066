import { ec2OwnerAliasOf } from '../../../domain/catalogue/system-images';
import { ApiError } from '../../../domain/errors';
import { renderEcsImage, type ImageRecord } from '../../../domain/image';
import { matchingImages, type ImageQuery } from '../../../actions/images/matching-images';
import { listOwnImages } from '../../../store/images';
import { Ec2Errors, type Ec2Call } from '../adapter';
import { ec2Tags, type Tag } from '../views';

/**
 * The EC2 view of an image (AMI) over the ECS DescribeImages answer and the caller's own image
 * records (what the ECS answer does not carry: disabled, the source instance, a copy's source),
 * and EC2's image errors, shared by every AMI action of the dialect.
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
  disabledFilter: () => Ec2Errors.invalidParameter("When filtering by the 'disabled' state, 'IncludeDisabled' must be set to 'true' in the request."),
};

/** ECS image errors in EC2's words, for every image action. */
export function mapImageError(e: ApiError, imageId: string | undefined): ApiError | undefined {
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

export const STATE: Record<string, string> = {
  Available: 'available',
  Deprecated: 'available',
  Creating: 'pending',
  Waiting: 'pending',
  CreateFailed: 'failed',
  UnAvailable: 'error',
};
export const BOOT_MODE: Record<string, string> = { BIOS: 'legacy-bios', UEFI: 'uefi', 'UEFI-Preferred': 'uefi-preferred' };

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

export function ec2Image(i: Record<string, any>, record: ImageRecord | undefined, viewer: string): Ec2Image {
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
    RootDeviceName: record?.ec2DeviceNames?.['/dev/xvda'] ?? '/dev/xvda',
    BlockDeviceMappings: ((i.DiskDeviceMappings?.DiskDeviceMapping ?? []) as Record<string, any>[]).map((m) => ({
      DeviceName: record?.ec2DeviceNames?.[m.Device || '/dev/xvda'] ?? (m.Device || '/dev/xvda'),
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
    _relation: i.ImageOwnerAlias === 'self' ? 'own' : i.ImageOwnerAlias === 'others' ? (i.IsPublic ? 'community' : 'shared') : String(i.ImageOwnerAlias),
    _sharedWith: record?.sharedWith ?? [],
  };
}

/**
 * Every image the caller can see in the call's region (as ECS DescribeImages: every status, disabled
 * ones included), read once through the typed image query: not page by page through ECS answers,
 * where every page re-ran the action and reloaded every image (reads grew with the square of the
 * image count).
 */
export async function imagesView(call: Ec2Call, opts: { dryRun?: boolean; marketplace?: boolean; community?: boolean } = {}): Promise<Ec2Image[]> {
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
export async function requireImage(call: Ec2Call, imageId: string, dryRun?: boolean): Promise<Ec2Image> {
  const found = (await imagesView(call, { dryRun, marketplace: true })).find((i) => i.ImageId === imageId);
  if (!found) throw AmiErrors.notFound([imageId]);
  return found;
}

export const strip = (i: Ec2Image) => {
  const { _deprecated: _d, _own: _o, _alias: _a, _relation: _r, _sharedWith: _s, ...rest } = i;
  return rest;
};

export const OWNER_ALIASES = ['self', 'amazon', 'aws-marketplace', 'aws-backup-vault'];

/**
 * ECS CreateImage for an EC2 call (CreateImage from an instance, RegisterImage from snapshots): a
 * name the account already uses answers EC2's InvalidAMIName.Duplicate, naming the image that has it.
 */
export async function createImageNamed(call: Ec2Call, name: string, params: Record<string, unknown>): Promise<{ ImageId: string }> {
  try {
    const out = await call.ecs<{ ImageId: string }>('CreateImage', { RegionId: call.region, ImageName: name, ...params });
    return { ImageId: out.ImageId };
  } catch (e) {
    if (e instanceof ApiError && e.code === 'InvalidImageName.Duplicated') {
      const taken = (await listOwnImages(call.store, call.accountId, call.region)).find((i) => i.imageName === name);
      throw AmiErrors.nameDuplicate(name, taken?.imageId);
    }
    throw e;
  }
}
