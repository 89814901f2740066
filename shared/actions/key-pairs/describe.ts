import { z } from 'zod';
import { keyPairNameMatches, normaliseFingerprint, renderKeyPair, type KeyPairRecord } from '../../domain/key-pair';
import { matchesTagFilter, type TagFilter } from '../../domain/tags';
import { keyPairOf, listKeyPairs, loadKeyPair } from '../../store/key-pairs';
import { accountOf, defineAction } from '../action';
import { requireRegion } from '../instances/common';
import { defineOperation } from '../operation';
import { pageFields, pageOf } from '../paging';
import { commonFields, p } from '../params';
import { tagEntries, toTagFilter } from '../tags/input';

// DescribeKeyPairs: the operation (docs/operations.md) and its ECS codec; the EC2 codec is
// shared/protocol/ec2/actions/key-pairs.ts.

export interface KeyPairQuery {
  regionId: string;
  /** An exact name (one read) or a pattern with `*` wildcards. */
  name?: string;
  /** Any spelling of the MD5 fingerprint. */
  fingerprint?: string;
  resourceGroupId?: string;
  tags?: readonly TagFilter[];
}

/** The caller's key pairs of a region that match, in name order. */
export const describeKeyPairs = defineOperation<KeyPairQuery, KeyPairRecord[]>({
  name: 'DescribeKeyPairs',
  run: async (input, ctx) => {
    const accountId = accountOf(ctx);
    const regionId = requireRegion(input.regionId);
    const { name } = input;
    // An exact name is one GetItem; a pattern (or no name) reads the region's key pairs.
    const candidates =
      name !== undefined && !name.includes('*')
        ? [await loadKeyPair(ctx.store, accountId, regionId, name)].filter((k) => k !== undefined)
        : await listKeyPairs(ctx.store, accountId, regionId);
    const fp = input.fingerprint !== undefined ? normaliseFingerprint(input.fingerprint) : undefined;
    return candidates
      .map(keyPairOf)
      .filter(
        (k) =>
          (name === undefined || keyPairNameMatches(name, k.keyPairName)) &&
          (fp === undefined || k.fingerprint === fp) &&
          (input.resourceGroupId === undefined || (k.resourceGroupId ?? '') === input.resourceGroupId) &&
          matchesTagFilter(k.tags, [...(input.tags ?? [])]),
      );
  },
});

/**
 * DescribeKeyPairs (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describekeypairs): name (with `*` wildcards), fingerprint (any spelling of the
 * MD5), resource group and tag filters; `IncludePublicKey`; PageSize at most 50. The private key
 * is never shown again: it was never stored.
 */
export const describeKeyPairsAction = defineAction({
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
    const matched = await describeKeyPairs.run(
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
