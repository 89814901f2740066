import { currentDialect } from '../platform/dialect';
import { ApiError, Errors } from './errors';
import { findInstanceType, type InstanceTypeDefinition } from './catalogue/instance-types';
import { addPeriod, MINUTE_MS, parseRequestTime } from './lifecycle-time';
import { imageTiming } from '../platform/durations';

/**
 * The image: one record shape for every kind (public system images, marketplace images, custom
 * images made by CreateImage, CopyImage and ImportImage, and the same seen by the accounts they are
 * shared with), its visibility to an account, its compatibility with an instance type, its
 * time-driven build (Waiting → Creating with a Progress → Available), the rules of sharing,
 * deprecating, disabling, copying, exporting and deleting, and the DescribeImages view. No I/O.
 *
 * Time: a build is a window on the sandbox clock stored on the record (`build`); `settleImage`
 * derives Status and Progress from it at read time, exactly as the imageLifecycle job persists
 * them, so a reader never sees a state that contradicts the clock.
 */

/**
 * Where the image comes from. The wire's `ImageOwnerAlias` (system/self/others/marketplace) is
 * relative to the caller, so it is computed per viewer (`ownerAliasFor`), never stored.
 */
export type ImageSource = 'system' | 'custom' | 'marketplace';

/** https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-overview. */
export const IMAGE_STATUSES = ['Creating', 'Waiting', 'Available', 'UnAvailable', 'CreateFailed', 'Deprecated'] as const;
export type ImageStatus = (typeof IMAGE_STATUSES)[number];

export type ImageOsType = 'linux' | 'windows';
export type ImageArchitecture = 'x86_64' | 'i386' | 'arm64';
export type ImageBootMode = 'BIOS' | 'UEFI' | 'UEFI-Preferred';
export type ImageOwnerAlias = 'system' | 'self' | 'others' | 'marketplace';

export interface ImageDiskDeviceMapping {
  /** `/dev/xvda` for the system disk (docs/rules/ecs-user-guide.md#quotas), `/dev/xvd[b-z]` for data disks (docs/rules/ecs-user-guide.md#quotas). */
  device: string;
  /** Null for public images and for an empty data disk defined in the image (docs/rules/ecs-user-guide.md#image-from-snapshot). */
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
  /** 0-100; 100 once Available (docs/rules/ecs-user-guide.md#image-copy). */
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
  /** Account ids a custom image is shared with (at most 50, docs/rules/ecs-user-guide.md#quotas). */
  sharedWith: string[];
  /** System and marketplace images are public; a custom image is public once published to the community. */
  isPublic: boolean;
  /**
   * Disabled (the EC2 dialect's DisableImage, the EC2 guide on disabling AMIs (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/disable-an-ami.html)). ECS has no such state: the ECS view
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
  /** CopyImage: the account that owned the source (a recipient may copy an image shared with it). */
  sourceAccountId?: string;
  /** CreateImage from an instance. */
  sourceInstanceId?: string;
  /** A custom image whose system disk descends from a marketplace image (export and copy rules, docs/rules/ecs-user-guide.md#image-export). */
  marketplaceOrigin?: { imageId: string; productCode: string };
  /** The time-driven build of a custom image (absent once built long ago, and on records written before builds existed). */
  build?: ImageBuild;
  /** When each account in `sharedWith` got the image (DescribeImageSharePermission `SharedTime`). */
  sharedTimes?: Record<string, string>;
  /** Copies of this image still being made (DeleteImage refuses the source meanwhile: OperationDenied.ImageCopying). */
  copiesInFlight?: { imageId: string; regionId: string; accountId: string; until: string }[];
  /** The export task running on this image (DeleteImage refuses: ImageIsExporting). */
  exporting?: { taskId: string; until: string };
  /** ImportImage `LicenseType` (Aliyun or BYOL). */
  licenseType?: string;
  /**
   * When the image is (or was) deprecated, ISO 8601 UTC on a whole minute. Once it has passed on
   * the sandbox clock the image's Status reads `Deprecated` (settleImage); see `deprecationTimeFor`.
   */
  deprecationTime?: string;
}

/**
 * The time-driven build of a custom image: `Waiting` until `startAt` (a copy queued behind
 * others), `Creating` with a rising Progress until `readyAt`, then `outcome`.
 */
export interface ImageBuild {
  kind: 'create' | 'copy' | 'import';
  queuedAt: string;
  startAt: string;
  readyAt: string;
  outcome: 'Available' | 'CreateFailed';
  failure?: { code: string; message: string };
}

/** Per-call facts that are not in the image record. */
export interface ImageViewContext {
  /**
   * Whether the image currently backs one of the viewer's instances (DescribeImages `Usage`).
   * The action layer knows the instances; without it every image reads `none`.
   */
  isInUse?: (image: ImageRecord) => boolean;
}

/**
 * The image as it is at `now`: a build whose window has passed is finished (Available or
 * CreateFailed, Progress 100%), one under way shows Waiting (queued) or Creating with the share
 * of its window that has passed (at most 99% until it is done). Never mutates.
 */
export function settleImage(image: ImageRecord, now: Date): ImageRecord {
  return settleDeprecation(settleBuild(image, now), now);
}

/**
 * The one deprecation rule: an Available image whose `deprecationTime` has passed is `Deprecated`
 * (a disabled one too, underneath its disabled flag). Never the other way: only the writers
 * (setImageStatus, scheduleImageDeprecation) make a deprecated image Available again.
 */
function settleDeprecation(image: ImageRecord, now: Date): ImageRecord {
  if (image.status !== 'Available' || image.deprecationTime === undefined) return image;
  return Date.parse(image.deprecationTime) <= now.getTime() ? { ...image, status: 'Deprecated' } : image;
}

function settleBuild(image: ImageRecord, now: Date): ImageRecord {
  const b = image.build;
  if (!b || (image.status !== 'Creating' && image.status !== 'Waiting')) return image;
  const t = now.getTime();
  const start = Date.parse(b.startAt);
  const ready = Date.parse(b.readyAt);
  if (t >= ready) {
    const progress = b.outcome === 'Available' ? 100 : image.progress;
    return {
      ...image,
      status: b.outcome,
      progress,
      diskDeviceMappings: image.diskDeviceMappings.map(({ remainTimeSeconds: _r, ...m }) => ({ ...m, progress })),
    };
  }
  const remainTimeSeconds = Math.ceil((ready - t) / 1000);
  const progress = t <= start ? 0 : Math.min(99, Math.floor(((t - start) / (ready - start)) * 100));
  return {
    ...image,
    status: t < start ? 'Waiting' : 'Creating',
    progress,
    diskDeviceMappings: image.diskDeviceMappings.map((m) => ({
      ...m,
      progress,
      ...(b.kind === 'copy' ? { remainTimeSeconds } : {}),
    })),
  };
}

/** Waiting or Creating at `now` (call on a settled image). */
export const isBuilding = (image: ImageRecord): boolean => image.status === 'Waiting' || image.status === 'Creating';

