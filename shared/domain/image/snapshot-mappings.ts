import { ImageErrors } from './errors';
import { IMAGE_LIMITS } from './limits';
import type { ImageDiskDeviceMapping } from './record';

/** CreateImage from snapshots: the disk device mappings of the new image. */

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

export const DATA_DEVICE = /^\/dev\/xvd[b-z]$/;
export const SYSTEM_DEVICE = '/dev/xvda';

/**
 * The disks of an image made from snapshots (CreateImage `SnapshotId` or `DiskDeviceMapping.N`):
 * exactly one system disk whose snapshot was taken of a system disk (docs/rules/ecs-user-guide.md#image-from-snapshot, the ECS image lifecycle FAQ (https://www.alibabacloud.com/help/en/ecs/user-guide/faq-about-image-lifecycle): a data
 * disk snapshot cannot be the base), then up to 16 data disks, each from a snapshot (at least its
 * size) or empty (5 GB by default, at most 2,000 GB: docs/rules/ecs-user-guide.md#image-from-snapshot). Devices: the system disk
 * is /dev/xvda; a data disk without a device gets the next free one (docs/rules/ecs-user-guide.md#image-from-snapshot).
 * `snapshots` holds every snapshot the request names that exists; an unknown id is NotFound.
 */
export function planSnapshotMappings(
  requests: readonly MappingRequest[],
  snapshots: ReadonlyMap<string, SnapshotFacts>,
  opts: { anySnapshotAsRoot?: boolean } = {},
): ImageDiskDeviceMapping[] {
  if (requests.length > 1 + IMAGE_LIMITS.dataDisksPerImage) {
    throw ImageErrors.tooManyMappings();
  }
  const resolved = requests.map((r, i) => {
    const snapshot = r.snapshotId ? snapshots.get(r.snapshotId) : undefined;
    if (r.snapshotId && !snapshot) throw ImageErrors.snapshotNotFound();
    if (snapshot && !snapshot.accomplished) throw ImageErrors.snapshotNotReady();
    if (r.diskType !== undefined && r.diskType !== 'system' && r.diskType !== 'data') throw ImageErrors.diskType();
    const type: 'system' | 'data' = r.diskType ?? (r.device === SYSTEM_DEVICE ? 'system' : (snapshot?.sourceDiskType ?? 'data'));
    return { r, i, snapshot, type };
  });
  const systems = resolved.filter((x) => x.type === 'system');
  if (systems.length === 0) throw ImageErrors.noSystemSnapshot();
  if (systems.length > 1) throw ImageErrors.twoSystemSnapshots();
  const system = systems[0]!;
  if (!system.snapshot) throw ImageErrors.noSystemSnapshot();
  // EC2 RegisterImage takes any EBS snapshot as the root volume (a volume made by CreateVolume is a
  // data disk here): https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/creating-an-ami-ebs.html.
  if (system.snapshot.sourceDiskType !== 'system' && !opts.anySnapshotAsRoot) throw ImageErrors.notSystemSnapshot();
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
