/**
 * The image: one record shape for every kind (public system images, marketplace images, custom
 * images made by CreateImage, CopyImage and ImportImage, and the same seen by the accounts they are
 * shared with), its visibility to an account, its compatibility with an instance type, its
 * time-driven build (Waiting → Creating with a Progress → Available), the rules of sharing,
 * deprecating, disabling, copying, exporting and deleting, and the DescribeImages view. No I/O.
 * One concern per file; this index is the module's public surface.
 *
 * Time: a build is a window on the sandbox clock stored on the record (`build`); `settleImage`
 * derives Status and Progress from it at read time, exactly as the imageLifecycle job persists
 * them, so a reader never sees a state that contradicts the clock.
 */

export {
  IMAGE_STATUSES,
  type ImageArchitecture,
  type ImageBootMode,
  type ImageBuild,
  type ImageDiskDeviceMapping,
  type ImageOsType,
  type ImageOwnerAlias,
  type ImageRecord,
  type ImageSource,
  type ImageStatus,
  type ImageTag,
  type ImageViewContext,
} from './record';
export { ecsStatusOf, isBuilding, isLaunchable, isVisibleTo, ownerAliasFor, settleImage } from './lifecycle';
export { canImageRunOnInstanceType, imageIncompatibilityWith, type ImageTypeIncompatibility } from './compatibility';
export { renderEcsImage } from './ecs-view';
export { filterImages, type ImageFilter } from './filter';
export { copySeconds, exportSeconds, IMAGE_LIMITS, IMAGE_TIMING, importSeconds, totalSizeGiB } from './limits';
export { ImageError, ImageErrors, isImageError, type ImageErrorReason } from './errors';
export { validateImageDescription, validateImageFamily, validateImageName } from './names';
export { planSnapshotMappings, type MappingRequest, type SnapshotFacts } from './snapshot-mappings';
export { queueSlot, replanQueue, type BuildWindow } from './copy-queue';
export { applyShareChange, checkShareable, copiesUnderWay, isEncrypted, isExporting, isShared } from './sharing';
export {
  cancelImageDeprecation,
  DEPRECATION_LIMITS,
  deprecationTimeFor,
  disableImage,
  enableImage,
  scheduleImageDeprecation,
  setImageStatus,
} from './status-changes';
export { checkCopySource, checkDeleteImage, checkExport } from './copy-export-delete';
export {
  checkOssLocation,
  EXPORT_FORMATS,
  exportFormatOf,
  IMPORT_FORMATS,
  planImport,
  validateOssPrefix,
  type ImportDiskRequest,
  type ImportFormat,
  type ImportPlan,
} from './import-export';
