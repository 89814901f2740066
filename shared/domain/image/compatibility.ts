import type { InstanceTypeDefinition } from '../catalogue/instance-types';
import type { ImageRecord } from './record';

/** Whether an image can boot an instance type. */

/** Why an image cannot boot an instance type. */
export type ImageTypeIncompatibility = 'ArchitectureMismatch' | 'ThirtyTwoBitImageOnLargeMemory' | 'ThirtyTwoBitWindowsOnManyCores' | 'IoOptimizedNotSupported';

/** A 32-bit OS addresses at most 4 GB, so types with 4 GiB or more refuse 32-bit images, no exceptions (docs/rules/ecs-user-guide.md#quotas). */
const THIRTY_TWO_BIT_MEMORY_LIMIT_GIB = 4;
/** 32-bit Windows supports at most 4 CPU cores (docs/rules/ecs-user-guide.md#quotas, spec Q47). */
const THIRTY_TWO_BIT_WINDOWS_MAX_CORES = 4;

/** Null when the image can run on the type, else the first rule it breaks. */
export function imageIncompatibilityWith(image: ImageRecord, type: InstanceTypeDefinition): ImageTypeIncompatibility | null {
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
