import { DATA_DISK_SIZE } from '../../../domain/disk';
import { ApiError } from '../../../domain/errors';
import { checkVolumeModificationCooldown } from '../../../domain/volume-modification-cooldown';
import { loadDisks } from '../../../store/disks';
import { defineEc2Action, Ec2Errors, type Ec2Call } from '../adapter';
import { applyFilters, checkIds, pageOf, tagsFor, type Filter, type Tag } from '../views';
import { ec2Volume, VolumeErrors } from './volumes-snapshots';
import { encryptionByDefault } from './ebs-encryption';

/**
 * Volume actions of the EC2 dialect over the ECS disk actions: CreateVolume → CreateDisk,
 * AttachVolume → AttachDisk, DetachVolume → DetachDisk, DeleteVolume → DeleteDisk, ModifyVolume
 * (size) → ResizeDisk, DescribeVolumeStatus / DescribeVolumeAttribute → DescribeDisks
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateVolume.html and siblings).
 */

/** EC2's size range per volume type (https://docs.aws.amazon.com/ebs/latest/userguide/ebs-volume-types.html). */
const SIZE_RANGE: Record<string, [number, number]> = {
  gp2: [1, 16384],
  gp3: [1, 16384],
  io1: [4, 16384],
  io2: [4, 65536],
  st1: [125, 16384],
  sc1: [125, 16384],
  standard: [1, 1024],
};

/**
 * The ECS disk category of an EC2 volume type. A size below the category's smallest disk takes
 * the ESSD AutoPL category (1 GiB up), which EC2 clients see as gp3.
 */
function categoryOf(type: string, size: number): string {
  const category = ({ gp3: 'cloud_auto', gp2: 'cloud_ssd', io1: 'cloud_essd', io2: 'cloud_essd', st1: 'cloud_efficiency', sc1: 'cloud_efficiency', standard: 'cloud' } as Record<string, string>)[type]!;
  const min = DATA_DISK_SIZE[category as keyof typeof DATA_DISK_SIZE]?.min ?? 1;
  return size < min ? 'cloud_auto' : category;
}

/** `xvdf` / `sdf` without `/dev/` → the full name (EC2 takes both forms). */
const ecsDevice = (device: string | undefined): string | undefined => (device && /^(sd|xvd)[b-z]$/.test(device) ? `/dev/${device}` : device);

async function oneVolume(call: Ec2Call, id: string) {
  checkIds([id], 'InvalidVolumeID.Malformed', ['vol', 'd'], 'vol');
  const out = await call.ecs('DescribeDisks', { RegionId: call.region, DiskIds: JSON.stringify([id]), Status: 'All' });
  const d = out.Disks.Disk[0];
  if (!d) throw VolumeErrors.notFound(id);
  return d as Record<string, any>;
}

