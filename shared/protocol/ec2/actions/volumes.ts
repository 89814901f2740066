import { isDiskError } from '../../../domain/disk-errors';
import { isVolumeType, volumeSpecFor, volumeSpecOf } from '../../../domain/volume-types';
import { ApiError } from '../../../domain/errors';
import { isSnapshotError } from '../../../domain/snapshot';
import { attachDisk, createDisk, deleteDisk, detachDisk, diskAt, modifyDiskAttribute, modifyDiskSpec, resizeDisk } from '../../../actions/disks/operations';
import { snapshotsOfRegion } from '../../../actions/snapshots/operations';
import { defineEc2Action, Ec2Errors } from '../adapter';
import { applyFilters, checkIds, pageOf, tagsFor, type Filter, type FilterFields, type Tag } from '../views';
import type { DiskRecord } from '../../../domain/disk';
import { listVolumeViews, namedVolumes } from './volume-pages';
import { attachedInstanceOf, ec2Volume, oneVolume, toMinute, VolumeErrors } from './volumes-snapshots';
import { encryptionByDefault } from './ebs-encryption';

/**
 * Volume actions of the EC2 dialect: codecs of the disk operations (shared/actions/disks/operations.ts),
 * run with `call.perform` (no ECS wire on the way, typed errors on the way back): CreateVolume,
 * AttachVolume, DetachVolume, DeleteVolume, ModifyVolume (size), DescribeVolumeStatus,
 * DescribeVolumeAttribute and ModifyVolumeAttribute
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateVolume.html and siblings).
 * Each call that reads before it writes is one unit of work (`oneUnit`).
 */

/** `xvdf` / `sdf` without `/dev/` → the full name (EC2 takes both forms). */
const ecsDevice = (device: string | undefined): string | undefined => (device && /^(sd|xvd)[b-z]$/.test(device) ? `/dev/${device}` : device);

/** The EC2 codes of the typed disk errors (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html); undefined: the common translation. */
const mapDiskError = (e: ApiError, input: { VolumeId?: string; InstanceId?: string }): ApiError | undefined => {
  if (isSnapshotError(e)) return e.reason === 'notFound' ? new ApiError('InvalidSnapshot.NotFound', 400, e.message) : undefined;
  if (!isDiskError(e)) return undefined;
  switch (e.reason) {
    case 'notFound':
      return VolumeErrors.notFound(input.VolumeId ?? '');
    case 'instanceNotFound':
      return new ApiError('InvalidInstanceID.NotFound', 400, `The instance ID '${input.InstanceId}' does not exist`);
    case 'zoneNotFound':
      return Ec2Errors.invalidParameterValue(`Invalid availability zone: ${e.message}`);
    case 'deviceInUse':
      return Ec2Errors.invalidParameterValue('Invalid value for parameter device: it is already in use.');
    case 'deviceMalformed':
      return Ec2Errors.invalidParameterValue('Invalid value for parameter device: data volumes use /dev/sdb to /dev/sdz.');
    case 'instanceStatus':
      return new ApiError('IncorrectInstanceState', 400, e.message);
    case 'incorrectStatus':
      // Attachment is checked before the operation (VolumeInUse); what is left is a volume in transition.
      return new ApiError('IncorrectState', 400, e.message);
    case 'sizeOutOfRange':
    case 'notLarger':
    case 'smallerThanSnapshot':
    case 'categoryNotSupported':
      return Ec2Errors.invalidParameterValue(e.message);
    default:
      return undefined;
  }
};

