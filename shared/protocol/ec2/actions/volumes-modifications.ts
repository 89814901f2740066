import { ApiError } from '../../../domain/errors';
import { volumeModificationAt } from '../../../domain/volume-modification';
import { defineEc2Action } from '../adapter';
import { applyFilters, checkIds, pageOf, type Filter } from '../views';
import { volumeTypeOfCategory } from './instance-common';
import { VolumeErrors, volumesOf } from './volumes-snapshots';

/**
 * DescribeVolumesModifications
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeVolumesModifications.html):
 * the most recent modification of each volume (ModifyVolume, or an ECS ResizeDisk of the same disk,
 * read through the typed disk query),
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

/** What DescribeVolumes shows for a gp3 volume (its baseline). */
const GP3 = { Iops: 3000, Throughput: 125 };

export const describeVolumesModifications = defineEc2Action<Input>({
  name: 'DescribeVolumesModifications',
  uses: ['DescribeDisks'],
  handle: async (input, call) => {
    checkIds(input.VolumeIds, 'InvalidVolumeID.Malformed', ['vol', 'd'], 'vol');
    const ids = input.VolumeIds?.length ? [...new Set(input.VolumeIds)] : undefined;
    const { disks: records, now } = await volumesOf(call, ids, input.DryRun);
    for (const id of ids ?? []) if (!records.some((d) => d.diskId === id)) throw VolumeErrors.notFound(id);
    for (const id of ids ?? []) {
      if (!records.find((r) => r.diskId === id)?.modification) {
        throw new ApiError('InvalidVolumeModification.NotFound', 400, `Modification for volume '${id}' does not exist.`);
      }
    }
    let modifications = records
      .filter((r) => r.modification)
      .map((r) => {
        const m = r.modification!;
        const { state, progress } = volumeModificationAt(m, now);
        const type = volumeTypeOfCategory(r.category);
        return {
          VolumeId: r.diskId,
          ModificationState: state,
          TargetSize: m.targetSizeGiB,
          TargetVolumeType: type,
          ...(type === 'gp3' ? { TargetIops: GP3.Iops, TargetThroughput: GP3.Throughput } : {}),
          TargetMultiAttachEnabled: false,
          OriginalSize: m.originalSizeGiB,
          OriginalVolumeType: type,
          ...(type === 'gp3' ? { OriginalIops: GP3.Iops, OriginalThroughput: GP3.Throughput } : {}),
          OriginalMultiAttachEnabled: false,
          Progress: progress,
          StartTime: new Date(m.startTime),
          ...(state === 'completed' ? { EndTime: new Date(m.completeAt) } : {}),
        };
      })
      .sort((a, b) => (a.VolumeId < b.VolumeId ? -1 : 1));
    modifications = applyFilters(modifications, input.Filters, {
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
    });
    const { page, nextToken } = pageOf(modifications, (m) => m.VolumeId, 'DescribeVolumesModifications', input.MaxResults, input.NextToken, {
      min: 5,
      max: 500,
    });
    return { VolumesModifications: page, ...(nextToken ? { NextToken: nextToken } : {}) };
  },
});
