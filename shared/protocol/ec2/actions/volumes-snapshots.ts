import { ApiError } from '../../../domain/errors';
import { isSnapshotError, snapshotProgress, type SnapshotRecord } from '../../../domain/snapshot';
import type { DiskRecord } from '../../../domain/disk';
import { isoMinutes, isoSeconds } from '../../../platform/clock';
import { describeDisks, disksOfRegion, type DiskQuery } from '../../../actions/disks/queries';
import { createSnapshot as createSnapshotOperation, deleteSnapshot as deleteSnapshotOperation, snapshotsOfRegion } from '../../../actions/snapshots/operations';
import { findVisibleSnapshot } from '../../../store/snapshots';
import { defineEc2Action, Ec2Errors, type Ec2Call } from '../adapter';
import {
  afterIdOfToken,
  applyFilters,
  checkIds,
  filterPredicate,
  pageOf,
  pageSizeOf,
  pageTokenAfter,
  tagsFor,
  type Filter,
  type FilterFields,
  type Tag,
} from '../views';
import { volumeSpecOf } from '../../../domain/volume-types';

/**
 * EBS volumes and snapshots of the EC2 dialect: codecs of the disk and snapshot operations
 * (shared/actions/disks/operations.ts and queries.ts, shared/actions/snapshots/operations.ts). An
 * EC2 volume is an ECS disk (`vol-` ids when created through EC2, `d-` otherwise: both accepted);
 * a snapshot is an ECS snapshot (`snap-` / `s-`).
 */
export const VolumeErrors = {
  notFound: (id: string) => new ApiError('InvalidVolume.NotFound', 400, `The volume '${id}' does not exist.`),
  malformed: (id: string) => Ec2Errors.malformedId('InvalidVolumeID.Malformed', id, 'vol'),
};
export const SnapshotErrors = {
  notFound: (id: string) => new ApiError('InvalidSnapshot.NotFound', 400, `The snapshot '${id}' does not exist.`),
  inUse: (id: string, imageId: string) => new ApiError('InvalidSnapshot.InUse', 400, `The snapshot ${id} is currently in use by ${imageId}`),
};

const VOLUME_STATE: Record<string, string> = {
  In_use: 'in-use',
  Attaching: 'in-use',
  Detaching: 'in-use',
  ReIniting: 'in-use',
  Available: 'available',
  Creating: 'creating',
};
const ATTACHMENT_STATE: Record<string, string> = { In_use: 'attached', Attaching: 'attaching', Detaching: 'detaching', ReIniting: 'attached' };

/** The instance a volume is attached to (or attaching to, detaching from), as DescribeDisks shows it. */
export const attachedInstanceOf = (d: DiskRecord): string | undefined => (d.instanceId !== undefined && ATTACHMENT_STATE[d.status] ? d.instanceId : undefined);

/** A time as ECS and EC2 have always shown a disk's here: to the minute. */
export const toMinute = (iso: string | undefined): Date | undefined => (iso ? new Date(isoMinutes(new Date(iso))) : undefined);

/** A disk (as it is now) under EC2's volume member names. */
export function ec2Volume(d: DiskRecord) {
  const instanceId = attachedInstanceOf(d);
  const spec = volumeSpecOf(d);
  return {
    VolumeId: d.diskId,
    Size: d.sizeGiB,
    SnapshotId: d.sourceSnapshotId ?? '',
    AvailabilityZone: d.zoneId,
    State: VOLUME_STATE[d.status] ?? 'available',
    CreateTime: toMinute(d.creationTime),
    Attachments: instanceId
      ? [
          {
            VolumeId: d.diskId,
            InstanceId: instanceId,
            Device: d.device ?? '',
            State: ATTACHMENT_STATE[d.status] ?? 'attached',
            AttachTime: toMinute(d.attachedTime),
            DeleteOnTermination: d.deleteWithInstance,
          },
        ]
      : [],
    VolumeType: spec.type,
    ...(spec.iops !== undefined ? { Iops: spec.iops } : {}),
    ...(spec.throughput !== undefined ? { Throughput: spec.throughput } : {}),
    Encrypted: d.encrypted,
    MultiAttachEnabled: false,
    Tags: d.tags.map((t) => ({ Key: t.key, Value: t.value })),
  };
}

