import { z } from 'zod';
import { DiskErrors } from '../../domain/disk';
import { currentDialect } from '../../platform/dialect';
import { defineAction } from '../action';
import { commonFields, p } from '../params';
import { diskIdParam } from './common';
import { resizeDisk as resizeDiskOperation } from './operations';

/**
 * ResizeDisk: the ECS codec of the resize operation (./operations.ts). Reached through the ECS
 * wire from the EC2 dialect, EC2's rules between modifications apply
 * (https://docs.aws.amazon.com/ebs/latest/userguide/modify-volume-requirements.html).
 */
export const resizeDisk = defineAction({
  name: 'ResizeDisk',
  idempotent: true,
  input: z.object({
    ...commonFields,
    DiskId: diskIdParam(),
    NewSize: p.int({ min: 1, max: 1_000_000 }),
    Type: p.string().optional(),
    ClientToken: p.clientToken().optional(),
  }),
  handler: async (input, ctx) => {
    const type = input.Type ?? 'offline';
    if (type !== 'offline' && type !== 'online') throw DiskErrors.resizeType();
    await resizeDiskOperation.run({ diskId: input.DiskId, newSizeGiB: input.NewSize, type, volumeModificationRules: currentDialect() === 'ec2' }, ctx);
    return { OrderId: '' };
  },
});