const mapDiskError = (e: ApiError, input: { VolumeId?: string; InstanceId?: string }): ApiError | undefined => {
  if (e.code === 'InvalidDiskId.NotFound') return VolumeErrors.notFound(input.VolumeId ?? '');
  if (e.code === 'InvalidInstanceId.NotFound') return new ApiError('InvalidInstanceID.NotFound', 400, `The instance ID '${input.InstanceId}' does not exist`);
  if (e.code === 'InvalidSnapshotId.NotFound') return new ApiError('InvalidSnapshot.NotFound', 400, e.message);
  if (e.code === 'InvalidZoneId.NotFound') return Ec2Errors.invalidParameterValue(`Invalid availability zone: ${e.message}`);
  if (e.code.startsWith('QuotaExceed')) return new ApiError('VolumeLimitExceeded', 400, 'You have exceeded your maximum gp3 storage limit.');
  if (e.code === 'InvalidDevice.InUse') return Ec2Errors.invalidParameterValue('Invalid value for parameter device: it is already in use.');
  if (e.code === 'InvalidDevice.Malformed') return Ec2Errors.invalidParameterValue('Invalid value for parameter device: data volumes use /dev/sdb to /dev/sdz.');
  if (e.code.startsWith('IncorrectInstanceStatus')) return new ApiError('IncorrectInstanceState', 400, e.message);
  if (e.code.startsWith('IncorrectDiskStatus') || e.code === 'DiskInUse' || e.code.startsWith('InvalidOperation')) {
    // Attachment is checked before the ECS call (VolumeInUse); what is left is a volume in transition.
    return new ApiError('IncorrectState', 400, e.message);
  }
  if (e.code.startsWith('InvalidDiskSize') || e.code === 'InvalidParameter.Size' || e.code.startsWith('InvalidDiskCategory')) {
    return Ec2Errors.invalidParameterValue(e.message);
  }
  return undefined;
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
  handle: async (input, call) => {
    const zone = input.AvailabilityZone ?? input.AvailabilityZoneId;
    if (!zone) throw Ec2Errors.missingParameter('AvailabilityZone');
    const type = input.VolumeType ?? 'gp2';
    const range = SIZE_RANGE[type];
    if (!range) throw Ec2Errors.invalidParameterValue(`Value (${type}) for parameter volumeType is invalid.`);
    if (input.MultiAttachEnabled) throw Ec2Errors.unsupported('Multi-Attach is not supported by this sandbox.');
    let size = input.Size;
    if (size === undefined) {
      if (!input.SnapshotId) throw Ec2Errors.missingParameter('size');
      checkIds([input.SnapshotId], 'InvalidSnapshotID.Malformed', ['snap', 's'], 'snap');
      const snaps = await call.ecs('DescribeSnapshots', { RegionId: call.region, SnapshotIds: JSON.stringify([input.SnapshotId]) });
      const s = snaps.Snapshots.Snapshot[0];
      if (!s) throw new ApiError('InvalidSnapshot.NotFound', 400, `The snapshot '${input.SnapshotId}' does not exist.`);
      size = Number(s.SourceDiskSize);
    }
    if (size < range[0] || size > range[1]) {
      throw Ec2Errors.invalidParameterValue(`Volume of ${size}GiB is invalid for volume type ${type}: the size must be between ${range[0]} and ${range[1]} GiB.`);
    }
    // With encryption by default on, every new volume is encrypted, `Encrypted=false` included (ebs-encryption.ts).
    const encrypted = (await encryptionByDefault(call)) || input.Encrypted;
    const out = await call.ecs<{ DiskId: string }>('CreateDisk', {
      RegionId: call.region,
      ZoneId: zone,
      Size: size,
      DiskCategory: categoryOf(type, size),
      SnapshotId: input.SnapshotId,
      Encrypted: encrypted,
      Tag: tagsFor(input.TagSpecifications, 'volume'),
      ClientToken: input.ClientToken,
      DryRun: input.DryRun,
    });
    const d = await oneVolume(call, out.DiskId);
    return { ...ec2Volume(d), ...(input.Iops ? { Iops: input.Iops } : {}), ...(input.Throughput ? { Throughput: input.Throughput } : {}) };
  },
  mapError: (e) => mapDiskError(e, {}),
});

export const attachVolume = defineEc2Action<{ Device?: string; InstanceId: string; VolumeId: string; DryRun?: boolean }>({
  name: 'AttachVolume',
  uses: ['AttachDisk', 'DescribeDisks'],
  handle: async (input, call) => {
    if (!input.Device) throw Ec2Errors.missingParameter('Device');
    checkIds([input.InstanceId], 'InvalidInstanceID.Malformed', ['i'], 'i');
    const before = await oneVolume(call, input.VolumeId);
    if (before.InstanceId) throw new ApiError('VolumeInUse', 400, `${input.VolumeId} is already attached to an instance`);
    await call.ecs('AttachDisk', { DiskId: input.VolumeId, InstanceId: input.InstanceId, Device: ecsDevice(input.Device), DryRun: input.DryRun });
    const d = await oneVolume(call, input.VolumeId);
    return { AttachTime: await call.now(), Device: input.Device, InstanceId: input.InstanceId, State: d.Status === 'In_use' ? 'attached' : 'attaching', VolumeId: input.VolumeId, DeleteOnTermination: false };
  },
  mapError: (e, input) => mapDiskError(e, input),
});

