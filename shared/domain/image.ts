import { Errors } from './errors';
import { findInstanceType, type InstanceTypeDefinition } from './catalogue/instance-types';

/**
 * The image: one record shape for every kind (public system images now; custom, shared, copied,
 * imported and marketplace images later), its visibility to an account, its compatibility with an
 * instance type, and the DescribeImages view of it. No I/O.
 */

/**
 * Where the image comes from. The wire's `ImageOwnerAlias` (system/self/others/marketplace) is
 * relative to the caller, so it is computed per viewer (`ownerAliasFor`), never stored.
 */
export type ImageSource = 'system' | 'custom' | 'marketplace';

/** ecs-api.md §2.5. */
export const IMAGE_STATUSES = ['Creating', 'Waiting', 'Available', 'UnAvailable', 'CreateFailed', 'Deprecated'] as const;
export type ImageStatus = (typeof IMAGE_STATUSES)[number];

export type ImageOsType = 'linux' | 'windows';
export type ImageArchitecture = 'x86_64' | 'i386' | 'arm64';
export type ImageBootMode = 'BIOS' | 'UEFI' | 'UEFI-Preferred';
export type ImageOwnerAlias = 'system' | 'self' | 'others' | 'marketplace';

export interface ImageDiskDeviceMapping {
  /** `/dev/xvda` for the system disk (guide L139), `/dev/xvd[b-z]` for data disks (guide L140). */
  device: string;
  /** Null for public images and for an empty data disk defined in the image (guide L2226). */
  snapshotId: string | null;
  sizeGiB: number;
  type: 'system' | 'data';
  /** Imported images: the source file format. */
  format?: 'RAW' | 'VHD' | 'QCOW2' | 'VMDK';
  encrypted?: boolean;
  importOssBucket?: string;
  importOssObject?: string;
  /** Per-disk progress of a copy or import, 0-100. */
  progress?: number;
  /** Seconds left of a copy (DescribeImages `RemainTime`). */
  remainTimeSeconds?: number;
}

export interface ImageTag {
  key: string;
  value: string;
}

export interface ImageRecord {
  imageId: string;
  regionId: string;
  /** The owning account; null for system (public) images. */
  ownerAccountId: string | null;
  source: ImageSource;
  imageName: string;
  description: string;
  /** Empty when the image belongs to no family. */
  imageFamily: string;
  imageVersion: string;
  osType: ImageOsType;
  /** e.g. `CentOS`, `Ubuntu`, `Windows Server 2022`. */
  platform: string;
  /** The Chinese OS name (DescribeImages `OSName`). */
  osName: string;
  osNameEn: string;
  architecture: ImageArchitecture;
  /** Size of the image (its system disk), GiB. */
  sizeGiB: number;
  status: ImageStatus;
  /** 0-100; 100 once Available (guide L2387). */
  progress: number;
  /** ISO 8601 UTC. */
  creationTime: string;
  isSupportCloudinit: boolean;
  isSupportIoOptimized: boolean;
  /** True for an image made by CopyImage. */
  isCopied: boolean;
  bootMode: ImageBootMode;
  diskDeviceMappings: ImageDiskDeviceMapping[];
  tags: ImageTag[];
  /** Account ids a custom image is shared with (at most 50, guide L126). */
  sharedWith: string[];
  /** System and marketplace images are public; a custom image is public once published to the community. */
  isPublic: boolean;
  /**
   * Disabled (the EC2 dialect's DisableImage, seed 002). ECS has no such state: the ECS view
   * shows a disabled image as `UnAvailable` and hides it from everyone but its owner.
   */
  disabled?: boolean;
  /** Marketplace product code. */
  productCode?: string;
  resourceGroupId?: string;
  /** CopyImage: the image and region it was copied from. */
  sourceImageId?: string;
  sourceRegionId?: string;
  /** ImportImage: the task that builds the image. */
  importTaskId?: string;
  loginAsNonRootSupported?: boolean;
}

/** Per-call facts that are not in the image record. */
export interface ImageViewContext {
  /**
   * Whether the image currently backs one of the viewer's instances (DescribeImages `Usage`).
   * The action layer knows the instances; without it every image reads `none`.
   */
  isInUse?: (image: ImageRecord) => boolean;
}

/** The status the ECS API shows: a disabled image cannot be used, which ECS calls `UnAvailable`. */
export function ecsStatusOf(image: ImageRecord): ImageStatus {
  return image.disabled ? 'UnAvailable' : image.status;
}