type Ec2Volume = ReturnType<typeof ec2Volume>;

/** The caller's disks of the call's region (the named ones, at most 100, or all) as they are now, in id order: the typed read. */
export async function volumesOf(call: Ec2Call, ids?: readonly string[], dryRun?: boolean): Promise<{ disks: DiskRecord[]; now: Date }> {
  return call.perform(disksOfRegion, { regionId: call.region, ids: ids?.slice(0, 100) }, { dryRun });
}

/** One volume as it is now; InvalidVolume.NotFound when the caller has no such volume in the region. */
export async function oneVolume(call: Ec2Call, id: string): Promise<DiskRecord> {
  checkIds([id], 'InvalidVolumeID.Malformed', ['vol', 'd'], 'vol');
  const [d] = (await volumesOf(call, [id])).disks;
  if (!d) throw VolumeErrors.notFound(id);
  return d;
}

/** DescribeVolumes' filters (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeVolumes.html) on the EC2 view of a disk. */
const VOLUME_FILTERS: FilterFields<Ec2Volume> = {
  'volume-id': (v) => v.VolumeId,
  status: (v) => v.State,
  'availability-zone': (v) => v.AvailabilityZone,
  size: (v) => v.Size,
  'snapshot-id': (v) => v.SnapshotId,
  'volume-type': (v) => v.VolumeType,
  encrypted: (v) => v.Encrypted,
  'create-time': (v) => v.CreateTime,
  'attachment.instance-id': (v) => v.Attachments.map((a) => a.InstanceId),
  'attachment.device': (v) => v.Attachments.map((a) => a.Device),
  'attachment.status': (v) => v.Attachments.map((a) => a.State),
  'attachment.delete-on-termination': (v) => v.Attachments.map((a) => a.DeleteOnTermination),
  'multi-attach-enabled': (v) => v.MultiAttachEnabled,
};

/** The one exact value of a filter (no wildcard, no alternatives): what a field of the typed query can take. */
function exactValue(filters: Filter[], name: string): string | undefined {
  const given = filters.filter((f) => f.Name === name);
  const values = given[0]?.Values;
  return given.length === 1 && values?.length === 1 && !/[*?]/.test(values[0]!) && values[0] !== '' ? values[0] : undefined;
}

/**
 * EC2 `Filter.N` as the typed disk query: the availability zone, the source snapshot and the
 * encryption go to its fields, every other filter to its `matches` predicate on the EC2 view.
 */
function volumeQueryFilters(filters: Filter[]): Pick<DiskQuery, 'zoneId' | 'snapshotId' | 'encrypted' | 'matches'> {
  const zoneId = exactValue(filters, 'availability-zone');
  const snapshotId = exactValue(filters, 'snapshot-id');
  const encrypted = exactValue(filters, 'encrypted');
  const byField = new Set<string>();
  if (zoneId !== undefined) byField.add('availability-zone');
  if (snapshotId !== undefined) byField.add('snapshot-id');
  if (encrypted === 'true' || encrypted === 'false') byField.add('encrypted');
  const rest = filterPredicate(
    filters.filter((f) => f.Name === undefined || !byField.has(f.Name)),
    VOLUME_FILTERS,
  );
  return {
    zoneId,
    snapshotId,
    encrypted: byField.has('encrypted') ? encrypted === 'true' : undefined,
    matches: rest && ((d) => rest(ec2Volume(d))),
  };
}

/**
 * DescribeVolumes pages through the typed disk query (queries.ts): VolumeIds are one BatchGet
 * (each unknown id is InvalidVolume.NotFound, then the filters apply); otherwise MaxResults and
 * NextToken are the query's paging over the region's disks in id order, the filters applied as it
 * pages. EC2's rules: MaxResults 5 to 500 (a value out of range is clamped to it, as the CLI's
 * paginator asks for 1000), not with VolumeIds; the NextToken is EC2's own (the last volume of the
 * page), opaque to clients.
 */
