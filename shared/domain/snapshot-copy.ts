import { isKnownRegion } from './catalogue/regions';
import { ApiError } from './errors';
import { GIB, isAccomplished, retentionUntil, SnapshotErrors, type SnapshotRecord, type SnapshotTiming } from './snapshot';

/**
 * CopySnapshot (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-copysnapshot;
 * docs/rules/ecs-user-guide.md#snapshot-copy): a copy of a completed snapshot in another region (or
 * the same one), asynchronous like any snapshot. The copy stores the whole source disk (a
 * region has no earlier data of that disk to be incremental on), so it runs for the full size at the
 * configured seconds per GiB and is `progressing` until then. It remembers where it came from
 * (DescribeSnapshots `SourceRegionId`, `SourceSnapshotId`) and is a manual snapshot of its own: it is
 * not on the source disk's per-disk count and survives the source's deletion. The EC2 dialect's
 * CopySnapshot and automatic snapshot policies' cross-region copies make the same copy.
 */
export const SnapshotCopyErrors = {
  destinationRegion: () => new ApiError('InvalidDestinationRegionId.NotFound', 404, 'The specified DestinationRegionId does not exist.'),
};

/**
 * An automatic snapshot policy's cross-region copies (EnableCrossRegionCopy, TargetCopyRegions,
 * CopiedSnapshotsRetentionDays; https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-createautosnapshotpolicy):
 * one destination region, known and other than the policy's; copies kept -1 (for ever) or 1-65,536 days.
 */
export function validateCrossRegionCopy(
  policyRegionId: string,
  enable: boolean,
  targets: readonly string[],
  retentionDays: number,
  invalid: (what: string) => ApiError,
): void {
  if (targets.length > 1 || targets.some((r) => !isKnownRegion(r) || r === policyRegionId)) throw invalid('TargetCopyRegions');
  if (enable && targets.length === 0) throw invalid('TargetCopyRegions');
  if (retentionDays !== -1 && (!Number.isInteger(retentionDays) || retentionDays < 1 || retentionDays > 65_536)) {
    throw invalid('CopiedSnapshotsRetentionDays');
  }
}

/** The copies a policy makes of one automatic snapshot it just took. */
export function policyCopies(
  source: SnapshotRecord,
  policy: { autoSnapshotPolicyId: string; enableCrossRegionCopy: boolean; targetCopyRegions: readonly string[]; copiedSnapshotsRetentionDays: number },
  now: Date,
  timing: SnapshotTiming,
  newId: (regionId: string) => string,
): SnapshotRecord[] {
  if (!policy.enableCrossRegionCopy) return [];
  return policy.targetCopyRegions.map((regionId) =>
    planSnapshotCopy(
      source,
      {
        snapshotId: newId(regionId),
        destinationRegionId: regionId,
        name: source.snapshotName,
        type: 'auto',
        autoSnapshotPolicyId: policy.autoSnapshotPolicyId,
        retentionDays: policy.copiedSnapshotsRetentionDays > 0 ? policy.copiedSnapshotsRetentionDays : undefined,
        waitForSource: true,
      },
      now,
      timing,
    ),
  );
}

export interface SnapshotCopyRequest {
  snapshotId: string;
  destinationRegionId: string;
  name?: string;
  description?: string;
  retentionDays?: number;
  tags?: { key: string; value: string }[];
  /** Automatic snapshot policies' copies stay `auto`, carrying the policy id. */
  type?: SnapshotRecord['type'];
  autoSnapshotPolicyId?: string;
  /**
   * An automatic snapshot's cross-region copy is planned with its source, in the same unit of work
   * (so it is made exactly once): it waits at 0% until the source completes, then copies.
   */
  waitForSource?: boolean;
}

export function planSnapshotCopy(source: SnapshotRecord, req: SnapshotCopyRequest, now: Date, timing: SnapshotTiming): SnapshotRecord {
  if (!isKnownRegion(req.destinationRegionId)) throw SnapshotCopyErrors.destinationRegion();
  if (!req.waitForSource && !isAccomplished(source, now)) throw SnapshotErrors.notReady();
  const gib = source.sourceDiskSizeGiB;
  const seconds = Math.max(timing.minSeconds, gib * timing.secondsPerGiB);
  const creationTime = now.toISOString();
  const startMs = Math.max(now.getTime(), req.waitForSource ? Date.parse(source.completeAt) : 0);
  return {
    snapshotId: req.snapshotId,
    accountId: source.accountId,
    regionId: req.destinationRegionId,
    snapshotName: req.name ?? '',
    description: req.description ?? '',
    type: req.type ?? 'user',
    ...(req.autoSnapshotPolicyId ? { autoSnapshotPolicyId: req.autoSnapshotPolicyId } : {}),
    sourceDiskId: source.sourceDiskId,
    sourceDiskType: source.sourceDiskType,
    sourceDiskSizeGiB: source.sourceDiskSizeGiB,
    sourceDiskCategory: source.sourceDiskCategory,
    encrypted: source.encrypted,
    category: 'Standard',
    creationTime,
    startAt: new Date(startMs).toISOString(),
    completeAt: new Date(startMs + seconds * 1000).toISOString(),
    full: true,
    sizeGiB: gib,
    sizeBytes: gib * GIB,
    retentionDays: req.retentionDays,
    retentionUntil: retentionUntil(creationTime, req.retentionDays),
    usedByImageIds: [],
    usedByDisks: false,
    tags: req.tags ?? [],
    sourceRegionId: source.regionId,
    sourceSnapshotId: source.snapshotId,
  };
}
