import { z } from 'zod';
import { ebsDefaultsKey, ebsEncryptionByDefault, type EbsDefaultsRecord } from '../../store/ebs-defaults';
import { accountOf, defineAction } from '../action';
import { requireRegion } from '../instances/common';
import { commonFields, p } from '../params';

/**
 * EBS encryption by default, the EC2 dialect's per-region account setting
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EnableEbsEncryptionByDefault.html).
 * ECS has no such setting (its disks are encrypted per request), so these declarations are
 * reached only through the EC2 adapters (shared/actions/vpc/index.ts EC2_ONLY_ACTIONS).
 */
export const describeEbsEncryptionDefault = defineAction({
  name: 'DescribeEbsEncryptionDefault',
  input: z.object({ ...commonFields, RegionId: p.regionId() }),
  handler: async (input, ctx) => ({ Enabled: await ebsEncryptionByDefault(ctx.store, accountOf(ctx), requireRegion(input.RegionId)) }),
});

export const modifyEbsEncryptionDefault = defineAction({
  name: 'ModifyEbsEncryptionDefault',
  input: z.object({ ...commonFields, RegionId: p.regionId(), Enabled: p.bool() }),
  handler: async (input, ctx) => {
    // The account's one setting per region, its own writer: the last call wins, as on EC2.
    const record: EbsDefaultsRecord = { encryptionByDefault: input.Enabled };
    ctx.tx.upsert(ebsDefaultsKey(accountOf(ctx), requireRegion(input.RegionId)), record);
    return { Enabled: input.Enabled };
  },
});
