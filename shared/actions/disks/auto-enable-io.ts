import { z } from 'zod';
import { DiskErrors } from '../../domain/disk';
import { defineAction } from '../action';
import { commonFields, p } from '../params';
import { diskIdParam, findLoadedDisk, saveLoadedDisk } from './common';

/**
 * EC2's `autoEnableIO` volume attribute (ModifyVolumeAttribute,
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyVolumeAttribute.html): whether
 * I/O resumes by itself after EC2 suspends it on a possibly inconsistent volume. No volume's I/O is
 * ever suspended here, so it is a stored flag that DescribeVolumeAttribute shows. ECS has no such
 * attribute: reached only through the EC2 adapters (shared/actions/vpc/index.ts EC2_ONLY_ACTIONS).
 */
export const modifyDiskAutoEnableIO = defineAction({
  name: 'ModifyDiskAutoEnableIO',
  input: z.object({ ...commonFields, RegionId: p.regionId().optional(), DiskId: diskIdParam(), AutoEnableIO: p.bool() }),
  handler: async (input, ctx) => {
    const disk = await findLoadedDisk(ctx, input.RegionId, input.DiskId);
    if (!disk) throw DiskErrors.notFound();
    saveLoadedDisk(ctx, disk, { ...disk.current, autoEnableIO: input.AutoEnableIO });
    return {};
  },
});