export const describeVolumes = defineEc2Action<{ VolumeIds?: string[]; Filters?: Filter[]; MaxResults?: number; NextToken?: string; DryRun?: boolean }>({
  name: 'DescribeVolumes',
  uses: ['DescribeDisks'],
  handle: async (input, call) => {
    checkIds(input.VolumeIds, 'InvalidVolumeID.Malformed', ['vol', 'd'], 'vol');
    const ids = input.VolumeIds?.length ? input.VolumeIds : undefined;
    if (ids) {
      if (input.MaxResults !== undefined) throw Ec2Errors.invalidCombination('The parameter volumeSet cannot be used with the parameter maxResults');
      const keep = filterPredicate(input.Filters, VOLUME_FILTERS);
      const unique = [...new Set(ids)];
      const { items } = await call.perform(
        describeDisks,
        { regionId: call.region, ids: unique, paging: { pageSize: unique.length } },
        { dryRun: input.DryRun },
      );
      for (const id of unique) if (!items.some((d) => d.diskId === id)) throw VolumeErrors.notFound(id);
      const volumes = items.sort((a, b) => (a.diskId < b.diskId ? -1 : 1)).map(ec2Volume);
      return { Volumes: keep ? volumes.filter(keep) : volumes };
    }
    const afterDiskId = afterIdOfToken('DescribeVolumes', input.NextToken);
    const pageSize = input.MaxResults === undefined ? Number.MAX_SAFE_INTEGER : pageSizeOf(input.MaxResults, { min: 5, max: 500 });
    const page = await call.perform(
      describeDisks,
      { regionId: call.region, ...volumeQueryFilters(input.Filters ?? []), paging: { maxResults: pageSize, afterDiskId } },
      { dryRun: input.DryRun },
    );
    const last = page.items.at(-1);
    return { Volumes: page.items.map(ec2Volume), ...(page.nextToken && last ? { NextToken: pageTokenAfter('DescribeVolumes', last.diskId) } : {}) };
  },
});

// ---------------------------------------------------------------------------------------------
// Snapshots

const SNAPSHOT_STATE: Record<string, string> = { progressing: 'pending', accomplished: 'completed', failed: 'error' };

/** A time as ECS and EC2 have always shown it here: to the second. */
const toSecond = (iso: string): Date => new Date(isoSeconds(new Date(iso)));

function ec2Snapshot(s: SnapshotRecord, now: Date, ownerId: string) {
  const progress = snapshotProgress(s, now);
  return {
    SnapshotId: s.snapshotId,
    VolumeId: s.sourceDiskId,
    State: SNAPSHOT_STATE[progress.status] ?? 'pending',
    StartTime: toSecond(s.creationTime),
    Progress: `${progress.progress}%`,
    OwnerId: ownerId,
    Description: s.description ?? '',
    VolumeSize: s.sourceDiskSizeGiB,
    Encrypted: Boolean(s.encrypted),
    StorageTier: 'standard',
    ...(progress.status === 'accomplished' ? { CompletionTime: toSecond(s.completeAt) } : {}),
    Tags: s.tags.map((t) => ({ Key: t.key, Value: t.value })),
  };
}

type Ec2Snapshot = ReturnType<typeof ec2Snapshot>;

/** The caller's snapshots of the call's region (the named ones, or all), in id order, through the typed operation. */
export async function snapshotsView(call: Ec2Call, ids?: string[], dryRun?: boolean): Promise<Ec2Snapshot[]> {
  const { snapshots, now } = await call.perform(snapshotsOfRegion, { regionId: call.region, ids: ids?.slice(0, 100) }, { dryRun });
  return snapshots.map((s) => ec2Snapshot(s, now, call.accountId));
}

