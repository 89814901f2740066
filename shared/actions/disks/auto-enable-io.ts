import { z } from 'zod';
import { defineAction } from '../action';
import { commonFields, p } from '../params';
import { diskIdParam } from './common';
import { modifyDiskAttribute } from './operations';

/**
 * EC2's `autoEnableIO` volume attribute (ModifyVolumeAttribute,
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyVolumeAttribute.html): whether
 * I/O resumes by itself after EC2 suspends it on a possibly inconsistent volume. No volume's I/O is
 * ever suspended here, so it is a stored flag that DescribeVolumeAttribute shows. ECS has no such
 * attribute: this declaration is EC2-only (shared/actions/vpc/index.ts EC2_ONLY_ACTIONS); the EC2
 * adapter runs the attribute operation (./operations.ts) directly.
 */
export const modifyDiskAutoEnableIO = defineAction({
  name: 'ModifyDiskAutoEnableIO',
  input: z.object({ ...commonFields, RegionId: p.regionId().optional(), DiskId: diskIdParam(), AutoEnableIO: p.bool() }),
  handler: async (input, ctx) => {
    await modifyDiskAttribute.run({ regionId: input.RegionId, diskIds: [input.DiskId], autoEnableIO: input.AutoEnableIO }, ctx);
    return {};
  },
});