export function ownerAliasFor(image: ImageRecord, viewerAccountId: string): ImageOwnerAlias {
  if (image.source === 'system') return 'system';
  if (image.source === 'marketplace') return 'marketplace';
  return image.ownerAccountId === viewerAccountId ? 'self' : 'others';
}

/**
 * Whether the viewer may see the image at all: system and marketplace images are for everyone;
 * a custom image for its owner, the accounts it is shared with (guide L2395-2466) and, once
 * published, everyone. A disabled image only for its owner.
 */
export function isVisibleTo(image: ImageRecord, viewerAccountId: string): boolean {
  const isOwner = image.ownerAccountId === viewerAccountId;
  if (image.disabled && !isOwner) return false;
  if (image.source !== 'custom') return true;
  return isOwner || image.sharedWith.includes(viewerAccountId) || image.isPublic;
}

/** Why an image cannot boot an instance type. */
export type ImageTypeIncompatibility =
  | 'ArchitectureMismatch'
  | 'ThirtyTwoBitImageOnLargeMemory'
  | 'ThirtyTwoBitWindowsOnManyCores'
  | 'IoOptimizedNotSupported';

/** A 32-bit OS addresses at most 4 GB, so types with 4 GiB or more refuse 32-bit images, no exceptions (guide L68, L134). */
const THIRTY_TWO_BIT_MEMORY_LIMIT_GIB = 4;
/** 32-bit Windows supports at most 4 CPU cores (guide L80, spec Q47). */
const THIRTY_TWO_BIT_WINDOWS_MAX_CORES = 4;

/** Null when the image can run on the type, else the first rule it breaks. */
export function imageIncompatibilityWith(
  image: ImageRecord,
  type: InstanceTypeDefinition,
): ImageTypeIncompatibility | null {
  const imageIsArm = image.architecture === 'arm64';
  if (imageIsArm !== (type.cpuArchitecture === 'ARM')) return 'ArchitectureMismatch';
  if (image.architecture === 'i386') {
    if (type.memoryGiB >= THIRTY_TWO_BIT_MEMORY_LIMIT_GIB) return 'ThirtyTwoBitImageOnLargeMemory';
    if (image.osType === 'windows' && type.cpuCoreCount > THIRTY_TWO_BIT_WINDOWS_MAX_CORES) {
      return 'ThirtyTwoBitWindowsOnManyCores';
    }
  }
  if (type.ioOptimized && !image.isSupportIoOptimized) return 'IoOptimizedNotSupported';
  return null;
}

export function canImageRunOnInstanceType(image: ImageRecord, type: InstanceTypeDefinition): boolean {
  return imageIncompatibilityWith(image, type) === null;
}