export const detachVolume = defineEc2Action<{ VolumeId: string; InstanceId?: string; Device?: string; Force?: boolean; DryRun?: boolean }>({
  name: 'DetachVolume',
  uses: ['DetachDisk', 'DescribeDisks'],
  handle: async (input, call) => {
    const before = await oneVolume(call, input.VolumeId);
    if (!before.InstanceId) throw new ApiError('IncorrectState', 400, `Volume '${input.VolumeId}' is in the 'available' state.`);
    if (input.InstanceId && input.InstanceId !== before.InstanceId) {
      throw new ApiError('InvalidAttachment.NotFound', 400, `Volume '${input.VolumeId}' is not attached to instance '${input.InstanceId}'.`);
    }
    if (before.Type === 'system') throw new ApiError('OperationNotPermitted', 400, `The volume '${input.VolumeId}' is the root volume of instance '${before.InstanceId}' and cannot be detached.`);
    await call.ecs('DetachDisk', { DiskId: input.VolumeId, InstanceId: before.InstanceId, DryRun: input.DryRun });
    return { AttachTime: before.AttachedTime ? new Date(Date.parse(before.AttachedTime)) : undefined, Device: before.Device, InstanceId: before.InstanceId, State: 'detaching', VolumeId: input.VolumeId, DeleteOnTermination: Boolean(before.DeleteWithInstance) };
  },
  mapError: (e, input) => mapDiskError(e, input),
});

export const deleteVolume = defineEc2Action<{ VolumeId: string; DryRun?: boolean }>({
  name: 'DeleteVolume',
  uses: ['DeleteDisk', 'DescribeDisks'],
  handle: async (input, call) => {
    const d = await oneVolume(call, input.VolumeId);
    if (d.InstanceId) throw new ApiError('VolumeInUse', 400, `Volume ${input.VolumeId} is currently attached to ${d.InstanceId}`);
    await call.ecs('DeleteDisk', { DiskId: input.VolumeId, DryRun: input.DryRun });
    return { Return: true };
  },
  mapError: (e, input) => mapDiskError(e, { VolumeId: input.VolumeId }),
});

export const modifyVolume = defineEc2Action<{ VolumeId: string; Size?: number; VolumeType?: string; Iops?: number; Throughput?: number; MultiAttachEnabled?: boolean; DryRun?: boolean }>({
  name: 'ModifyVolume',
  uses: ['ResizeDisk', 'DescribeDisks'],
  handle: async (input, call) => {
    const d = await oneVolume(call, input.VolumeId);
    const view = ec2Volume(d);
    if (input.VolumeType !== undefined && input.VolumeType !== view.VolumeType) {
      throw Ec2Errors.unsupported('Changing the volume type is not supported by this sandbox; the size can be increased.');
    }
    if (input.Size === undefined) throw Ec2Errors.missingParameter('Size');
    if (input.Size < view.Size) throw Ec2Errors.invalidParameterValue(`New size cannot be smaller than existing size (${view.Size} GiB).`);
    if (input.Size === view.Size) throw Ec2Errors.invalidParameterValue('New size must be different from the existing size.');
    const now = await call.now();
    // EBS's six hours between modifications of a volume (shared/domain/volume-modification-cooldown.ts).
    checkVolumeModificationCooldown((await loadDisks(call.store, call.accountId, call.region, [input.VolumeId]))[0]?.modification, now);
    await call.ecs('ResizeDisk', { DiskId: input.VolumeId, NewSize: input.Size, Type: d.InstanceId ? 'online' : 'offline', DryRun: input.DryRun });
    return {
      VolumeModification: {
        VolumeId: input.VolumeId,
        // The modification starts in `modifying` (DescribeVolumesModifications follows it).
        ModificationState: 'modifying',
        TargetSize: input.Size,
        TargetVolumeType: view.VolumeType,
        TargetMultiAttachEnabled: false,
        OriginalSize: view.Size,
        OriginalVolumeType: view.VolumeType,
        OriginalMultiAttachEnabled: false,
        Progress: 0,
        StartTime: now,
      },
    };
  },
  mapError: (e, input) => mapDiskError(e, { VolumeId: input.VolumeId }),
});

