import { findInstanceType } from '../../domain/catalogue/instance-types';
import { settleDisk, type DiskRecord } from '../../domain/disk';
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
import { checkManualSnapshot, isAccomplished, isExpired, planCopy, SnapshotErrors, snapshotTiming, type SnapshotRecord } from '../../domain/snapshot';
import { validateTags, type TagInput } from '../../domain/tags';
import { lifecycle } from '../../platform/config';
import { newResourceId } from '../../platform/ids';
import { findDisk } from '../../store/disks';
import { createImageItem, findAccessibleImage, takeCustomImageSlot } from '../../store/images';
import { loadInstanceDisks, stripKeys } from '../../store/instances';
import { addSnapshot, loadSnapshots, saveSnapshot, snapshotsPerDisk } from '../../store/snapshots';
import { accountOf, type ActionContext } from '../action';
import { loadCurrentMany, save } from '../instances/common';
import { defineOperation } from '../operation';
import { requireRegion, requireUnusedName } from './common';

/**
 * The createImage operation (docs/operations.md): ECS CreateImage
 * (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-createimage;
 * docs/rules/ecs-user-guide.md#image-from-snapshot; the ECS image lifecycle FAQ,
 * https://www.alibabacloud.com/help/en/ecs/user-guide/faq-about-image-lifecycle), EC2 CreateImage
 * (from an instance) and EC2 RegisterImage (from snapshots).
 *
 * From an instance (Running or Stopped): every disk is snapshotted (docs/rules/ecs-user-guide.md#image-from-instance) with the
 * snapshot rules of the disks work (the first snapshot of a disk is full, 60 s per GiB), so the
 * time taken grows with the disks' size; the image is Creating with a rising Progress
 * until the last snapshot is done, then Available; meanwhile the instance refuses every state
 * change (docs/rules/ecs-user-guide.md#image-from-instance). From snapshots: exactly one system-disk snapshot (a data disk snapshot
 * cannot be the base: docs/rules/ecs-user-guide.md#image-from-snapshot) and up to 16 data disks; the image takes one
 * transition step. The snapshots an image uses cannot be deleted while it exists (docs/rules/ecs-user-guide.md#snapshot-delete).
 */

export type NewImageSource = { kind: 'instance'; instanceId: string } | { kind: 'snapshots'; mappings: readonly MappingRequest[] };

export interface NewImage {
  regionId: string;
  /** Missing: MissingParameter, after the other parameters are checked (as ECS answers). */
  source: NewImageSource | undefined;
  name?: string;
  description?: string;
  family?: string;
  version?: string;
  platform?: string;
  architecture?: ImageArchitecture;
  bootMode?: ImageBootMode;
  resourceGroupId?: string;
  tags: readonly TagInput[];
  /**
   * EC2's rules where they differ from ECS's: another image of an instance whose first image is
   * still pending is taken side by side (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateImage.html
   * names no such error; ECS refuses it, docs/rules/ecs-user-guide.md#image-from-instance), no
   * manual-snapshot-in-progress check, and any completed snapshot can be the root
   * (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/creating-an-ami-ebs.html).
   */
  ec2Rules?: boolean;
  /** EC2 RegisterImage's device names as registered, keyed by the stored slot (ImageRecord.ec2DeviceNames). */
  ec2DeviceNames?: Readonly<Record<string, string>>;
}

/** The fields every new image gets from the request; the source adds the rest. */
type ImageBase = Omit<ImageRecord, 'osType' | 'platform' | 'osName' | 'osNameEn' | 'architecture' | 'sizeGiB' | 'diskDeviceMappings' | 'bootMode'>;

export const createImage = defineOperation<NewImage, ImageRecord>({
  name: 'CreateImage',
  run: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.regionId);
    if (input.name !== undefined) validateImageName(input.name);
    if (input.description !== undefined) validateImageDescription(input.description);
    if (input.family !== undefined) validateImageFamily(input.family);
    if (input.version !== undefined && !/^[A-Za-z0-9._-]{1,40}$/.test(input.version)) {
      throw Errors.invalid('InvalidImageVersion.Malformed', 'The specified ImageVersion is wrongly formed.');
    }
    if (input.architecture !== undefined && !['x86_64', 'i386', 'arm64'].includes(input.architecture)) throw ImageErrors.architecture();
    if (input.platform !== undefined && !/^[A-Za-z][A-Za-z0-9 ._-]{0,63}$/.test(input.platform)) throw ImageErrors.platform();
    if (input.bootMode !== undefined && !['BIOS', 'UEFI', 'UEFI-Preferred'].includes(input.bootMode)) throw Errors.invalidParameter('BootMode');
    const tags = validateTags(input.tags);
    const imageId = newResourceId('m', regionId);
    if (input.name !== undefined) await requireUnusedName(ctx, accountId, regionId, input.name);

    const base: ImageBase = {
      imageId,
      regionId,
      ownerAccountId: accountId,
      source: 'custom',
      imageName: input.name ?? imageId,
      description: input.description ?? '',
      imageFamily: input.family ?? '',
      imageVersion: input.version ?? '',
      status: 'Creating',
      progress: 0,
      creationTime: ctx.now.toISOString(),
      isSupportCloudinit: true,
      isSupportIoOptimized: true,
      isCopied: false,
      tags,
      ...(input.ec2DeviceNames ? { ec2DeviceNames: { ...input.ec2DeviceNames } } : {}),
      sharedWith: [],
      isPublic: false,
      resourceGroupId: input.resourceGroupId,
    };

    if (!input.source) throw ImageErrors.missingSource();
    const image =
      input.source.kind === 'instance'
        ? await fromInstance(ctx, input, base, input.source.instanceId)
        : await fromSnapshots(ctx, input, base, input.source.mappings);
    await takeCustomImageSlot(ctx.store, ctx.tx, accountId, regionId);
    createImageItem(ctx.tx, image);
    return image;
  },
});