export const createSnapshot = defineEc2Action<{
  VolumeId: string;
  Description?: string;
  TagSpecifications?: { ResourceType?: string; Tags?: Tag[] }[];
  DryRun?: boolean;
}>({
  name: 'CreateSnapshot',
  uses: ['CreateSnapshot', 'DescribeSnapshots'],
  handle: async (input, call) => {
    checkIds([input.VolumeId], 'InvalidVolumeID.Malformed', ['vol', 'd'], 'vol');
    const tags = tagsFor(input.TagSpecifications, 'snapshot').map((t) => ({ key: t.Key, value: t.Value }));
    const snapshot = await call.perform(
      createSnapshotOperation,
      { diskId: input.VolumeId, description: input.Description, tags, whileAttachmentChanges: true },
      { dryRun: input.DryRun },
    );
    return ec2Snapshot(snapshot, await call.now(), call.accountId);
  },
  mapError: (e, input) => {
    if (isSnapshotError(e)) {
      // A snapshot of the volume still running, a volume never attached, its instance not running or stopped.
      if (e.reason === 'manualRunning' || e.reason === 'neverAttached' || e.reason === 'instanceStatus') return new ApiError('IncorrectState', 400, e.message);
      if (e.reason === 'quotaFull') return new ApiError('SnapshotLimitExceeded', 400, e.message);
      return undefined;
    }
    if (e.code === 'InvalidDiskId.NotFound') return VolumeErrors.notFound(input.VolumeId);
    if (e.code.startsWith('IncorrectDiskStatus')) return new ApiError('IncorrectState', 400, e.message);
    if (e.code === 'InvalidDescription.Malformed') {
      return Ec2Errors.invalidParameterValue(
        `Value (${input.Description}) for parameter Description is invalid. This sandbox takes 2-256 characters not starting with http:// or https://.`,
      );
    }
    return undefined;
  },
});

export const describeSnapshots = defineEc2Action<{
  OwnerIds?: string[];
  RestorableByUserIds?: string[];
  SnapshotIds?: string[];
  Filters?: Filter[];
  MaxResults?: number;
  NextToken?: string;
  DryRun?: boolean;
}>({
  name: 'DescribeSnapshots',
  uses: ['DescribeSnapshots'],
  handle: async (input, call) => {
    checkIds(input.SnapshotIds, 'InvalidSnapshotID.Malformed', ['snap', 's'], 'snap');
    for (const o of input.OwnerIds ?? []) {
      if (!['self', 'amazon', 'aws-marketplace'].includes(o) && !/^[0-9]{12}$/.test(o)) {
        throw new ApiError('InvalidUserID.Malformed', 400, `Invalid user id: "${o}"`);
      }
    }
    const ids = input.SnapshotIds?.length ? input.SnapshotIds : undefined;
    let snapshots = await snapshotsView(call, ids, input.DryRun);
    for (const id of ids ?? []) if (!snapshots.some((s) => s.SnapshotId === id)) throw SnapshotErrors.notFound(id);
    // Only the caller's own snapshots exist here: owner `self` or the caller's id keeps them, `amazon` has none.
    if (input.OwnerIds?.length && !input.OwnerIds.some((o) => o === 'self' || o === call.accountId)) snapshots = [];
    snapshots = applyFilters(snapshots, input.Filters, {
      'snapshot-id': (s) => s.SnapshotId,
      'volume-id': (s) => s.VolumeId,
      status: (s) => s.State,
      'owner-id': (s) => s.OwnerId,
      description: (s) => s.Description,
      progress: (s) => s.Progress,
      'start-time': (s) => s.StartTime,
      'volume-size': (s) => s.VolumeSize,
      encrypted: (s) => s.Encrypted,
      'storage-tier': (s) => s.StorageTier,
    });
    const { page, nextToken } = pageOf(snapshots, (s) => s.SnapshotId, 'DescribeSnapshots', input.MaxResults, input.NextToken, { min: 5, max: 1000 });
    return { Snapshots: page, ...(nextToken ? { NextToken: nextToken } : {}) };
  },
});

