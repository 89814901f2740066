import { currentDialect } from '../../platform/dialect';
import { z } from 'zod';
import { findInstanceType } from '../../domain/catalogue/instance-types';
import { DiskErrors, settleDisk, type DiskRecord } from '../../domain/disk';
import { ApiError, Errors } from '../../domain/errors';
import {
  ImageErrors,
  planSnapshotMappings,
  validateImageDescription,
  validateImageFamily,
  validateImageName,
  type ImageArchitecture,
  type ImageBootMode,
  type ImageDiskDeviceMapping,
  type ImageRecord,
  type MappingRequest,
  type SnapshotFacts,
} from '../../domain/image';
import { InstanceErrors } from '../../domain/instance';
import {
  checkManualSnapshot,
  isAccomplished,
  isExpired,
  planCopy,
  SnapshotErrors,
  snapshotTiming,
  type SnapshotRecord,
} from '../../domain/snapshot';
import { validateTags } from '../../domain/tags';
import { lifecycle } from '../../platform/config';
import { newResourceId } from '../../platform/ids';
import { findDisk } from '../../store/disks';
import { createImageItem, findAccessibleImage, takeCustomImageSlot } from '../../store/images';
import { loadInstanceDisks, stripKeys } from '../../store/instances';
import { addSnapshot, loadSnapshots, saveSnapshot, snapshotsPerDisk } from '../../store/snapshots';
import { accountOf, defineAction, type ActionContext } from '../action';
import { loadCurrent, save, tagsInput } from '../instances/common';
import { commonFields, p } from '../params';
import { requireRegion, requireUnusedName } from './common';

/**
 * CreateImage (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-createimage; docs/rules/ecs-user-guide.md#image-from-snapshot; the ECS image lifecycle FAQ (https://www.alibabacloud.com/help/en/ecs/user-guide/faq-about-image-lifecycle)). Sources in the documented order of
 * priority: `InstanceId` > `DiskDeviceMapping.N` > `SnapshotId`.
 *
 * From an instance (Running or Stopped): every disk is snapshotted (docs/rules/ecs-user-guide.md#image-from-instance) with the
 * snapshot rules of the disks work (the first snapshot of a disk is full, 60 s per GiB), so the
 * time taken grows with the disks' size (the ECS image lifecycle FAQ (https://www.alibabacloud.com/help/en/ecs/user-guide/faq-about-image-lifecycle)); the image is Creating with a rising Progress
 * until the last snapshot is done, then Available; meanwhile the instance refuses every state
 * change (docs/rules/ecs-user-guide.md#image-from-instance). From snapshots: exactly one system-disk snapshot (a data disk snapshot
 * cannot be the base: docs/rules/ecs-user-guide.md#image-from-snapshot, the ECS image lifecycle FAQ (https://www.alibabacloud.com/help/en/ecs/user-guide/faq-about-image-lifecycle)) and up to 16 data disks; the image takes one
 * transition step. The snapshots an image uses cannot be deleted while it exists (docs/rules/ecs-user-guide.md#snapshot-delete).
 */
const mappingInput = z.object({
  Device: p.string().optional(),
  DiskType: p.string().optional(),
  Size: p.int().optional(),
  SnapshotId: p.string().optional(),
});

const schema = z.object({
  ...commonFields,
  RegionId: p.regionId(),
  InstanceId: p.string().optional(),
  SnapshotId: p.string().optional(),
  DiskDeviceMapping: p.list(mappingInput, { max: 100 }).optional(),
  ImageName: p.string().optional(),
  Description: p.string().optional(),
  ImageFamily: p.string().optional(),
  ImageVersion: p.string().optional(),
  Platform: p.string().optional(),
  Architecture: p.string().optional(),
  BootMode: p.string().optional(),
  ResourceGroupId: p.string().optional(),
  DetectionStrategy: p.string().optional(),
  Features: z.object({ ImdsSupport: p.string().optional() }).optional(),
  SecureBootOptions: z.object({ SecureBootSupport: p.string().optional() }).optional(),
  Tag: tagsInput(),
  ClientToken: p.clientToken().optional(),
  /** Not an ECS parameter: EC2 RegisterImage's device names (read only in the EC2 dialect; ImageRecord.ec2DeviceNames). */
  Ec2DeviceNames: z.record(z.string(), z.string()).optional(),
});
type CreateImageInput = z.output<typeof schema>;
/** The fields every new image gets from the request; the source adds the rest. */
type ImageBase = Omit<ImageRecord, 'osType' | 'platform' | 'osName' | 'osNameEn' | 'architecture' | 'sizeGiB' | 'diskDeviceMappings' | 'bootMode'>;

