import { DiskErrors } from '../disk';
import { ApiError, Errors, ReasonedError } from '../errors';
import { InstanceErrors } from '../instance';

/**
 * The image error codes and messages. The ones another dialect needs to tell apart are typed:
 * each is the ECS error (code, status, message: what the ECS door renders as is) with a `reason`
 * the EC2 adapters (shared/protocol/ec2/actions/image-view.ts) map from instead of matching ECS
 * code strings (docs/operations.md). The rest are plain ECS errors, which every dialect passes on.
 */
export type ImageErrorReason =
  | 'notFound'
  | 'disabled'
  /** The image's state refuses the change: still building, importing, exporting, copied, not available. */
  | 'busy'
  | 'malformedName'
  | 'nameTaken'
  | 'malformedDescription'
  | 'quotaFull'
  | 'unknownAccount'
  | 'shareWithOwner'
  | 'malformedDeprecationTime'
  | 'deprecationTimeOutOfRange'
  | 'sourceRegionNotFound'
  /** CreateImage from an instance. */
  | 'instanceNotFound'
  | 'instanceState'
  | 'diskState'
  /** CreateImage from snapshots (RegisterImage in EC2). */
  | 'snapshotNotFound'
  | 'snapshotNotReady'
  | 'mappingSize'
  | 'mappingDevice'
  | 'mappingInvalid'
  | 'encryptedRoot';

export class ImageError extends ReasonedError<ImageErrorReason> {
  constructor(
    reason: ImageErrorReason,
    ecs: ApiError,
    /** What the error is about when the ECS message does not say (`nameTaken`: the image that has the name). */
    readonly subject?: string,
  ) {
    super(reason, ecs);
  }
}

export const isImageError = (e: unknown): e is ImageError => e instanceof ImageError;

const typed = (reason: ImageErrorReason, ecs: ApiError, subject?: string) => new ImageError(reason, ecs, subject);

