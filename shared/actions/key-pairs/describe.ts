import { z } from 'zod';
import { renderKeyPair } from '../../domain/key-pair';
import { defineAction } from '../action';
import { pageFields, pageOf } from '../paging';
import { commonFields, p } from '../params';
import { tagEntries, toTagFilter } from '../tags/input';
import { describeKeyPairs as describeKeyPairsOperation } from './operations';

/**
 * DescribeKeyPairs (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describekeypairs): name (with `*` wildcards), fingerprint (any spelling of the
 * MD5), resource group and tag filters; `IncludePublicKey`; PageSize at most 50. The private key
 * is never shown again: it was never stored.
 */
export const describeKeyPairs = defineAction({
  name: 'DescribeKeyPairs',
  input: z.object({
    ...commonFields,
    ...pageFields(50),
    RegionId: p.regionId(),
    KeyPairName: p.string().optional(),
    KeyPairFingerPrint: p.string().optional(),
    ResourceGroupId: p.string().optional(),
    IncludePublicKey: p.bool().optional(),
    Tag: tagEntries(),
  }),
  handler: async (input, ctx) => {
    const matched = await describeKeyPairsOperation.run(
      {
        regionId: input.RegionId,
        name: input.KeyPairName,
        fingerprint: input.KeyPairFingerPrint,
        resourceGroupId: input.ResourceGroupId,
        tags: toTagFilter(input.Tag),
      },
      ctx,
    );
    const page = pageOf(matched, input.PageNumber, input.PageSize);
    return {
      TotalCount: page.TotalCount,
      PageNumber: page.PageNumber,
      PageSize: page.PageSize,
      KeyPairs: { KeyPair: page.items.map((k) => renderKeyPair(k, { includePublicKey: input.IncludePublicKey })) },
    };
  },
});