export const createImage = defineAction({
  name: 'CreateImage',
  idempotent: true,
  input: schema,
  handler: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.RegionId);
    if (input.ImageName !== undefined) validateImageName(input.ImageName);
    if (input.Description !== undefined) validateImageDescription(input.Description);
    if (input.ImageFamily !== undefined) validateImageFamily(input.ImageFamily);
    if (input.ImageVersion !== undefined && !/^[A-Za-z0-9._-]{1,40}$/.test(input.ImageVersion)) {
      throw new ApiError('InvalidImageVersion.Malformed', 400, 'The specified ImageVersion is wrongly formed.');
    }
    if (input.Architecture !== undefined && !['x86_64', 'i386', 'arm64'].includes(input.Architecture)) {
      throw new ApiError('InvalidArchitecture.Malformed', 400, 'The specified Architecture is wrongly formed.');
    }
    if (input.Platform !== undefined && !/^[A-Za-z][A-Za-z0-9 ._-]{0,63}$/.test(input.Platform)) {
      throw new ApiError('InvalidPlatform.Malformed', 400, 'The specified Platform is wrongly formed.');
    }
    if (input.BootMode !== undefined && !['BIOS', 'UEFI', 'UEFI-Preferred'].includes(input.BootMode)) throw Errors.invalidParameter('BootMode');
    const tags = validateTags(input.Tag?.map((t) => ({ key: t.Key, value: t.Value })));
    const imageId = newResourceId('m', regionId);
    if (input.ImageName !== undefined) await requireUnusedName(ctx, accountId, regionId, input.ImageName);

    const base: ImageBase = {
      imageId,
      regionId,
      ownerAccountId: accountId,
      source: 'custom',
      imageName: input.ImageName ?? imageId,
      description: input.Description ?? '',
      imageFamily: input.ImageFamily ?? '',
      imageVersion: input.ImageVersion ?? '',
      status: 'Creating',
      progress: 0,
      creationTime: ctx.now.toISOString(),
      isSupportCloudinit: true,
      isSupportIoOptimized: true,
      isCopied: false,
      tags,
      ...(currentDialect() === 'ec2' && input.Ec2DeviceNames ? { ec2DeviceNames: input.Ec2DeviceNames } : {}),
      sharedWith: [],
      isPublic: false,
      resourceGroupId: input.ResourceGroupId,
    };

    let image: ImageRecord;
    if (input.InstanceId !== undefined) {
      image = await fromInstance(ctx, input, base, input.InstanceId);
    } else if (input.DiskDeviceMapping && input.DiskDeviceMapping.length > 0) {
      const requests: MappingRequest[] = input.DiskDeviceMapping.map((m) => ({
        device: m.Device,
        diskType: m.DiskType,
        sizeGiB: m.Size,
        snapshotId: m.SnapshotId,
      }));
      image = await fromSnapshots(ctx, input, base, requests);
    } else if (input.SnapshotId !== undefined) {
      image = await fromSnapshots(ctx, input, base, [{ snapshotId: input.SnapshotId, diskType: 'system' }]);
    } else {
      throw ImageErrors.missingSource();
    }
    await takeCustomImageSlot(ctx.store, ctx.tx, accountId, regionId);
    createImageItem(ctx.tx, image);
    return { ImageId: imageId };
  },
});

