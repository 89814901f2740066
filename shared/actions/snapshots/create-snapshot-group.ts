import { z } from 'zod';
import { DiskErrors, settleDisk, type DiskRecord } from '../../domain/disk';
import { ApiError, Errors } from '../../domain/errors';
import { validateDescription } from '../../domain/names';
import { checkManualSnapshot, planCopy, SnapshotErrors, snapshotTiming, validateSnapshotName, type SnapshotRecord } from '../../domain/snapshot';
import { validateTags, type TagInput } from '../../domain/tags';
import { newResourceId } from '../../platform/ids';
import { loadInstanceDisks, stripKeys } from '../../store/instances';
import { addSnapshot, snapshotsPerDisk } from '../../store/snapshots';
import { accountOf, defineAction } from '../action';
import { loadCurrent, tagsInput } from '../instances/common';
import { defineOperation } from '../operation';
import { commonFields, p } from '../params';

/**
 * CreateSnapshotGroup (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-createsnapshotgroup):
 * snapshots of several disks of one instance taken at one instant, all in ONE unit of work: every
 * disk passes the snapshot rules of CreateSnapshot (In_use with the instance Running or Stopped, no
 * manual snapshot of the disk still running, room under the per-disk limit) or nothing is written.
 * `DiskId.N` picks disks of the instance, `ExcludeDiskId.N` leaves some out (not both); at most 16
 * disks. EC2 CreateSnapshots is made of it.
 *
 * Decisions (docs/ec2-dialect.md, "Multi-volume snapshots"): the group itself is not kept (no
 * DescribeSnapshotGroups; each snapshot records `snapshotGroupId`); every disk category is taken
 * (the reference limits groups to ESSDs; EC2 has no such limit and the sandbox's disks are all
 * simulated alike); `InstanceId` is required (the sandbox does not take disks across instances).
 * `CopyTagsFromSource` is the EC2 twin's parameter (CreateSnapshots `CopyTagsFromSource=volume`):
 * each snapshot also gets its disk's tags, in the same unit of work.
 */
const MAX_DISKS = 16;

export interface NewSnapshotGroup {
  regionId?: string;
  instanceId: string;
  /** Disks of the instance to take, or (`excludeDiskIds`) to leave out; not both. */
  diskIds?: readonly string[];
  excludeDiskIds?: readonly string[];
  name?: string;
  description?: string;
  tags?: readonly TagInput[];
  /** Each snapshot also gets its disk's tags (EC2 CreateSnapshots `CopyTagsFromSource=volume`). */
  copyTagsFromDisk?: boolean;
  /**
   * EC2's rule, as for one snapshot (NewSnapshot.whileAttachmentChanges): a volume whose attachment
   * is still `attaching` (or `detaching`) is in use and is taken. ECS takes In_use disks only.
   */
  whileAttachmentChanges?: boolean;
}

/** Disk states a group snapshot is taken in, by rule. */
const GROUP_SNAPSHOT_STATES: Record<'ecs' | 'ec2', readonly string[]> = { ecs: ['In_use'], ec2: ['In_use', 'Attaching', 'Detaching'] };

