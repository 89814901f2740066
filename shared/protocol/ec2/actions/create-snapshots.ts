import { ApiError } from '../../../domain/errors';
import { describeDisks } from '../../../actions/disks/queries';
import { loadSnapshots } from '../../../store/snapshots';
import { defineEc2Action, Ec2Errors } from '../adapter';
import { checkIds, tagsFor, type Tag } from '../views';
import { snapshotsView, VolumeErrors } from './volumes-snapshots';

/**
 * CreateSnapshots (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSnapshots.html):
 * crash-consistent snapshots of the volumes attached to one instance, over ECS CreateSnapshotGroup,
 * so every snapshot is written in one unit of work or none is. `InstanceSpecification`:
 * `ExcludeBootVolume` leaves the root volume out; `ExcludeDataVolumeIds` (up to 40) leaves data
 * volumes out, and naming the root volume there fails
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_InstanceSpecification.html).
 * `TagSpecifications` (ResourceType `snapshot`) tag every snapshot; `CopyTagsFromSource=volume`
 * also copies each volume's tags to its snapshot.
 */
interface CreateSnapshotsInput {
  InstanceSpecification: { InstanceId: string; ExcludeBootVolume?: boolean; ExcludeDataVolumeIds?: string[] };
  Description?: string;
  OutpostArn?: string;
  Location?: string;
  TagSpecifications?: { ResourceType?: string; Tags?: Tag[] }[];
  CopyTagsFromSource?: string;
  DryRun?: boolean;
}

export const createSnapshots = defineEc2Action<CreateSnapshotsInput>({
  name: 'CreateSnapshots',
  uses: ['CreateSnapshotGroup', 'DescribeDisks', 'DescribeSnapshots'],
  handle: async (input, call) => {
    const spec = input.InstanceSpecification;
    if (!/^i-[0-9A-Za-z]+$/.test(spec.InstanceId)) throw Ec2Errors.malformedId('InvalidInstanceID.Malformed', spec.InstanceId, 'i');
    const excluded = spec.ExcludeDataVolumeIds ?? [];
    if (excluded.length > 40) throw Ec2Errors.invalidParameterValue('ExcludeDataVolumeIds takes at most 40 volume ids.');
    checkIds(excluded, 'InvalidVolumeID.Malformed', ['vol', 'd'], 'vol');
    if (input.OutpostArn !== undefined) throw Ec2Errors.unsupported('Outposts are not simulated by this sandbox.');
    if (input.Location !== undefined && input.Location !== 'regional') {
      throw Ec2Errors.unsupported('Local snapshots (Location=local) need a Local Zone or an Outpost, which this sandbox does not simulate.');
    }
    if (input.CopyTagsFromSource !== undefined && input.CopyTagsFromSource !== 'volume') {
      throw Ec2Errors.invalidParameterValue(`Value (${input.CopyTagsFromSource}) for parameter copyTagsFromSource is invalid. Valid value: volume.`);
    }
    // The instance's disks through the typed disk query (an instance has at most 17: one page of 100).
    const disks = (await call.perform(describeDisks, { regionId: call.region, instanceId: spec.InstanceId, paging: { pageSize: 100 } })).items.map((d) => ({
      DiskId: d.diskId,
      Type: d.type,
      ZoneId: d.zoneId,
    }));
    // An unknown instance has no disks here: CreateSnapshotGroup then answers that it does not exist.
    const root = disks.find((d) => d.Type === 'system');
    for (const id of disks.length ? excluded : []) {
      if (root && id === root.DiskId) {
        throw Ec2Errors.invalidParameterValue(`The root volume ${id} cannot be in ExcludeDataVolumeIds; use ExcludeBootVolume to leave it out.`);
      }
      if (!disks.some((d) => d.DiskId === id)) throw VolumeErrors.notFound(id);
    }
    const exclude = [...excluded, ...(spec.ExcludeBootVolume && root ? [root.DiskId] : [])];
    if (disks.length > 0 && exclude.length >= disks.length) {
      throw Ec2Errors.invalidParameterValue('Every volume of the instance is excluded: there is nothing to snapshot.');
    }
    const out = await call.ecs<{ SnapshotGroupId: string }>('CreateSnapshotGroup', {
      RegionId: call.region,
      InstanceId: spec.InstanceId,
      ExcludeDiskId: exclude.length ? exclude : undefined,
      Description: input.Description,
      Tag: tagsFor(input.TagSpecifications, 'snapshot'),
      CopyTagsFromSource: input.CopyTagsFromSource === 'volume' ? true : undefined,
      DryRun: input.DryRun,
    });
    // The ECS answer names the group only: its snapshots are the instance's that carry its id.
    const ofInstance = await call.ecsAll<{ SnapshotId: string }>(
      'DescribeSnapshots',
      { RegionId: call.region, InstanceId: spec.InstanceId },
      (o) => o.Snapshots.Snapshot,
    );
    const records = await loadSnapshots(call.store, call.accountId, call.region, ofInstance.map((s) => s.SnapshotId));
    const ids = records.filter((r) => r.snapshotGroupId === out.SnapshotGroupId).map((r) => r.snapshotId);
    const zone = disks[0]?.ZoneId;
    const views = await snapshotsView(call, ids);
    return {
      Snapshots: views.map((s) => ({
        SnapshotId: s.SnapshotId,
        VolumeId: s.VolumeId,
        State: s.State,
        StartTime: s.StartTime,
        Progress: s.Progress,
        OwnerId: s.OwnerId,
        Description: s.Description,
        VolumeSize: s.VolumeSize,
        Encrypted: s.Encrypted,
        SseType: 'standard',
        ...(zone ? { AvailabilityZone: zone } : {}),
        Tags: s.Tags,
      })),
    };
  },
  mapError: (e, input) => {
    const id = input.InstanceSpecification.InstanceId;
    if (e.code === 'InvalidInstanceId.NotFound') return new ApiError('InvalidInstanceID.NotFound', 400, `The instance ID '${id}' does not exist`);
    if (e.code === 'IncorrectInstanceStatus' || e.code.startsWith('IncorrectDiskStatus') || e.code === 'InstanceLockedForSecurity') {
      return new ApiError('IncorrectState', 400, e.message);
    }
    if (e.code === 'InvalidDescription.Malformed') {
      return Ec2Errors.invalidParameterValue(`Value (${input.Description}) for parameter Description is invalid. This sandbox takes 2-256 characters not starting with http:// or https://.`);
    }
    if (e.code === 'QuotaExceed.Snapshot') return new ApiError('SnapshotLimitExceeded', 400, e.message);
    return undefined;
  },
});
