import { ApiError } from '../../../domain/errors';
import { volumeModificationAt } from '../../../domain/volume-modification';
import { defineEc2Action } from '../adapter';
import { applyFilters, checkIds, pageOf, type Filter, type FilterFields } from '../views';
import { volumeSpecOf } from '../../../domain/volume-types';
import type { DiskRecord } from '../../../domain/disk';
import { listVolumeViews, namedVolumes } from './volume-pages';

/**
 * DescribeVolumesModifications
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeVolumesModifications.html):
 * the most recent modification of each volume (ModifyVolume, or an ECS ResizeDisk of the same disk),
 * named volumes in one read, otherwise paged through the typed disk query (volume-pages.ts),
 * `modifying` → `optimizing` → `completed` on the sandbox clock (shared/domain/volume-modification.ts).
 * Without `VolumeIds` only modified volumes are listed; a named volume that was never modified is
 * `InvalidVolumeModification.NotFound`, an unknown one `InvalidVolume.NotFound`. Filters of the
 * reference; pages of 5 to 500 (`MaxResults`).
 */
interface Input {
  VolumeIds?: string[];
  Filters?: Filter[];
  NextToken?: string;
  MaxResults?: number;
  DryRun?: boolean;
}

/** The most recent modification of a volume as it is at `now`; undefined for a volume never modified. */
function modificationOf(r: DiskRecord, now: Date) {
  const m = r.modification;
  if (!m) return undefined;
  const { state, progress } = volumeModificationAt(m, now);
  // The types before and after as the modification recorded them (ModifyVolume of the type), else the volume's own.
  const target = m.targetVolume ?? volumeSpecOf(r);
  const original = m.originalVolume ?? volumeSpecOf(r);
  return {
    VolumeId: r.diskId,
    ModificationState: state,
    TargetSize: m.targetSizeGiB,
    TargetVolumeType: target.type,
    ...(target.iops !== undefined ? { TargetIops: target.iops } : {}),
    ...(target.throughput !== undefined ? { TargetThroughput: target.throughput } : {}),
    TargetMultiAttachEnabled: false,
    OriginalSize: m.originalSizeGiB,
    OriginalVolumeType: original.type,
    ...(original.iops !== undefined ? { OriginalIops: original.iops } : {}),
    ...(original.throughput !== undefined ? { OriginalThroughput: original.throughput } : {}),
    OriginalMultiAttachEnabled: false,
    Progress: progress,
    StartTime: new Date(m.startTime),
    ...(state === 'completed' ? { EndTime: new Date(m.completeAt) } : {}),
  };
}

type Modification = NonNullable<ReturnType<typeof modificationOf>>;

const MODIFICATION_FILTERS: FilterFields<Modification> = {
  'volume-id': (m) => m.VolumeId,
  'modification-state': (m) => m.ModificationState,
  'original-size': (m) => m.OriginalSize,
  'original-volume-type': (m) => m.OriginalVolumeType,
  'original-iops': (m) => m.OriginalIops,
  'original-multi-attach-enabled': (m) => m.OriginalMultiAttachEnabled,
  'target-size': (m) => m.TargetSize,
  'target-volume-type': (m) => m.TargetVolumeType,
  'target-iops': (m) => m.TargetIops,
  'target-throughput': (m) => m.TargetThroughput,
  'target-multi-attach-enabled': (m) => m.TargetMultiAttachEnabled,
  'start-time': (m) => m.StartTime.toISOString(),
};

export const describeVolumesModifications = defineEc2Action<Input>({
  name: 'DescribeVolumesModifications',
  uses: ['DescribeDisks'],
  handle: async (input, call) => {
    checkIds(input.VolumeIds, 'InvalidVolumeID.Malformed', ['vol', 'd'], 'vol');
    const limits = { min: 5, max: 500 };
    if (input.VolumeIds?.length) {
      const records = await namedVolumes(call, input.VolumeIds, input.DryRun);
      for (const id of input.VolumeIds) {
        if (!records.find((r) => r.diskId === id)?.modification) {
          throw new ApiError('InvalidVolumeModification.NotFound', 400, `Modification for volume '${id}' does not exist.`);
        }
      }
      const now = await call.now();
      const modifications = applyFilters(
        records.map((r) => modificationOf(r, now)!),
        input.Filters,
        MODIFICATION_FILTERS,
      );
      const { page, nextToken } = pageOf(modifications, (m) => m.VolumeId, 'DescribeVolumesModifications', input.MaxResults, input.NextToken, limits);
      return { VolumesModifications: page, ...(nextToken ? { NextToken: nextToken } : {}) };
    }
    const { page, nextToken } = await listVolumeViews(call, {
      kind: 'DescribeVolumesModifications',
      view: modificationOf,
      fields: MODIFICATION_FILTERS,
      filters: input.Filters,
      maxResults: input.MaxResults,
      nextToken: input.NextToken,
      limits,
      dryRun: input.DryRun,
    });
    return { VolumesModifications: page, ...(nextToken ? { NextToken: nextToken } : {}) };
  },
});
