import { isoMinutes } from '../../platform/clock';
import type { DiskRecord } from '../../domain/disk';
import { renderTags } from '../../domain/tags';

/** The ECS wire shape of a disk: DescribeDisks' `Disks.Disk[]` item (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describedisks DescribeDisks). */
const minutes = (iso: string | undefined) => (iso ? isoMinutes(new Date(iso)) : '');

/** What the real API shows as a pay-as-you-go disk's ExpiredTime (a far-future placeholder). */
const NO_EXPIRY = '2999-09-08T16:00Z';

export function renderDisk(d: DiskRecord): Record<string, unknown> {
  const attached = d.instanceId !== undefined && (d.status === 'In_use' || d.status === 'Attaching' || d.status === 'Detaching' || d.status === 'ReIniting');
  return {
    DiskId: d.diskId,
    DiskName: d.diskName,
    Description: d.description,
    RegionId: d.regionId,
    ZoneId: d.zoneId,
    Type: d.type,
    Category: d.category,
    Size: d.sizeGiB,
    Status: d.status,
    InstanceId: attached ? d.instanceId : '',
    Device: attached ? (d.device ?? '') : '',
    DeleteWithInstance: d.deleteWithInstance,
    DeleteAutoSnapshot: d.deleteAutoSnapshot,
    EnableAutoSnapshot: d.enableAutoSnapshot,
    EnableAutomatedSnapshotPolicy: d.autoSnapshotPolicyId !== undefined,
    AutoSnapshotPolicyId: d.autoSnapshotPolicyId ?? '',
    ImageId: d.imageId ?? '',
    SourceSnapshotId: d.sourceSnapshotId ?? '',
    Portable: d.portable ?? d.type === 'data',
    DiskChargeType: d.chargeType,
    ExpiredTime: NO_EXPIRY,
    Encrypted: d.encrypted,
    PerformanceLevel: d.category === 'cloud_essd' ? (d.performanceLevel ?? 'PL1') : (d.performanceLevel ?? ''),
    CreationTime: minutes(d.creationTime),
    AttachedTime: minutes(d.attachedTime),
    DetachedTime: minutes(d.detachedTime),
    MultiAttach: 'Disabled',
    BurstingEnabled: false,
    SerialNumber: d.diskId.slice(2),
    ProductCode: '',
    ResourceGroupId: '',
    KMSKeyId: '',
    StorageSetId: '',
    OperationLocks: { OperationLock: [] },
    Attachments: {
      Attachment: attached ? [{ InstanceId: d.instanceId, Device: d.device ?? '', AttachedTime: minutes(d.attachedTime) }] : [],
    },
    MountInstanceNum: attached ? 1 : 0,
    Tags: renderTags(d.tags),
  };
}
