import { z } from 'zod';
import { defineAction } from '../action';
import { commonFields, p } from '../params';
import { instanceId } from '../instances/common';
import { replaceSystemDisk as replaceSystemDiskOperation } from './system-disk-operations';

/** ReplaceSystemDisk: the ECS codec of the replacement operation (./system-disk-operations.ts). */
export const replaceSystemDisk = defineAction({
  name: 'ReplaceSystemDisk',
  idempotent: true,
  input: z.object({
    ...commonFields,
    InstanceId: instanceId(),
    ImageId: p.string({ min: 1, max: 256 }),
    SystemDisk: z.object({ Size: p.int().optional() }).optional(),
    Password: p.string().optional(),
    PasswordInherit: p.bool().optional(),
    KeyPairName: p.string().optional(),
    DiskId: p.string().optional(),
    Encrypted: p.bool().optional(),
    KMSKeyId: p.string().optional(),
    SecurityEnhancementStrategy: p.enum(['Active', 'Deactive']).optional(),
    UseAdditionalService: p.bool().optional(),
    Platform: p.string().optional(),
    Architecture: p.string().optional(),
    ClientToken: p.clientToken().optional(),
  }),
  handler: async (input, ctx) => {
    const disk = await replaceSystemDiskOperation.run(
      {
        instanceId: input.InstanceId,
        imageId: input.ImageId,
        sizeGiB: input.SystemDisk?.Size,
        password: input.Password,
        passwordInherit: input.PasswordInherit,
        keyPairName: input.KeyPairName,
        encrypted: input.Encrypted,
      },
      ctx,
    );
    return { DiskId: disk.diskId };
  },
});