export const describeVolumeStatus = defineEc2Action<{ VolumeIds?: string[]; Filters?: Filter[]; MaxResults?: number; NextToken?: string; DryRun?: boolean }>({
  name: 'DescribeVolumeStatus',
  uses: ['DescribeDisks'],
  handle: async (input, call) => {
    checkIds(input.VolumeIds, 'InvalidVolumeID.Malformed', ['vol', 'd'], 'vol');
    const ids = input.VolumeIds?.length ? input.VolumeIds : undefined;
    const disks = await call.ecsAll(
      'DescribeDisks',
      { RegionId: call.region, Status: 'All', ...(ids ? { DiskIds: JSON.stringify(ids.slice(0, 100)) } : {}), ...(input.DryRun ? { DryRun: true } : {}) },
      (out) => out.Disks.Disk,
    );
    for (const id of ids ?? []) if (!disks.some((d: any) => d.DiskId === id)) throw VolumeErrors.notFound(id);
    // The sandbox's volumes never fail their checks: I/O is enabled on every volume.
    let statuses = disks
      .map((d: any) => ({
        VolumeId: d.DiskId as string,
        AvailabilityZone: d.ZoneId as string,
        VolumeStatus: { Status: 'ok', Details: [{ Name: 'io-enabled', Status: 'passed' }, { Name: 'io-performance', Status: 'not-applicable' }] },
        Actions: [],
        Events: [],
        ...(d.InstanceId ? { AttachmentStatuses: [{ InstanceId: d.InstanceId as string, IoPerformance: 'not-applicable' }] } : {}),
      }))
      .sort((a, b) => (a.VolumeId < b.VolumeId ? -1 : 1));
    statuses = applyFilters(statuses, input.Filters, {
      'availability-zone': (s) => s.AvailabilityZone,
      'volume-status.status': (s) => s.VolumeStatus.Status,
      'volume-status.details-name': (s) => s.VolumeStatus.Details.map((x) => x.Name),
      'volume-status.details-status': (s) => s.VolumeStatus.Details.map((x) => x.Status),
      'action.code': () => [],
      'event.event-type': () => [],
    });
    const { page, nextToken } = pageOf(statuses, (s) => s.VolumeId, 'DescribeVolumeStatus', input.MaxResults, input.NextToken, { min: 5, max: 1000 });
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
    // autoEnableIO is the flag ModifyVolumeAttribute stores (shared/actions/disks/auto-enable-io.ts).
    return input.Attribute === 'autoEnableIO'
      ? { VolumeId: input.VolumeId, AutoEnableIO: { Value: Boolean(d.Ec2AutoEnableIO) } }
      : { VolumeId: input.VolumeId, ProductCodes: [] };
  },
});

export const modifyVolumeAttribute = defineEc2Action<{ VolumeId: string; AutoEnableIO?: { Value?: boolean }; DryRun?: boolean }>({
  name: 'ModifyVolumeAttribute',
  uses: ['ModifyDiskAutoEnableIO', 'DescribeDisks'],
  handle: async (input, call) => {
    const value = input.AutoEnableIO?.Value;
    if (value === undefined) throw Ec2Errors.missingParameter('AutoEnableIO');
    await oneVolume(call, input.VolumeId);
    await call.ecs('ModifyDiskAutoEnableIO', { RegionId: call.region, DiskId: input.VolumeId, AutoEnableIO: value, DryRun: input.DryRun });
    return undefined;
  },
  mapError: (e, input) => (e.code === 'InvalidDiskId.NotFound' ? VolumeErrors.notFound(input.VolumeId) : undefined),
});
