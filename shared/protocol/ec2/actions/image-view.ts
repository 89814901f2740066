import type { ImageQuery } from '../../../actions/images/matching-images';
import { describeImages } from '../../../actions/images/operations';
import { ec2OwnerAliasOf } from '../../../domain/catalogue/system-images';
import { ApiError } from '../../../domain/errors';
import { ecsStatusOf, isImageError, ownerAliasFor, type ImageRecord } from '../../../domain/image';
import { Ec2Errors, type Ec2Call } from '../adapter';
import type { Tag } from '../views';

/**
 * The EC2 view of an image (AMI), rendered from the image records the typed image operations
 * answer (shared/actions/images/operations.ts), and EC2's image errors, shared by every AMI
 * action of the dialect.
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

/**
 * The image errors in EC2's words, for every image action, by their typed reason
 * (shared/domain/image/errors.ts); an error of another reason is left to the action or to the
 * common translation (undefined).
 */
export function mapImageError(e: ApiError, imageId: string | undefined): ApiError | undefined {
  if (!isImageError(e)) return undefined;
  switch (e.reason) {
    case 'notFound':
      return AmiErrors.notFound([imageId ?? '']);
    case 'disabled':
      return AmiErrors.unavailable(imageId ?? '');
    case 'malformedName':
      return AmiErrors.nameMalformed('');
    case 'nameTaken':
      return AmiErrors.nameDuplicate('');
    case 'malformedDescription':
      return Ec2Errors.invalidParameterValue(`${e.message} This sandbox takes 2-256 characters not starting with http:// or https://.`);
    case 'busy':
      return new ApiError('IncorrectState', 400, e.message);
    case 'quotaFull':
      return new ApiError('ResourceLimitExceeded', 400, e.message);
    case 'unknownAccount':
      return new ApiError('InvalidAMIAttributeItemValue', 400, 'Invalid attribute item value for userId item type: the account does not exist.');
    case 'shareWithOwner':
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

/** `yyyy-MM-ddTHH:mm:ss.000Z`: images keep their times to the second (as the ECS view shows them). */
const toSecond = (iso: string): string => `${new Date(iso).toISOString().slice(0, 19)}.000Z`;

/** The EC2 view of one image record as `viewer` sees it. */
export function ec2Image(image: ImageRecord, viewer: string): Ec2Image {
  const relative = ownerAliasFor(image, viewer);
  const alias = ec2OwnerAliasOf(image.imageId) ?? (relative === 'marketplace' ? 'aws-marketplace' : undefined);
  const ownerId =
    image.ownerAccountId !== null && /^[0-9]+$/.test(image.ownerAccountId) ? image.ownerAccountId : alias === 'amazon' ? '137112412989' : undefined;
  // What only the owner's record says: disabled, the source instance, a copy's source, the shares.
  const own = relative === 'self' ? image : undefined;
  const status = ecsStatusOf(image);
  const windows = image.osType === 'windows';
  return {
    ImageId: image.imageId,
    ImageLocation: `${alias ?? ownerId ?? 'system'}/${image.imageName}`,
    State: own?.disabled ? 'disabled' : (STATE[status] ?? 'available'),
    ...(ownerId ? { OwnerId: ownerId } : {}),
    CreationDate: toSecond(image.creationTime),
    Public: image.isPublic,
    Architecture: image.architecture,
    ImageType: 'machine',
    Name: image.imageName,
    ...(image.description ? { Description: image.description } : {}),
    ...(alias ? { ImageOwnerAlias: alias } : {}),
    RootDeviceType: 'ebs',
    RootDeviceName: image.ec2DeviceNames?.['/dev/xvda'] ?? '/dev/xvda',
    BlockDeviceMappings: image.diskDeviceMappings.map((m) => ({
      DeviceName: image.ec2DeviceNames?.[m.device || '/dev/xvda'] ?? (m.device || '/dev/xvda'),
      Ebs: {
        ...(m.snapshotId ? { SnapshotId: m.snapshotId } : {}),
        VolumeSize: m.sizeGiB,
        DeleteOnTermination: true,
        VolumeType: 'gp3',
        Encrypted: Boolean(m.encrypted),
      },
    })),
    VirtualizationType: 'hvm',
    Hypervisor: 'xen',
    EnaSupport: true,
    SriovNetSupport: 'simple',
    ...(windows ? { Platform: 'windows' } : {}),
    PlatformDetails: windows ? 'Windows' : 'Linux/UNIX',
    UsageOperation: windows ? 'RunInstances:0002' : 'RunInstances',
    BootMode: BOOT_MODE[image.bootMode] ?? 'uefi-preferred',
    ...(own?.sourceInstanceId ? { SourceInstanceId: own.sourceInstanceId } : {}),
    ...(own?.sourceImageId ? { SourceImageId: own.sourceImageId, SourceImageRegion: own.sourceRegionId } : {}),
    ...(status === 'CreateFailed' ? { StateReason: { Code: 'Client.ImageCreationFailed', Message: 'The image could not be created.' } } : {}),
    ...(image.deprecationTime ? { DeprecationTime: toSecond(image.deprecationTime) } : {}),
    DeregistrationProtection: 'disabled',
    Tags: image.tags.map((t) => ({ Key: t.key, Value: t.value })),
    _deprecated: status === 'Deprecated',
    _own: ownerId !== undefined && ownerId === viewer,
    _alias: alias ?? '',
    _relation: relative === 'self' ? 'own' : relative === 'others' ? (image.isPublic ? 'community' : 'shared') : relative,
    _sharedWith: own?.sharedWith ?? [],
  };
}

/**
 * Every image the caller can see in the call's region (every status, disabled ones included),
 * read once per request through the describeImages operation: not page by page through ECS
 * answers, where every page re-ran the action and reloaded every image (reads grew with the
 * square of the image count).
 */
export async function imagesView(call: Ec2Call, opts: { dryRun?: boolean; marketplace?: boolean; community?: boolean } = {}): Promise<Ec2Image[]> {
  const base: ImageQuery = { RegionId: call.region, Status: 'ALL', IncludeDisabled: true };
  const matching = (extra: Partial<ImageQuery>) => call.perform(describeImages, { ...base, ...extra }, { dryRun: opts.dryRun });
  // One unit of work: the three reads see the same state, side by side.
  const lists = await call.inOneUnit(() =>
    Promise.all([
      matching({}),
      opts.marketplace ? matching({ ImageOwnerAlias: 'marketplace' }) : undefined,
      opts.community ? matching({ IsPublic: true }) : undefined,
    ]),
  );
  const byId = new Map<string, Ec2Image>();
  for (const image of lists.flatMap((l) => l?.matched ?? [])) {
    if (!byId.has(image.imageId)) byId.set(image.imageId, ec2Image(image, call.accountId));
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