/** `yyyy-MM-ddTHH:mm:ssZ`, the seconds-precision form images use (ecs-api.md §0). */
function toEcsSecondsTime(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 19)}Z`;
}

/** One `Images.Image[]` item of DescribeImages, as the viewer sees it. */
export function renderEcsImage(
  image: ImageRecord,
  viewerAccountId: string,
  context: ImageViewContext = {},
): Record<string, unknown> {
  const ownerAlias = ownerAliasFor(image, viewerAccountId);
  const isOwner = image.ownerAccountId !== null && image.ownerAccountId === viewerAccountId;
  return {
    ImageId: image.imageId,
    ImageName: image.imageName,
    Description: image.description,
    ImageFamily: image.imageFamily,
    ImageVersion: image.imageVersion,
    ImageOwnerAlias: ownerAlias,
    // Account ids are 12 digits, well inside a double's exact range; system images have no owner.
    ...(image.ownerAccountId !== null && /^[0-9]+$/.test(image.ownerAccountId)
      ? { ImageOwnerId: Number(image.ownerAccountId) }
      : {}),
    OSType: image.osType,
    OSName: image.osName,
    OSNameEn: image.osNameEn,
    Platform: image.platform,
    Architecture: image.architecture,
    Size: image.sizeGiB,
    Status: ecsStatusOf(image),
    Progress: `${image.progress}%`,
    CreationTime: toEcsSecondsTime(image.creationTime),
    Usage: context.isInUse?.(image) ? 'instance' : 'none',
    IsCopied: image.isCopied,
    IsPublic: image.isPublic,
    // A string on the wire ("True"/"False"), unlike the other Is* flags.
    IsSelfShared: isOwner && image.sharedWith.length > 0 ? 'True' : 'False',
    IsSubscribed: false,
    IsSupportCloudinit: image.isSupportCloudinit,
    IsSupportIoOptimized: image.isSupportIoOptimized,
    LoginAsNonRootSupported: image.loginAsNonRootSupported ?? false,
    BootMode: image.bootMode,
    ProductCode: image.productCode ?? '',
    ResourceGroupId: image.resourceGroupId ?? '',
    DiskDeviceMappings: {
      DiskDeviceMapping: image.diskDeviceMappings.map((m) => ({
        Device: m.device,
        SnapshotId: m.snapshotId ?? '',
        // Size is a string here, unlike the image's own Size.
        Size: String(m.sizeGiB),
        Type: m.type,
        Format: m.format ?? '',
        Encrypted: m.encrypted ?? false,
        ImportOSSBucket: m.importOssBucket ?? '',
        ImportOSSObject: m.importOssObject ?? '',
        Progress: `${m.progress ?? image.progress}%`,
        ...(m.remainTimeSeconds !== undefined ? { RemainTime: m.remainTimeSeconds } : {}),
      })),
    },
    Tags: { Tag: image.tags.map((t) => ({ TagKey: t.key, TagValue: t.value })) },
  };
}

/** DescribeImages filters, already parsed from the wire (lists split, booleans typed). */
export interface ImageFilter {
  imageIds?: string[];
  /** system | self | others | marketplace; empty = system + self + others. */
  ownerAlias?: string;
  /** Comma-separated statuses or `ALL`; default `Available`. */
  status?: string;
  imageName?: string;
  imageFamily?: string;
  osType?: string;
  architecture?: string;
  /** instance | none. */
  usage?: string;
  /** Keep only images that can boot this type. */
  instanceType?: string;
  snapshotId?: string;
  /** True: only public images (system, marketplace, published community images). */
  isPublic?: boolean;
  isSupportCloudinit?: boolean;
  isSupportIoOptimized?: boolean;
  tags?: { key: string; value?: string }[];
}

const OWNER_ALIASES: readonly string[] = ['system', 'self', 'others', 'marketplace'];
const OS_TYPES: readonly string[] = ['linux', 'windows'];
const ARCHITECTURES: readonly string[] = ['i386', 'x86_64', 'arm64'];
const USAGES: readonly string[] = ['instance', 'none'];
/** DescribeImages `Tag.N`: N is 1 to 20 (ecs-api.md §3.2). */
const MAX_TAG_FILTERS = 20;
/** DescribeImages `ImageId` takes up to 100 comma-separated ids. */
const MAX_IMAGE_IDS = 100;

/** The documented DescribeImages error codes, with their documented HTTP statuses (ecs-api.md §3.2). */
const imageFilterErrors = {
  ownerAlias: () =>
    Errors.invalid('InvalidImageOwnerAlias.ValueNotSupported', 'The specified ImageOwnerAlias value is not supported.'),
  usage: () => Errors.notFound('InvalidUsage', 'The specifed Usage is not valid'),
  osType: () => Errors.notFound('InvalidOSType', 'The specifed OSType is not valid'),
  architecture: () => Errors.notFound('InvalidArchitecture', 'The specifed Architecture is not valid'),
  instanceType: () =>
    Errors.invalid(
      'InvalidInstanceType.ValueNotSupported',
      'The specified InstanceType does not exist or beyond the permitted range.',
    ),
  tagCount: () => Errors.invalid('InvalidTagCount', 'The specified tags are beyond the permitted range.'),
  tagMismatch: () => Errors.invalid('InvalidTag.Mismatch', 'The specified Tag.n.Key and Tag.n.Value are not match.'),
};

/** The set of statuses a `Status` filter admits; throws InvalidParameter on an unknown value. */
function statusesOf(status: string | undefined): ReadonlySet<ImageStatus> {
  const requested = (status ?? 'Available')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (requested.length === 0) return new Set(['Available']);
  if (requested.includes('ALL')) return new Set(IMAGE_STATUSES);
  for (const s of requested) {
    if (!(IMAGE_STATUSES as readonly string[]).includes(s)) throw Errors.invalidParameter('Status');
  }
  return new Set(requested as ImageStatus[]);
}

/**
 * DescribeImages selection (ecs-api.md §3.2): every filter narrows; the result is sorted newest
 * first (then by id) so paging is stable. Paging itself is the action's.
 *
 * Decisions where the reference is silent:
 * - With no `ImageOwnerAlias`, the sources are system + self + others (the documented default);
 *   when explicit `ImageId`s are given, marketplace images match too, so an id lookup finds any
 *   image the caller may see.
 * - Community images (published custom images of other accounts that are not shared with the
 *   caller) appear only with `IsPublic=true`, as the reference's "others + IsPublic = community".
 * - `ImageName` matches as a substring (the console's fuzzy search); `ImageFamily` exactly.
 * - An unknown `Status` value is `InvalidParameter` (no code is documented for it).
 */
export function filterImages(
  images: readonly ImageRecord[],
  viewerAccountId: string,
  filter: ImageFilter,
  context: ImageViewContext = {},
): ImageRecord[] {
  const ownerAlias = filter.ownerAlias || undefined;
  if (ownerAlias !== undefined && !OWNER_ALIASES.includes(ownerAlias)) throw imageFilterErrors.ownerAlias();
  if (filter.usage && !USAGES.includes(filter.usage)) throw imageFilterErrors.usage();
  if (filter.osType && !OS_TYPES.includes(filter.osType)) throw imageFilterErrors.osType();
  if (filter.architecture && !ARCHITECTURES.includes(filter.architecture)) throw imageFilterErrors.architecture();
  let instanceType: InstanceTypeDefinition | undefined;
  if (filter.instanceType) {
    instanceType = findInstanceType(filter.instanceType);
    if (!instanceType) throw imageFilterErrors.instanceType();
  }
  const tags = filter.tags ?? [];
  if (tags.length > MAX_TAG_FILTERS) throw imageFilterErrors.tagCount();
  if (tags.some((t) => !t.key && t.value !== undefined && t.value !== '')) throw imageFilterErrors.tagMismatch();
  const imageIds = filter.imageIds?.filter((id) => id !== '');
  if (imageIds && imageIds.length > MAX_IMAGE_IDS) throw Errors.invalidParameter('ImageId');
  const statuses = statusesOf(filter.status);
  const wantedIds = imageIds && imageIds.length > 0 ? new Set(imageIds) : undefined;

  const aliasMatches = (image: ImageRecord): boolean => {
    const alias = ownerAliasFor(image, viewerAccountId);
    if (ownerAlias !== undefined) return alias === ownerAlias;
    return alias !== 'marketplace' || wantedIds !== undefined;
  };
  const isCommunityOnly = (image: ImageRecord): boolean =>
    image.source === 'custom' &&
    image.ownerAccountId !== viewerAccountId &&
    !image.sharedWith.includes(viewerAccountId);

  return images
    .filter((image) => {
      if (!isVisibleTo(image, viewerAccountId)) return false;
      if (wantedIds && !wantedIds.has(image.imageId)) return false;
      if (!aliasMatches(image)) return false;
      if (filter.isPublic === true ? !image.isPublic : isCommunityOnly(image)) return false;
      if (!statuses.has(ecsStatusOf(image))) return false;
      if (filter.imageName && !image.imageName.includes(filter.imageName)) return false;
      if (filter.imageFamily && image.imageFamily !== filter.imageFamily) return false;
      if (filter.osType && image.osType !== filter.osType) return false;
      if (filter.architecture && image.architecture !== filter.architecture) return false;
      if (filter.usage && (context.isInUse?.(image) ? 'instance' : 'none') !== filter.usage) return false;
      if (instanceType && !canImageRunOnInstanceType(image, instanceType)) return false;
      if (filter.snapshotId && !image.diskDeviceMappings.some((m) => m.snapshotId === filter.snapshotId)) {
        return false;
      }
      if (filter.isSupportCloudinit !== undefined && image.isSupportCloudinit !== filter.isSupportCloudinit) {
        return false;
      }
      if (filter.isSupportIoOptimized !== undefined && image.isSupportIoOptimized !== filter.isSupportIoOptimized) {
        return false;
      }
      return tags.every((wanted) =>
        image.tags.some((t) => t.key === wanted.key && (wanted.value === undefined || t.value === wanted.value)),
      );
    })
    .sort(
      (a, b) =>
        Date.parse(b.creationTime) - Date.parse(a.creationTime) || a.imageId.localeCompare(b.imageId),
    );
}