/** The OS facts of a new image: the request's Platform/Architecture/BootMode, else those of the image the disk came from. */
function osFacts(input: NewImage, source: ImageRecord | undefined, fallback: { osType: 'linux' | 'windows'; architecture: ImageArchitecture }) {
  const platform = input.platform ?? source?.platform ?? (fallback.osType === 'windows' ? 'Windows Server 2012' : 'Others Linux');
  const osType: 'linux' | 'windows' =
    input.platform !== undefined ? (/^windows/i.test(input.platform) ? 'windows' : 'linux') : (source?.osType ?? fallback.osType);
  const architecture = input.architecture ?? source?.architecture ?? fallback.architecture;
  const bits = architecture === 'i386' ? '32' : '64';
  const fromSource = source && input.platform === undefined && input.architecture === undefined;
  return {
    osType,
    platform,
    architecture,
    osName: fromSource ? source.osName : `${platform} ${bits}位`,
    osNameEn: fromSource ? source.osNameEn : `${platform} ${bits} bit`,
    bootMode: input.bootMode ?? source?.bootMode ?? 'BIOS',
    isSupportCloudinit: source?.isSupportCloudinit ?? osType === 'linux',
    loginAsNonRootSupported: source?.loginAsNonRootSupported ?? false,
    marketplaceOrigin:
      source?.source === 'marketplace' && source.productCode ? { imageId: source.imageId, productCode: source.productCode } : source?.marketplaceOrigin,
  };
}

async function fromInstance(ctx: ActionContext, input: NewImage, base: ImageBase, instanceId: string): Promise<ImageRecord> {
  const accountId = accountOf(ctx);
  const inst = (await loadCurrentMany(ctx, input.regionId, [instanceId])).get(instanceId);
  if (!inst) throw ImageErrors.instanceNotFound();
  const current = inst.current;
  if (current.locks.some((l) => l.reason === 'security')) {
    throw new ApiError('InstanceLockedForSecurity', 400, 'The specified operation is denied as your instance is locked for security reasons.');
  }
  if (current.status !== 'Running' && current.status !== 'Stopped') {
    throw ImageErrors.instanceState();
  }
  const ec2 = input.ec2Rules === true;
  if (current.imageCreationInProgress && !ec2) throw InstanceErrors.imageCreating();

  const stored = (await loadInstanceDisks(ctx.store, current)).filter((d) => d.instanceId === current.instanceId);
  const disks = stored.map((s) => ({ stored: s, current: settleDisk(stripKeys(s), ctx.now) }));
  disks.sort((a, b) => (a.current.type === 'system' ? -1 : b.current.type === 'system' ? 1 : (a.current.device ?? '').localeCompare(b.current.device ?? '')));
  const system = disks.find((d) => d.current.type === 'system');
  if (!system) throw ImageErrors.diskState('The instance has no system disk.');
  for (const d of disks) {
    if (d.current.status !== 'In_use') throw ImageErrors.diskState();
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
    osName: input.platform === undefined ? current.osName : facts.osName,
    osNameEn: input.platform === undefined ? current.osNameEn : facts.osNameEn,
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

async function fromSnapshots(ctx: ActionContext, input: NewImage, base: ImageBase, requests: readonly MappingRequest[]): Promise<ImageRecord> {
  const accountId = accountOf(ctx);
  const regionId = input.regionId;
  const ids = [...new Set(requests.map((r) => r.snapshotId).filter((id): id is string => Boolean(id)))];
  const found = (await loadSnapshots(ctx.store, accountId, regionId, ids)).filter((s) => !isExpired(s, ctx.now));
  const facts = new Map<string, SnapshotFacts>(
    found.map((s) => [
      s.snapshotId,
      {
        snapshotId: s.snapshotId,
        sourceDiskType: s.sourceDiskType,
        sizeGiB: s.sourceDiskSizeGiB,
        encrypted: s.encrypted,
        accomplished: isAccomplished(s, ctx.now),
      },
    ]),
  );
  const mappings = planSnapshotMappings([...requests], facts, { anySnapshotAsRoot: input.ec2Rules === true });
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
