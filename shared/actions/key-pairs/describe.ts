import { z } from 'zod';
import { keyPairNameMatches, normaliseFingerprint, renderKeyPair } from '../../domain/key-pair';
import { matchesTagFilter } from '../../domain/tags';
import { keyPairOf, listKeyPairs, loadKeyPair } from '../../store/key-pairs';
import { accountOf, defineAction } from '../action';
import { requireRegion } from '../instances/common';
import { pageFields, pageOf } from '../paging';
import { commonFields, p } from '../params';
import { tagEntries, toTagFilter } from '../tags/input';

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
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.RegionId);
    const name = input.KeyPairName;
    // An exact name is one GetItem; a pattern (or no name) reads the region's key pairs.
    const candidates =
      name !== undefined && !name.includes('*')
        ? [await loadKeyPair(ctx.store, accountId, regionId, name)].filter((k) => k !== undefined)
        : await listKeyPairs(ctx.store, accountId, regionId);
    const fp = input.KeyPairFingerPrint !== undefined ? normaliseFingerprint(input.KeyPairFingerPrint) : undefined;
    const tagFilter = toTagFilter(input.Tag);
    const matched = candidates
      .map(keyPairOf)
      .filter(
        (k) =>
          (name === undefined || keyPairNameMatches(name, k.keyPairName)) &&
          (fp === undefined || k.fingerprint === fp) &&
          (input.ResourceGroupId === undefined || (k.resourceGroupId ?? '') === input.ResourceGroupId) &&
          matchesTagFilter(k.tags, tagFilter),
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