export const createVolume = defineEc2Action<{
  AvailabilityZone?: string;
  AvailabilityZoneId?: string;
  Size?: number;
  SnapshotId?: string;
  VolumeType?: string;
  Iops?: number;
  Throughput?: number;
  Encrypted?: boolean;
  KmsKeyId?: string;
  MultiAttachEnabled?: boolean;
  TagSpecifications?: { ResourceType?: string; Tags?: Tag[] }[];
  ClientToken?: string;
  DryRun?: boolean;
}>({
  name: 'CreateVolume',
  uses: ['CreateDisk', 'DescribeDisks', 'DescribeSnapshots', 'DescribeEbsEncryptionDefault'],
  oneUnit: true,
  handle: async (input, call) => {
    const zone = input.AvailabilityZone ?? input.AvailabilityZoneId;
    if (!zone) throw Ec2Errors.missingParameter('AvailabilityZone');
    const type = input.VolumeType ?? 'gp2';
    if (!isVolumeType(type)) throw Ec2Errors.invalidParameterValue(`Value (${type}) for parameter volumeType is invalid.`);
    if (input.MultiAttachEnabled) throw Ec2Errors.unsupported('Multi-Attach is not supported by this sandbox.');
    let size = input.Size;
    if (size === undefined) {
      if (!input.SnapshotId) throw Ec2Errors.missingParameter('size');
      checkIds([input.SnapshotId], 'InvalidSnapshotID.Malformed', ['snap', 's'], 'snap');
      const [s] = (await call.perform(snapshotsOfRegion, { regionId: call.region, ids: [input.SnapshotId] })).snapshots;
      if (!s) throw new ApiError('InvalidSnapshot.NotFound', 400, `The snapshot '${input.SnapshotId}' does not exist.`);
      size = s.sourceDiskSizeGiB;
    }
    // EBS's size, IOPS and throughput rules for the type (shared/domain/volume-types.ts).
    const spec = volumeSpecFor(type, size, { iops: input.Iops, throughput: input.Throughput });
    // With encryption by default on, every new volume is encrypted, `Encrypted=false` included (ebs-encryption.ts).
    const encrypted = (await encryptionByDefault(call)) || input.Encrypted;
    const { disk } = await call.perform(
      createDisk,
      {
        regionId: call.region,
        zoneId: zone,
        sizeGiB: size,
        category: spec.category,
        ec2Volume: spec,
        snapshotId: input.SnapshotId,
        encrypted,
        tags: tagsFor(input.TagSpecifications, 'volume').map((t) => ({ key: t.Key, value: t.Value })),
        // EBS has no volume count (docs/ec2-dialect.md).
        enforceDiskQuotas: false,
        clientToken: input.ClientToken,
      },
      { dryRun: input.DryRun },
    );
    return ec2Volume(diskAt(disk, await call.now()));
  },
  mapError: (e) => mapDiskError(e, {}),
});

export const attachVolume = defineEc2Action<{ Device?: string; InstanceId: string; VolumeId: string; DryRun?: boolean }>({
  name: 'AttachVolume',
  uses: ['AttachDisk', 'DescribeDisks'],
  oneUnit: true,
  handle: async (input, call) => {
    if (!input.Device) throw Ec2Errors.missingParameter('Device');
    checkIds([input.InstanceId], 'InvalidInstanceID.Malformed', ['i'], 'i');
    const before = await oneVolume(call, input.VolumeId);
    if (attachedInstanceOf(before)) throw new ApiError('VolumeInUse', 400, `${input.VolumeId} is already attached to an instance`);
    // EC2 attaches volumes to running instances (https://docs.aws.amazon.com/ebs/latest/userguide/ebs-attaching-volume.html).
    const attached = await call.perform(
      attachDisk,
      { diskId: input.VolumeId, instanceId: input.InstanceId, device: ecsDevice(input.Device), requireStopped: false, ec2DeviceNames: true },
      { dryRun: input.DryRun },
    );
    const now = await call.now();
    return {
      AttachTime: now,
      Device: input.Device,
      InstanceId: input.InstanceId,
      State: diskAt(attached, now).status === 'In_use' ? 'attached' : 'attaching',
      VolumeId: input.VolumeId,
      DeleteOnTermination: false,
    };
  },
  mapError: (e, input) => mapDiskError(e, input),
});

export const detachVolume = defineEc2Action<{ VolumeId: string; InstanceId?: string; Device?: string; Force?: boolean; DryRun?: boolean }>({
  name: 'DetachVolume',
  uses: ['DetachDisk', 'DescribeDisks'],
  oneUnit: true,
  handle: async (input, call) => {
    const before = await oneVolume(call, input.VolumeId);
    const instanceId = attachedInstanceOf(before);
    if (!instanceId) throw new ApiError('IncorrectState', 400, `Volume '${input.VolumeId}' is in the 'available' state.`);
    if (input.InstanceId && input.InstanceId !== instanceId) {
      throw new ApiError('InvalidAttachment.NotFound', 400, `Volume '${input.VolumeId}' is not attached to instance '${input.InstanceId}'.`);
    }
    if (before.type === 'system') {
      throw new ApiError('OperationNotPermitted', 400, `The volume '${input.VolumeId}' is the root volume of instance '${instanceId}' and cannot be detached.`);
    }
    await call.perform(detachDisk, { diskId: input.VolumeId, instanceId }, { dryRun: input.DryRun });
    return {
      AttachTime: toMinute(before.attachedTime),
      Device: before.device ?? '',
      InstanceId: instanceId,
      State: 'detaching',
      VolumeId: input.VolumeId,
      DeleteOnTermination: before.deleteWithInstance,
    };
  },
  mapError: (e, input) => mapDiskError(e, input),
});

