/** The image record as stored, and the per-call facts its views need. */

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
  /** EC2 RegisterImage's device names, by the mapping's device (`/dev/xvda` → `/dev/sda1`): what EC2 shows (RootDeviceName, BlockDeviceMappings). */
  ec2DeviceNames?: Record<string, string>;
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
