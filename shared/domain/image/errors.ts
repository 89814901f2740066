import { ApiError, Errors } from '../errors';

/** The image error codes and messages. */

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