export const deleteVolume = defineEc2Action<{ VolumeId: string; DryRun?: boolean }>({
  name: 'DeleteVolume',
  uses: ['DeleteDisk', 'DescribeDisks'],
  oneUnit: true,
  handle: async (input, call) => {
    const d = await oneVolume(call, input.VolumeId);
    const instanceId = attachedInstanceOf(d);
    if (instanceId) throw new ApiError('VolumeInUse', 400, `Volume ${input.VolumeId} is currently attached to ${instanceId}`);
    await call.perform(deleteDisk, { diskId: input.VolumeId }, { dryRun: input.DryRun });
    return { Return: true };
  },
  mapError: (e, input) => mapDiskError(e, { VolumeId: input.VolumeId }),
});

/**
 * ModifyVolume (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyVolume.html): a
 * larger size (resizeDisk) and/or another type, IOPS or throughput (modifyDiskSpec, the category of
 * the type from the one table of shared/domain/volume-types.ts), in one unit of work; EC2's rules
 * between two modifications hold once, on the first operation that runs.
 */
export const modifyVolume = defineEc2Action<{
  VolumeId: string;
  Size?: number;
  VolumeType?: string;
  Iops?: number;
  Throughput?: number;
  MultiAttachEnabled?: boolean;
  DryRun?: boolean;
}>({
  name: 'ModifyVolume',
  uses: ['ResizeDisk', 'ModifyDiskSpec', 'DescribeDisks'],
  oneUnit: true,
  handle: async (input, call) => {
    const d = await oneVolume(call, input.VolumeId);
    const view = ec2Volume(d);
    const current = volumeSpecOf(d);
    if (input.MultiAttachEnabled) throw Ec2Errors.unsupported('Multi-Attach is not supported by this sandbox.');
    const specAsked = input.VolumeType !== undefined || input.Iops !== undefined || input.Throughput !== undefined;
    if (input.Size === undefined && !specAsked) throw Ec2Errors.missingParameter('Size');
    if (input.VolumeType !== undefined && !isVolumeType(input.VolumeType)) {
      throw Ec2Errors.invalidParameterValue(`Value (${input.VolumeType}) for parameter volumeType is invalid.`);
    }
    if (input.Size !== undefined && input.Size < view.Size)
      throw Ec2Errors.invalidParameterValue(`New size cannot be smaller than existing size (${view.Size} GiB).`);
    if (input.Size === view.Size && !specAsked) throw Ec2Errors.invalidParameterValue('New size must be different from the existing size.');
    const type = input.VolumeType ?? current.type;
    const size = input.Size ?? view.Size;
    const spec = specAsked ? volumeSpecFor(type, size, { iops: input.Iops, throughput: input.Throughput }, current) : undefined;
    const resizing = input.Size !== undefined && input.Size !== view.Size;
    const now = await call.now();
    // EC2's rules between two modifications of a volume hold (volumeModificationRules), checked by the first operation.
    if (resizing) {
      await call.perform(
        resizeDisk,
        { diskId: input.VolumeId, newSizeGiB: size, type: attachedInstanceOf(d) ? 'online' : 'offline', volumeModificationRules: true },
        { dryRun: input.DryRun },
      );
    }
    if (spec) {
      await call.perform(
        modifyDiskSpec,
        { diskId: input.VolumeId, category: spec.category, ec2Volume: spec, volumeModificationRules: !resizing },
        { dryRun: input.DryRun },
      );
    }
    const target = spec ? volumeSpecOf({ category: spec.category, ec2Volume: spec }) : current;
    return {
      VolumeModification: {
        VolumeId: input.VolumeId,
        // The modification starts in `modifying` (DescribeVolumesModifications follows it).
        ModificationState: 'modifying',
        TargetSize: size,
        TargetVolumeType: target.type,
        ...(target.iops !== undefined ? { TargetIops: target.iops } : {}),
        ...(target.throughput !== undefined ? { TargetThroughput: target.throughput } : {}),
        TargetMultiAttachEnabled: false,
        OriginalSize: view.Size,
        OriginalVolumeType: current.type,
        ...(current.iops !== undefined ? { OriginalIops: current.iops } : {}),
        ...(current.throughput !== undefined ? { OriginalThroughput: current.throughput } : {}),
        OriginalMultiAttachEnabled: false,
        Progress: 0,
        StartTime: now,
      },
    };
  },
  mapError: (e, input) => mapDiskError(e, { VolumeId: input.VolumeId }),
});