/** Launchable: Available or Deprecated (a deprecated image still launches, https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-overview) and not disabled. */
export const isLaunchable = (image: ImageRecord): boolean =>
  (image.status === 'Available' || image.status === 'Deprecated') && !image.disabled;

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
 * a custom image for its owner, the accounts it is shared with (docs/rules/ecs-user-guide.md#image-share) and, once
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

/** A 32-bit OS addresses at most 4 GB, so types with 4 GiB or more refuse 32-bit images, no exceptions (docs/rules/ecs-user-guide.md#quotas). */
const THIRTY_TWO_BIT_MEMORY_LIMIT_GIB = 4;
/** 32-bit Windows supports at most 4 CPU cores (docs/rules/ecs-user-guide.md#quotas, spec Q47). */
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

/** `yyyy-MM-ddTHH:mm:ssZ`, the seconds-precision form images use (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-overview). */
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
    // Not an ECS field: when the image is (or was) deprecated (see setImageStatus); absent when it has none.
    ...(image.deprecationTime !== undefined ? { DeprecationTime: toEcsSecondsTime(image.deprecationTime) } : {}),
    Usage: context.isInUse?.(image) ? 'instance' : 'none',
    IsCopied: image.isCopied,
    IsPublic: image.isPublic,
    // A string on the wire ("True"/"False"), unlike the other Is* flags.
    IsSelfShared: isOwner && image.sharedWith.length > 0 ? 'True' : 'False',
    IsSubscribed: false,
    IsSupportCloudinit: image.isSupportCloudinit,
    IsSupportIoOptimized: image.isSupportIoOptimized,
    LoginAsNonRootSupported: image.loginAsNonRootSupported ?? false,
    Usable: isLaunchable(image),
    BootMode: image.bootMode,
    ProductCode: image.productCode ?? image.marketplaceOrigin?.productCode ?? '',
    ...(image.licenseType ? { LicenseType: image.licenseType } : {}),
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
  /**
   * Disabled images (the EC2 guide on disabling AMIs (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/disable-an-ami.html)) are left out unless this is true, as EC2's DescribeImages
   * `IncludeDisabled`; when included they match a Status filter by their status before they
   * were disabled as well as by `UnAvailable`, so the default filter (Available) shows them.
   */
  includeDisabled?: boolean;
  /** `ImageOwnerId`: only images of this account. */
  imageOwnerId?: string;
  /** `Filter.N` CreationStartTime / CreationEndTime (inclusive), ms since the epoch. */
  createdFrom?: number;
  createdUntil?: number;
}

const OWNER_ALIASES: readonly string[] = ['system', 'self', 'others', 'marketplace'];
const OS_TYPES: readonly string[] = ['linux', 'windows'];
const ARCHITECTURES: readonly string[] = ['i386', 'x86_64', 'arm64'];
const USAGES: readonly string[] = ['instance', 'none'];
/** DescribeImages `Tag.N`: N is 1 to 20 (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describeimages). */
const MAX_TAG_FILTERS = 20;
/** DescribeImages `ImageId` takes up to 100 comma-separated ids. */
const MAX_IMAGE_IDS = 100;

