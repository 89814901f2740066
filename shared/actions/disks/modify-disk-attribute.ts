import { z } from 'zod';
import { DiskErrors, type DiskRecord } from '../../domain/disk';
import { Errors } from '../../domain/errors';
import { validateDescription, validateName } from '../../domain/names';
import { defineAction } from '../action';
import { commonFields, p } from '../params';
import { diskIdParam, findLoadedDisk, saveLoadedDisk, type LoadedDisk } from './common';

/**
 * ModifyDiskAttribute: name, description, DeleteWithInstance,
 * DeleteAutoSnapshot (whether the disk's automatic snapshots go when the disk
 * goes; manual ones always stay) and EnableAutoSnapshot, for one disk
 * (`DiskId`) or up to 100 (`DiskIds.N`). Omitted fields stay unchanged; all
 * disks change or none.
 */
export const modifyDiskAttribute = defineAction({
  name: 'ModifyDiskAttribute',
  input: z.object({
    ...commonFields,
    RegionId: p.regionId().optional(),
    DiskId: diskIdParam().optional(),
    DiskIds: p.list(diskIdParam(), { max: 100 }).optional(),
    DiskName: p.string().optional(),
    Description: p.string().optional(),
    DeleteWithInstance: p.bool().optional(),
    DeleteAutoSnapshot: p.bool().optional(),
    EnableAutoSnapshot: p.bool().optional(),
    BurstingEnabled: p.bool().optional(),
  }),
  handler: async (input, ctx) => {
    if (input.DiskId !== undefined && input.DiskIds !== undefined) {
      throw Errors.invalid('InvalidParameter.Conflict', 'DiskId and DiskIds.N cannot be specified together.');
    }
    const ids = [...new Set(input.DiskIds ?? (input.DiskId !== undefined ? [input.DiskId] : []))];
    if (ids.length === 0) throw Errors.invalid('IncompleteParamter', 'Some fields can not be null in this request. Specify DiskId or DiskIds.N.');
    const changes: Partial<DiskRecord> = {};
    if (input.DiskName !== undefined) {
      validateName(input.DiskName, 'DiskName', 'InvalidDiskName.Malformed');
      changes.diskName = input.DiskName;
    }
    if (input.Description !== undefined) {
      validateDescription(input.Description);
      changes.description = input.Description;
    }
    if (input.DeleteWithInstance !== undefined) changes.deleteWithInstance = input.DeleteWithInstance;
    if (input.DeleteAutoSnapshot !== undefined) changes.deleteAutoSnapshot = input.DeleteAutoSnapshot;
    if (input.EnableAutoSnapshot !== undefined) changes.enableAutoSnapshot = input.EnableAutoSnapshot;
    if (Object.keys(changes).length === 0 && input.BurstingEnabled === undefined) throw DiskErrors.noAttributeToModify();

    const loaded: LoadedDisk[] = [];
    for (const id of ids) {
      const disk = await findLoadedDisk(ctx, input.RegionId, id);
      if (!disk) throw DiskErrors.notFound();
      // The system disk always goes with its instance (the ECS guide on releasing instances (https://www.alibabacloud.com/help/en/ecs/user-guide/release-an-instance)): it cannot be made to stay.
      if (disk.current.type === 'system' && changes.deleteWithInstance === false) throw DiskErrors.notPortable();
      loaded.push(disk);
    }
    for (const disk of loaded) {
      ctx.tx.group();
      saveLoadedDisk(ctx, disk, { ...disk.current, ...changes });
    }
    return {};
  },
});