/** A volume's status checks: the sandbox's volumes never fail them (I/O is enabled on every volume). */
function volumeStatusOf(d: DiskRecord) {
  const instanceId = attachedInstanceOf(d);
  return {
    VolumeId: d.diskId,
    AvailabilityZone: d.zoneId,
    VolumeStatus: {
      Status: 'ok',
      Details: [
        { Name: 'io-enabled', Status: 'passed' },
        { Name: 'io-performance', Status: 'not-applicable' },
      ],
    },
    Actions: [],
    Events: [],
    ...(instanceId ? { AttachmentStatuses: [{ InstanceId: instanceId, IoPerformance: 'not-applicable' }] } : {}),
  };
}

const VOLUME_STATUS_FILTERS: FilterFields<ReturnType<typeof volumeStatusOf>> = {
  'availability-zone': (s) => s.AvailabilityZone,
  'volume-status.status': (s) => s.VolumeStatus.Status,
  'volume-status.details-name': (s) => s.VolumeStatus.Details.map((x) => x.Name),
  'volume-status.details-status': (s) => s.VolumeStatus.Details.map((x) => x.Status),
  'action.code': () => [],
  'event.event-type': () => [],
};

/**
 * DescribeVolumeStatus (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeVolumeStatus.html):
 * named volumes are one read; otherwise pages of 5 to 1000 through the typed disk query (volume-pages.ts).
 */
export const describeVolumeStatus = defineEc2Action<{ VolumeIds?: string[]; Filters?: Filter[]; MaxResults?: number; NextToken?: string; DryRun?: boolean }>({
  name: 'DescribeVolumeStatus',
  uses: ['DescribeDisks'],
  handle: async (input, call) => {
    checkIds(input.VolumeIds, 'InvalidVolumeID.Malformed', ['vol', 'd'], 'vol');
    const limits = { min: 5, max: 1000 };
    if (input.VolumeIds?.length) {
      const statuses = applyFilters((await namedVolumes(call, input.VolumeIds, input.DryRun)).map(volumeStatusOf), input.Filters, VOLUME_STATUS_FILTERS);
      const { page, nextToken } = pageOf(statuses, (s) => s.VolumeId, 'DescribeVolumeStatus', input.MaxResults, input.NextToken, limits);
      return { VolumeStatuses: page, ...(nextToken ? { NextToken: nextToken } : {}) };
    }
    const { page, nextToken } = await listVolumeViews(call, {
      kind: 'DescribeVolumeStatus',
      view: volumeStatusOf,
      fields: VOLUME_STATUS_FILTERS,
      filters: input.Filters,
      maxResults: input.MaxResults,
      nextToken: input.NextToken,
      limits,
      dryRun: input.DryRun,
    });
    return { VolumeStatuses: page, ...(nextToken ? { NextToken: nextToken } : {}) };
  },
});

export const describeVolumeAttribute = defineEc2Action<{ Attribute: string; VolumeId: string; DryRun?: boolean }>({
  name: 'DescribeVolumeAttribute',
  uses: ['DescribeDisks'],
  onlyGivenLists: true,
  handle: async (input, call) => {
    if (input.Attribute !== 'autoEnableIO' && input.Attribute !== 'productCodes') {
      throw Ec2Errors.invalidParameterValue(`Value (${input.Attribute}) for parameter attribute is invalid. Valid values: autoEnableIO, productCodes`);
    }
    const d = await oneVolume(call, input.VolumeId);
    // autoEnableIO is the flag ModifyVolumeAttribute stores.
    return input.Attribute === 'autoEnableIO'
      ? { VolumeId: input.VolumeId, AutoEnableIO: { Value: Boolean(d.autoEnableIO) } }
      : { VolumeId: input.VolumeId, ProductCodes: [] };
  },
});

export const modifyVolumeAttribute = defineEc2Action<{ VolumeId: string; AutoEnableIO?: { Value?: boolean }; DryRun?: boolean }>({
  name: 'ModifyVolumeAttribute',
  uses: ['ModifyDiskAutoEnableIO', 'DescribeDisks'],
  handle: async (input, call) => {
    const value = input.AutoEnableIO?.Value;
    if (value === undefined) throw Ec2Errors.missingParameter('AutoEnableIO');
    checkIds([input.VolumeId], 'InvalidVolumeID.Malformed', ['vol', 'd'], 'vol');
    await call.perform(modifyDiskAttribute, { regionId: call.region, diskIds: [input.VolumeId], autoEnableIO: value }, { dryRun: input.DryRun });
    return undefined;
  },
  mapError: (e, input) => mapDiskError(e, { VolumeId: input.VolumeId }),
});