export const deleteSnapshot = defineEc2Action<{ SnapshotId: string; DryRun?: boolean }>({
  name: 'DeleteSnapshot',
  uses: ['DeleteSnapshot', 'DescribeSnapshots'],
  // The lookup and the delete in one unit.
  oneUnit: true,
  handle: async (input, call) => {
    checkIds([input.SnapshotId], 'InvalidSnapshotID.Malformed', ['snap', 's'], 'snap');
    // ECS ignores an unknown id; EC2 reports it.
    const [found] = await snapshotsView(call, [input.SnapshotId]);
    if (!found) throw SnapshotErrors.notFound(input.SnapshotId);
    try {
      await call.perform(deleteSnapshotOperation, { snapshotId: input.SnapshotId, force: false }, { dryRun: input.DryRun });
    } catch (e) {
      // Also for a disabled image (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteSnapshot.html): the snapshot of any image that uses it stays.
      if (isSnapshotError(e) && e.reason === 'usedByImage') {
        throw SnapshotErrors.inUse(input.SnapshotId, (await imageUsingSnapshot(call, input.SnapshotId)) ?? 'an image');
      }
      if (isSnapshotError(e) && e.reason === 'usedByDisk') {
        throw new ApiError('InvalidSnapshot.InUse', 400, `The snapshot ${input.SnapshotId} is currently in use by a volume`);
      }
      throw e;
    }
    return { Return: true };
  },
});

/** The image using a snapshot (for the InvalidSnapshot.InUse message): a read of the record. */
export async function imageUsingSnapshot(call: Ec2Call, snapshotId: string): Promise<string | undefined> {
  const now = await call.now();
  const s = await findVisibleSnapshot(call.store, call.accountId, call.region, snapshotId, now);
  return s?.usedByImageIds[0];
}

/**
 * CopySnapshot (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CopySnapshot.html): sent
 * to the destination region (the region the request is signed for) naming the source region and
 * snapshot; the same copy as ECS CopySnapshot (shared/domain/snapshot-copy.ts), `pending` until it
 * completes. `DestinationRegion` and `PresignedUrl` are what the SDKs add for the cross-region
 * signature; the sandbox authenticates the request itself, so they carry nothing it needs.
 */
export const copySnapshot = defineEc2Action<{
  SourceRegion: string;
  SourceSnapshotId: string;
  Description?: string;
  DestinationRegion?: string;
  PresignedUrl?: string;
  Encrypted?: boolean;
  KmsKeyId?: string;
  TagSpecifications?: { ResourceType?: string; Tags?: Tag[] }[];
  DryRun?: boolean;
}>({
  name: 'CopySnapshot',
  uses: ['CopySnapshot', 'DescribeSnapshots'],
  handle: async (input, call) => {
    checkIds([input.SourceSnapshotId], 'InvalidSnapshotID.Malformed', ['snap', 's'], 'snap');
    const tags = tagsFor(input.TagSpecifications, 'snapshot');
    const out = await call.ecs<{ SnapshotId: string }>('CopySnapshot', {
      RegionId: input.SourceRegion,
      SnapshotId: input.SourceSnapshotId,
      DestinationRegionId: call.region,
      DestinationSnapshotDescription: input.Description,
      Encrypted: input.Encrypted,
      KMSKeyId: input.KmsKeyId,
      Tag: tags.length ? tags : undefined,
      DryRun: input.DryRun,
    });
    return { SnapshotId: out.SnapshotId, Tags: tags.map((t) => ({ Key: t.Key, Value: t.Value })) };
  },
  mapError: (e, input) => {
    if (e.code === 'InvalidRegionId.NotFound' || e.code === 'InvalidRegionId.Malformed')
      return new ApiError('InvalidRegion', 400, `Invalid region: ${input.SourceRegion}`);
    if (e.code === 'InvalidSnapshotId.NotFound') return SnapshotErrors.notFound(input.SourceSnapshotId);
    if (e.code === 'InvalidSnapshotId.NotReady') return new ApiError('IncorrectState', 400, `Snapshot ${input.SourceSnapshotId} is not completed.`);
    if (e.code === 'InvalidDescription.Malformed') return Ec2Errors.invalidParameterValue(`Value (${input.Description}) for parameter Description is invalid.`);
    return undefined;
  },
});