/** The documented DescribeImages error codes, with their documented HTTP statuses (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describeimages). */
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
 * DescribeImages selection (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describeimages): every filter narrows; the result is sorted newest
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

  const statusMatches = (image: ImageRecord): boolean => {
    if (!image.disabled) return statuses.has(image.status);
    if (!filter.includeDisabled) return false;
    return statuses.has('UnAvailable') || statuses.has(image.status);
  };

  return images
    .filter((image) => {
      if (!isVisibleTo(image, viewerAccountId)) return false;
      if (wantedIds && !wantedIds.has(image.imageId)) return false;
      if (!aliasMatches(image)) return false;
      if (filter.isPublic === true ? !image.isPublic : isCommunityOnly(image)) return false;
      if (!statusMatches(image)) return false;
      if (filter.imageOwnerId && image.ownerAccountId !== filter.imageOwnerId) return false;
      if (filter.createdFrom !== undefined && Date.parse(image.creationTime) < filter.createdFrom) return false;
      if (filter.createdUntil !== undefined && Date.parse(image.creationTime) > filter.createdUntil) return false;
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

// ================================================================ custom image rules

/**
 * Limits (README "Behaviour worth knowing"). The per-account ones are operator quotas too
 * (shared/domain/quotas.ts): CustomImages, SharedImages, ImageShareAccounts.
 */
export const IMAGE_LIMITS = {
  /** Custom images per account and region (a sandbox figure; QuotaExceed.Image beyond it). */
  customImagesPerRegion: 100,
  /** Images an account can share per region: "up to 100 images" (the ECS image lifecycle FAQ (https://www.alibabacloud.com/help/en/ecs/user-guide/faq-about-image-lifecycle)). */
  sharedImagesPerRegion: 100,
  /** Accounts one image can be shared with: 50, raised by ticket (docs/rules/ecs-user-guide.md#quotas; the ECS image lifecycle FAQ (https://www.alibabacloud.com/help/en/ecs/user-guide/faq-about-image-lifecycle)). */
  shareAccountsPerImage: 50,
  /** AddAccount.N / RemoveAccount.N: N is 1–10; anything beyond 10 is ignored (https://www.alibabacloud.com/help/en/ecs/user-guide/limits). */
  shareAccountsPerCall: 10,
  /** A custom image of 100 GB or more needs a ticket to be copied (docs/rules/ecs-user-guide.md#image-copy). */
  copySizeLimitGiB: 100,
  /** Copies running at once per account and destination region; the rest wait (https://www.alibabacloud.com/help/en/ecs/user-guide/limits). */
  copyConcurrency: 5,
  /** An image has one system disk and up to 16 data disks (https://www.alibabacloud.com/help/en/ecs/user-guide/limits, CreateImage). */
  dataDisksPerImage: 16,
  /** A data disk of an image without a snapshot is empty: 5 GB by default, at most 2,000 GB (docs/rules/ecs-user-guide.md#image-from-snapshot). */
  emptyDataDisk: { default: 5, min: 5, max: 2000 },
  /** The system disk of an image: 20–500 GiB (as a system disk). */
  systemDisk: { min: 20, max: 500 },
  /** ImportImage system disk: Windows 40–500 GB, Linux 20–500 GB (docs/rules/ecs-user-guide.md#image-import; spec §16.4). */
  importSystemDisk: { linux: { min: 20, max: 500 }, windows: { min: 40, max: 500 } },
  /** ImportImage data disks: 5–2,000 GB (as an image's data disk, docs/rules/ecs-user-guide.md#image-from-snapshot). */
  importDataDisk: { min: 5, max: 2000 },
} as const;

/**
 * How long the time-driven image work takes on the sandbox clock, from the active duration profile
 * (shared/platform/durations.ts). Creating from an instance takes as long as the snapshots of its
 * disks, so it grows with the disks' size (the ECS image lifecycle FAQ, https://www.alibabacloud.com/help/en/ecs/user-guide/faq-about-image-lifecycle). `realistic`: a copy moves every disk of the
 * image at 60 s per GiB (docs/rules/ecs-user-guide.md#image-copy: network speed and queue); an import takes "typically 1–4
 * hours, depending on the file size" (docs/rules/ecs-user-guide.md#image-import); an export depends on the image size (docs/rules/ecs-user-guide.md#image-export).
 */
export const IMAGE_TIMING = imageTiming;

const isoOf = (ms: number) => new Date(ms).toISOString();

/** The size a copy or an export moves: every disk of the image, GiB. */
export const totalSizeGiB = (image: Pick<ImageRecord, 'diskDeviceMappings'>): number =>
  image.diskDeviceMappings.reduce((sum, m) => sum + m.sizeGiB, 0);

export const copySeconds = (totalGiB: number, minSeconds: number): number => Math.max(minSeconds, totalGiB * IMAGE_TIMING.copySecondsPerGiB);
export const exportSeconds = (totalGiB: number, minSeconds: number): number => Math.max(minSeconds, totalGiB * IMAGE_TIMING.exportSecondsPerGiB);
export const importSeconds = (totalGiB: number): number =>
  Math.min(IMAGE_TIMING.importMaxSeconds, IMAGE_TIMING.importBaseSeconds + totalGiB * IMAGE_TIMING.importSecondsPerGiB);

// ---------------------------------------------------------------- errors

export const ImageErrors = {
  notFound: () => Errors.notFound('InvalidImageId.NotFound', 'The specified ImageId does not exist.'),
  /**
   * Launching from a disabled image (RunInstances, CreateInstance, ReplaceSystemDisk, ReInitDisk).
   * ECS has no disable feature, so no code is documented; this one follows the ECS pattern of
   * `InvalidImageId.NotFound` and carries EC2's meaning (`InvalidAMIID.Unavailable`, https://docs.aws.amazon.com/AWSEC2/latest/APIReference/Welcome.html).
   */
  disabled: () =>
    new ApiError(
      'InvalidImageId.Disabled',
      403,
      'The specified image is disabled and cannot be used to create instances or replace a system disk. The owner can enable it again with EnableImage.',
    ),
  /** Launching from an image that is still being built (docs/rules/ecs-user-guide.md#image-from-instance: usable once every snapshot is done). */
  notReady: () =>
    new ApiError('IncorrectImageStatus', 400, 'The specified image is not available. It is still being created; wait until its Status is Available.'),
  notAvailable: (detail = '') => new ApiError('IncorrectImageStatus', 400, `The image is not available.${detail ? ` ${detail}` : ''}`),
  nameMalformed: () => new ApiError('InvalidImageName.Malformed', 400, 'The specified Image name is wrongly formed.'),
  // deprecation (no ECS code is documented: these follow InvalidAutoReleaseTime's pattern)
  deprecationTimeMalformed: (value: string) =>
    new ApiError(
      'InvalidDeprecationTime.Malformed',
      400,
      `The specified DeprecationTime "${value}" is not valid. Use ISO 8601 UTC, e.g. 2030-01-02T03:04:05Z.`,
    ),
  deprecationTimePast: () =>
    new ApiError('InvalidDeprecationTime', 400, 'The specified deprecation time must be in the future (seconds are rounded to the nearest minute).'),
  deprecationTimeTooLate: (isPublic: boolean, latest: Date) =>
    new ApiError(
      'InvalidDeprecationTime',
      400,
      isPublic
        ? `The deprecation time of a public image can be at most 2 years after its creation date (${latest.toISOString()}).`
        : `The deprecation time can be at most 10 years from now (${latest.toISOString()}).`,
    ),
  nameDuplicated: () => new ApiError('InvalidImageName.Duplicated', 400, 'The specified Image name has already been used.'),
  quota: (limit: number) =>
    new ApiError('QuotaExceed.Image', 403, `The Image Quota exceeds. An account keeps at most ${limit} custom images per region.`),
  // sharing
  shareSelf: () => Errors.notFound('InvalidAccount.Forbbiden', 'The specified Account does not yourself.'),
  accountNotFound: () =>
    Errors.notFound('InvalidAccount.NotFound', 'The specified parameter "AddAccount.n" or "RemoveAccount.n" does not exist.'),
  shareUserQuota: (limit: number) =>
    new ApiError('QuotaExceed.ShareImageUser', 403, `The shared Image user Quota exceeds. An image can be shared with at most ${limit} accounts.`),
  shareImageQuota: (limit: number) =>
    new ApiError('QuotaExceed.ShareImage', 403, `The shared Image Quota exceeds. An account can share at most ${limit} images per region.`),
  encryptedShare: () =>
    new ApiError(
      'OperationDeined.EncryptedSnapshot',
      403,
      'The image contains encrypted snapshots, which do not support share. Sharing an encrypted image needs the RAM role AliyunECSShareEncryptImageDefaultRole, which the sandbox does not model.',
    ),
  // delete
  usingByInstance: () => new ApiError('ImageUsingByInstance', 403, 'The specified image has been used to create instances.'),
  useShared: () => new ApiError('ImageUseShared', 403, 'The specified image has been shared to others.'),
  isCreating: () => new ApiError('ImageIsCreating', 403, 'The specified image is being created.'),
  isImporting: () => new ApiError('ImageIsImporting', 403, 'The specified Image is importing.'),
  isExporting: () => new ApiError('ImageIsExporting', 403, 'The specified Image is exporting. Please cancel task first.'),
  copying: () => new ApiError('OperationDenied.ImageCopying', 403, 'The specified image is being copied.'),
  // copy
  destinationRegion: () => new ApiError('DestinationRegion.NotFound', 400, 'The destination region not found'),
  sizeExceed: (limit: number) =>
    new ApiError(
      'SizeExceed.Image',
      403,
      `The image exceeds the maximum size. Please open a ticket to add the account to the white list. Images of ${limit} GB or more cannot be copied.`,
    ),
  notPublished: () =>
    new ApiError(
      'OperationDenied.NotPublished',
      403,
      'The operation is denied because corresponding marketplace image is not published in destination region.',
    ),
  encryptedIllegal: () =>
    new ApiError('InvalidParameter.EncryptedIllegal', 400, 'The specified parameter Encrypted must be true when kmsKeyId is not empty.'),
  // cancel copy
  copyFinished: () => new ApiError('IncorrectImageStatus', 400, 'The image is copied finished.'),
  notFromCopy: () => new ApiError('ImageCreatedNotFromCopy', 400, 'The specified image is not the target image of a copy action.'),
  // export
  exportNotAvailable: () => new ApiError('IncorrectImageStatus', 400, 'The specified Image is not available.'),
  exportDataDisk: () =>
    new ApiError('OperationDenied', 400, 'The specified image contains the snapshot of the data disk,does not support this operation.'),
  exportMarketplace: () => new ApiError('ImageNotSupported', 403, 'The specified image from the image market, do not support export image.'),
  exportEncrypted: () => new ApiError('ImageNotSupported', 400, 'The specified Image contains encrypted snapshots, do not support export.'),
  exportFormat: () => new ApiError('InvalidImageFormat.Malformed', 400, 'The specified Image Format is wrongly formed.'),
  ossPrefix: () => new ApiError('InvalidOSSPrefix.Malformed', 400, 'The specified OSSPrefix format is wrongly formed.'),
  // create from snapshots
  noSystemSnapshot: () =>
    new ApiError('OperationDenied', 400, 'The specified parameter DiskDeviceMapping.n.SnapshotId does not contain system disk snapshot.'),
  twoSystemSnapshots: () =>
    new ApiError('OperationDenied', 400, 'The specified parameter DiskDeviceMapping.n.SnapshotId contains two or more system disk snapshots.'),
  notSystemSnapshot: () => new ApiError('OperationDenied', 403, 'The specified snapshot is not from system disk.'),
  encryptedSystem: () => new ApiError('OperationDenied', 400, 'Not support creating system image from an encrypted snapshot/disk.'),
  snapshotNotFound: () => Errors.notFound('InvalidSnapshotId.NotFound', 'The specified SnapshotId does not exist.'),
  snapshotNotReady: () =>
    new ApiError('InvalidSnapshotId.NotReady', 403, 'The current status of the DiskDeviceMapping.n.SnapshotId or SnapshotId does not support this operation.'),
  missingSource: () =>
    new ApiError(
      'MissingParameter',
      400,
      'The input parameter SnapshotId or InstanceId or DiskDeviceMapping that is mandatory for processing this request is not supplied.',
    ),
  diskType: () => new ApiError('InvalidDiskType.ValueNotSupported', 400, 'The specified disk type is not supported.'),
  mappingSize: (name: string) => new ApiError('InvalidSize.ValueNotSupported', 400, `The specified parameter "${name}" is not valid.`),
  deviceMalformed: () => new ApiError('InvalidDevice.Malformed', 400, 'The specified device is wrongly formed.'),
  deviceInUse: () => new ApiError('InvalidDevice.InUse', 400, 'The specified device has been occupied.'),
  // import
  missingMappings: () => new ApiError('MissingParameter.DiskDeviceMapping', 403, 'The specified parameter DiskDeviceMapping is not supplied.'),
  importFormat: () => new ApiError('InvalidImageFormat.Malformed', 400, 'The specified Image Format is wrongly formed.'),
  ossInternal: () =>
    new ApiError(
      'InvalidOSSObject.NotFound',
      400,
      'The specified OSS object cannot be retrieved. An internal (intranet) OSS address cannot be imported: use the public URL that OSS gives when the object is shared.',
    ),
  ossOtherRegion: () =>
    new ApiError(
      'InvalidOSSObject.NotFound',
      400,
      'The specified OSS object does not exist in this region. Only an image file in OSS of the same region can be imported (guide L2737).',
    ),
  ossObjectMalformed: () => new ApiError('InvalidOSSObject.Malformed', 400, 'The specified OSS object is wrongly formed.'),
  osType: () => new ApiError('InvalidOSType.Malformed', 400, 'The specified OSType is wrongly formed.'),
  architecture: () => new ApiError('InvalidArchitecture.Malformed', 400, 'The specified Architecture is wrongly formed.'),
  platform: () => new ApiError('InvalidPlatform.Malformed', 400, 'The specified Platform is wrongly formed.'),
  importSystemSize: (min: number, max: number, osType: string) =>
    new ApiError(
      'InvalidImageSize',
      400,
      `The specified "DiskDeviceMapping.1.DiskImageSize" should be in the range ${min}–${max} GB for a ${osType} image.`,
    ),
  importDataSize: () =>
    new ApiError('InvalidDataDiskSize', 400, 'The specified DiskDeviceMapping.N.DiskImSize should be in the specified range.'),
  licenseType: () => new ApiError('InvalidLicenseType.NotSupported', 400, 'The specified LicenseType is not supported'),
  importFailed: (why: string) => new ApiError('ImportImageFailed', 403, `Importing image is failed, Please contact the administrator. ${why}`),
};

// ---------------------------------------------------------------- names

const HTTP_PREFIX = /^https?:\/\//i;

/**
 * ImageName (CreateImage, CopyImage, ModifyImageAttribute): 2–128 characters, starting with a
 * letter (kanji, hiragana and katakana included), then letters, digits, `-`, `_`, `.` (docs/rules/ecs-user-guide.md#image-from-snapshot,
 * L2348). ImportImage: no `.` (docs/rules/ecs-user-guide.md#image-import).
 */
export function validateImageName(name: string, opts: { forImport?: boolean } = {}): void {
  if (currentDialect() === 'ec2') {
    // EC2 AMI names: 3-128 of letters, digits, ( ) [ ] space . / - ' @ _, any first
    // (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateImage.html).
    if (!/^[A-Za-z0-9()[\] ./\-'@_]{3,128}$/.test(name)) throw ImageErrors.nameMalformed();
    return;
  }
  const rule = opts.forImport ? /^\p{L}[\p{L}\p{N}_-]{1,127}$/u : /^\p{L}[\p{L}\p{N}._-]{1,127}$/u;
  if (HTTP_PREFIX.test(name) || !rule.test(name)) throw ImageErrors.nameMalformed();
}

/** Description: 2–256 characters, not starting with http:// or https:// (docs/rules/ecs-user-guide.md#image-from-snapshot). */
export function validateImageDescription(description: string): void {
  if (description.length < 2 || description.length > 256 || HTTP_PREFIX.test(description)) {
    throw new ApiError('InvalidDescription.Malformed', 400, 'The specified description is wrongly formed.');
  }
}

/** ImageFamily: 2–128 characters, starting with a letter, not a URL; `acs:` and `aliyun` are the public images' own. */
export function validateImageFamily(family: string): void {
  if (!/^\p{L}[\p{L}\p{N}.:_-]{1,127}$/u.test(family) || HTTP_PREFIX.test(family) || /^(acs:|aliyun)/i.test(family)) {
    throw Errors.invalidParameter('ImageFamily', 'The name must be 2 to 128 characters long, start with a letter and not start with acs: or aliyun.');
  }
}

// ---------------------------------------------------------------- create from snapshots

export interface MappingRequest {
  device?: string;
  diskType?: string;
  sizeGiB?: number;
  snapshotId?: string;
}

/** What CreateImage needs to know about a snapshot it names. */
export interface SnapshotFacts {
  snapshotId: string;
  sourceDiskType: 'system' | 'data';
  sizeGiB: number;
  encrypted: boolean;
  accomplished: boolean;
}

const DATA_DEVICE = /^\/dev\/xvd[b-z]$/;
const SYSTEM_DEVICE = '/dev/xvda';

/**
 * The disks of an image made from snapshots (CreateImage `SnapshotId` or `DiskDeviceMapping.N`):
 * exactly one system disk whose snapshot was taken of a system disk (docs/rules/ecs-user-guide.md#image-from-snapshot, the ECS image lifecycle FAQ (https://www.alibabacloud.com/help/en/ecs/user-guide/faq-about-image-lifecycle): a data
 * disk snapshot cannot be the base), then up to 16 data disks, each from a snapshot (at least its
 * size) or empty (5 GB by default, at most 2,000 GB: docs/rules/ecs-user-guide.md#image-from-snapshot). Devices: the system disk
 * is /dev/xvda; a data disk without a device gets the next free one (docs/rules/ecs-user-guide.md#image-from-snapshot).
 * `snapshots` holds every snapshot the request names that exists; an unknown id is NotFound.
 */
export function planSnapshotMappings(requests: readonly MappingRequest[], snapshots: ReadonlyMap<string, SnapshotFacts>): ImageDiskDeviceMapping[] {
  if (requests.length > 1 + IMAGE_LIMITS.dataDisksPerImage) {
    throw Errors.invalidParameter('DiskDeviceMapping', 'An image has one system disk and at most 16 data disks.');
  }
  const resolved = requests.map((r, i) => {
    const snapshot = r.snapshotId ? snapshots.get(r.snapshotId) : undefined;
    if (r.snapshotId && !snapshot) throw ImageErrors.snapshotNotFound();
    if (snapshot && !snapshot.accomplished) throw ImageErrors.snapshotNotReady();
    if (r.diskType !== undefined && r.diskType !== 'system' && r.diskType !== 'data') throw ImageErrors.diskType();
    const type: 'system' | 'data' = (r.diskType) ?? (r.device === SYSTEM_DEVICE ? 'system' : snapshot?.sourceDiskType ?? 'data');
    return { r, i, snapshot, type };
  });
  const systems = resolved.filter((x) => x.type === 'system');
  if (systems.length === 0) throw ImageErrors.noSystemSnapshot();
  if (systems.length > 1) throw ImageErrors.twoSystemSnapshots();
  const system = systems[0]!;
  if (!system.snapshot) throw ImageErrors.noSystemSnapshot();
  if (system.snapshot.sourceDiskType !== 'system') throw ImageErrors.notSystemSnapshot();
  if (system.snapshot.encrypted) throw ImageErrors.encryptedSystem();
  if (system.r.device !== undefined && system.r.device !== SYSTEM_DEVICE) throw ImageErrors.deviceMalformed();

  const used = new Set<string>([SYSTEM_DEVICE]);
  const dataRequests = resolved.filter((x) => x.type === 'data');
  for (const d of dataRequests) {
    if (d.r.device === undefined) continue;
    if (!DATA_DEVICE.test(d.r.device)) throw ImageErrors.deviceMalformed();
    if (used.has(d.r.device)) throw ImageErrors.deviceInUse();
    used.add(d.r.device);
  }
  const sizeOf = (x: (typeof resolved)[number]): number => {
    const name = `DiskDeviceMapping.${x.i + 1}.Size`;
    if (x.snapshot) {
      const size = x.r.sizeGiB ?? x.snapshot.sizeGiB;
      if (size < x.snapshot.sizeGiB) throw ImageErrors.mappingSize(name);
      const range = x.type === 'system' ? IMAGE_LIMITS.systemDisk : { min: 1, max: 32_768 };
      if (!Number.isInteger(size) || size > range.max) throw ImageErrors.mappingSize(name);
      return size;
    }
    const size = x.r.sizeGiB ?? IMAGE_LIMITS.emptyDataDisk.default;
    if (!Number.isInteger(size) || size < IMAGE_LIMITS.emptyDataDisk.min || size > IMAGE_LIMITS.emptyDataDisk.max) throw ImageErrors.mappingSize(name);
    return size;
  };
  const mappings: ImageDiskDeviceMapping[] = [
    { device: SYSTEM_DEVICE, snapshotId: system.snapshot.snapshotId, sizeGiB: sizeOf(system), type: 'system', encrypted: false },
  ];
  for (const d of dataRequests) {
    let device = d.r.device;
    if (device === undefined) {
      for (let c = 'b'.charCodeAt(0); c <= 'z'.charCodeAt(0) && device === undefined; c++) {
        const candidate = `/dev/xvd${String.fromCharCode(c)}`;
        if (!used.has(candidate)) device = candidate;
      }
      if (device === undefined) throw ImageErrors.deviceInUse();
      used.add(device);
    }
    mappings.push({ device, snapshotId: d.snapshot?.snapshotId ?? null, sizeGiB: sizeOf(d), type: 'data', encrypted: d.snapshot?.encrypted ?? false });
  }
  return mappings;
}

// ---------------------------------------------------------------- the copy queue

export interface BuildWindow {
  startAt: string;
  readyAt: string;
}

/**
 * When a copy of `durationMs` asked for at `now` runs: as soon as fewer than `concurrency` of the
 * copies already planned (`planned`) run at every instant of its window (https://www.alibabacloud.com/help/en/ecs/user-guide/limits: at most 5
 * at once per region, the rest wait; docs/rules/ecs-user-guide.md#image-copy: time depends on the task queue).
 */
export function queueSlot(planned: readonly BuildWindow[], now: Date, durationMs: number, concurrency: number): BuildWindow {
  const nowMs = now.getTime();
  const windows = planned.map((w) => [Date.parse(w.startAt), Date.parse(w.readyAt)] as const).filter(([, end]) => end > nowMs);
  const candidates = [nowMs, ...windows.map(([, end]) => end)].filter((c) => c >= nowMs).sort((a, b) => a - b);
  const openAt = (t: number) => windows.filter(([s, e]) => s <= t && t < e).length;
  for (const c of candidates) {
    const points = [c, ...windows.map(([s]) => s).filter((s) => s > c && s < c + durationMs)];
    if (points.every((p) => openAt(p) < concurrency)) return { startAt: isoOf(c), readyAt: isoOf(c + durationMs) };
  }
  const last = Math.max(nowMs, ...windows.map(([, e]) => e));
  return { startAt: isoOf(last), readyAt: isoOf(last + durationMs) };
}

/**
 * The queue again after a copy left it (CancelCopyImage): copies already running keep their
 * windows; the waiting ones move up in the order they were asked for. Returns the new windows of
 * the copies whose window changed.
 */
export function replanQueue(
  copies: readonly (BuildWindow & { imageId: string; queuedAt: string })[],
  now: Date,
  concurrency: number,
): Map<string, BuildWindow> {
  const nowMs = now.getTime();
  const fixed: BuildWindow[] = copies.filter((c) => Date.parse(c.startAt) <= nowMs);
  const waiting = copies
    .filter((c) => Date.parse(c.startAt) > nowMs)
    .sort((a, b) => Date.parse(a.queuedAt) - Date.parse(b.queuedAt) || a.imageId.localeCompare(b.imageId));
  const changed = new Map<string, BuildWindow>();
  for (const c of waiting) {
    const slot = queueSlot(fixed, now, Date.parse(c.readyAt) - Date.parse(c.startAt), concurrency);
    fixed.push(slot);
    if (slot.startAt !== c.startAt) changed.set(c.imageId, slot);
  }
  return changed;
}

// ---------------------------------------------------------------- share, deprecate, disable, copy, export, delete

const activeUntil = (until: string | undefined, now: Date) => until !== undefined && Date.parse(until) > now.getTime();

/** Copies of the image still under way at `now`. */
export const copiesUnderWay = (image: ImageRecord, now: Date) => (image.copiesInFlight ?? []).filter((c) => activeUntil(c.until, now));
export const isExporting = (image: ImageRecord, now: Date): boolean => activeUntil(image.exporting?.until, now);
export const isEncrypted = (image: ImageRecord): boolean => image.diskDeviceMappings.some((m) => m.encrypted);

/**
 * AddAccount / IsPublic=true need an Available image: not being built, not deprecated (a
 * deprecated image cannot be shared, https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-overview), not disabled (the EC2 guide on disabling AMIs (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/disable-an-ami.html)), not encrypted.
 */
export function checkShareable(image: ImageRecord): void {
  if (image.disabled) throw ImageErrors.notAvailable('A disabled image cannot be shared; enable it first.');
  if (image.status === 'Deprecated') throw ImageErrors.notAvailable('A deprecated image cannot be shared.');
  if (image.status !== 'Available') throw ImageErrors.notAvailable();
  if (isEncrypted(image)) throw ImageErrors.encryptedShare();
}

/**
 * ModifyImageSharePermission on the owner's image: add and remove accounts (the first 10 of each,
 * https://www.alibabacloud.com/help/en/ecs/user-guide/limits), never the owner itself, at most `maxAccounts` in all (docs/rules/ecs-user-guide.md#quotas).
 * Adding an account it is already shared with changes nothing (its SharedTime stays).
 */
export function applyShareChange(
  image: ImageRecord,
  change: { add: readonly string[]; remove: readonly string[]; isPublic?: boolean; maxAccounts: number; now: Date },
): ImageRecord {
  const add = [...new Set(change.add.slice(0, IMAGE_LIMITS.shareAccountsPerCall))];
  const remove = new Set(change.remove.slice(0, IMAGE_LIMITS.shareAccountsPerCall));
  if (add.includes(image.ownerAccountId ?? '')) throw ImageErrors.shareSelf();
  if (add.length > 0 || change.isPublic === true) checkShareable(image);
  const times: Record<string, string> = { ...(image.sharedTimes ?? {}) };
  const kept = image.sharedWith.filter((a) => !remove.has(a));
  for (const a of image.sharedWith) if (remove.has(a)) delete times[a];
  const sharedWith = [...kept];
  for (const a of add) {
    if (sharedWith.includes(a)) continue;
    sharedWith.push(a);
    times[a] = change.now.toISOString();
  }
  if (sharedWith.length > change.maxAccounts) throw ImageErrors.shareUserQuota(change.maxAccounts);
  // No empty map is stored: the local stream delivers an empty map as a value the stream handler cannot read.
  return { ...image, sharedWith, sharedTimes: sharedWith.length > 0 ? times : undefined, isPublic: change.isPublic ?? image.isPublic };
}

/** Shared with anyone (accounts or the public)? */
export const isShared = (image: Pick<ImageRecord, 'sharedWith' | 'isPublic'>): boolean => image.sharedWith.length > 0 || image.isPublic;

/**
 * Deprecation, one rule for both dialects: an image is deprecated from its `deprecationTime` on
 * (settleImage turns Available into Deprecated once that time has passed on the sandbox clock).
 *
 * - ECS ModifyImageAttribute `Status=Deprecated` (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-modifyimageattribute) deprecates now: the
 *   deprecation time becomes the current minute (so the EC2 view shows it as `deprecationTime`).
 *   A shared image must be unshared first; an image being built, failed or disabled cannot be.
 * - ECS `Status=Available` and EC2 DisableImageDeprecation cancel the deprecation, passed or
 *   scheduled: the time goes and a Deprecated image is Available again. An image with no
 *   deprecation is unchanged (idempotent, as EC2's answer `true`).
 * - EC2 EnableImageDeprecation (ECS ModifyImageAttribute `DeprecationTime`, a sandbox extension)
 *   schedules it: `scheduleImageDeprecation`. A shared image may be scheduled: when the time
 *   passes it stays shared, and its sharees no longer see it by default (EC2 DescribeImages without
 *   IncludeDeprecated or ImageId.N; ECS DescribeImages without Status=Deprecated or ALL).
 *
 * A deprecated image still launches but cannot be shared or copied (checkShareable, checkCopySource).
 */
export function setImageStatus(image: ImageRecord, status: 'Deprecated' | 'Available', now: Date): ImageRecord {
  if (status === 'Available') return cancelImageDeprecation(image);
  if (image.disabled) throw ImageErrors.notAvailable('A disabled image must be enabled first.');
  if (image.status !== 'Available' && image.status !== 'Deprecated') throw ImageErrors.notAvailable();
  if (isShared(image)) {
    throw new ApiError('ImageUseShared', 403, 'The specified image has been shared to others. Cancel sharing before deprecating it.');
  }
  if (image.status === 'Deprecated') return image;
  return { ...image, status: 'Deprecated', deprecationTime: new Date(Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS).toISOString() };
}

/** No deprecation, passed or scheduled (EC2 DisableImageDeprecation, ECS Status=Available). Idempotent. */
export function cancelImageDeprecation(image: ImageRecord): ImageRecord {
  if (image.deprecationTime === undefined && image.status !== 'Deprecated') return image;
  const { deprecationTime: _gone, ...rest } = image;
  return { ...rest, status: image.status === 'Deprecated' ? 'Available' : image.status };
}

/** EC2 EnableImageDeprecation limits (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EnableImageDeprecation.html). */
export const DEPRECATION_LIMITS = {
  /** At most this many years after now. */
  maxYearsAhead: 10,
  /** A public image: at most this many years after its creation. */
  publicMaxYearsAfterCreation: 2,
} as const;

/**
 * A requested deprecation time as the image will carry it (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/Welcome.html): ISO 8601 UTC
 * (`yyyy-MM-ddTHH:mm[:ss[.sss]]Z`), seconds rounded to the nearest minute (30 s and more up);
 * the rounded time must be after `now` (a time in the past, or one rounding to now or earlier, is
 * refused) and at most 10 years after now, or for a public image at most 2 years after its
 * creation. Returns the ISO form with milliseconds (`2030-01-02T03:04:00.000Z`).
 */
export function deprecationTimeFor(image: Pick<ImageRecord, 'isPublic' | 'creationTime'>, requested: string, now: Date): string {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?)(?:\.(\d{1,3}))?Z$/.exec(requested.trim());
  const base = m ? parseRequestTime(`${m[1]}Z`) : undefined;
  if (!m || !base) throw ImageErrors.deprecationTimeMalformed(requested);
  const ms = base.getTime() + (m[2] ? Number(m[2].padEnd(3, '0')) : 0);
  const at = Math.round(ms / MINUTE_MS) * MINUTE_MS;
  if (at <= now.getTime()) throw ImageErrors.deprecationTimePast();
  const latest = image.isPublic
    ? addPeriod(new Date(image.creationTime), DEPRECATION_LIMITS.publicMaxYearsAfterCreation, 'Year')
    : addPeriod(now, DEPRECATION_LIMITS.maxYearsAhead, 'Year');
  if (at > latest.getTime()) throw ImageErrors.deprecationTimeTooLate(image.isPublic, latest);
  return new Date(at).toISOString();
}

/**
 * EC2 EnableImageDeprecation: deprecate at a future time (`deprecationTimeFor`), replacing any
 * earlier time; a deprecated image is Available again until then. Any state of the owner's own
 * custom image (being built, disabled, shared) may be scheduled.
 */
export function scheduleImageDeprecation(image: ImageRecord, requested: string, now: Date): ImageRecord {
  const deprecationTime = deprecationTimeFor(image, requested, now);
  return { ...image, deprecationTime, status: image.status === 'Deprecated' ? 'Available' : image.status };
}

/**
 * DisableImage (the EC2 guide on disabling AMIs (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/disable-an-ami.html), https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DisableImage.html): every share and the public flag go (they are not
 * restored by EnableImage); the image stays, with its snapshots. Only an Available or
 * Deprecated image can be disabled; disabling a disabled image changes nothing.
 */
export function disableImage(image: ImageRecord): ImageRecord {
  if (image.disabled) return image;
  if (image.status !== 'Available' && image.status !== 'Deprecated') throw ImageErrors.notAvailable();
  return { ...image, disabled: true, sharedWith: [], sharedTimes: undefined, isPublic: false };
}

/** EnableImage: back to the status it had; shares are not restored (the EC2 guide on disabling AMIs (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/disable-an-ami.html)). Idempotent. */
export function enableImage(image: ImageRecord): ImageRecord {
  return image.disabled ? { ...image, disabled: false } : image;
}

/**
 * CopyImage of a custom image the caller owns or that is shared with it: Available (not being
 * built, not deprecated, not disabled: https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-overview), under the guide's size limit (L2379),
 * and, when it descends from a marketplace image, only into a region where that image is
 * published (the ECS image lifecycle FAQ (https://www.alibabacloud.com/help/en/ecs/user-guide/faq-about-image-lifecycle)).
 */
export function checkCopySource(image: ImageRecord, opts: { destinationRegionId: string; publishedIn: (marketplaceImageId: string, regionId: string) => boolean }): void {
  if (image.disabled) throw ImageErrors.notAvailable('A disabled image cannot be copied.');
  if (image.status === 'Deprecated') throw ImageErrors.notAvailable('A deprecated image cannot be copied.');
  if (image.status !== 'Available') throw ImageErrors.notAvailable();
  if (totalSizeGiB(image) >= IMAGE_LIMITS.copySizeLimitGiB) throw ImageErrors.sizeExceed(IMAGE_LIMITS.copySizeLimitGiB);
  const origin = image.marketplaceOrigin;
  if (origin && !opts.publishedIn(origin.imageId, opts.destinationRegionId)) throw ImageErrors.notPublished();
}

/**
 * ExportImage (docs/rules/ecs-user-guide.md#image-export): an Available custom image without data disks and not
 * descending from a marketplace image; not encrypted; one export at a time.
 */
export function checkExport(image: ImageRecord, now: Date): void {
  if (image.disabled || (image.status !== 'Available' && image.status !== 'Deprecated')) throw ImageErrors.exportNotAvailable();
  if (isExporting(image, now)) throw new ApiError('ImageIsExporting', 403, 'The specified Image is exporting.');
  if (image.diskDeviceMappings.some((m) => m.type === 'data')) throw ImageErrors.exportDataDisk();
  if (image.marketplaceOrigin || image.productCode) throw ImageErrors.exportMarketplace();
  if (isEncrypted(image)) throw ImageErrors.exportEncrypted();
}

/**
 * DeleteImage (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-deleteimage, docs/rules/ecs-user-guide.md#image-share, the ECS image lifecycle FAQ (https://www.alibabacloud.com/help/en/ecs/user-guide/faq-about-image-lifecycle)): not while it is being
 * created, copied, imported or exported, nor while copies of it are made; a shared image and an
 * image that instances were created from need `Force` (the ECS image lifecycle FAQ's (https://www.alibabacloud.com/help/en/ecs/user-guide/faq-about-image-lifecycle) force delete), which also
 * takes the image from the accounts it was shared with.
 */
export function checkDeleteImage(image: ImageRecord, opts: { now: Date; force: boolean; instancesUsing: number }): void {
  if (isBuilding(image)) {
    if (image.build?.kind === 'import') throw ImageErrors.isImporting();
    if (image.build?.kind === 'copy') throw ImageErrors.copying();
    throw ImageErrors.isCreating();
  }
  if (isExporting(image, opts.now)) throw ImageErrors.isExporting();
  if (copiesUnderWay(image, opts.now).length > 0) throw ImageErrors.copying();
  if (opts.force) return;
  if (isShared(image)) throw ImageErrors.useShared();
  if (opts.instancesUsing > 0) throw ImageErrors.usingByInstance();
}

// ---------------------------------------------------------------- import

export const IMPORT_FORMATS = ['RAW', 'VHD', 'QCOW2'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** Platforms ImportImage accepts (docs/rules/ecs-user-guide.md#image-import and the current list); Windows desktop editions are refused (docs/rules/ecs-user-guide.md#image-import). */
const LINUX_PLATFORMS = [
  'Aliyun', 'Anolis', 'CentOS', 'CentOS Stream', 'Ubuntu', 'Debian', 'SUSE', 'OpenSUSE', 'RedHat', 'FreeBSD', 'CoreOS',
  'Fedora', 'Gentoo', 'AlmaLinux', 'Rocky Linux', 'Customized Linux', 'Others Linux',
];
const WINDOWS_PLATFORMS = [
  'Windows Server 2003', 'Windows Server 2008', 'Windows Server 2012', 'Windows Server 2016', 'Windows Server 2019', 'Windows Server 2022',
];

export interface ImportDiskRequest {
  format?: string;
  ossBucket?: string;
  ossObject?: string;
  sizeGiB?: number;
  device?: string;
}

export interface ImportPlan {
  osType: ImageOsType;
  architecture: ImageArchitecture;
  platform: string;
  bootMode: ImageBootMode;
  licenseType: 'Aliyun' | 'BYOL';
  disks: { type: 'system' | 'data'; device: string; format: ImportFormat; ossBucket: string; ossObject: string; sizeGiB: number }[];
  /** Set when the file turns out not to be what was declared: the task fails at its end. */
  failure?: { code: string; message: string };
}

const EXTENSION_FORMATS: Record<string, ImportFormat> = { raw: 'RAW', img: 'RAW', vhd: 'VHD', qcow2: 'QCOW2' };

/**
 * Where an OSS object lives, from a bucket name and an object key or URL. A URL must be the
 * object's public address in the same region; an internal (intranet) endpoint or a private
 * address is refused (the ECS image lifecycle FAQ (https://www.alibabacloud.com/help/en/ecs/user-guide/faq-about-image-lifecycle): "the internal URL cannot be used; use the public URL").
 */
export function checkOssLocation(bucket: string, object: string, regionId: string): void {
  for (const value of [bucket, object]) {
    const url = /^https?:\/\//i.test(value) ? safeUrl(value) : /\.aliyuncs\.com(\/|$)/i.test(value) ? safeUrl(`https://${value}`) : undefined;
    if (url === null) throw ImageErrors.ossObjectMalformed();
    if (!url) continue;
    const host = url.hostname.toLowerCase();
    if (/-internal\.aliyuncs\.com$/.test(host) || isPrivateHost(host)) throw ImageErrors.ossInternal();
    const region = /(?:^|\.)oss-([a-z0-9-]+?)\.aliyuncs\.com$/.exec(host)?.[1];
    if (!region) throw ImageErrors.ossInternal();
    if (region !== regionId) throw ImageErrors.ossOtherRegion();
  }
}

function safeUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

function isPrivateHost(host: string): boolean {
  if (host === 'localhost' || host.endsWith('.internal') || host.endsWith('.local')) return true;
  const m = /^(\d+)\.(\d+)\.\d+\.\d+$/.exec(host);
  if (!m) return false;
  const [a, b] = [Number(m[1]), Number(m[2])];
  return a === 10 || a === 127 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127);
}

/**
 * ImportImage's checks (docs/rules/ecs-user-guide.md#image-import, https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-importimage, the ECS image lifecycle FAQ (https://www.alibabacloud.com/help/en/ecs/user-guide/faq-about-image-lifecycle)): the disks (the
 * first is the system disk), each an OSS object of the same region given by its public address,
 * in RAW, VHD or QCOW2 (an ISO must be converted first); Linux system disks 20–500 GB, Windows
 * 40–500 GB; the OS, architecture, platform, boot mode and licence type from their lists. A
 * file whose extension contradicts the declared format is accepted, and the task fails at its end.
 */
export function planImport(
  req: { osType?: string; architecture?: string; platform?: string; bootMode?: string; licenseType?: string; disks: readonly ImportDiskRequest[] },
  regionId: string,
): ImportPlan {
  if (req.disks.length === 0) throw ImageErrors.missingMappings();
  if (req.disks.length > 1 + IMAGE_LIMITS.dataDisksPerImage) throw Errors.invalidParameter('DiskDeviceMapping', 'An image has one system disk and at most 16 data disks.');
  const osType = (req.osType ?? 'linux').toLowerCase();
  if (osType !== 'linux' && osType !== 'windows') throw ImageErrors.osType();
  const architecture = req.architecture ?? 'x86_64';
  if (!['x86_64', 'i386', 'arm64'].includes(architecture)) throw ImageErrors.architecture();
  const platforms = osType === 'windows' ? WINDOWS_PLATFORMS : LINUX_PLATFORMS;
  const platform = req.platform ?? (osType === 'windows' ? 'Windows Server 2012' : 'Others Linux');
  if (!platforms.some((p) => p.toLowerCase() === platform.toLowerCase())) throw ImageErrors.platform();
  const bootMode = req.bootMode ?? 'BIOS';
  if (bootMode !== 'BIOS' && bootMode !== 'UEFI') throw Errors.invalidParameter('BootMode');
  const licenseType = req.licenseType ?? 'Aliyun';
  if (licenseType !== 'Aliyun' && licenseType !== 'BYOL') throw ImageErrors.licenseType();

  let failure: ImportPlan['failure'];
  const used = new Set<string>();
  const disks = req.disks.map((d, i) => {
    const n = i + 1;
    if (!d.ossBucket) throw Errors.missingParameter(`DiskDeviceMapping.${n}.OSSBucket`);
    if (!d.ossObject) throw Errors.missingParameter(`DiskDeviceMapping.${n}.OSSObject`);
    checkOssLocation(d.ossBucket, d.ossObject, regionId);
    const extension = /\.([A-Za-z0-9]+)$/.exec(d.ossObject.split(/[?#]/)[0]!)?.[1]?.toLowerCase();
    if (extension === 'iso') throw ImageErrors.importFormat();
    const declared = d.format?.toUpperCase();
    if (declared !== undefined && !(IMPORT_FORMATS as readonly string[]).includes(declared)) throw ImageErrors.importFormat();
    const byExtension = extension ? EXTENSION_FORMATS[extension] : undefined;
    const format = (declared as ImportFormat | undefined) ?? byExtension ?? 'RAW';
    if (byExtension && byExtension !== format && !failure) {
      failure = { code: 'ImportImageFailed', message: `The image file ${d.ossObject} is not a ${format} file.` };
    }
    const type: 'system' | 'data' = i === 0 ? 'system' : 'data';
    let sizeGiB: number;
    if (type === 'system') {
      const range = IMAGE_LIMITS.importSystemDisk[osType];
      sizeGiB = d.sizeGiB ?? Math.max(range.min, 40);
      if (!Number.isInteger(sizeGiB) || sizeGiB < range.min || sizeGiB > range.max) throw ImageErrors.importSystemSize(range.min, range.max, osType);
    } else {
      sizeGiB = d.sizeGiB ?? 20;
      if (!Number.isInteger(sizeGiB) || sizeGiB < IMAGE_LIMITS.importDataDisk.min || sizeGiB > IMAGE_LIMITS.importDataDisk.max) throw ImageErrors.importDataSize();
    }
    let device = d.device;
    if (type === 'system') {
      if (device !== undefined && device !== SYSTEM_DEVICE) throw new ApiError('InvalidParameter.Malformed', 403, 'The specified parameter "DiskDeviceMapping.n.Device " is not valid.');
      device = SYSTEM_DEVICE;
    } else if (device !== undefined) {
      if (!DATA_DEVICE.test(device) || used.has(device)) throw new ApiError('InvalidParameter.Malformed', 403, 'The specified parameter "DiskDeviceMapping.n.Device " is not valid.');
    } else {
      device = `/dev/xvd${String.fromCharCode('b'.charCodeAt(0) + i - 1)}`;
    }
    used.add(device);
    return { type, device, format, ossBucket: d.ossBucket, ossObject: d.ossObject, sizeGiB };
  });
  const canonicalPlatform = platforms.find((p) => p.toLowerCase() === platform.toLowerCase())!;
  return {
    osType: osType,
    architecture: architecture as ImageArchitecture,
    platform: canonicalPlatform,
    bootMode: bootMode,
    licenseType,
    disks,
    failure,
  };
}

/** ExportImage `ImageFormat` (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-exportimage): raw by default (docs/rules/ecs-user-guide.md#image-export). */
export const EXPORT_FORMATS = ['raw', 'vhd', 'qcow2', 'vmdk', 'vdi'] as const;

export function exportFormatOf(value: string | undefined): (typeof EXPORT_FORMATS)[number] {
  const format = (value ?? 'raw').toLowerCase();
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw ImageErrors.exportFormat();
  return format as (typeof EXPORT_FORMATS)[number];
}

/** OSSPrefix: 1–30 letters and digits (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-exportimage). */
export function validateOssPrefix(prefix: string): void {
  if (!/^[A-Za-z0-9]{1,30}$/.test(prefix)) throw ImageErrors.ossPrefix();
}
