import { isoSeconds } from '../../platform/clock';
import { snapshotProgress, usageOf, type SnapshotRecord } from '../../domain/snapshot';
import { renderTags } from '../../domain/tags';

/** The ECS wire shape of a snapshot: DescribeSnapshots' `Snapshots.Snapshot[]` item (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describesnapshots). */
export function renderSnapshot(s: SnapshotRecord, now: Date): Record<string, unknown> {
  const progress = snapshotProgress(s, now);
  const accomplished = progress.status === 'accomplished';
  return {
    SnapshotId: s.snapshotId,
    SnapshotName: s.snapshotName,
    Description: s.description,
    RegionId: s.regionId,
    Status: progress.status,
    Progress: `${progress.progress}%`,
    RemainTime: progress.remainSeconds,
    Available: accomplished,
    SnapshotType: s.type,
    Category: s.category,
    SourceDiskId: s.sourceDiskId,
    SourceDiskSize: String(s.sourceDiskSizeGiB),
    SourceDiskType: s.sourceDiskType,
    SourceStorageType: 'disk',
    SourceRegionId: s.sourceRegionId ?? '',
    SourceSnapshotId: s.sourceSnapshotId ?? '',
    // The bytes this snapshot stores: the whole disk for a disk's first snapshot, the changed blocks for later ones.
    FullSnapshotSizeInBytes: s.sizeBytes,
    RetentionDays: s.retentionDays ?? 0,
    Usage: usageOf(s),
    Encrypted: s.encrypted,
    KMSKeyId: '',
    InstantAccess: false,
    InstantAccessRetentionDays: 0,
    ProductCode: '',
    ResourceGroupId: '',
    SnapshotSN: `64${s.snapshotId.slice(2, 18)}`,
    SnapshotLinkId: `sl-${s.sourceDiskId.slice(2)}`,
    CreationTime: isoSeconds(new Date(s.creationTime)),
    LastModifiedTime: isoSeconds(new Date(accomplished ? s.completeAt : s.creationTime)),
    Tags: renderTags(s.tags),
  };
}