export const ImageErrors = {
  notFound: () => typed('notFound', Errors.notFound('InvalidImageId.NotFound', 'The specified ImageId does not exist.')),
  /**
   * Launching from a disabled image (RunInstances, CreateInstance, ReplaceSystemDisk, ReInitDisk).
   * ECS has no disable feature, so no code is documented; this one follows the ECS pattern of
   * `InvalidImageId.NotFound` and carries EC2's meaning (`InvalidAMIID.Unavailable`, https://docs.aws.amazon.com/AWSEC2/latest/APIReference/Welcome.html).
   */
  disabled: () =>
    typed(
      'disabled',
      new ApiError(
        'InvalidImageId.Disabled',
        403,
        'The specified image is disabled and cannot be used to create instances or replace a system disk. The owner can enable it again with EnableImage.',
      ),
    ),
  /** Launching from an image that is still being built (docs/rules/ecs-user-guide.md#image-from-instance: usable once every snapshot is done). */
  notReady: () =>
    typed(
      'busy',
      new ApiError('IncorrectImageStatus', 400, 'The specified image is not available. It is still being created; wait until its Status is Available.'),
    ),
  notAvailable: (detail = '') => typed('busy', new ApiError('IncorrectImageStatus', 400, `The image is not available.${detail ? ` ${detail}` : ''}`)),
  nameMalformed: () => typed('malformedName', new ApiError('InvalidImageName.Malformed', 400, 'The specified Image name is wrongly formed.')),
  // deprecation (no ECS code is documented: these follow InvalidAutoReleaseTime's pattern)
  deprecationTimeMalformed: (value: string) =>
    typed(
      'malformedDeprecationTime',
      new ApiError(
        'InvalidDeprecationTime.Malformed',
        400,
        `The specified DeprecationTime "${value}" is not valid. Use ISO 8601 UTC, e.g. 2030-01-02T03:04:05Z.`,
      ),
    ),
  deprecationTimePast: () =>
    typed(
      'deprecationTimeOutOfRange',
      new ApiError('InvalidDeprecationTime', 400, 'The specified deprecation time must be in the future (seconds are rounded to the nearest minute).'),
    ),
  deprecationTimeTooLate: (isPublic: boolean, latest: Date) =>
    typed(
      'deprecationTimeOutOfRange',
      new ApiError(
        'InvalidDeprecationTime',
        400,
        isPublic
          ? `The deprecation time of a public image can be at most 2 years after its creation date (${latest.toISOString()}).`
          : `The deprecation time can be at most 10 years from now (${latest.toISOString()}).`,
      ),
    ),
  nameDuplicated: (takenBy?: string) =>
    typed('nameTaken', new ApiError('InvalidImageName.Duplicated', 400, 'The specified Image name has already been used.'), takenBy),
  quota: (limit: number) =>
    typed('quotaFull', new ApiError('QuotaExceed.Image', 403, `The Image Quota exceeds. An account keeps at most ${limit} custom images per region.`)),
  // sharing
  shareSelf: () => typed('shareWithOwner', Errors.notFound('InvalidAccount.Forbbiden', 'The specified Account does not yourself.')),
  accountNotFound: () =>
    typed('unknownAccount', Errors.notFound('InvalidAccount.NotFound', 'The specified parameter "AddAccount.n" or "RemoveAccount.n" does not exist.')),
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
  isCreating: () => typed('busy', new ApiError('ImageIsCreating', 403, 'The specified image is being created.')),
  isImporting: () => typed('busy', new ApiError('ImageIsImporting', 403, 'The specified Image is importing.')),
  isExporting: () => typed('busy', new ApiError('ImageIsExporting', 403, 'The specified Image is exporting. Please cancel task first.')),
  copying: () => typed('busy', new ApiError('OperationDenied.ImageCopying', 403, 'The specified image is being copied.')),
  descriptionMalformed: () => typed('malformedDescription', new ApiError('InvalidDescription.Malformed', 400, 'The specified description is wrongly formed.')),
  /** An image made from a disk refused because of the disk's state (in the disks' own words). */
  diskState: (detail?: string) => typed('diskState', DiskErrors.incorrectStatus(detail)),
  instanceNotFound: () => typed('instanceNotFound', InstanceErrors.notFound()),
  instanceState: () =>
    typed(
      'instanceState',
      new ApiError(
        'IncorrectInstanceStatus',
        400,
        'The current status of the instance does not support this operation. The instance must be Running or Stopped.',
      ),
    ),
  /** More mappings than an image takes (one system disk, at most 16 data disks). */
  tooManyMappings: () => typed('mappingInvalid', Errors.invalidParameter('DiskDeviceMapping', 'An image has one system disk and at most 16 data disks.')),
  // copy
  sourceRegion: () => typed('sourceRegionNotFound', new ApiError('SourceRegion.NotFound', 400, 'The source region not found')),
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
  encryptedIllegal: () => new ApiError('InvalidParameter.EncryptedIllegal', 400, 'The specified parameter Encrypted must be true when kmsKeyId is not empty.'),
  // cancel copy
  copyFinished: () => new ApiError('IncorrectImageStatus', 400, 'The image is copied finished.'),
  notFromCopy: () => new ApiError('ImageCreatedNotFromCopy', 400, 'The specified image is not the target image of a copy action.'),
  // export
  exportNotAvailable: () => new ApiError('IncorrectImageStatus', 400, 'The specified Image is not available.'),
  exportDataDisk: () => new ApiError('OperationDenied', 400, 'The specified image contains the snapshot of the data disk,does not support this operation.'),
  exportMarketplace: () => new ApiError('ImageNotSupported', 403, 'The specified image from the image market, do not support export image.'),
  exportEncrypted: () => new ApiError('ImageNotSupported', 400, 'The specified Image contains encrypted snapshots, do not support export.'),
  exportFormat: () => new ApiError('InvalidImageFormat.Malformed', 400, 'The specified Image Format is wrongly formed.'),
  ossPrefix: () => new ApiError('InvalidOSSPrefix.Malformed', 400, 'The specified OSSPrefix format is wrongly formed.'),
  // create from snapshots
  noSystemSnapshot: () =>
    typed(
      'mappingInvalid',
      new ApiError('OperationDenied', 400, 'The specified parameter DiskDeviceMapping.n.SnapshotId does not contain system disk snapshot.'),
    ),
  twoSystemSnapshots: () =>
    typed(
      'mappingInvalid',
      new ApiError('OperationDenied', 400, 'The specified parameter DiskDeviceMapping.n.SnapshotId contains two or more system disk snapshots.'),
    ),
  notSystemSnapshot: () => typed('mappingInvalid', new ApiError('OperationDenied', 403, 'The specified snapshot is not from system disk.')),
  encryptedSystem: () => typed('encryptedRoot', new ApiError('OperationDenied', 400, 'Not support creating system image from an encrypted snapshot/disk.')),
  snapshotNotFound: () => typed('snapshotNotFound', Errors.notFound('InvalidSnapshotId.NotFound', 'The specified SnapshotId does not exist.')),
  snapshotNotReady: () =>
    typed(
      'snapshotNotReady',
      new ApiError(
        'InvalidSnapshotId.NotReady',
        403,
        'The current status of the DiskDeviceMapping.n.SnapshotId or SnapshotId does not support this operation.',
      ),
    ),
  missingSource: () =>
    new ApiError(
      'MissingParameter',
      400,
      'The input parameter SnapshotId or InstanceId or DiskDeviceMapping that is mandatory for processing this request is not supplied.',
    ),
  diskType: () => typed('mappingInvalid', new ApiError('InvalidDiskType.ValueNotSupported', 400, 'The specified disk type is not supported.')),
  mappingSize: (name: string) => typed('mappingSize', new ApiError('InvalidSize.ValueNotSupported', 400, `The specified parameter "${name}" is not valid.`)),
  deviceMalformed: () => typed('mappingDevice', new ApiError('InvalidDevice.Malformed', 400, 'The specified device is wrongly formed.')),
  deviceInUse: () => typed('mappingDevice', new ApiError('InvalidDevice.InUse', 400, 'The specified device has been occupied.')),
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
    new ApiError('InvalidImageSize', 400, `The specified "DiskDeviceMapping.1.DiskImageSize" should be in the range ${min}–${max} GB for a ${osType} image.`),
  importDataSize: () => new ApiError('InvalidDataDiskSize', 400, 'The specified DiskDeviceMapping.N.DiskImSize should be in the specified range.'),
  licenseType: () => new ApiError('InvalidLicenseType.NotSupported', 400, 'The specified LicenseType is not supported'),
  importFailed: (why: string) => new ApiError('ImportImageFailed', 403, `Importing image is failed, Please contact the administrator. ${why}`),
};