/** CreateSnapshotGroup as an operation (docs/operations.md): the group's id and its snapshots' ids, in disk order. */
export const createSnapshotGroupOperation = defineOperation<NewSnapshotGroup, { snapshotGroupId: string; snapshotIds: string[] }>({
  name: 'CreateSnapshotGroup',
  run: async (input, ctx) => {
    const accountId = accountOf(ctx);
    if (input.diskIds?.length && input.excludeDiskIds?.length) {
      throw new ApiError('InvalidParameter.Conflict', 400, 'DiskId.N and ExcludeDiskId.N cannot be specified at the same time.');
    }
    if (input.name !== undefined) validateSnapshotName(input.name);
    if (input.description !== undefined) validateDescription(input.description);
    const tags = validateTags(input.tags);
    const inst = await loadCurrent(ctx, input.regionId, input.instanceId);
    if (inst.current.locks.some((l) => l.reason === 'security')) throw SnapshotErrors.instanceLocked();
    if (inst.current.status !== 'Running' && inst.current.status !== 'Stopped') throw SnapshotErrors.instanceStatus();

    const stored = (await loadInstanceDisks(ctx.store, inst.current)).filter((d) => d.instanceId === inst.current.instanceId);
    const disks = stored.map((s) => ({ stored: s, current: settleDisk(stripKeys(s), ctx.now) }));
    disks.sort((a, b) => (a.current.type === 'system' ? -1 : b.current.type === 'system' ? 1 : (a.current.device ?? '').localeCompare(b.current.device ?? '')));
    const ofInstance = new Set(disks.map((d) => d.current.diskId));
    for (const id of [...(input.diskIds ?? []), ...(input.excludeDiskIds ?? [])]) {
      if (!ofInstance.has(id)) throw Errors.notFound('InvalidDiskId.NotFound', `The disk ${id} is not attached to the instance ${input.instanceId}.`);
    }
    const chosen = disks.filter((d) =>
      input.diskIds?.length ? input.diskIds.includes(d.current.diskId) : !(input.excludeDiskIds ?? []).includes(d.current.diskId),
    );
    if (chosen.length === 0) throw Errors.invalidParameter('ExcludeDiskId', 'Every disk of the instance is excluded: the group would be empty.');
    if (chosen.length > MAX_DISKS) throw Errors.invalidParameter('DiskId', `A snapshot group holds at most ${MAX_DISKS} disks.`);

    const groupId = newResourceId('ssg', inst.current.regionId);
    const limit = await snapshotsPerDisk(ctx.store, accountId);
    const timing = snapshotTiming();
    const creationTime = ctx.now.toISOString();
    const snapshotIds: string[] = [];
    for (const d of chosen) {
      const disk: DiskRecord = d.current;
      if (!GROUP_SNAPSHOT_STATES[input.whileAttachmentChanges ? 'ec2' : 'ecs'].includes(disk.status)) throw DiskErrors.incorrectStatus();
      checkManualSnapshot(disk, ctx.now);
      const snapshot: SnapshotRecord = {
        snapshotId: newResourceId('s', disk.regionId),
        accountId,
        regionId: disk.regionId,
        snapshotName: input.name ?? '',
        description: input.description ?? '',
        type: 'user',
        sourceDiskId: disk.diskId,
        sourceDiskType: disk.type,
        sourceDiskSizeGiB: disk.sizeGiB,
        sourceDiskCategory: disk.category,
        sourceInstanceId: inst.current.instanceId,
        encrypted: disk.encrypted,
        category: 'Standard',
        creationTime,
        ...planCopy(disk, ctx.now, 'user', timing),
        usedByImageIds: [],
        usedByDisks: false,
        tags: input.copyTagsFromDisk ? mergeTags(disk.tags, tags) : tags,
        snapshotGroupId: groupId,
      };
      const added = await addSnapshot(ctx.store, ctx.tx, d.stored, disk, snapshot, limit, ctx.now);
      if ('noRoom' in added) throw SnapshotErrors.quota(limit);
      snapshotIds.push(snapshot.snapshotId);
    }
    return { snapshotGroupId: groupId, snapshotIds };
  },
});

export const createSnapshotGroup = defineAction({
  name: 'CreateSnapshotGroup',
  idempotent: true,
  input: z.object({
    ...commonFields,
    RegionId: p.regionId(),
    InstanceId: p.string({ min: 1, max: 64 }),
    DiskId: p.list(p.string(), { max: MAX_DISKS }).optional(),
    ExcludeDiskId: p.list(p.string(), { max: MAX_DISKS }).optional(),
    Name: p.string().optional(),
    Description: p.string().optional(),
    Tag: tagsInput(),
    CopyTagsFromSource: p.bool().optional(),
    ClientToken: p.clientToken().optional(),
  }),
  handler: async (input, ctx) => {
    const out = await createSnapshotGroupOperation.run(
      {
        regionId: input.RegionId,
        instanceId: input.InstanceId,
        diskIds: input.DiskId,
        excludeDiskIds: input.ExcludeDiskId,
        name: input.Name,
        description: input.Description,
        tags: input.Tag?.map((t) => ({ key: t.Key, value: t.Value })),
        copyTagsFromDisk: input.CopyTagsFromSource,
      },
      ctx,
    );
    return { SnapshotGroupId: out.snapshotGroupId };
  },
});

/** The disk's tags, then the request's (a request tag wins over a disk tag of the same key). */
function mergeTags(fromDisk: readonly { key: string; value: string }[], given: readonly { key: string; value: string }[]) {
  const keys = new Set(given.map((t) => t.key));
  return [...fromDisk.filter((t) => !keys.has(t.key)), ...given];
}
