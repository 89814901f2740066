import { ecsStatusOf, isLaunchable, ownerAliasFor } from './lifecycle';
import type { ImageRecord, ImageViewContext } from './record';

/** The DescribeImages item as a viewer sees it. */

/** `yyyy-MM-ddTHH:mm:ssZ`, the seconds-precision form images use (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-overview). */
function toEcsSecondsTime(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 19)}Z`;
}

/** One `Images.Image[]` item of DescribeImages, as the viewer sees it. */
export function renderEcsImage(image: ImageRecord, viewerAccountId: string, context: ImageViewContext = {}): Record<string, unknown> {
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
    ...(image.ownerAccountId !== null && /^[0-9]+$/.test(image.ownerAccountId) ? { ImageOwnerId: Number(image.ownerAccountId) } : {}),
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
