import { ApiError } from '../errors';
import { ImageErrors } from './errors';
import { isBuilding } from './lifecycle';
import { IMAGE_LIMITS, totalSizeGiB } from './limits';
import type { ImageRecord } from './record';
import { copiesUnderWay, isEncrypted, isExporting, isShared } from './sharing';

/** What CopyImage, ExportImage and DeleteImage require of an image. */

/**
 * CopyImage of a custom image the caller owns or that is shared with it: Available (not being
 * built, not deprecated, not disabled: https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-overview), under the guide's size limit (L2379),
 * and, when it descends from a marketplace image, only into a region where that image is
 * published (the ECS image lifecycle FAQ (https://www.alibabacloud.com/help/en/ecs/user-guide/faq-about-image-lifecycle)).
 */
export function checkCopySource(
  image: ImageRecord,
  opts: { destinationRegionId: string; publishedIn: (marketplaceImageId: string, regionId: string) => boolean },
): void {
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