/** The OS facts of a new image: the request's Platform/Architecture/BootMode, else those of the image the disk came from. */
function osFacts(input: CreateImageInput, source: ImageRecord | undefined, fallback: { osType: 'linux' | 'windows'; architecture: ImageArchitecture }) {
  const platform = input.Platform ?? source?.platform ?? (fallback.osType === 'windows' ? 'Windows Server 2012' : 'Others Linux');
  const osType: 'linux' | 'windows' = input.Platform !== undefined ? (/^windows/i.test(input.Platform) ? 'windows' : 'linux') : (source?.osType ?? fallback.osType);
  const architecture = (input.Architecture as ImageArchitecture | undefined) ?? source?.architecture ?? fallback.architecture;
  const bits = architecture === 'i386' ? '32' : '64';
  const fromSource = source && input.Platform === undefined && input.Architecture === undefined;
  return {
    osType,
    platform,
    architecture,
    osName: fromSource ? source.osName : `${platform} ${bits}位`,
    osNameEn: fromSource ? source.osNameEn : `${platform} ${bits} bit`,
    bootMode: (input.BootMode as ImageBootMode | undefined) ?? source?.bootMode ?? 'BIOS',
    isSupportCloudinit: source?.isSupportCloudinit ?? osType === 'linux',
    loginAsNonRootSupported: source?.loginAsNonRootSupported ?? false,
    marketplaceOrigin:
      source?.source === 'marketplace' && source.productCode
        ? { imageId: source.imageId, productCode: source.productCode }
        : source?.marketplaceOrigin,
  };
}

async function fromInstance(ctx: ActionContext, input: CreateImageInput, base: ImageBase, instanceId: string): Promise<ImageRecord> {
  const accountId = accountOf(ctx);
  const inst = await loadCurrent(ctx, input.RegionId, instanceId);
  const current = inst.current;
  if (current.locks.some((l) => l.reason === 'security')) {
    throw new ApiError('InstanceLockedForSecurity', 400, 'The specified operation is denied as your instance is locked for security reasons.');
  }
  if (current.status !== 'Running' && current.status !== 'Stopped') {
    throw new ApiError('IncorrectInstanceStatus', 400, 'The current status of the instance does not support this operation. The instance must be Running or Stopped.');
  }
  // EC2 accepts another CreateImage of an instance whose first image is still pending
  // (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateImage.html names no such error):
  // its snapshots are taken side by side. ECS refuses it (docs/rules/ecs-user-guide.md#image-from-instance).
  const ec2 = currentDialect() === 'ec2';
  if (current.imageCreationInProgress && !ec2) throw InstanceErrors.imageCreating();

  const stored = (await loadInstanceDisks(ctx.store, current)).filter((d) => d.instanceId === current.instanceId);
  const disks = stored.map((s) => ({ stored: s, current: settleDisk(stripKeys(s), ctx.now) }));
  disks.sort((a, b) => (a.current.type === 'system' ? -1 : b.current.type === 'system' ? 1 : (a.current.device ?? '').localeCompare(b.current.device ?? '')));
  const system = disks.find((d) => d.current.type === 'system');
  if (!system) throw DiskErrors.incorrectStatus('The instance has no system disk.');
  for (const d of disks) {
    if (d.current.status !== 'In_use') throw DiskErrors.incorrectStatus();
    if (!ec2) checkManualSnapshot(d.current, ctx.now);
  }
  if (system.current.encrypted) throw ImageErrors.encryptedSystem();

  const limit = await snapshotsPerDisk(ctx.store, accountId);
  const timing = snapshotTiming();
  const mappings: ImageDiskDeviceMapping[] = [];
  let readyMs = ctx.now.getTime() + timing.minSeconds * 1000;
  for (const d of disks) {
    const disk: DiskRecord = d.current;
    const copy = planCopy(disk, ctx.now, 'user', timing);
    const snapshot: SnapshotRecord = {
      snapshotId: newResourceId('s', disk.regionId),
      accountId,
      regionId: disk.regionId,
      snapshotName: '',
      description: `Created for image ${base.imageId}`,
      type: 'user',
      sourceDiskId: disk.diskId,
      sourceDiskType: disk.type,
      sourceDiskSizeGiB: disk.sizeGiB,
      sourceDiskCategory: disk.category,
      sourceInstanceId: current.instanceId,
      encrypted: disk.encrypted,
      category: 'Standard',
      creationTime: ctx.now.toISOString(),
      ...copy,
      usedByImageIds: [base.imageId],
      usedByDisks: false,
      tags: [],
    };
    const added = await addSnapshot(ctx.store, ctx.tx, d.stored, disk, snapshot, limit, ctx.now);
    if ('noRoom' in added) throw SnapshotErrors.quota(limit);
    readyMs = Math.max(readyMs, Date.parse(copy.completeAt));
    mappings.push({
      device: disk.type === 'system' ? '/dev/xvda' : (disk.device ?? '/dev/xvdb'),
      snapshotId: snapshot.snapshotId,
      sizeGiB: disk.sizeGiB,
      type: disk.type,
      encrypted: disk.encrypted,
    });
  }

  const source = (await findAccessibleImage(ctx.store, accountId, current.regionId, current.imageId))?.image;
  const arm = findInstanceType(current.instanceType)?.cpuArchitecture === 'ARM';
  const facts = osFacts(input, source, { osType: current.osType, architecture: arm ? 'arm64' : 'x86_64' });
  const readyAt = new Date(readyMs).toISOString();
  const image: ImageRecord = {
    ...base,
    ...facts,
    // The instance's own OS names win: they are what it runs.
    osType: current.osType,
    osName: input.Platform === undefined ? current.osName : facts.osName,
    osNameEn: input.Platform === undefined ? current.osNameEn : facts.osNameEn,
    sizeGiB: system.current.sizeGiB,
    diskDeviceMappings: mappings,
    sourceInstanceId: current.instanceId,
    build: { kind: 'create', queuedAt: ctx.now.toISOString(), startAt: ctx.now.toISOString(), readyAt, outcome: 'Available' },
  };
  // No state change of the instance until every snapshot is done (docs/rules/ecs-user-guide.md#image-from-instance).
  const until = current.imageCreationInProgress && current.imageCreationUntil && current.imageCreationUntil > readyAt ? current.imageCreationUntil : readyAt;
  save(ctx, inst, { ...current, imageCreationInProgress: true, imageCreationUntil: until });
  return image;
}

