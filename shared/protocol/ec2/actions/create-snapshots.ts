import { ApiError } from '../../../domain/errors';
import { describeDisks } from '../../../actions/disks/queries';
import { createSnapshotGroupOperation } from '../../../actions/snapshots/create-snapshot-group';
import { defineEc2Action, Ec2Errors } from '../adapter';
import { checkIds, tagsFor, type Tag } from '../views';
import { snapshotsView, VolumeErrors } from './volumes-snapshots';

/**
 * CreateSnapshots (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSnapshots.html):
 * crash-consistent snapshots of the volumes attached to one instance, over the CreateSnapshotGroup
 * operation, so every snapshot is written in one unit of work or none is; a volume still attaching
 * is taken, as CreateSnapshot takes it (`whileAttachmentChanges`). `InstanceSpecification`:
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
    // A volume still attaching (or detaching) is in use and is taken, as EC2 CreateSnapshot does.
    const { snapshotIds: ids } = await call.perform(
      createSnapshotGroupOperation,
      {
        regionId: call.region,
        instanceId: spec.InstanceId,
        excludeDiskIds: exclude,
        description: input.Description,
        tags: tagsFor(input.TagSpecifications, 'snapshot').map((t) => ({ key: t.Key, value: t.Value })),
        copyTagsFromDisk: input.CopyTagsFromSource === 'volume',
        whileAttachmentChanges: true,
      },
      { dryRun: input.DryRun },
    );
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
      return Ec2Errors.invalidParameterValue(
        `Value (${input.Description}) for parameter Description is invalid. This sandbox takes 2-256 characters not starting with http:// or https://.`,
      );
    }
    if (e.code === 'QuotaExceed.Snapshot') return new ApiError('SnapshotLimitExceeded', 400, e.message);
    return undefined;
  },
});
