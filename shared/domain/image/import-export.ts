import { ApiError, Errors } from '../errors';
import { ImageErrors } from './errors';
import { IMAGE_LIMITS } from './limits';
import type { ImageArchitecture, ImageBootMode, ImageOsType } from './record';
import { DATA_DEVICE, SYSTEM_DEVICE } from './snapshot-mappings';

/** ImportImage's plan from OSS objects, and ExportImage's formats. */

export const IMPORT_FORMATS = ['RAW', 'VHD', 'QCOW2'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** Platforms ImportImage accepts (docs/rules/ecs-user-guide.md#image-import and the current list); Windows desktop editions are refused (docs/rules/ecs-user-guide.md#image-import). */
const LINUX_PLATFORMS = [
  'Aliyun',
  'Anolis',
  'CentOS',
  'CentOS Stream',
  'Ubuntu',
  'Debian',
  'SUSE',
  'OpenSUSE',
  'RedHat',
  'FreeBSD',
  'CoreOS',
  'Fedora',
  'Gentoo',
  'AlmaLinux',
  'Rocky Linux',
  'Customized Linux',
  'Others Linux',
];
const WINDOWS_PLATFORMS = [
  'Windows Server 2003',
  'Windows Server 2008',
  'Windows Server 2012',
  'Windows Server 2016',
  'Windows Server 2019',
  'Windows Server 2022',
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
  if (req.disks.length > 1 + IMAGE_LIMITS.dataDisksPerImage)
    throw Errors.invalidParameter('DiskDeviceMapping', 'An image has one system disk and at most 16 data disks.');
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
      if (!Number.isInteger(sizeGiB) || sizeGiB < IMAGE_LIMITS.importDataDisk.min || sizeGiB > IMAGE_LIMITS.importDataDisk.max)
        throw ImageErrors.importDataSize();
    }
    let device = d.device;
    if (type === 'system') {
      if (device !== undefined && device !== SYSTEM_DEVICE)
        throw new ApiError('InvalidParameter.Malformed', 403, 'The specified parameter "DiskDeviceMapping.n.Device " is not valid.');
      device = SYSTEM_DEVICE;
    } else if (device !== undefined) {
      if (!DATA_DEVICE.test(device) || used.has(device))
        throw new ApiError('InvalidParameter.Malformed', 403, 'The specified parameter "DiskDeviceMapping.n.Device " is not valid.');
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