async function fromSnapshots(ctx: ActionContext, input: CreateImageInput, base: ImageBase, requests: MappingRequest[]): Promise<ImageRecord> {
  const accountId = accountOf(ctx);
  const regionId = input.RegionId;
  const ids = [...new Set(requests.map((r) => r.snapshotId).filter((id): id is string => Boolean(id)))];
  const found = (await loadSnapshots(ctx.store, accountId, regionId, ids)).filter((s) => !isExpired(s, ctx.now));
  const facts = new Map<string, SnapshotFacts>(
    found.map((s) => [
      s.snapshotId,
      { snapshotId: s.snapshotId, sourceDiskType: s.sourceDiskType, sizeGiB: s.sourceDiskSizeGiB, encrypted: s.encrypted, accomplished: isAccomplished(s, ctx.now) },
    ]),
  );
  const mappings = planSnapshotMappings(requests, facts, { anySnapshotAsRoot: currentDialect() === 'ec2' });
  const used = new Set(mappings.map((m) => m.snapshotId).filter(Boolean));
  for (const s of found) {
    if (!used.has(s.snapshotId)) continue;
    saveSnapshot(ctx.tx, s, { ...stripKeys(s), usedByImageIds: [...new Set([...s.usedByImageIds, base.imageId])] });
  }
  // The OS of the image the system disk came from, when that disk still says.
  const systemSnapshot = found.find((s) => s.snapshotId === mappings[0]!.snapshotId)!;
  const disk = systemSnapshot.sourceDiskId ? await findDisk(ctx.store, accountId, regionId, systemSnapshot.sourceDiskId) : undefined;
  const source = disk?.imageId ? (await findAccessibleImage(ctx.store, accountId, regionId, disk.imageId))?.image : undefined;
  const os = osFacts(input, source, { osType: 'linux', architecture: 'x86_64' });
  const readyAt = new Date(ctx.now.getTime() + lifecycle.transitionSeconds * 1000).toISOString();
  return {
    ...base,
    ...os,
    sizeGiB: mappings[0]!.sizeGiB,
    diskDeviceMappings: mappings,
    build: { kind: 'create', queuedAt: ctx.now.toISOString(), startAt: ctx.now.toISOString(), readyAt, outcome: 'Available' },
  };
}
