import { imageTiming } from '../../platform/durations';
import type { ImageRecord } from './record';

/** Limits and timing of custom images. */

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

export const isoOf = (ms: number) => new Date(ms).toISOString();

/** The size a copy or an export moves: every disk of the image, GiB. */
export const totalSizeGiB = (image: Pick<ImageRecord, 'diskDeviceMappings'>): number => image.diskDeviceMappings.reduce((sum, m) => sum + m.sizeGiB, 0);

export const copySeconds = (totalGiB: number, minSeconds: number): number => Math.max(minSeconds, totalGiB * IMAGE_TIMING.copySecondsPerGiB);
export const exportSeconds = (totalGiB: number, minSeconds: number): number => Math.max(minSeconds, totalGiB * IMAGE_TIMING.exportSecondsPerGiB);
export const importSeconds = (totalGiB: number): number =>
  Math.min(IMAGE_TIMING.importMaxSeconds, IMAGE_TIMING.importBaseSeconds + totalGiB * IMAGE_TIMING.importSecondsPerGiB);
